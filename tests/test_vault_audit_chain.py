"""The history is a hash chain: changing or removing one audit row shows, here and at a partner."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exchange_support import add_note, give_consent
from willkommensordner.cli import main
from willkommensordner.domain.dossier import Dossier
from willkommensordner.errors import HistoryTampered
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.vault import audit_chain
from willkommensordner.vault.database import Database
from willkommensordner.vault.migrations import MIGRATIONS, m0009_audit_chain, migrate
from willkommensordner.vault.vault import Vault

from .conftest import PASSPHRASE


def _dossier_with_history(vault: Vault) -> Dossier:
    d = vault.records.save(Dossier(family_name="Kettenbach", given_names="Ada"))
    d = vault.records.save(d.model_copy(update={"given_names": "Ada Maria"}))
    add_note(vault, d.id, "erste Notiz")
    add_note(vault, d.id, "zweite Notiz")
    return d


def _rows(vault: Vault, dossier_id: str) -> list[int]:
    return [
        r[0]
        for r in vault.db.query(
            "SELECT rowid FROM audit WHERE dossier_id = ? ORDER BY rowid", (dossier_id,)
        )
    ]


def test_an_untouched_history_is_intact(vault: Vault) -> None:
    d = _dossier_with_history(vault)
    other = vault.records.save(Dossier(family_name="Anders", given_names="Bo"))
    vault.check_integrity()
    assert vault.history_intact(d.id) and vault.history_intact(other.id)
    assert len(_rows(vault, d.id)) >= 4


@pytest.mark.parametrize("tamper", ["edit", "delete_middle", "delete_last", "edit_and_relink"])
def test_check_names_the_first_broken_entry(vault: Vault, tamper: str) -> None:
    d = _dossier_with_history(vault)
    other = vault.records.save(Dossier(family_name="Anders", given_names="Bo"))
    rows = _rows(vault, d.id)
    target = rows[1] if tamper != "delete_last" else rows[-1]
    if tamper == "edit":
        vault.db.execute("UPDATE audit SET new = '\"Eva\"' WHERE rowid = ?", (target,))
    elif tamper.startswith("delete"):
        vault.db.execute("DELETE FROM audit WHERE rowid = ?", (target,))
    else:
        # Someone who knows the scheme recomputes the edited row's own link: the next one breaks.
        vault.db.execute("UPDATE audit SET author = 'Niemand' WHERE rowid = ?", (target,))
        content = vault.db.query(
            f"SELECT {audit_chain.CONTENT} FROM audit WHERE rowid = ?", (target,)
        )[0]
        before = vault.db.scalar("SELECT chain FROM audit WHERE rowid = ?", (rows[0],))
        relinked = audit_chain.link(before, audit_chain.digest(content))
        vault.db.execute("UPDATE audit SET chain = ? WHERE rowid = ?", (relinked, target))
    breaks = audit_chain.verify(vault.db)
    assert [b.dossier_id for b in breaks] == [d.id]
    expected = {"edit": 2, "delete_middle": 2, "delete_last": len(rows), "edit_and_relink": 3}
    assert breaks[0].position == expected[tamper]
    assert not vault.history_intact(d.id) and vault.history_intact(other.id)
    with pytest.raises(HistoryTampered) as raised:
        vault.check_integrity()
    assert d.id in raised.value.message()


def test_cli_check_and_history_report_the_break(
    vault: Vault,
    vault_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    d = _dossier_with_history(vault)
    vault.db.execute("DELETE FROM audit WHERE rowid = ?", (_rows(vault, d.id)[1],))
    vault.close()
    env = ["--vault", str(vault_path)]
    code = main([*env, "check"])
    out = capsys.readouterr()
    assert code == 6
    assert d.id in out.err and "entry 2" in out.err
    main([*env, "history", d.id])
    assert "changed outside the app" in capsys.readouterr().err


def test_a_partner_sees_a_history_changed_before_the_export(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = _dossier_with_history(a)
    kept = a.records.save(Dossier(family_name="Unberührt", given_names="Cy"))
    give_consent(a, d.id, b_in_a)
    give_consent(a, kept.id, b_in_a)
    a.db.execute("DELETE FROM audit WHERE rowid = ?", (_rows(a, d.id)[2],))
    out = tmp_path / "both.wkox"
    Exporter(a).export([d.id, kept.id], out, recipients=[b_in_a])
    preview = Importer(b).apply(out)
    assert preview.broken_histories == {d.id: 3}
    # The receiver's own history keeps that note, and its own chain stays intact.
    actions = [e.action for e in b.history(d.id)]
    assert "history_broken" in actions
    assert "history_broken" not in [e.action for e in b.history(kept.id)]
    b.check_integrity()


def test_an_intact_history_travels_without_remarks(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = _dossier_with_history(a)
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "ok.wkox"
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    assert Importer(b).apply(out).broken_histories == {}


def test_migration_links_the_rows_of_an_older_vault(tmp_path: Path) -> None:
    db = Database.open(tmp_path / "old.wko", b"k" * 32, create=True)
    migrate(db, MIGRATIONS.index(m0009_audit_chain.apply))  # just before the chain
    for n, dossier in enumerate(["d1", "d1", "d2", None]):
        db.execute(
            "INSERT INTO audit(at, dossier_id, kind, record_id, action, author, agency, device)"
            " VALUES (?, ?, 'dossier', ?, 'create', '', 'Caritas', 'dev')",
            (f"2024-01-0{n + 1}T00:00:00+00:00", dossier, dossier),
        )
    migrate(db)
    assert audit_chain.verify(db) == []
    assert db.scalar("SELECT count(*) FROM audit WHERE chain IS NULL") == 0
    db.execute("UPDATE audit SET at = '2023-01-01T00:00:00+00:00' WHERE dossier_id = 'd2'")
    assert [b.dossier_id for b in audit_chain.verify(db)] == ["d2"]
