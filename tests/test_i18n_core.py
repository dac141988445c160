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
