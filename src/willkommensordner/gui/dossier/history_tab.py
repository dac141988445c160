"""The audit trail of the dossier, readable: when, who, what changed from what to what."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.labels import field_label, kind_label, value_text
from willkommensordner.gui.dossier.models import Column
from willkommensordner.gui.dossier.part_tab import PartTab
from willkommensordner.gui.widgets import AMBER
from willkommensordner.i18n import N_, Translator
from willkommensordner.vault import audit_chain
from willkommensordner.vault.audit import AuditEntry
from willkommensordner.vault.records import DossierBundle

_ACTIONS = {
    "create": N_("added"),
    "update": N_("changed"),
    "delete": N_("removed"),
    "merge": N_("merged"),
    "import": N_("imported"),
    "resolve": N_("conflict resolved"),
    "undelete": N_("brought back"),
}


class HistoryTab(PartTab):
    """Newest first. Rows are AuditEntry objects from `vault.history(dossier_id)`."""

    def __init__(self, ctx: GuiContext) -> None:
        tr = ctx.tr

        def who(e: AuditEntry) -> str:
            return ", ".join(p for p in (e.counsellor, e.agency) if p) or "—"

        def what(e: AuditEntry) -> str:
            kind = kind_label(e.kind, tr)
            if e.field:
                return f"{kind}: {field_label(e.field, tr)}"
            return f"{kind} {tr.gettext(_ACTIONS.get(e.action, e.action))}"

        def change(e: AuditEntry) -> str:
            if not e.field:
                # Added or removed: name the record, as far as it still exists.
                return self._titles.get(e.record_id or "", "")
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
        self._titles: dict[str, str] = {}
        self._deleted: set[str] = set()  # records of the dossier deleted now
        # A deletion keeps the content: also what a partner deleted comes back from here.
        self.undelete_button = self.button(
            tr.gettext("&Bring back"), self.undelete_selected, needs_row=True
        )
        hint = QLabel(
            tr.gettext("Every change to this dossier, newest first. The history cannot be edited.")
        )
        hint.setWordWrap(True)
        self.actions_row.addWidget(hint, 1)
        self.chain_state = QLabel()
        self.chain_state.setWordWrap(True)
        self.actions_row.addWidget(self.chain_state, 1)

    def rows_from(self, bundle: DossierBundle) -> list[Any]:
        self._titles = record_titles(bundle, self.tr)
        self._deleted = {
            r[0]
            for r in self.vault.db.query(
                "SELECT id FROM record WHERE dossier_id = ? AND deleted = 1", (bundle.dossier.id,)
            )
        }
        entries = self.vault.history(bundle.dossier.id)
        intact = self.vault.history_intact(bundle.dossier.id)
        self.chain_state.setText(
            self.tr.gettext(audit_chain.INTACT if intact else audit_chain.BROKEN)
        )
        self.chain_state.setStyleSheet("" if intact else f"color: {AMBER}; font-weight: 600;")
        return list(reversed(entries))

    def clear(self) -> None:
        self._titles = {}
        self._deleted = set()
        super().clear()

    def update_actions(self) -> None:
        super().update_actions()
        entry = self.selected()
        self.undelete_button.setEnabled(
            isinstance(entry, AuditEntry)
            and entry.action in ("delete", "resolve")
            and (entry.record_id or "") in self._deleted
        )

    def undelete_selected(self) -> None:
        entry = self.selected()
        if not isinstance(entry, AuditEntry) or entry.record_id not in self._deleted:
            return
        try:
            self.vault.records.undelete(entry.record_id)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return
        self.changed.emit()


def record_titles(bundle: DossierBundle, tr: Translator) -> dict[str, str]:
    """A short title for each part of the dossier, to say which one was added."""
    titles: dict[str, str] = {}
    for m in bundle.household:
        titles[m.id] = (
            f"{m.given_names or m.family_name or m.native_name} ({tr.gettext(m.role.label)})"
        )
    for d in bundle.documents:
        titles[d.id] = " ".join(p for p in (tr.gettext(d.type.label), d.number) if p)
    for a in bundle.appointments:
        titles[a.id] = f"{a.start:%d.%m.%Y %H:%M} {a.purpose}".strip()
    for s in bundle.steps:
        titles[s.id] = s.what
    for n in bundle.notes:
        titles[n.id] = n.title or f"{n.written_at:%d.%m.%Y}"
    for c in bundle.consents:
        titles[c.id] = c.recipient
    return titles
