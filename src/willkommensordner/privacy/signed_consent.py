"""The signed consent form, scanned back and kept with the consent it documents."""

from __future__ import annotations

from pathlib import Path

from willkommensordner.domain.consent import Consent
from willkommensordner.vault.vault import Vault


def attach_signed_form(vault: Vault, consent_id: str, scan: Path) -> Consent:
    """Store the scan (PDF or image, checked like every attachment) as the consent's form;
    a form attached before is replaced."""
    consent = vault.records.get(Consent, consent_id)
    with vault.db.transaction():
        ref = vault.attachments.add_file(scan)
        saved = vault.records.save(consent.model_copy(update={"form": ref}))
    vault.attachments.purge_unreferenced()
    return saved
