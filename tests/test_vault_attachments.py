import io
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.errors import InvalidInput, NotFound
from willkommensordner.vault.attachments import AttachmentStore, sniff
from willkommensordner.vault.vault import Vault

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _pdf() -> bytes:
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.drawString(100, 700, "Scan")
    c.save()
    return out.getvalue()


@pytest.mark.parametrize(
    ("head", "media_type"),
    [
        (b"%PDF-1.7\n", "application/pdf"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (PNG, "image/png"),
        (b"II*\x00\x08\x00\x00\x00", "image/tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "image/tiff"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
        (b"MZ\x90\x00", None),
        (b"<html><script>", None),
    ],
)
def test_type_comes_from_the_content(head: bytes, media_type: str | None) -> None:
    assert sniff(head) == media_type


def test_attachments_are_stored_once_and_read_back(vault: Vault, tmp_path: Path) -> None:
    scan = tmp_path / "pass.jpg"  # a PDF with the wrong extension
    scan.write_bytes(_pdf())
    d = vault.records.save(Dossier(family_name="Haddad"))
    with vault.db.transaction():
        ref = vault.attachments.add_file(scan)
        again = vault.attachments.add_bytes(scan.read_bytes(), "copy.pdf")
        vault.records.save(Document(dossier_id=d.id, attachments=[ref, again]))
    assert ref.media_type == "application/pdf"
    assert ref.sha256 == again.sha256
    assert vault.db.scalar("SELECT count(*) FROM blob") == 1
    assert vault.attachments.read(ref.sha256) == scan.read_bytes()


def test_disguised_and_empty_files_are_refused(vault: Vault, tmp_path: Path) -> None:
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(b"MZ\x90\x00 this is a program")
    with pytest.raises(InvalidInput) as err:
        vault.attachments.add_file(fake)
    assert "PDF" in err.value.message()
    fake.write_bytes(b"")
    with pytest.raises(InvalidInput):
        vault.attachments.add_file(fake)
    with pytest.raises(NotFound):
        vault.attachments.add_file(tmp_path / "missing.pdf")
    assert vault.db.scalar("SELECT count(*) FROM blob") == 0


def test_oversized_files_are_refused_before_they_are_read(vault: Vault, tmp_path: Path) -> None:
    big = tmp_path / "huge.pdf"
    with big.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(60 * 1024 * 1024)  # sparse: the size is what counts
    with pytest.raises(InvalidInput) as err:
        vault.attachments.add_file(big)
    assert "50 MB" in err.value.message()
    small_limit = AttachmentStore(vault.db, max_bytes=10)
    with pytest.raises(InvalidInput):
        small_limit.add_bytes(PNG)


def test_unreferenced_blobs_can_be_purged(vault: Vault) -> None:
    d = vault.records.save(Dossier(family_name="Haddad"))
    kept = vault.attachments.add_bytes(PNG + b"kept")
    vault.attachments.add_bytes(PNG + b"orphan")
    vault.records.save(Document(dossier_id=d.id, attachments=[kept]))
    assert vault.attachments.purge_unreferenced() == 1
    assert vault.attachments.exists(kept.sha256)
