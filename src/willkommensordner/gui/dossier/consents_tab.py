"""Consents to share the dossier: recipient, purpose, which parts, from when to when, revoked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from willkommensordner.domain.consent import Consent
from willkommensordner.domain.record import RecordKind, validate_record
from willkommensordner.errors import UserError
from willkommensordner.exchange.consent_check import partner_consents
from willkommensordner.exchange.contacts import Contact, ContactBook
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.forms import DateField, german
from willkommensordner.gui.dossier.labels import field_label
from willkommensordner.gui.dossier.models import GREEN, GREY, Column
from willkommensordner.gui.dossier.part_tab import PartTab
from willkommensordner.gui.dossier.record_dialog import RecordDialog
from willkommensordner.gui.print_preview import PrintPreview, open_print_preview
from willkommensordner.i18n import N_, Translator
from willkommensordner.privacy.signed_consent import attach_signed_form
from willkommensordner.vault.records import DossierBundle


class ConsentDialog(RecordDialog[Consent]):
    record_class = Consent

    def __init__(
        self, tr: Translator, title: str, consent: Consent, partners: list[Contact]
    ) -> None:
        super().__init__(tr, title)
        self.original = consent
        # Only a consent tied to an entry of the address book can allow exports to it.
        self.partners = {" ".join(c.name.split()).casefold(): c for c in partners}
        f = self.form
        self.recipient = f.add("recipient", field_label("recipient", tr), QLineEdit())
        self.recipient.setText(consent.recipient)
        completer = QCompleter([c.name for c in partners], self.recipient)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.recipient.setCompleter(completer)
        self.recipient.setToolTip(
            tr.gettext(
                "Choose a partner agency from your address book: only then does the consent"
                " allow exports to it."
            )
        )
        self.purpose = f.add("purpose", field_label("purpose", tr), QPlainTextEdit())
        self.purpose.setPlainText(consent.purpose)
        self.purpose.setTabChangesFocus(True)
        self.purpose.setMaximumHeight(80)
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.scope: dict[RecordKind, QCheckBox] = {}
        for i, kind in enumerate(RecordKind):
            check = QCheckBox(tr.gettext(kind.label))
            check.setChecked(kind in consent.scope)
            self.scope[kind] = check
            grid.addWidget(check, i // 2, i % 2)
        f.add("scope", field_label("scope", tr), box)
        self.special = QCheckBox(
            tr.gettext(
                "The person explicitly agreed that health data and sensitive notes may be"
                " shared (Art. 9 GDPR)"
            )
        )
        self.special.setChecked(consent.special_categories)
        f.add("special_categories", field_label("special_categories", tr), self.special)
        self.given_on = f.add("given_on", field_label("given_on", tr), DateField(tr))
        self.given_on.set_value(consent.given_on)
        self.valid_until = f.add("valid_until", field_label("valid_until", tr), DateField(tr))
        self.valid_until.set_value(consent.valid_until)
        self.revoked_on = f.add("revoked_on", field_label("revoked_on", tr), DateField(tr))
        self.revoked_on.set_value(consent.revoked_on)

    def collect(self) -> dict[str, Any]:
        partner = self.partners.get(" ".join(self.recipient.text().split()).casefold())
        return {
            **self.original.model_dump(),
            "recipient": self.recipient.text(),
            "recipient_contact_id": partner.id if partner is not None else None,
            "purpose": self.purpose.toPlainText(),
            "scope": [kind for kind, check in self.scope.items() if check.isChecked()],
            "special_categories": self.special.isChecked(),
            "given_on": self.date("given_on", self.given_on),
            "valid_until": self.date("valid_until", self.valid_until),
            "revoked_on": self.date("revoked_on", self.revoked_on),
        }


class ConsentsTab(PartTab):
    def __init__(self, ctx: GuiContext) -> None:
        tr = ctx.tr
        self._said: dict[str, str] = {}  # consents that are a partner's word: id -> partner

        def state(c: Consent) -> str:
            if c.id in self._said:
                return tr.format(
                    N_("{partner} says: given on {date} (information only)"),
                    {"partner": self._said[c.id] or "?", "date": german(c.given_on)},
                )
            today = ctx.today()
            if c.revoked_on is not None and c.revoked_on <= today:
                return tr.format(N_("revoked on {date}"), {"date": german(c.revoked_on)})
            if c.valid_until is not None and c.valid_until < today:
                return tr.gettext("expired")
            return tr.gettext("active") if c.is_active(today) else tr.gettext("not yet valid")

        def colour(c: Consent) -> Any:
            return GREEN if c.is_active(ctx.today()) and c.id not in self._said else None

        def faded(c: Consent) -> Any:
            return None if c.is_active(ctx.today()) and c.id not in self._said else GREY

        columns = [
            Column(tr.gettext("Recipient"), lambda c: c.recipient, foreground=faded),
            Column(tr.gettext("Purpose"), lambda c: " ".join(c.purpose.split())),
            Column(
                tr.gettext("Scope"),
                lambda c: ", ".join(tr.gettext(k.label) for k in c.scope),
            ),
            Column(tr.gettext("Given on"), lambda c: german(c.given_on)),
            Column(tr.gettext("Valid until"), lambda c: german(c.valid_until)),
            Column(tr.gettext("State"), state, background=colour),
        ]
        super().__init__(ctx, columns, tr.gettext("Consents"))
        self.button(tr.gettext("&New consent…"), self.add)
        self.button(tr.gettext("Edit…"), self.edit_selected, needs_row=True)
        self.button(tr.gettext("Revoke"), self.revoke_selected, needs_row=True)
        self.button(tr.gettext("Remove"), self.remove_selected, needs_row=True)
        self.button(tr.gettext("&Print form…"), self.print_form, needs_row=True)
        self.button(tr.gettext("Attach &signed form…"), self.attach_signed_form, needs_row=True)
        self.finish_actions()

    def rows_from(self, bundle: DossierBundle) -> list[Any]:
        vault = self.ctx.require_vault()
        self._said = partner_consents(vault.db, vault.records, bundle.dossier.id)
        return sorted(bundle.consents, key=lambda c: c.given_on, reverse=True)

    def _partners(self) -> list[Contact]:
        return ContactBook(self.ctx.require_vault().db).all()

    def add(self) -> None:
        if self.dossier_id is None:
            return
        consent = Consent.model_construct(
            dossier_id=self.dossier_id, recipient="", given_on=self.ctx.today()
        )
        dialog = ConsentDialog(self.tr, self.tr.gettext("New consent"), consent, self._partners())
        self.edit_in(dialog)

    def edit_selected(self) -> None:
        current = self.selected()
        if current is None:
            return
        self.edit_in(ConsentDialog(self.tr, self.tr.gettext("Consent"), current, self._partners()))

    def revoke_selected(self) -> None:
        current = self.selected()
        if current is None or current.revoked_on is not None:
            return
        question = self.tr.gettext(
            "Revoke this consent as of today? Nothing more may be shared with this recipient."
        )
        if not self.ctx.dialogs.ask(self.tr.gettext("Revoke consent"), question):
            return
        try:
            revoked = validate_record(
                Consent, {**current.model_dump(), "revoked_on": self.ctx.today()}
            )
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return
        if self.save(revoked):
            self.select_id(revoked.id)

    def print_form(self) -> PrintPreview | None:
        """The form to sign, in German and the person's preferred language."""
        current = self.selected()
        if current is None:
            return None
        lang = self.ctx.require_vault().records.dossier(current.dossier_id).preferred_language
        return open_print_preview(
            self.ctx,
            "consent",
            dossier_id=current.dossier_id,
            appointment_id=current.id,
            lang=lang,
            parent=self,
        )

    def attach_signed_form(self) -> None:
        current = self.selected()
        if current is None:
            return
        scan = self.ctx.dialogs.open_file(
            self.tr.gettext("The signed consent form"), "PDF, JPEG, PNG (*.pdf *.jpg *.jpeg *.png)"
        )
        if scan is None:
            return
        try:
            saved = attach_signed_form(self.ctx.require_vault(), current.id, scan)
        except UserError as exc:
            self.ctx.dialogs.show_error(exc)
            return
        self.select_id(saved.id)

    def remove_selected(self) -> None:
        self.delete_selected(
            self.tr.gettext("Remove this consent? To document a withdrawal, revoke it instead.")
        )
