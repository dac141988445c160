"""The agency key as a QR code: it scans from a light and a dark terminal and from a file.

The terminal text is painted cell by cell the way a terminal does (half blocks, ANSI colours,
the terminal's own colours wherever the text sets none) and read back with zbarimg.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from willkommensordner.cli import main
from willkommensordner.exchange.keys import AgencyIdentity

PASSPHRASE = "correct horse battery staple"
FAST = ["--kdf-memory-mib", "1", "--kdf-iterations", "1"]
LIGHT_TERMINAL = ((20, 20, 20), (250, 250, 250))  # text colour, background
DARK_TERMINAL = ((230, 230, 230), (30, 30, 30))
_COLOURS = {
    "30": (0, 0, 0),
    "97": (255, 255, 255),
    "40": (0, 0, 0),
    "107": (255, 255, 255),
}
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
PIXELS = 6  # per module

pytestmark = pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbar-tools missing")


def paint(text: str, terminal: tuple[tuple[int, int, int], tuple[int, int, int]]) -> Image.Image:
    """The picture a terminal shows for `text`: each cell one module wide, two high."""
    default_fg, default_bg = terminal
    rows: list[list[tuple[tuple[int, int, int], tuple[int, int, int]]]] = []
    for line in text.splitlines():
        fg, bg = default_fg, default_bg
        cells: list[tuple[tuple[int, int, int], tuple[int, int, int]]] = []
        pos = 0
        for match in [*_SGR.finditer(line), None]:
            end = match.start() if match else len(line)
            for char in line[pos:end]:
                upper = {"▀": fg, "█": fg, "▄": bg, " ": bg}[char]
                lower = {"▀": bg, "█": fg, "▄": fg, " ": bg}[char]
                cells.append((upper, lower))
            if match is None:
                break
            pos = match.end()
            for code in (match.group(1) or "0").split(";"):
                if code in ("0", ""):
                    fg, bg = default_fg, default_bg
                elif code == "7":
                    fg, bg = bg, fg
                elif code in ("30", "97", "37", "90"):
                    fg = _COLOURS.get(code, fg)
                elif code in ("40", "107", "47", "49"):
                    bg = _COLOURS.get(code, default_bg)
        rows.append(cells)
    width = max(len(r) for r in rows)
    # The terminal's own background around the text, as on a screen.
    image = Image.new("RGB", ((width + 4) * PIXELS, (2 * len(rows) + 4) * PIXELS), default_bg)
    for y, row in enumerate(rows):
        for x, (upper, lower) in enumerate(row):
            for half, colour in ((0, upper), (1, lower)):
                top = (2 * y + half + 2) * PIXELS
                left = (x + 2) * PIXELS
                image.paste(colour, (left, top, left + PIXELS, top + PIXELS))
    return image


def decoded(picture: Path) -> str:
    result = subprocess.run(
        ["zbarimg", "--quiet", "--raw", str(picture)], capture_output=True, text=True
    )
    return result.stdout.strip()


@pytest.mark.parametrize("terminal", [LIGHT_TERMINAL, DARK_TERMINAL], ids=["light", "dark"])
def test_the_terminal_qr_code_scans_on_light_and_dark_terminals(
    tmp_path: Path, terminal: tuple[tuple[int, int, int], tuple[int, int, int]]
) -> None:
    public = AgencyIdentity.generate().public
    picture = tmp_path / "screen.png"
    paint(public.qr_text(), terminal).save(picture)
    assert decoded(picture) == public.text


def test_identity_export_writes_the_qr_code_as_png_and_svg(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("WKO_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("LANGUAGE", "de")
    vault = tmp_path / "amt.wko"
    assert main(["--vault", str(vault), "init", "--agency", "Sozialamt", *FAST]) == 0
    png, svg = tmp_path / "key.png", tmp_path / "key.svg"
    assert main(["--vault", str(vault), "identity", "export", "--qr", str(png)]) == 0
    assert main(["--vault", str(vault), "identity", "export", "--qr", str(svg)]) == 0
    capsys.readouterr()
    assert main(["--vault", str(vault), "identity", "show"]) == 0
    key = capsys.readouterr().out.splitlines()[0]
    assert decoded(png) == key
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    # Any other ending is a message, not a traceback or a file of the wrong kind.
    code = main(["--vault", str(vault), "identity", "export", "--qr", str(tmp_path / "k.jpg")])
    assert code != 0 and not (tmp_path / "k.jpg").exists()
    assert ".svg" in capsys.readouterr().err
