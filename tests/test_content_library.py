from __future__ import annotations

import re
from pathlib import Path

import pytest

from willkommensordner.content.languages import SUPPORTED_LANGUAGES, fallback_chain
from willkommensordner.content.library import ContentLibrary
from willkommensordner.content.model import STANDARD_TOPICS
from willkommensordner.content.notices import Notice, notice_languages, notice_text
from willkommensordner.content.status import Status
from willkommensordner.errors import NotFound

# A character range that only the reader's own script uses, to prove a notice is in it.
SCRIPT = {
    "ar": r"[\u0600-\u06FF]",
    "fa": r"[\u0600-\u06FF]",
    "fa_AF": r"[\u0600-\u06FF]",
    "ps": r"[\u0600-\u06FF]",
    "uk": r"[\u0400-\u04FF]",
    "ru": r"[\u0400-\u04FF]",
    "bg": r"[\u0400-\u04FF]",
    "ti": r"[\u1200-\u137F]",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> ContentLibrary:
    return ContentLibrary(tmp_path_factory.mktemp("data"), include_demo=True)


def test_builtin_packs_load_without_problems(library: ContentLibrary) -> None:
    assert library.load_problems == []
    assert {p.id for p in library.packs()} == {"bund", "musterstadt"}
    assert library.topic_ids() == list(STANDARD_TOPICS)


def test_every_source_page_names_sources_and_a_stand(library: ContentLibrary) -> None:
    for topic_id in library.topic_ids():
        page = library.page(topic_id, "de")
        assert page.status == Status.SOURCE
        assert page.sources, topic_id
        assert page.stand.year >= 2026
        words = len(page.plain_text().split())
        assert 120 <= words <= 320, (topic_id, words)


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_every_topic_in_every_language_or_fallback_notice(
    library: ContentLibrary, lang: str
) -> None:
    for topic_id in library.topic_ids():
        page = library.page(topic_id, lang)
        assert page.lang in fallback_chain(lang)
        if page.lang == lang:
            assert Notice.FALLBACK not in page.notice_kinds
        else:
            # No page in the reader's language: the reader is told so, in their language.
            assert page.notice_kinds[0] == Notice.FALLBACK
            assert page.notices[0] == notice_text(Notice.FALLBACK, lang, lang, page.lang)
            if lang in SCRIPT:
                assert re.search(SCRIPT[lang], page.notices[0])
        if page.lang != "de":
            # Nothing built in was reviewed by a person, and the reader is told that.
            assert page.status == Status.MACHINE_MADE, (topic_id, lang)
            assert Notice.MACHINE_MADE in page.notice_kinds
        assert page.source.lang == "de"


def test_priority_languages_are_complete(library: ContentLibrary) -> None:
    by_code = {lang.code: lang for lang in library.languages()}
    for code in ("en", "ar", "fa", "uk", "ti", "ps", "tr"):
        assert by_code[code].missing == 0, code
        assert by_code[code].counts[Status.MACHINE_MADE] == len(STANDARD_TOPICS)
    assert by_code["de"].counts[Status.SOURCE] == len(STANDARD_TOPICS)


def test_dari_falls_back_to_persian_with_notice_in_persian_script(library: ContentLibrary) -> None:
    page = library.page("gesundheit", "fa_AF")
    assert page.lang == "fa"
    assert page.direction == "rtl"
    assert page.notice_kinds[0] == Notice.FALLBACK
    # "…in your language (Dari)… Language shown: Persian", written in Persian script.
    assert "(دری)" in page.notices[0] and "فارسی" in page.notices[0]
    assert page.notice_kinds[1] == Notice.MACHINE_MADE


def test_notice_texts_exist_for_every_supported_language() -> None:
    for code in SUPPORTED_LANGUAGES:
        if code == "fa_AF":
            continue
        assert code in notice_languages()
        for notice in Notice:
            text = notice_text(notice, code, "ku", "en")
            assert "{" not in text


def test_rtl_pages_render_right_to_left(library: ContentLibrary) -> None:
    for lang in ("ar", "fa", "ps"):
        page = library.page("notfall", lang)
        assert page.is_rtl
        assert page.to_html().startswith('<div dir="rtl">')
    assert library.page("notfall", "uk").to_html().startswith('<div dir="ltr">')


def test_topics_are_titled_in_the_readers_language(library: ContentLibrary) -> None:
    titles = {t.id: t for t in library.topics("uk")}
    assert titles["gesundheit"].lang == "uk"
    assert re.search(SCRIPT["uk"], titles["gesundheit"].title)


def test_contact_points_by_id_topic_and_target_group(library: ContentLibrary) -> None:
    abh = library.contact_point("musterstadt-abh")
    assert abh.name == "Ausländerbehörde Musterstadt"
    assert abh.address is not None and abh.address.postcode == "12345"
    assert abh.opening_hours and abh.opening_hours[0].by_appointment
    required = {
        "musterstadt-abh", "musterstadt-sozialamt", "musterstadt-jobcenter",
        "musterstadt-agentur", "musterstadt-jugendamt", "musterstadt-gesundheitsamt",
        "musterstadt-bildungsbuero", "musterstadt-kita-portal", "musterstadt-vhs",
        "musterstadt-ki", "musterstadt-mbe", "musterstadt-jmd",
        "musterstadt-fluechtlingsberatung", "musterstadt-anerkennung", "musterstadt-psz",
        "musterstadt-frauenberatung", "musterstadt-tafel", "musterstadt-ehrenamt",
    }  # fmt: skip
    assert required <= {c.id for c in library.contact_points()}
    health = {c.id for c in library.contact_points(topic="gesundheit")}
    assert "musterstadt-gesundheitsamt" in health and "musterstadt-jobcenter" not in health
    youth = {c.id for c in library.contact_points(target_group="youth")}
    assert "musterstadt-jmd" in youth and "musterstadt-mbe" not in youth
    with pytest.raises(NotFound):
        library.contact_point("gibt-es-nicht")


def test_fictional_contacts_use_reserved_domains(library: ContentLibrary) -> None:
    for contact in library.contact_points():
        assert contact.email is None or contact.email.endswith(".example")
        assert contact.phone is None or contact.phone.startswith("0123 456789")
        assert contact.address is None or contact.address.city == "Musterstadt"


def test_search_in_the_readers_language_and_in_german(library: ContentLibrary) -> None:
    hits = library.search("116117", "ar")
    assert {h.topic_id for h in hits} >= {"gesundheit", "notfall"}
    german = library.search("Deutschlandticket", "uk")
    assert [h.topic_id for h in german] == ["mobilitaet"]
    assert library.search("", "de") == []
    assert library.search("xyzzy-nichts", "de") == []


def test_unknown_topic_is_not_found(library: ContentLibrary) -> None:
    with pytest.raises(NotFound):
        library.page("gibt-es-nicht", "de")


def test_language_overview_counts_statuses(library: ContentLibrary) -> None:
    overview = {lang.code: lang for lang in library.languages()}
    assert set(SUPPORTED_LANGUAGES) <= set(overview)
    assert overview["ar"].direction == "rtl" and overview["ar"].name == "العربية"
    for lang in overview.values():
        assert lang.available + lang.missing == len(STANDARD_TOPICS)


def test_municipal_pack_page_and_contacts_join_the_library(tmp_path: Path) -> None:
    from .content_helpers import BUILTIN, small_pack

    builtin = tmp_path / "builtin"
    builtin.mkdir()
    import shutil

    shutil.copytree(BUILTIN / "bund", builtin / "bund")
    small_pack(builtin / "musterdorf")
    library = ContentLibrary(tmp_path / "data", builtin=builtin)
    assert library.load_problems == []
    assert library.topic_ids()[0] == "dorfleben"
    page = library.page("dorfleben", "ar")
    assert page.lang == "de" and page.notice_kinds == (Notice.FALLBACK,)
    assert [c.id for c in library.contact_points(topic="ankommen")] == ["musterdorf-rathaus"]


def test_language_without_pages_or_notice_texts_falls_back_to_english(
    library: ContentLibrary,
) -> None:
    page = library.page("gesundheit", "so")
    assert page.lang == "en"
    assert page.notices[0] == (
        "This page is not yet available in your language (Somali). Language shown: English."
    )


def test_labels_exist_in_every_content_language() -> None:
    from willkommensordner.content.labels import Label, label, label_languages

    assert set(SUPPORTED_LANGUAGES) - {"fa_AF"} <= label_languages()
    assert label(Label.BY_APPOINTMENT, "de") == "nur mit Termin"
    assert label(Label.STAND, "fa_AF") == label(Label.STAND, "fa")
    assert label(Label.SOURCES, "so") == "Sources"
    assert re.search(SCRIPT["ti"], label(Label.OPENING_HOURS, "ti"))


def test_contact_details_in_the_readers_language(library: ContentLibrary) -> None:
    from willkommensordner.content import opening_hours, spoken_languages

    abh = library.contact_point("musterstadt-abh")
    lines = opening_hours(abh, "ar")
    assert lines[0].time == "08:00–12:00" and lines[0].by_appointment
    assert "الاثنين" in lines[0].days
    assert opening_hours(abh, "de")[0].days.startswith("Mo")
    assert "ትግርኛ" in spoken_languages(library.contact_point("musterstadt-psz"))
    assert abh.describe("ar") == abh.describe("en")  # no Arabic text: falls back to English
