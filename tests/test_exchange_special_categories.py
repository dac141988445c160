"""Health answers of the potential analysis (special categories) stay home by default, and a
copy that comes back without them does not delete them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exchange_support import add_dossier, give_consent
from willkommensordner.errors import Blocked
from willkommensordner.exchange.age_files import read_all
from willkommensordner.exchange.exporter import Exporter
from willkommensordner.exchange.importer import Importer
from willkommensordner.exchange.keys import AgencyIdentity
from willkommensordner.exchange.scope import ExportScope
from willkommensordner.guidance.analysis import current_analysis, save_analysis
from willkommensordner.vault.vault import Vault

from .guidance_support import decrypted_pages

HEALTH_NOTE = "Rückenleiden Pangolin"
ANSWERS = {
    "school_years": 9,
    "occupation": "Schneiderin",
    "health_limits": True,
    "health_notes": HEALTH_NOTE,
}


def _file_text(vault: Vault, path: Path) -> bytes:
    return read_all(path, AgencyIdentity.load_or_create(vault.db).age_identity)


def test_health_answers_stay_home_and_survive_the_way_back(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, a_in_b = pair
    d = add_dossier(a)
    save_analysis(a, d.id, ANSWERS)
    give_consent(a, d.id, b_in_a)
    there = tmp_path / "there.wkox"
    Exporter(a).export([d.id], there, recipients=[b_in_a])
    assert HEALTH_NOTE.encode() not in _file_text(b, there)
    Importer(b).apply(there)

    at_b = current_analysis(b, d.id)
    assert at_b is not None
    assert at_b.answers == {"school_years": 9, "occupation": "Schneiderin"}
    assert sorted(at_b.withheld) == ["health_limits", "health_notes"]
    b.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert HEALTH_NOTE.encode() not in decrypted_pages(b.path, b._data_key)

    # The Jobcenter corrects the schooling and sends the dossier back.
    save_analysis(b, d.id, {**at_b.answers, "school_years": 10})
    give_consent(b, d.id, a_in_b)
    back = tmp_path / "back.wkox"
    Exporter(b).export([d.id], back, recipients=[a_in_b])
    preview = Importer(a).preview(back)
    assert not preview.conflicts and len(preview.updated) == 1
    Importer(a).apply(back)
    at_a = current_analysis(a, d.id)
    assert at_a is not None
    assert at_a.answers == {**ANSWERS, "school_years": 10}
    assert at_a.withheld == []

    # Sent on again, the merged copy changes nothing at the Jobcenter, and still withholds.
    again = tmp_path / "again.wkox"
    Exporter(a).export([d.id], again, recipients=[b_in_a])
    Importer(b).apply(again)
    at_b = current_analysis(b, d.id)
    assert at_b is not None and "health_notes" not in at_b.answers
    assert at_b.answers["school_years"] == 10


def test_an_export_that_includes_special_categories_carries_them(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, _ = pair
    d = add_dossier(a)
    save_analysis(a, d.id, ANSWERS)
    give_consent(a, d.id, b_in_a)
    out = tmp_path / "all.wkox"
    everything = ExportScope(sensitive_notes=True)
    # Consent to the record kinds is not enough for health data: Art. 9 wants it explicitly.
    with pytest.raises(Blocked) as blocked:
        Exporter(a).export([d.id], out, recipients=[b_in_a], scope=everything)
    assert "special categories" in blocked.value.message()
    assert not out.exists()
    # Without the sensitive parts the same consent does.
    Exporter(a).export([d.id], out, recipients=[b_in_a])
    out.unlink()
    give_consent(a, d.id, b_in_a, special_categories=True)
    Exporter(a).export([d.id], out, recipients=[b_in_a], scope=everything)
    Importer(b).apply(out)
    at_b = current_analysis(b, d.id)
    assert at_b is not None and at_b.answers == ANSWERS and at_b.withheld == []


def test_an_answer_given_at_the_partner_is_no_longer_withheld(pair, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a, b, b_in_a, a_in_b = pair
    d = add_dossier(a)
    save_analysis(a, d.id, {"school_years": 9, "health_limits": True})
    give_consent(a, d.id, b_in_a)
    there = tmp_path / "there.wkox"
    Exporter(a).export([d.id], there, recipients=[b_in_a])
    Importer(b).apply(there)
    # The person tells the Jobcenter about a health limit themselves.
    saved = save_analysis(b, d.id, {"school_years": 9, "health_notes": "Knie"})
    assert saved.withheld == ["health_limits"]
    give_consent(b, d.id, a_in_b, special_categories=True)
    back = tmp_path / "back.wkox"
    Exporter(b).export([d.id], back, recipients=[a_in_b], scope=ExportScope(sensitive_notes=True))
    Importer(a).apply(back)
    at_a = current_analysis(a, d.id)
    assert at_a is not None
    assert at_a.answers == {"school_years": 9, "health_limits": True, "health_notes": "Knie"}
