"""Nothing personal reaches the disk unencrypted: scan every file the vault touched."""

import tempfile
from pathlib import Path

from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.note import Note
from willkommensordner.vault.folding import fold
from willkommensordner.vault.name_keys import transliteration
from willkommensordner.vault.vault import Vault

from .conftest import FAST_KDF, PASSPHRASE

SECRETS = ["Zyxwabcfamily", "ቐቑቒቓቔ", "QX9981234Z", "Diagnose-Geheimnis", "0151 98765432"]


def _needles() -> list[bytes]:
    out = []
    for s in SECRETS:
        out += [s.encode("utf-8"), s.encode("utf-16-le"), s.lower().encode("utf-8")]
    # The tolerant search's key of the family name ("zixvabcfamili") is personal too.
    out += [k.encode("utf-8") for k in transliteration().keys(fold(SECRETS[0]))]
    return out


def _files(*folders: Path) -> list[Path]:
    return [p for folder in folders for p in folder.rglob("*") if p.is_file()]


def _leaks(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        data = path.read_bytes()
        found += [f"{path.name}: {n!r}" for n in _needles() if n in data]
    return found


def test_no_personal_value_is_readable_in_any_file(tmp_path: Path) -> None:
    tmp_before = set(Path(tempfile.gettempdir()).iterdir())
    path = tmp_path / "vault" / "vault.wko"
    vault, _ = Vault.create(path, PASSPHRASE, kdf=FAST_KDF)
    d = vault.records.save(
        Dossier(family_name=SECRETS[0], native_name=SECRETS[1], phone=SECRETS[4])
    )
    scan = vault.attachments.add_bytes(b"%PDF-1.4\n" + SECRETS[3].encode() * 50, "befund.pdf")
    vault.records.save(Document(dossier_id=d.id, number=SECRETS[2], attachments=[scan]))
    vault.records.save(Note(dossier_id=d.id, text=SECRETS[3], sensitive=True))
    assert vault.search.find(SECRETS[0]) == [d.id]
    assert vault.search.find("Zyxwabcfamiliy") == [d.id]  # through the name keys
    # While the vault is open the WAL and shared-memory files exist: they must be clean too.
    assert _leaks(_files(path.parent)) == []
    vault.close()
    Vault.unlock(path, PASSPHRASE).close()
    assert _leaks(_files(path.parent)) == []
    new_temp = [p for p in Path(tempfile.gettempdir()).iterdir() if p not in tmp_before]
    assert _leaks([f for p in new_temp for f in ([p] if p.is_file() else _files(p))]) == []
