"""The audit trail of the dossier, readable: when, who, what changed from what to what."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.labels import KIND_SINGULAR, field_label, value_text
from willkommensordner.gui.dossier.models import Column
from willkommensordner.gui.dossier.part_tab import PartTab
from willkommensordner.i18n import N_
from willkommensordner.vault.audit import AuditEntry
from willkommensordner.vault.records import DossierBundle

_ACTIONS = {
    "create": N_("added"),
    "update": N_("changed"),
    "delete": N_("removed"),
    "merge": N_("merged"),
    "import": N_("imported"),
}


class HistoryTab(PartTab):
    """Newest first. Rows are AuditEntry objects from `vault.history(dossier_id)`."""

    def __init__(self, ctx: GuiContext) -> None:
        tr = ctx.tr

        def who(e: AuditEntry) -> str:
            return ", ".join(p for p in (e.counsellor, e.agency) if p) or "—"

        def what(e: AuditEntry) -> str:
            kind = tr.gettext(KIND_SINGULAR[e.kind])
            if e.field:
                return f"{kind}: {field_label(e.field, tr)}"
            return f"{kind} {tr.gettext(_ACTIONS.get(e.action, e.action))}"

        def change(e: AuditEntry) -> str:
            if not e.field:
                return ""
            old = value_text(e.kind, e.field, e.old, tr)
            new = value_text(e.kind, e.field, e.new, tr)
            return f"{old} → {new}"

        columns = [
            Column(tr.gettext("When"), lambda e: f"{e.at.astimezone():%d.%m.%Y %H:%M}"),
            Column(tr.gettext("Who"), who),
            Column(tr.gettext("What"), what),
            Column(tr.gettext("Change"), change, tooltip=change),
        ]
        super().__init__(ctx, columns, tr.gettext("History"))
        hint = QLabel(
            tr.gettext("Every change to this dossier, newest first. The history cannot be edited.")
        )
        hint.setWordWrap(True)
        self.actions_row.addWidget(hint, 1)

    def rows_from(self, bundle: DossierBundle) -> list[Any]:
        entries = self.vault.history(bundle.dossier.id)
        return list(reversed(entries))
