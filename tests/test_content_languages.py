from __future__ import annotations

import pytest

from willkommensordner.content.languages import (
    SUPPORTED_LANGUAGES,
    direction,
    fallback_chain,
    language,
    name_in,
    own_name,
)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("de", "Deutsch"),
        ("ar", "العربية"),
        ("fa", "فارسی"),
        ("fa_AF", "دری"),
        ("ps", "پښتو"),
        ("ti", "ትግርኛ"),
        ("uk", "Українська"),
        ("ru", "Русский"),
        ("bg", "Български"),
        ("tr", "Türkçe"),
        ("ro", "Română"),
        ("sq", "Shqip"),
        ("fr", "Français"),
        ("ku", "Kurdî (Kurmancî)"),
    ],
)
def test_language_names_in_their_own_script(code: str, name: str) -> None:
    assert own_name(code) == name


@pytest.mark.parametrize("code", ["ar", "fa", "fa_AF", "fa-AF", "ps"])
def test_right_to_left_languages(code: str) -> None:
    assert direction(code) == "rtl"
    assert language(code).is_rtl


@pytest.mark.parametrize("code", ["de", "en", "uk", "ru", "tr", "ti", "ku", "ro", "bg", "sq", "fr"])
def test_left_to_right_languages(code: str) -> None:
    assert direction(code) == "ltr"


def test_fallback_chains_end_in_german() -> None:
    assert fallback_chain("fa_AF") == ("fa_AF", "fa", "en", "de")
    assert fallback_chain("ku") == ("ku", "en", "de")
    assert fallback_chain("de") == ("de",)
    assert fallback_chain("fr_CA") == ("fr_CA", "fr", "en", "de")
    for code in SUPPORTED_LANGUAGES:
        assert fallback_chain(code)[-1] == "de"
        assert fallback_chain(code)[0] == code


def test_language_named_in_the_readers_language() -> None:
    assert name_in("de", "ar") == "الألمانية"
    assert name_in("en", "de") == "Englisch"
