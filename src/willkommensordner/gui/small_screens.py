"""The app on a small or scaled screen: renders the main screens and measures every window.

`python -m willkommensordner.gui.small_screens OUT_DIR --screen 1024x768 [--scale 1.5]
[--report FILE] [--all]` starts Qt offscreen on a virtual screen of that size (the offscreen
platform's `configfile`) and scale (QT_SCALE_FACTOR), opens the main pages, every dossier
tab and the dialogs a counsellor reaches from them, with fictional demo data in a throw-away
vault. For each it records whether the window fits the available screen and whether a form
(a scroll area) scrolls sideways; `--report` writes that as JSON, and a test reads it.
`make screenshots` calls this for 1024×768 and for 1400×900 at 150 %: the pictures are
`OUT_DIR/screen-<size>[-<scale>pct]-<name>.png` (with `--all` every measured window, else
the main ones).

The screen must be chosen before Qt starts, so each size is a process of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

# Shots rendered with a screen of their own: a process started for exactly this.
MAIN_SHOTS = ("agenda", "dossier-person", "dossier-timeline", "appointment-new", "print-preview")


@dataclass
class Measured:
    name: str
    window: tuple[int, int, int, int]
    available: tuple[int, int, int, int]
    sideways: list[str] = field(default_factory=list)

    @property
    def fits(self) -> bool:
        x, y, w, h = self.window
        ax, ay, aw, ah = self.available
        return x >= ax and y >= ay and x + w <= ax + aw and y + h <= ay + ah


def configure_screen(width: int, height: int, scale: float, folder: Path) -> None:
    """Before the QApplication exists: an offscreen screen of this size and scale."""
    config = folder / "screen.json"
    screen = {
        "name": f"Offscreen {width}x{height}",
        "x": 0,
        "y": 0,
        "width": width,
        "height": height,
        "logicalDpi": 96,
        "logicalBaseDpi": 96,
        "dpr": 1,
    }
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    if scale != 1:
        os.environ["QT_SCALE_FACTOR"] = f"{scale:g}"
    else:
        os.environ.pop("QT_SCALE_FACTOR", None)


def run(out: Path, width: int, height: int, scale: float, everything: bool) -> list[Measured]:
    from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDialog, QScrollArea, QWidget

    from willkommensordner.gui import screenshots as shots
    from willkommensordner.gui.about_dialog import AboutDialog
    from willkommensordner.gui.app import create_application
    from willkommensordner.gui.dialogs import DialogRequest, Kind
    from willkommensordner.gui.main_window import MainWindow, Page
    from willkommensordner.gui.print_preview import open_print_preview
    from willkommensordner.gui.qt_i18n import load_bundled_fonts
    from willkommensordner.gui.settings import WINDOW_GEOMETRY
    from willkommensordner.gui.style import apply_style
    from willkommensordner.vault.vault import Vault

    out.mkdir(parents=True, exist_ok=True)
    app = create_application(["small-screens"])
    load_bundled_fonts()
    apply_style(app)
    tag = f"{width}x{height}" + (f"-{round(scale * 100)}pct" if scale != 1 else "")
    found: list[Measured] = []

    def measure(widget: QWidget, name: str) -> None:
        shots.settle(80)
        screen = widget.screen() or app.primaryScreen()
        area = screen.availableGeometry()
        frame = widget.frameGeometry()
        sideways = [
            area_.objectName() or type(area_.widget() or area_).__name__
            for area_ in widget.findChildren(QScrollArea)
            if isinstance(area_, QAbstractScrollArea)
            and area_.isVisible()
            and area_.horizontalScrollBar().isVisible()
        ]
        found.append(
            Measured(
                name,
                (frame.x(), frame.y(), frame.width(), frame.height()),
                (area.x(), area.y(), area.width(), area.height()),
                sideways,
            )
        )
        if everything or name in MAIN_SHOTS:
            widget.grab().save(str(out / f"screen-{tag}-{name}.png"))

    pending: dict[str, str] = {}

    def answer(request: DialogRequest) -> Any:
        if request.kind is Kind.DIALOG and request.widget is not None:
            dialog = request.widget
            dialog.show()
            measure(dialog, pending.pop("name", _slug(request.title)))
            dialog.reject()
            return int(QDialog.DialogCode.Rejected)
        if request.kind is Kind.QUESTION:
            return False
        if request.kind is Kind.SAVE_DISCARD_CANCEL:
            return "discard"
        return None

    def dialog(name: str, open_it: Any) -> None:
        pending["name"] = name
        open_it()
        pending.pop("name", None)

    with tempfile.TemporaryDirectory(prefix="wko-small-") as tmp:
        folder = Path(tmp)
        # First start on this screen: the setup wizard at its default size.
        ctx = shots._context(app, "de", folder / "first")
        ctx.dialogs.answerer = answer
        window = MainWindow(ctx, app)
        window.show()
        measure(window, "setup")
        window.close()

        # A window last used on a large monitor comes back on this small one.
        ctx = shots._context(app, "de", folder / "daily")
        ctx.dialogs.answerer = answer
        big = QWidget()
        big.setGeometry(40, 40, 1770, 1140)
        ctx.settings.set(WINDOW_GEOMETRY, bytes(big.saveGeometry().toBase64().data()).decode())
        big.deleteLater()
        vault, _key = Vault.create(ctx.vault_path, shots.PASSPHRASE, kdf=shots.SHOT_KDF)
        today = date.today()
        shots.fill_demo(vault, today, count=12)
        vault.close()
        window = MainWindow(ctx, app)
        window.show()
        measure(window, "unlock")
        window.unlock_view.passphrase.setText(shots.PASSPHRASE)
        window.unlock_view.try_unlock()
        shots.wait_for(lambda: window.page is Page.AGENDA and not ctx.runner.busy)
        measure(window, "agenda")
        window.show_list()
        shots.wait_for(lambda: window.dossiers.model.rowCount() > 0)
        measure(window, "dossier-list")
        dialog("new-dossier", window.new_dossier)
        dialog("settings", window.open_settings)
        dialog("about", lambda: ctx.dialogs.exec(AboutDialog(ctx.tr, window)))
        dialog("data-protection", window.act_data_protection.trigger)
        dialog("exchange-identity", window.exchange.show_identity)
        dialog("exchange-export", window.exchange.export_dossiers)

        summary = window.dossiers.model.summary(0)
        window.open_dossier(summary.id)
        view = window.dossier
        for name in view.TAB_NAMES:
            view.show_tab(name)
            shots.settle(150)
            measure(window, f"dossier-{name}")
        view.show_tab("person")
        dialog("member-new", view.person.add_member)
        for tab in view.part_tabs:
            view.tabs.setCurrentWidget(tab)
            add = getattr(tab, "add", None)
            if callable(add):
                label = {"timeline": "appointment"}.get(tab.draft_name, tab.draft_name)
                dialog(f"{label}-new", lambda tab=tab, add=add: tab.perform("add", add))
        timeline = view.timeline
        if timeline.model.rowCount():
            view.show_tab("timeline")
            timeline.table.selectRow(0)
            dialog("appointment-edit", timeline.edit_selected)
            dialog("appointment-kept", timeline.mark_kept_selected)
        preview = open_print_preview(ctx, "folder", dossier_id=summary.id, parent=window)
        shots.wait_for(lambda: not ctx.runner.busy)
        measure(preview, "print-preview")
        preview.reject()
        preview.deleteLater()
        window.dossier.clear()
        window.lock()
        window.close()
        ctx.runner.wait_idle()
        for widget in QApplication.topLevelWidgets():
            widget.deleteLater()
    return found


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-") or "dialog"


def render_sizes(out: Path, sizes: Sequence[tuple[str, float]]) -> int:
    """Run this module once per (size, scale) in its own process; 0 if every run worked."""
    import subprocess

    failed = 0
    for size, scale in sizes:
        done = subprocess.run(
            [sys.executable, "-m", __name__, str(out), "--screen", size, "--scale", str(scale)],
            check=False,
        )
        failed += done.returncode != 0
    return failed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m willkommensordner.gui.small_screens")
    parser.add_argument("out", type=Path)
    parser.add_argument("--screen", default="1024x768", help="WIDTHxHEIGHT in device pixels")
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR, e.g. 1.5")
    parser.add_argument("--report", type=Path, help="write the measurements as JSON here")
    parser.add_argument("--all", action="store_true", help="a picture of every window")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.screen.lower().split("x"))
    with tempfile.TemporaryDirectory(prefix="wko-screen-") as tmp:
        configure_screen(width, height, args.scale, Path(tmp))
        found = run(args.out, width, height, args.scale, args.all)
    if args.report is not None:
        args.report.write_text(
            json.dumps([asdict(m) | {"fits": m.fits} for m in found], indent=1), encoding="utf-8"
        )
    for m in found:
        if not m.fits or m.sideways:
            print(f"does not fit: {m.name} {m.window} in {m.available} {m.sideways}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
