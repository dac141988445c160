import gettext

import pytest

from willkommensordner.i18n import Translator, placeholders, system_language


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({}, "de"),
        ({"LANG": "C.UTF-8"}, "de"),
        ({"LANG": "C.utf8"}, "de"),
        ({"LC_ALL": "POSIX"}, "de"),
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LANGUAGE": "ar:en", "LANG": "de_DE.UTF-8"}, "ar"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LC_ALL": "C.UTF-8", "LANG": "en_GB.UTF-8"}, "de"),
        ({"LC_MESSAGES": "C", "LANG": "en_GB.UTF-8"}, "de"),
        ({"LANG": "POSIX"}, "de"),
        ({"LANGUAGE": "en", "LANG": "C.UTF-8"}, "en"),
        ({"LANG": "sr_RS.UTF-8@latin"}, "en"),
    ],
)
def test_ui_language_from_the_environment(env: dict[str, str], language: str) -> None:
    assert system_language(env) == language


class _Broken(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return {"Hello {name}": "Hallo {nom}", "{count} files": "{count} Dateien"}.get(
            message, message
        )


def test_translations_with_other_placeholders_are_refused() -> None:
    tr = Translator(_Broken(), "de")
    assert tr.gettext("Hello {name}") == "Hello {name}"
    assert tr.format("{count} files", {"count": 3}) == "3 Dateien"
    assert tr.format("Hello {name}", {}) == "Hello {name}"
    assert placeholders("{a} and {b!r:>4}") == {"a", "b"}


def test_the_reason_inside_a_german_import_message_is_german_too() -> None:
    import json as json_module

    from willkommensordner.errors import InvalidInput
    from willkommensordner.exchange.format import RECORDS_FORMAT, parse_records
    from willkommensordner.i18n import translator as make_translator

    revision = {
        "created": "2026-01-01T00:00:00+00:00",
        "modified": "2026-01-01T00:00:00+00:00",
        "author": "",
        "agency": "",
        "device": "d",
        "version": {"d": 1},
        "deleted": True,
    }
    record = {"kind": "note", "id": "n1", "dossier_id": "d1", "body": {}, "revision": revision}
    cases = {
        "Eintrag 1: dieselbe ID zweimal": [record, record],
        "Eintrag 0: ein gelöschter Eintrag mit Inhalt": [{**record, "body": {"text": "x"}}],
        "Eintrag 0: kind": [{**record, "kind": "Space Ship!"}],
    }
    de = make_translator("de")
    for expected, records in cases.items():
        document = {"format": RECORDS_FORMAT, "version": 1, "records": records}
        with pytest.raises(InvalidInput) as err:
            parse_records(json_module.dumps(document).encode())
        assert err.value.message(de) == f"Die Einträge in der Datei sind ungültig ({expected})."
    with pytest.raises(InvalidInput) as err:
        parse_records(b"{not json")
    assert "kein gültiges JSON" in err.value.message(de)
    assert "not valid JSON" in err.value.message()
