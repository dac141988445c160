"""k-anonymity: in a small municipality no anonymised dossier stands out by what it keeps."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from tests.exchange_support import FAST, PASSPHRASE
from willkommensordner.cli import main
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.partial_date import PartialDate
from willkommensordner.privacy import k_anonymity
from willkommensordner.privacy.monitoring import collect
from willkommensordner.privacy.retention import anonymise_all
from willkommensordner.vault.vault import Vault

COMMON = ["SY", "AF", "UA", "IQ"]


def _municipality(tmp_path: Path, count: int = 40) -> tuple[Vault, list[str]]:
    vault, _ = Vault.create(tmp_path / "vault.wko", PASSPHRASE, agency="KI", kdf=FAST)
    rng = random.Random(21)
    ids: list[str] = []
    with vault.db.transaction():
        for n in range(count):
            # One person of a nationality nobody else here has.
            country = "ER" if n == 0 else rng.choice(COMMON)
            d = vault.records.save(
                Dossier(
                    family_name=f"Person{n}",
                    given_names="X",
                    nationalities=[country],
                    district=rng.choice(["Altstadt", "Nord", "Süd"]),
                    birth_date=PartialDate(rng.randint(1960, 2015), rng.randint(1, 12)),
                    arrival_date=date(rng.randint(2015, 2024), rng.randint(1, 12), 15),
                    opened_on=date(2025, 1, 2),
                    closed_on=date(2025, 6, 30),
                )
            )
            ids.append(d.id)
    return vault, ids


def _combinations(vault: Vault) -> Counter[tuple[str | None, ...]]:
    kept = k_anonymity._anonymised(vault)
    return Counter(tuple(d.value(a, 0) for a in k_anonymity.ATTRIBUTES) for d in kept)


def test_no_combination_of_kept_values_is_shared_by_fewer_than_k(tmp_path: Path) -> None:
    vault, ids = _municipality(tmp_path)
    anonymise_all(vault, ids)
    combos = _combinations(vault)
    assert sum(combos.values()) == 40
    small = {key: n for key, n in combos.items() if n < 5 and any(v is not None for v in key)}
    assert small == {}
    assert (k_anonymity.smallest_group(vault) or 5) >= 5
    # The one Eritrean is not to be found by nationality, nor by its region alone.
    stored = [vault.records.dossier(i) for i in ids]
    assert not any("ER" in d.nationalities for d in stored)
    labels = [
        r[0]
        for r in vault.db.query("SELECT label FROM generalised WHERE attribute = 'nationality'")
    ]
    assert all(n >= 5 for n in Counter(labels).values())
    # Something is still there to count: not everything was thrown away.
    assert any(key != (None, None, None, None) for key in combos)
    # Monitoring still runs and keeps its own suppression.
    figures = collect(vault, date(2026, 1, 1))
    assert figures is not None
    vault.close()


def test_a_larger_k_generalises_further_and_is_remembered(tmp_path: Path) -> None:
    vault, ids = _municipality(tmp_path, 30)
    anonymise_all(vault, ids)
    k_anonymity.set_k_value(vault, 10)
    outcome = k_anonymity.enforce(vault)
    assert outcome.k == 10 and k_anonymity.k_value(vault) == 10
    combos = _combinations(vault)
    assert all(n >= 10 for key, n in combos.items() if any(v is not None for v in key))
    vault.close()


def test_generalisation_steps() -> None:
    d = Dossier(
        family_name="A",
        birth_date=PartialDate(1987, 5),
        arrival_date=date(2023, 8, 9),
        district="Nord",
        nationalities=["SY"],
    )
    kept = k_anonymity.Kept(d, {})
    assert [kept.value("birth", n) for n in range(4)] == ["1987-Q2", "1987", "1985–1989", None]
    assert [kept.value("arrival", n) for n in range(4)] == ["2023-08", "2023-Q3", "2023", None]
    assert [kept.value("district", n) for n in range(2)] == ["Nord", None]
    assert [kept.value("nationality", n) for n in range(3)] == ["SY", "Asia", None]
    assert k_anonymity.region_of("ER") == "Africa"


def test_cli_sets_k_and_reports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, ids = _municipality(tmp_path, 12)
    anonymise_all(vault, ids)
    path = vault.path
    vault.close()
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    capsys.readouterr()
    assert main(["--vault", str(path), "anonymity", "--k", "6"]) == 0
    out = capsys.readouterr().out
    assert "k = 6" in out and "12" in out
    reopened = Vault.unlock(path, PASSPHRASE)
    assert k_anonymity.k_value(reopened) == 6
    assert (k_anonymity.smallest_group(reopened) or 6) >= 6
    reopened.close()
