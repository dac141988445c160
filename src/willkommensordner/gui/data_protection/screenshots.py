"""Screenshots of the data protection dialogs (called from gui/screenshots.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.data_protection.monitoring_dialog import MonitoringDialog
from willkommensordner.gui.data_protection.retention_dialog import RetentionDialog


def render_data_protection_screens(ctx: GuiContext, parent: QWidget, out: Path) -> list[Path]:
    """The deletion queue (three demo dossiers closed long ago) and the monitoring export."""
    from willkommensordner.gui.screenshots import save, settle, wait_for

    shots: list[Path] = []
    # The dossier's Print menu with the analysis and the Art. 15 entries (dossier still open).
    button = getattr(getattr(parent, "dossier", None), "print_button", None)
    if button is not None and button.menu() is not None:
        menu = button.menu()
        menu.popup(button.mapToGlobal(button.rect().bottomLeft()))
        settle(200)
        shots.append(save(menu, out, "13-dossier-print-menu"))
        menu.hide()
    vault = ctx.require_vault()
    for n, dossier_id in enumerate(vault.records.dossier_ids()[-3:]):
        dossier = vault.records.dossier(dossier_id)
        dossier.opened_on = date(2018, 1 + n, 5)
        dossier.closed_on = date(2020 + n, 3 + n, 10)
        vault.records.save(dossier)
    retention = RetentionDialog(
        ctx, parent, open_monitoring=lambda: None, open_dossier=lambda _dossier_id: None
    )
    wait_for(lambda: not retention.busy)
    shots.append(_shot(retention, out, "14-data-protection"))
    monitoring = MonitoringDialog(ctx, parent)
    monitoring.csv_path.setText(str(Path.home() / "Monitoring.csv"))
    shots.append(_shot(monitoring, out, "15-monitoring-export"))
    settle()
    return shots


def _shot(dialog: QDialog, out: Path, name: str) -> Path:
    from willkommensordner.gui.screenshots import save

    dialog.show()
    path = save(dialog, out, name)
    dialog.reject()
    dialog.deleteLater()
    return path
