"""espeak-ng, the offline speech engine on Linux (and behind speech-dispatcher): which
languages have a voice, and speech written to a WAV file."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path

from willkommensordner.errors import NotFound
from willkommensordner.i18n import N_
from willkommensordner.speech.text import speech_language

ESPEAK = "espeak-ng"
_TIMEOUT_S = 60
# Content languages whose espeak-ng voice has another name.
_VOICE_NAMES = {"fa_AF": "fa", "ku": "ku", "en": "en-gb"}


def available() -> bool:
    return shutil.which(ESPEAK) is not None


@cache
def installed_voices() -> frozenset[str]:
    """The language names espeak-ng has voices for (its `--voices` list)."""
    if not available():
        return frozenset()
    result = subprocess.run(
        [ESPEAK, "--voices"], capture_output=True, text=True, timeout=_TIMEOUT_S, check=False
    )
    names: set[str] = set()
    for line in result.stdout.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 2:
            names.add(fields[1].lower())
    return frozenset(names)


def voice_for(lang: str) -> str | None:
    """The espeak-ng voice for a content language, or None: then say there is none rather
    than read the page with the voice of another language."""
    lang = speech_language(lang)
    voices = installed_voices()
    for candidate in (_VOICE_NAMES.get(lang, ""), lang.replace("_", "-").lower(), lang[:2]):
        if candidate and candidate in voices:
            return candidate
    return None


def synthesize(sentences: list[str], lang: str, target: Path) -> Path:
    """Speak the sentences into a WAV file; raises NotFound when the language has no voice."""
    voice = voice_for(lang)
    if voice is None:
        raise NotFound(N_("There is no voice for reading aloud in {lang}."), lang=lang)
    # The text goes through stdin, never the command line (which others can see).
    subprocess.run(
        [ESPEAK, "-v", voice, "-w", str(target), "--stdin"],
        input="\n".join(sentences).encode("utf-8"),
        capture_output=True,
        timeout=_TIMEOUT_S,
        check=True,
    )
    target.chmod(0o600)
    return target
