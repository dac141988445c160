"""Screenshots of the conflict page: a real exchange with a partner vault makes the conflicts.

`conflicts_for_screenshots(vault, folder, dossier_id, kdf)` sends one demo dossier to a fictional
Jobcenter, lets both sides change it, and imports the answer; `render_conflict_screens`
(called by gui/screenshots.py) shows the agenda notice, the comparison and a deletion.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from willkommensordner.domain.consent import Consent
from willkommensordner.domain.note import Note
from willkommensordner.domain.record import RecordKind
from willkommensordner.exchange.conflicts import Side
from willkommensordner.exchange.contacts import ContactBook
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

PARTNER = "Jobcenter Musterstadt"


def conflicts_for_screenshots(vault: Vault, folder: Path, dossier_id: str, kdf: KdfParams) -> str:
    """Open conflicts on one dossier (person, a note, a note deleted there); the deleted one."""
    partner, _ = Vault.create(
        folder / "partner" / "vault.wko", "Partner 2026 Musterstadt", agency=PARTNER, kdf=kdf
    )
    try:
        book, their_book = ContactBook(vault.db), ContactBook(partner.db)
        partner_contact = book.add(
            PARTNER, AgencyIdentity.load_or_create(partner.db).public, verified=True
        )
        ours_contact = their_book.add(
            vault.author.agency, AgencyIdentity.load_or_create(vault.db).public, verified=True
        )
        note = vault.records.save(
            Note(dossier_id=dossier_id, text="Sucht eine Wohnung in der Nähe der Schule.")
        )
        gone = vault.records.save(Note(dossier_id=dossier_id, text="Deutschkurs angefragt."))
        for store, contact in ((vault, partner_contact), (partner, None)):
            if contact is not None:
                store.records.save(_consent(dossier_id, contact.name, contact.id))
        out = folder / "to-partner.wkox"
        Exporter(vault).export([dossier_id], out, recipients=[partner_contact])
        Importer(partner).apply(out)
        partner.records.save(_consent(dossier_id, ours_contact.name, ours_contact.id))

        person = vault.records.dossier(dossier_id)
        vault.records.save(person.model_copy(update={"street": "Bahnhofstraße 12", "phone": ""}))
        vault.records.save(
            vault.records.get(Note, note.id).model_copy(
                update={"text": "Wohnung in der Lindenstraße besichtigt, Zusage bis Freitag."}
            )
        )
        vault.records.save(
            vault.records.get(Note, gone.id).model_copy(
                update={"text": "Deutschkurs B1 ab Montag, 9 Uhr, Volkshochschule."}
            )
        )
        theirs = partner.records.dossier(dossier_id)
        partner.records.save(
            theirs.model_copy(update={"street": "Gartenweg 3", "email": "kontakt@example.org"})
        )
        partner.records.save(
            partner.records.get(Note, note.id).model_copy(
                update={"text": "Wohnung in der Lindenstraße abgesagt: zu teuer für das Amt."}
            )
        )
        partner.records.delete(RecordKind.NOTE, gone.id)
        back = folder / "from-partner.wkox"
        Exporter(partner).export([dossier_id], back, recipients=[ours_contact])
        Importer(vault).apply(back)
        return gone.id
    finally:
        partner.close()


def _consent(dossier_id: str, name: str, contact_id: str) -> Consent:
    return Consent(
        dossier_id=dossier_id,
        recipient=name,
        recipient_contact_id=contact_id,
        purpose="Übergabe an die Partnerstelle",
        given_on=date(2026, 1, 5),
    )


def render_conflict_screens(
    window: Any,
    out: Path,
    save: Callable[[QWidget, Path, str], Path],
    wait_for: Callable[[Callable[[], bool]], None],
    deleted_note: str,
    prefix: str,
) -> list[Path]:
    """Agenda with the notice, the person's comparison, the deleted note; returns the files.

    `window` is the MainWindow; `save` and `wait_for` are those of gui/screenshots.py.
    """
    window.conflicts.refresh_count()
    window.show_agenda()
    shots = [save(window, out, f"{prefix}-agenda")]
    window.show_conflicts()
    view = window.conflicts.view
    wait_for(lambda: not view.loading)
    view.select(next(c.id for c in view.conflicts if c.kind is RecordKind.DOSSIER))
    view.detail.choose("street", Side.THEIRS)
    shots.append(save(window, out, f"{prefix}-person"))
    view.select(next(c.id for c in view.conflicts if c.record_id == deleted_note))
    shots.append(save(window, out, f"{prefix}-deleted"))
    return shots
