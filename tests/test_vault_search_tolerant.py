"""Finding a person the way their name is really spelled: transliterations, typos, ranking."""

import json
from pathlib import Path

import pytest

from willkommensordner.cli import main
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.domain.record import RecordKind
from willkommensordner.paths import resource
from willkommensordner.privacy.retention import purge
from willkommensordner.vault.folding import fold
from willkommensordner.vault.name_keys import RuleTableError, load, transliteration
from willkommensordner.vault.vault import Vault

from .conftest import FAST_KDF, PASSPHRASE

# key: (family name, given names, native name, household members as (given, family))
PEOPLE: dict[str, tuple[str, str, str, list[tuple[str, str]]]] = {
    "haddad": ("Haddad", "Yusuf", "يوسف حداد", []),
    "fatima": ("Khalil", "Fatima", "فاطمة خليل", []),
    "muhammad": ("Darwish", "Muhammad", "", []),
    "mehmet": ("Yılmaz", "Mehmet", "", []),
    "youssef": ("Najjar", "Youssef", "", []),
    "abdul": ("Saleh", "Abd al-Rahman", "", []),
    "husain": ("Rahimi", "Husain", "حسين رحيمي", []),
    "hassan": ("Omar", "Hassan", "حسن عمر", []),
    "ali": ("Ahmadi", "Ali", "", [("Zeinab", "Ahmadi")]),
    "alina": ("Iwanowa", "Alina", "Аліна Іванова", [("Sergej", "Iwanow")]),
    "khalid": ("Mahmoud", "Chalid", "", []),
    "nour": ("Safi", "Nour", "", []),
    "jamila": ("Haidari", "Dschamila", "", []),
    "dawud": ("Sultani", "Dawood", "", []),
    "alaa": ("Hamdan", "Alaa", "", []),
    "ammar": ("Yunus", "Ammar", "", []),
    "fatih": ("Demir", "Fatih", "", []),
}


@pytest.fixture
def people(vault: Vault) -> dict[str, str]:
    return _add_people(vault)


def _add_people(vault: Vault) -> dict[str, str]:
    ids = {}
    for key, (family, given, native, household) in PEOPLE.items():
        dossier = vault.records.save(
            Dossier(family_name=family, given_names=given, native_name=native)
        )
        ids[key] = dossier.id
        for member_given, member_family in household:
            vault.records.save(
                HouseholdMember(
                    dossier_id=dossier.id, given_names=member_given, family_name=member_family
                )
            )
    return ids


FOUND = [
    ("Haddad", "haddad"),
    ("hadd", "haddad"),
    ("Hadad", "haddad"),
    ("Haddat", "haddad"),
    ("Hadat", "haddad"),
    ("Haddda", "haddad"),  # a typo while typing
    ("Fatima", "fatima"),
    ("Fatma", "fatima"),
    ("Fatemeh", "fatima"),
    ("Fatime", "fatima"),
    ("Fatiam", "fatima"),  # two letters swapped
    ("Muhammad", "muhammad"),
    ("Mohammed", "muhammad"),
    ("Mohamad", "muhammad"),
    ("Mohamed", "muhammad"),
    ("Mohammmed", "muhammad"),
    ("Mehmet", "muhammad"),
    ("Mhd", "muhammad"),  # as Syrian papers abbreviate it
    ("Mohammed", "mehmet"),
    ("Yilmaz", "mehmet"),  # the Turkish dotless ı
    ("Mehmed Yilmas", "mehmet"),
    ("Yusuf", "youssef"),
    ("Josef", "youssef"),
    ("Jusuf", "youssef"),
    ("Yousef", "youssef"),
    ("Youssef", "haddad"),
    ("Abdul Rahman", "abdul"),
    ("Abdelrahman", "abdul"),
    ("Abd al-Rahman", "abdul"),
    ("Abdurrahman", "abdul"),
    ("Hussein", "husain"),
    ("Hüseyin", "husain"),
    ("Hossein", "husain"),
    ("Aly", "ali"),
    ("Zainab", "ali"),  # a household member
    ("Zaynab Ahmadi", "ali"),
    ("Ivanov", "alina"),  # -ov/-ow/-off, in the household too
    ("Ivanoff", "alina"),
    ("Ivanova Alina", "alina"),
    ("Іванова", "alina"),
    ("Khalid", "khalid"),  # kh/ch/h
    ("Halid", "khalid"),
    ("Khaled", "khalid"),
    ("Noor", "nour"),  # ou/u
    ("Nur", "nour"),
    ("Jamila", "jamila"),  # j/dsch/dj
    ("Djamila", "jamila"),
    ("Daoud", "dawud"),  # ou/w
    ("Dawud", "dawud"),
    ("Fatma Khalil", "fatima"),
    ("Hadad Yusuf", "haddad"),
    ("Darwisch", "muhammad"),
    ("فاطمه", "fatima"),  # the native name, folded as before
    ("حداد", "haddad"),
    ("حسين", "husain"),
]

NOT_FOUND = [
    ("Hassan", "husain"),
    ("Hussein", "hassan"),
    ("Husain", "hassan"),
    ("حسين", "hassan"),  # one Arabic letter apart is another name
    ("حسن", "husain"),
    ("Mohammed", "khalid"),  # Mahmoud is another name
    ("Mahmoud", "muhammad"),
    ("Ali", "alaa"),
    ("Omar", "ammar"),
    ("Ammar", "hassan"),
    ("Fatima", "fatih"),
    ("Yusuf", "ammar"),  # Yunus
    ("Yunus", "youssef"),
    ("Haddad", "alaa"),  # Hamdan
    ("Hamdan", "haddad"),
    ("Fatma Khalil", "khalid"),
]


@pytest.mark.parametrize(("query", "who"), FOUND)
def test_a_spelling_finds_the_person(
    vault: Vault, people: dict[str, str], query: str, who: str
) -> None:
    assert people[who] in vault.search.find(query)


@pytest.mark.parametrize(("query", "who"), NOT_FOUND)
def test_a_similar_but_other_name_does_not(
    vault: Vault, people: dict[str, str], query: str, who: str
) -> None:
    assert people[who] not in vault.search.find(query)


def test_the_table_is_large_enough() -> None:
    assert len(FOUND) + len(NOT_FOUND) >= 40
    assert len(NOT_FOUND) >= 10


def test_exact_ranks_before_prefix_before_tolerant(vault: Vault) -> None:
    ids = {
        name: vault.records.save(Dossier(family_name="Test", given_names=name)).id
        for name in ("Aly", "Alina", "Ali")
    }
    assert vault.search.find("Ali") == [ids["Ali"], ids["Alina"], ids["Aly"]]
    assert vault.search.find("Aly") == [ids["Aly"], ids["Ali"]]


def test_a_closer_tolerant_match_ranks_first(vault: Vault) -> None:
    ids = {
        name: vault.records.save(Dossier(family_name=name)).id
        for name in ("Fatina", "Fatima", "Fatma")
    }
    # Exact, then the same key (Fatma and Fatima are one name), then a typo of it.
    assert vault.search.find("Fatma") == [ids["Fatma"], ids["Fatima"], ids["Fatina"]]
    assert vault.search.find("Hadadi") == []


def test_every_word_must_match(vault: Vault, people: dict[str, str]) -> None:
    assert vault.search.find("Hadad Fatma") == []
    assert vault.search.find("Fatma Khalil") == [people["fatima"]]


def test_edits_and_deletions_leave_no_key_behind(vault: Vault, people: dict[str, str]) -> None:
    dossier = vault.records.dossier(people["jamila"])
    dossier.given_names = "Leyla"
    vault.records.save(dossier)
    assert vault.search.find("Djamila") == []
    assert vault.search.find("Laila") == [dossier.id]
    vault.records.delete(RecordKind.DOSSIER, dossier.id)
    assert vault.search.find("Laila") == []
    vocabulary = {r[0] for r in vault.db.query("SELECT key FROM search_vocabulary")}
    assert "laila" not in vocabulary and "haidari" not in vocabulary
    assert "hadat" in vocabulary  # still Haddad's


def test_a_purged_dossier_leaves_no_key_behind(vault: Vault, people: dict[str, str]) -> None:
    dossier = vault.records.dossier(people["dawud"])
    vault.records.delete(RecordKind.DOSSIER, dossier.id)
    purge(vault, dossier.id)
    keys = {r[0] for r in vault.db.query("SELECT key FROM search_vocabulary")}
    assert {"davut", "sultani"}.isdisjoint(keys)
    assert vault.db.scalar("SELECT count(*) FROM search_name_key") == vault.db.scalar(
        "SELECT count(*) FROM search_name_key k JOIN dossier d ON d.rowid = k.dossier"
    )


def test_rebuild_gives_the_same_index(vault: Vault, people: dict[str, str]) -> None:
    before = vault.db.query("SELECT key, dossier FROM search_name_key ORDER BY key, dossier")
    vault.search.rebuild()
    assert vault.db.query("SELECT key, dossier FROM search_name_key ORDER BY key, dossier") == (
        before
    )


# --- the rule table ---------------------------------------------------------------------------


@pytest.mark.parametrize("spellings", transliteration().examples, ids=lambda s: "/".join(s))
def test_each_rule_brings_its_spellings_together(spellings: tuple[str, ...]) -> None:
    rules = transliteration()
    keys = {tuple(rules.keys(fold(name))) for name in spellings}
    assert len(keys) == 1, keys


def _table() -> dict[str, object]:
    data: dict[str, object] = json.loads(
        resource("search", "transliteration.json").read_text(encoding="utf-8")
    )
    return data


def test_the_shipped_table_loads() -> None:
    rules = load(json.dumps(_table()))
    assert rules.equivalent["mihmit"] == "muhamat"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda t: t["word_rules"].append({"pattern": "(", "replace": "", "same": ["a", "b"]}),
            "regular",
        ),
        (lambda t: t.update(score_cutoff=20), "score_cutoff"),
        (lambda t: t.update(surprise=1), "surprise"),
        (lambda t: t["exact_only_ranges"].append({"from": "06ZZ", "to": "0700", "why": ""}), "hex"),
        (
            lambda t: t["equivalents"].append({"names": ["Mohammed", "Yusuf"], "why": ""}),
            "two groups",
        ),
        (lambda t: t["equivalents"].append({"names": ["Abd Allah", "Ali"], "why": ""}), "one word"),
    ],
)
def test_a_broken_table_is_refused(change: object, message: str) -> None:
    table = _table()
    change(table)  # type: ignore[operator]
    with pytest.raises(RuleTableError, match=message):
        load(json.dumps(table))


# --- through the command line -------------------------------------------------------------------


def test_list_search_is_tolerant_and_ranked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cli.wko"
    created, _ = Vault.create(path, PASSPHRASE, kdf=FAST_KDF)
    with created as vault:
        ids = _add_people(vault)
        hadadi = vault.records.save(Dossier(family_name="Hadadi", given_names="Omid")).id
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "en")
    capsys.readouterr()
    assert main(["--vault", str(path), "list", "--search", "Hadad", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    # "Hadadi" begins with what was typed, so it comes first; then Haddad, spelled otherwise.
    assert [r["id"] for r in rows] == [hadadi, ids["haddad"]]
    assert main(["--vault", str(path), "list", "--search", "Fatma"]) == 0
    out = capsys.readouterr().out
    assert "Khalil, Fatima" in out
    assert "Demir" not in out
