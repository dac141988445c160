"""Ways & plan: what the counselling rules suggest for this dossier, and why.

Each suggestion names the rule's headline, the facts that triggered it ("2 children of Kita
age (2, 4 years)") and the responsible agency with its contact point from the content packs.
Accept makes it an agreed step (the steps tab shows it at once), Dismiss sets it aside with
an optional reason, Restore brings a dismissed one back. The suggestions are recomputed on
every load of the dossier; `guide()` takes ~20 ms even for a dossier with hundreds of
records, so it runs on the GUI thread. Only the contact points (~0.5 s to read the packs)
come from a worker, once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.content.model import ContactPoint
from willkommensordner.domain.agency import Agency
from willkommensordner.domain.record import FieldProblem
from willkommensordner.domain.suggestion_decision import Decision, SuggestionDecision
from willkommensordner.errors import UserError
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.forms import german
from willkommensordner.gui.dossier.record_dialog import exec_while_unlocked
from willkommensordner.gui.dossier.suggestion_dialogs import AcceptDialog, DismissDialog
from willkommensordner.gui.widgets import AMBER
from willkommensordner.guidance.engine import (
    Guidance,
    Responsible,
    Suggestion,
    accept,
    dismiss,
    guide,
    restore,
)
from willkommensordner.guidance.rules import default_rules
from willkommensordner.guidance.rules import municipal_problem as rules_problem
from willkommensordner.i18n import N_
from willkommensordner.vault.records import DossierBundle

log = logging.getLogger(__name__)

URGENT_STYLE = "color: #b3261e; font-weight: bold;"
MUTED_STYLE = "color: #555;"


def _label(text: str, *, bold: bool = False, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    if style:
        label.setStyleSheet(style)
    return label


class Card(QFrame):
    """One suggestion, responsible agency or dismissed suggestion: texts, buttons beside them."""

    def __init__(self, rule_id: str) -> None:
        super().__init__()
        self.rule_id = rule_id
        self.setObjectName(f"card_{rule_id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.column = QVBoxLayout()
        self.column.setSpacing(3)
        self.buttons = QVBoxLayout()
        self.buttons.setSpacing(4)
        row = QHBoxLayout(self)
        row.addLayout(self.column, 1)
        row.addLayout(self.buttons)
        self.title = QLabel()
        self.why = QLabel()
        self.contact = QLabel()
        self.accept_button: QPushButton | None = None
        self.dismiss_button: QPushButton | None = None
        self.restore_button: QPushButton | None = None

    def add(self, label: QLabel) -> QLabel:
        self.column.addWidget(label)
        return label

    def add_button(self, text: str, slot: Callable[[], Any]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.rstrip("…"))
        button.clicked.connect(lambda _c=False: slot())
        self.buttons.addWidget(button)
        return button

    def finish(self) -> None:
        self.buttons.addStretch(1)


class PlanTab(QWidget):
    """`changed` after a decision was stored (the view reloads, the steps tab with it)."""

    changed = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = self.tr = ctx.tr
        self.dossier_id: str | None = None
        self.guidance: Guidance | None = None
        self.reasons: dict[str, str] = {}
        self.contacts: dict[str, ContactPoint] | None = None
        self._contacts_loading = False
        self.suggestion_cards: dict[str, Card] = {}
        self.responsible_cards: dict[str, Card] = {}
        self.dismissed_cards: dict[str, Card] = {}
        self._titles = {r.id: r.title for r in default_rules()}

        hint = _label(
            tr.gettext(
                "Suggestions from the counselling rules, from the person's status, household, "
                "papers and potential analysis. They do not decide any entitlement: the "
                "agency named checks that."
            ),
            style=MUTED_STYLE,
        )
        self.suggestions_box = QGroupBox(tr.gettext("Suggested next steps"))
        self.suggestions_list = QVBoxLayout(self.suggestions_box)
        self.in_plan = _label("", style=MUTED_STYLE)
        self.in_plan.setObjectName("inPlan")
        self.responsible_box = QGroupBox(tr.gettext("Responsible agencies"))
        self.responsible_list = QVBoxLayout(self.responsible_box)
        self.dismissed_box = QGroupBox(tr.gettext("Dismissed suggestions"))
        self.dismissed_list = QVBoxLayout(self.dismissed_box)

        # A broken file of the municipality's own rules must reach someone who can fix it.
        problem = rules_problem()
        self.municipal_note = _label(
            tr.format(
                N_("The municipality's own rules are not in use, only the shipped ones: {problem}"),
                {"problem": problem.message(tr)},
            )
            if problem is not None
            else "",
            style=f"color: {AMBER};",
        )
        self.municipal_note.setVisible(problem is not None)

        content = QWidget()
        outer = QVBoxLayout(content)
        outer.addWidget(self.municipal_note)
        outer.addWidget(hint)
        outer.addWidget(self.suggestions_box)
        outer.addWidget(self.in_plan)
        outer.addWidget(self.responsible_box)
        outer.addWidget(self.dismissed_box)
        outer.addStretch(1)
        scroll = QScrollArea()
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the buttons and lists in it take it
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.clear()

    # --- contact points ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self.ctx.vault is not None:
            self.load_contacts()

    def forget_contacts(self) -> None:
        """A content pack came or went: read the contact points again when next shown."""
        self.contacts = None
        self._contacts_loading = False
        if self.isVisible() and self.ctx.vault is not None:
            self.load_contacts()

    def load_contacts(self) -> None:
        """The content packs' contact points, read once in the background (~0.5 s)."""
        if self.contacts is not None or self._contacts_loading:
            return
        self._contacts_loading = True

        def work() -> dict[str, ContactPoint]:
            from willkommensordner.content.library import ContentLibrary

            return {c.id: c for c in ContentLibrary().contact_points()}

        def done(found: dict[str, ContactPoint]) -> None:
            self.contacts = found
            self._contacts_loading = False
            self._render()

        def failed(exc: BaseException) -> None:
            # The plan works without addresses; log only the type (no personal data there).
            log.warning("contact points not available: %s", type(exc).__name__)
            self.contacts = {}
            self._contacts_loading = False

        self.ctx.runner.submit(work, done, failed)

    # --- loading ----------------------------------------------------------------------------

    def load(self, bundle: DossierBundle) -> None:
        """Recompute the suggestions for the dossier as it is now."""
        self.dossier_id = bundle.dossier.id
        vault = self.ctx.require_vault()
        try:
            self.guidance = guide(vault, bundle.dossier.id, self.ctx.today())
        except UserError as exc:
            self.guidance = None
            self.ctx.dialogs.show_error(exc)
        self.reasons = {
            d.rule_id: d.reason
            for d in sorted(
                vault.records.parts(bundle.dossier.id, SuggestionDecision),
                key=lambda d: (d.decided_on, d.id),
            )
            if d.decision is Decision.DISMISSED
        }
        self._render()

    def clear(self) -> None:
        """Drop every card (called on lock); the contact points are public and stay."""
        self._contacts_loading = False
        self.dossier_id = None
        self.guidance = None
        self.reasons = {}
        self._render()

    # --- showing ----------------------------------------------------------------------------

    def _render(self) -> None:
        for cards, column in (
            (self.suggestion_cards, self.suggestions_list),
            (self.responsible_cards, self.responsible_list),
            (self.dismissed_cards, self.dismissed_list),
        ):
            for card in cards.values():
                column.removeWidget(card)
                card.hide()
                card.deleteLater()
            cards.clear()
            while column.count():
                item = column.takeAt(0)
                widget = item.widget() if item is not None else None
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()
        g = self.guidance
        tr = self.tr
        if g is None:
            self.in_plan.clear()
            self.in_plan.hide()
            for box in (self.suggestions_box, self.responsible_box, self.dismissed_box):
                box.hide()
            return
        for s in g.suggestions:
            card = self._suggestion_card(s)
            self.suggestion_cards[s.rule_id] = card
            self.suggestions_list.addWidget(card)
        if not g.suggestions:
            self.suggestions_list.addWidget(
                _label(tr.gettext("No open suggestions."), style=MUTED_STYLE)
            )
        for r in g.responsible:
            card = self._responsible_card(r)
            self.responsible_cards[r.rule_id] = card
            self.responsible_list.addWidget(card)
        for s in g.dismissed:
            card = self._dismissed_card(s)
            self.dismissed_cards[s.rule_id] = card
            self.dismissed_list.addWidget(card)
        if g.in_plan:
            titles = ", ".join(tr.gettext(self._titles.get(r, r)) for r in g.in_plan)
            self.in_plan.setText(tr.format(N_("Already in the plan: {steps}"), {"steps": titles}))
        self.in_plan.setVisible(bool(g.in_plan))
        self.suggestions_box.show()
        self.responsible_box.setVisible(bool(g.responsible))
        self.dismissed_box.setVisible(bool(g.dismissed))

    def _suggestion_card(self, s: Suggestion) -> Card:
        tr = self.tr
        card = Card(s.rule_id)
        card.title = card.add(_label(tr.gettext(s.title), bold=True))
        if s.urgent:
            card.add(_label(tr.gettext("urgent"), style=URGENT_STYLE))
        card.why = card.add(_label(s.why.text(tr)))
        card.contact = card.add(
            _label(self._where(s.agency, s.contact_point_id), style=MUTED_STYLE)
        )
        card.add(
            _label(
                tr.format(
                    N_("Suggested: {owner}, by {due}"),
                    {"owner": tr.gettext(s.owner.label), "due": german(s.due)},
                ),
                style=MUTED_STYLE,
            )
        )
        card.accept_button = card.add_button(
            tr.gettext("Accept…"), lambda: self.accept_suggestion(s.rule_id)
        )
        card.accept_button.setToolTip(tr.gettext("Take this step into the integration plan"))
        card.dismiss_button = card.add_button(
            tr.gettext("Dismiss…"), lambda: self.dismiss_suggestion(s.rule_id)
        )
        card.finish()
        return card

    def _responsible_card(self, r: Responsible) -> Card:
        tr = self.tr
        card = Card(r.rule_id)
        card.title = card.add(_label(tr.gettext(r.role), bold=True))
        card.contact = card.add(_label(self._where(r.agency, r.contact_point_id)))
        card.why = card.add(_label(r.why.text(tr), style=MUTED_STYLE))
        card.finish()
        return card

    def _dismissed_card(self, s: Suggestion) -> Card:
        tr = self.tr
        card = Card(s.rule_id)
        card.title = card.add(_label(tr.gettext(s.title), bold=True, style=MUTED_STYLE))
        when = german(s.decided_on) if s.decided_on else ""
        reason = self.reasons.get(s.rule_id, "")
        text = tr.format(N_("Dismissed on {date}"), {"date": when})
        card.why = card.add(_label(f"{text}: {reason}" if reason else text, style=MUTED_STYLE))
        card.restore_button = card.add_button(
            tr.gettext("Restore"), lambda: self.restore_suggestion(s.rule_id)
        )
        card.restore_button.setToolTip(tr.gettext("Suggest this step again"))
        card.finish()
        return card

    def _where(self, agency: Agency | None, contact_point_id: str | None) -> str:
        """Where to go: name, address and phone of the contact point, else the agency."""
        tr = self.tr
        contact = (self.contacts or {}).get(contact_point_id or "")
        if contact is None:
            return tr.gettext(agency.label) if agency is not None else ""
        # The contact point's name says the agency ("Jobcenter Musterstadt").
        details = [contact.name]
        if contact.address is not None:
            details.append(contact.address.one_line())
        if contact.phone:
            details.append(tr.format(N_("Phone {number}"), {"number": contact.phone}))
        return ", ".join(details)

    # --- decisions --------------------------------------------------------------------------

    def _suggestion(self, rule_id: str) -> Suggestion | None:
        if self.guidance is None:
            return None
        for s in (*self.guidance.suggestions, *self.guidance.dismissed):
            if s.rule_id == rule_id:
                return s
        return None

    def accept_suggestion(self, rule_id: str) -> bool:
        """Ask owner, due date and the step's text; store the agreed step and the decision."""
        suggestion = self._suggestion(rule_id)
        if suggestion is None or self.dossier_id is None:
            return False
        dialog = AcceptDialog(self.tr, self.dossier_id, suggestion)
        dialog.setParent(self, dialog.windowFlags())
        try:
            if not exec_while_unlocked(self.ctx, dialog):
                return False
            try:
                step = dialog.build()
            except FieldProblem as exc:
                self.ctx.dialogs.show_error(exc, self.tr.gettext("Please check the entries"))
                return False
        finally:
            dialog.deleteLater()
        return self._decide(
            lambda: accept(
                self.ctx.require_vault(),
                step.dossier_id,
                rule_id,
                today=self.ctx.today(),
                owner=step.owner,
                owner_name=step.owner_name,
                due=step.due,
                what=step.what,
                tr=self.tr,
            )
        )

    def dismiss_suggestion(self, rule_id: str) -> bool:
        suggestion = self._suggestion(rule_id)
        if suggestion is None or self.dossier_id is None:
            return False
        dialog = DismissDialog(self.tr, suggestion)
        dialog.setParent(self, dialog.windowFlags())
        try:
            if not exec_while_unlocked(self.ctx, dialog):
                return False
            reason = dialog.reason_text()
        finally:
            dialog.deleteLater()
        dossier_id = self.dossier_id
        return self._decide(
            lambda: dismiss(
                self.ctx.require_vault(),
                dossier_id,
                rule_id,
                today=self.ctx.today(),
                reason=reason,
            )
        )

    def restore_suggestion(self, rule_id: str) -> bool:
        if self.dossier_id is None:
            return False
        dossier_id = self.dossier_id
        return self._decide(lambda: restore(self.ctx.require_vault(), dossier_id, rule_id))

    def _decide(self, store: Callable[[], Any]) -> bool:
        try:
            store()
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return False
        self.changed.emit()
        return True
