"""Tesseract through pipes: the image goes in on stdin, the words come back on stdout.

No temporary file of the scan or of its text is ever made (pytesseract would make both).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass

from willkommensordner.errors import Incompatible, UserError
from willkommensordner.i18n import N_
from willkommensordner.scans.model import Box

# One OCR engine thread per call: the machine's few cores are better spent on the GUI and on
# the next page than on OpenMP spinning.
_ENV_LIMITS = {"OMP_THREAD_LIMIT": "1"}
_POLL_SECONDS = 0.1
_TIMEOUT_SECONDS = 60.0

ShouldStop = Callable[[], bool]


class OcrUnavailable(Incompatible):
    """Tesseract or one of its language models is not installed: the feature stays off."""


class ReadingCancelled(UserError):  # noqa: N818 - a stop, not an error
    """The counsellor stopped the reading."""


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float  # 0..100 as Tesseract reports it
    box: Box
    line: tuple[int, int, int, int]  # page, block, paragraph, line


def tesseract_binary() -> str | None:
    return shutil.which("tesseract")


def installed_languages() -> set[str]:
    binary = tesseract_binary()
    if binary is None:
        return set()
    result = subprocess.run(
        [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    if result.returncode != 0:
        return set()
    return {line.strip() for line in result.stdout.splitlines()[1:] if line.strip()}


def require(languages: tuple[str, ...]) -> str:
    """The binary's path, or OcrUnavailable saying what is missing."""
    binary = tesseract_binary()
    if binary is None:
        raise OcrUnavailable(
            N_("Reading scans needs Tesseract, which is not installed on this computer.")
        )
    missing = [lang for lang in languages if lang not in installed_languages()]
    if missing:
        raise OcrUnavailable(
            N_("Reading scans needs the Tesseract language data {names}, which is not installed."),
            names=", ".join(missing),
        )
    return binary


def read_words(
    binary: str,
    image: bytes,
    *,
    lang: str,
    psm: int,
    whitelist: str | None = None,
    dpi: int | None = None,
    should_stop: ShouldStop | None = None,
) -> list[Word]:
    """Words with confidences and boxes (TSV output) for one image given as PNG/JPEG bytes."""
    command = [binary, "stdin", "stdout", "-l", lang, "--psm", str(psm)]
    if dpi is not None:
        command += ["--dpi", str(dpi)]
    if whitelist is not None:
        command += ["-c", f"tessedit_char_whitelist={whitelist}"]
    command.append("tsv")
    out = _run(command, image, should_stop)
    return _parse_tsv(out)


def _run(command: list[str], image: bytes, should_stop: ShouldStop | None) -> str:
    env = {**os.environ, **_ENV_LIMITS}
    finished = threading.Event()
    cancelled = threading.Event()
    with subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:

        def watch() -> None:
            # communicate() cannot be resumed with input after a timeout, so the stop
            # request is watched from beside it and ends the process.
            while not finished.wait(_POLL_SECONDS):
                if should_stop is not None and should_stop():
                    cancelled.set()
                    process.kill()
                    return

        watcher = threading.Thread(target=watch, daemon=True)
        watcher.start()
        try:
            out, _err = process.communicate(image, timeout=_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            raise UserError(N_("Reading the scan took too long and was stopped.")) from None
        finally:
            finished.set()
            watcher.join()
        if cancelled.is_set():
            raise ReadingCancelled(N_("Reading the scan was stopped."))
        if process.returncode != 0:
            # stderr may quote the image's content: it is not passed on.
            raise UserError(N_("Tesseract could not read this image."))
    return out.decode("utf-8", errors="replace")


def _parse_tsv(out: str) -> list[Word]:
    words: list[Word] = []
    reader = csv.DictReader(io.StringIO(out), delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        key = (
            int(row["page_num"]),
            int(row["block_num"]),
            int(row["par_num"]),
            int(row["line_num"]),
        )
        box = Box(int(row["left"]), int(row["top"]), int(row["width"]), int(row["height"]))
        words.append(Word(text, float(row["conf"]), box, key))
    return words


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into Tesseract's lines, top to bottom."""
    grouped: dict[tuple[int, int, int, int], list[Word]] = {}
    for word in words:
        grouped.setdefault(word.line, []).append(word)
    lines = [sorted(ws, key=lambda w: w.box.left) for ws in grouped.values()]
    return sorted(lines, key=lambda ws: min(w.box.top for w in ws))
