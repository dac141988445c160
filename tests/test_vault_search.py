import pytest

from willkommensordner.domain.document import Document
from willkommensordner.domain.dossier import Dossier
from willkommensordner.domain.household import HouseholdMember
from willkommensordner.vault.search import fold, match_expression
from willkommensordner.vault.vault import Vault


@pytest.fixture
def people(vault: Vault) -> dict[str, str]:
    ids = {}
    for key, dossier in {
        "mueller": Dossier(family_name="Müller", given_names="Jürgen", phone="+49 176 1234567"),
        "arabic": Dossier(
            family_name="Al-Hassan", native_name="مُحَمَّد الحَسَن", aliases=["Mohamed Hasan"]
        ),
        "hamza": Dossier(family_name="Ahmad", native_name="أحمد"),
        "farsi": Dossier(family_name="Karimi", native_name="کریمی"),
        "tigrinya": Dossier(family_name="Tesfamariam", native_name="ተስፋማርያም"),
        "romanian": Dossier(family_name="Țurcanu", given_names="Ștefan"),
        "ukrainian": Dossier(family_name="Kovalenko", native_name="Коваленко"),
    }.items():
        ids[key] = vault.records.save(dossier).id
    vault.records.save(Document(dossier_id=ids["tigrinya"], number="L01X-00T47"))
    vault.records.save(
        HouseholdMember(dossier_id=ids["farsi"], given_names="Zahra", family_name="Karimi")
    )
    return ids


@pytest.mark.parametrize(
    ("query", "who"),
    [
        ("Müller", "mueller"),
        ("Muller", "mueller"),
        ("mueller", "mueller"),
        ("MÜLL", "mueller"),
        ("jurgen", "mueller"),
        ("محمد", "arabic"),  # without the short vowels the name was stored with
        ("مُحَمَّد", "arabic"),
        ("الحسن", "arabic"),
        ("mohamed", "arabic"),
        ("احمد", "hamza"),  # plain alef finds alef with hamza
        ("كريمي", "farsi"),  # Arabic kaf and yeh find the Persian letters
        ("zahra", "farsi"),  # household member
        ("ተስፋ", "tigrinya"),
        ("l01x00t47", "tigrinya"),
        ("L01X 00T", "tigrinya"),
        ("turcanu stefan", "romanian"),
        ("коваленко", "ukrainian"),
        ("0176 1234567", "mueller"),
        ("+49 176 123", "mueller"),
        ("01761234", "mueller"),
    ],
)
def test_search_finds_every_name_form(
    vault: Vault, people: dict[str, str], query: str, who: str
) -> None:
    assert vault.search.find(query) == [people[who]]


def test_search_follows_edits_and_deletions(vault: Vault, people: dict[str, str]) -> None:
    d = vault.records.dossier(people["romanian"])
    d.family_name = "Popescu"
    vault.records.save(d)
    assert vault.search.find("turcanu") == []
    assert vault.search.find("popescu") == [d.id]
    from willkommensordner.domain.record import RecordKind

    vault.records.delete(RecordKind.DOSSIER, d.id)
    assert vault.search.find("popescu") == []


@pytest.mark.parametrize("query", ["", "   ", '"', "*", "AND", "NEAR(", "')--"])
def test_odd_queries_do_not_break_search(vault: Vault, people: dict[str, str], query: str) -> None:
    assert isinstance(vault.search.find(query), list)


def test_folding() -> None:
    assert fold("Müller") == "muller"
    assert fold("ÇELİK") == "celik"
    assert fold("Yılmaz Łukasz Søren") == "yilmaz lukasz soren"
    assert fold("مُحَمَّد") == "محمد"
    assert fold("Straße") == "strasse"
    assert match_expression("  ") is None
