"""Screenshots of the exchange screens with fictional partners and a real import file.

`render_exchange_screens(ctx, window, out_dir, save, settle)` is called by gui/screenshots.py
(`make screenshots`) on its demo vault; a second, throw-away vault in a temporary folder sends
the file whose import preview is shown.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from willkommensordner.domain.consent import Consent
from willkommensordner.domain.dossier import Dossier
from willkommensordner.exchange.contacts import ContactBook
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.exchange.export_dialog import ExportDialog
from willkommensordner.gui.exchange.identity_dialog import IdentityDialog
from willkommensordner.gui.exchange.import_preview import ImportPreviewDialog
from willkommensordner.gui.exchange.partners import (
    AddPartnerDialog,
    PartnersDialog,
    VerifyPartnerDialog,
)
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

Save = Callable[[QWidget, Path, str], Path]
PARTNER = "Diakonie Herne – Migrationsberatung"
SENDER_PASSPHRASE = "Fenster zum Hof am Mittwoch"
CHEAP_KDF = KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1)


def _shot(dialog: QDialog, out: Path, name: str, save: Save) -> Path:
    dialog.show()
    path = save(dialog, out, name)
    dialog.reject()
    dialog.deleteLater()
    return path


def render_exchange_screens(
    ctx: GuiContext,
    window: Any,
    out: Path,
    save: Save,
    settle: Callable[[int], None],
) -> list[Path]:
    vault = ctx.require_vault()
    book = ContactBook(vault.db)
    shots: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="wko-exchange-shots-") as tmp:
        sender, _key = Vault.create(
            Path(tmp) / "vault.wko",
            SENDER_PASSPHRASE,
            counsellor="Jonas Muster",
            agency=PARTNER,
            kdf=CHEAP_KDF,
        )
        with sender:
            partner = book.add(PARTNER, AgencyIdentity.load_or_create(sender.db).public)
            book.verify(partner.id)
            book.add("AWO Bochum", AgencyIdentity.generate().public)
            shots.append(_shot(IdentityDialog(ctx, window), out, "20-exchange-our-key", save))
            partners = PartnersDialog(ctx, window)
            partners.table.selectRow(1)
            shots.append(_shot(partners, out, "21-exchange-partners", save))
            adding = AddPartnerDialog(ctx, window)
            adding.name.setText("Jobcenter Herne")
            adding.key.setPlainText("wko1:age1…")
            adding.accept()  # shows why the key is refused
            shots.append(_shot(adding, out, "21-exchange-partners-add", save))
            unverified = book.get("AWO Bochum")
            shots.append(
                _shot(VerifyPartnerDialog(ctx, unverified, window), out, "22-exchange-verify", save)
            )

            dossier_id = window.dossiers.model.summary(0).id
            export = ExportDialog(ctx, dossier_id, window)
            export.check_partner(PARTNER)
            export.show()
            settle(300)
            shots.append(save(export, out, "23-exchange-export"))
            export.start()
            for _ in range(100):
                settle(50)
                if export.block_box.isVisible() or not export.busy:
                    break
            export.reason.setPlainText("Eilige Übergabe")
            shots.append(save(export, out, "24-exchange-export-no-consent"))
            export.reject()
            export.deleteLater()

            # A file from the partner: one new dossier, with the partner's consent to send it.
            us = book.get(PARTNER)
            their_book = ContactBook(sender.db)
            caritas = their_book.add(
                vault.author.agency, AgencyIdentity.load_or_create(vault.db).public
            )
            new = sender.records.save(
                Dossier(family_name="Nguyen", given_names="Thi Lan", city="Herne")
            )
            sender.records.save(
                Consent(
                    dossier_id=new.id,
                    recipient=caritas.name,
                    recipient_contact_id=caritas.id,
                    given_on=ctx.today(),
                )
            )
            path = Path(tmp) / "from-partner.wkox"
            Exporter(sender).export([new.id], path, recipients=[caritas])
            preview = Importer(vault).preview(path)
            assert preview.sender.contact is not None and preview.sender.contact.id == us.id
            shots.append(
                _shot(
                    ImportPreviewDialog(ctx, preview, window),
                    out,
                    "25-exchange-import-preview",
                    save,
                )
            )
    return shots
