from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from markdown_it import MarkdownIt

from willkommensordner.content import markdown as md


def test_subset_parses_into_neutral_tree() -> None:
    blocks = md.parse(
        "## Notruf\n\nRufen Sie **[112](tel:112)** an oder schreiben Sie an "
        "[die Stadt](mailto:info@musterstadt.example).\n\n"
        "- erstens mit [Link](https://www.bamf.de)\n- zweitens\n\n1. eins\n2. zwei\n"
    )
    assert [type(b).__name__ for b in blocks] == [
        "Heading",
        "Paragraph",
        "BulletList",
        "BulletList",
    ]
    heading, para, bullets, numbered = blocks
    assert isinstance(heading, md.Heading) and heading.level == 2
    assert isinstance(para, md.Paragraph)
    strong = para.children[1]
    assert isinstance(strong, md.Strong)
    assert strong.children == (md.Phone("112", (md.Text("112"),)),)
    assert md.Email("info@musterstadt.example", (md.Text("die Stadt"),)) in para.children
    assert isinstance(bullets, md.BulletList) and not bullets.ordered
    assert isinstance(bullets.items[0].children[1], md.Link)
    assert isinstance(numbered, md.BulletList) and numbered.ordered
    assert len(numbered.items) == 2


def test_phone_numbers_are_normalised_for_dialling() -> None:
    (para,) = md.parse("[0800 111 0 111](<tel:0800 111 0 111>)")
    assert isinstance(para, md.Paragraph)
    phone = para.children[0]
    assert isinstance(phone, md.Phone) and phone.number == "08001110111"


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "Hallo <b>fett</b>",
        "<!-- Kommentar -->",
        "Text mit <img src=x onerror=alert(1)>",
    ],
)
def test_raw_html_is_a_problem(text: str) -> None:
    with pytest.raises(md.MarkdownError) as info:
        md.parse(text)
    assert "raw HTML" in str(info.value)


def test_less_than_in_plain_text_is_fine() -> None:
    (para,) = md.parse("Kinder < 6 Jahre fahren kostenlos.")
    assert md.inline_text(para.children) == "Kinder < 6 Jahre fahren kostenlos."  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "target", ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "tel:abc"]
)
def test_dangerous_or_broken_link_targets_are_problems(target: str) -> None:
    with pytest.raises(md.MarkdownError):
        md.parse(f"[klick]({target})")


def test_unsupported_markdown_is_reported_with_line_numbers() -> None:
    _blocks, problems = md.parse_with_problems("Absatz\n\n> Zitat\n\n```\ncode\n```\n")
    assert {p.parameters["line"] for p in problems} >= {3, 5}


def test_to_html_escapes_author_text() -> None:
    blocks = md.parse('Preis: 5 € & "mehr" \\<b\\> [a](https://x.example/?a=1&b=2)')
    html = md.to_html(blocks, "rtl")
    assert html.startswith('<div dir="rtl">')
    assert "5 € &amp;" in html and "&quot;mehr&quot;" in html
    assert 'href="https://x.example/?a=1&amp;b=2"' in html
    assert "&lt;b&gt;" in html and "<b>" not in html


def test_block_units_and_rendering_keep_structure() -> None:
    blocks = md.parse("## Titel\n\nText **fett**.\n\n- a\n- b [x](tel:110)\n")
    units = md.block_sources(blocks)
    assert units == [
        ("b1", "Titel"),
        ("b2", "Text **fett**."),
        ("b3.1", "a"),
        ("b3.2", "b [x](tel:110)"),
    ]
    rendered = md.render_markdown(blocks, {"b1": "Title", "b3.2": "bee [x](tel:110)"})
    again = md.parse(rendered)
    assert md.structure(again) == md.structure(blocks)
    assert md.block_sources(again)[0] == ("b1", "Title")


def test_page_problems_report_file_line_numbers_with_windows_line_endings() -> None:
    from willkommensordner.content.pack import parse_page
    from willkommensordner.content.problems import PackInvalid

    text = "---\r\ntitle: T\r\nstatus: source\r\n---\r\n\r\nText\r\n\r\n<b>x</b>\r\n"
    with pytest.raises(PackInvalid) as info:
        parse_page(text, "p", "t", "de")
    assert [p.message() for p in info.value.problems] == ["line 8: raw HTML is not allowed"]


# Ordinary page text, each read as CommonMark reads it (markdown-it-py renders the reference).
COMMONMARK_CASES = [
    "Beantragen Sie die Verlängerung **vor** dem Ablaufdatum.",
    "Text mit *Betonung* und _auch so_.",
    "__stark__ und **stark**, ***beides***.",
    "*außen **innen** außen*",
    "Siehe [Duldung](https://de.wikipedia.org/wiki/Duldung_(Aufenthaltsrecht)).",
    "Zentrale: [0821 324-0](tel:(0821)324-0)",
    "Zentrale: [0821 324-0](<tel:(0821) 324-0>)",
    "Stadt Musterstadt  \nMusterstraße 1  \n12345 Musterstadt",
    "Erste Zeile\\\nzweite Zeile",
    "weich\numbrochen",
    "+ eins\n+ zwei",
    "* eins\n* zwei",
    "- eins\n- zwei\n\n1. erstens\n2. zweitens",
    "3) drei\n4) vier",
    "Mehr unter <https://www.bamf.de/DE/Startseite/startseite_node.html>.",
    "Schreiben Sie an <info@musterstadt.example>.",
    "[E-Mail](mailto:info@musterstadt.example) oder [Web](https://www.musterstadt.example/)",
    "## Titel ##\n\nText",
    "# Titel\nText direkt darunter",
    "**[112](tel:112)** – Notruf",
    "Preis: 5 € & mehr, Kinder < 6 Jahre frei.",
    "\\*kein Stern\\* und snake_case_wort",
    "2 * 3 = 6 und a*b",
    "- erster Punkt\n  geht weiter\n- zweiter",
]


def _normalised(html: str) -> str:
    """Both renderings without layout whitespace; a soft line break reads as a blank."""
    html = html.replace("<br />\n", "<br>").replace(">\n<", "><").strip().replace("\n", " ")
    html = html.replace("&#x27;", "'")
    # Dialable phone numbers: our tree keeps digits only, the reference the written form.
    return re.sub(
        r'href="tel:([^"]*)"', lambda m: 'href="tel:' + re.sub(r"\D", "", unquote(m[1])) + '"', html
    )


@pytest.mark.parametrize("text", COMMONMARK_CASES)
def test_pages_read_as_commonmark(text: str) -> None:
    reference = MarkdownIt("commonmark", {"html": False}).render(text)
    ours = md.to_html(md.parse(text)).removeprefix('<div dir="ltr">').removesuffix("</div>")
    assert _normalised(ours) == _normalised(reference)


def test_link_syntax_that_commonmark_reads_as_text_is_a_problem() -> None:
    # A blank in a link target ends it: CommonMark prints the brackets; we say so instead.
    with pytest.raises(md.MarkdownError, match="incomplete link"):
        md.parse("[0821 324-0](tel:(0821) 324-0)")


def test_emphasis_and_line_breaks_are_in_the_tree() -> None:
    (para,) = md.parse("Adresse:  \nMusterstraße 1, *nur* vormittags")
    assert isinstance(para, md.Paragraph)
    assert md.LineBreak() in para.children
    assert md.Emphasis((md.Text("nur"),)) in para.children
    assert md.inline_text(para.children) == "Adresse:\nMusterstraße 1, nur vormittags"


def test_list_items_with_breaks_survive_the_translation_round_trip() -> None:
    blocks = md.parse("- Rathaus  \nZimmer 2\n- Bürgerbüro\n")
    again = md.parse(md.render_markdown(blocks, {"b1.1": "Town hall  \nRoom 2"}))
    assert md.structure(again) == md.structure(blocks)
    assert md.block_sources(again)[0] == ("b1.1", "Town hall  \nRoom 2")


def test_unclosed_bold_is_a_problem() -> None:
    with pytest.raises(md.MarkdownError, match=r"unclosed \*\*"):
        md.parse("Bitte **vor dem Termin anrufen.")
