"""A QR code for a terminal that scans whatever colours the terminal uses.

Block characters alone draw in the terminal's own text colour: on a dark terminal the code
comes out inverted for a light one and the other way round, and many phone scanners read
only dark modules on light ground. So every character cell sets both colours itself — dark
modules black, light modules and the quiet zone white — and one cell carries two rows with
the upper half block "▀" (upper module in the foreground, lower one in the background).
"""

from __future__ import annotations

from itertools import zip_longest

import segno

# The quiet zone the QR standard asks for around the code, in modules.
QUIET_ZONE = 4
_FOREGROUND = {True: "30", False: "97"}  # black, bright white
_BACKGROUND = {True: "40", False: "107"}
_RESET = "\x1b[0m"
UPPER_HALF = "\u2580"


def terminal_text(code: segno.QRCode) -> str:
    """The code as lines of ANSI-coloured half blocks, quiet zone included."""
    rows = [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=QUIET_ZONE)]
    width = len(rows[0])
    lines: list[str] = []
    for upper, lower in zip_longest(rows[0::2], rows[1::2], fillvalue=[False] * width):
        cells = [
            f"\x1b[{_FOREGROUND[top]};{_BACKGROUND[bottom]}m{UPPER_HALF}"
            for top, bottom in zip(upper, lower, strict=True)
        ]
        lines.append("".join(cells) + _RESET)
    return "\n".join(lines) + "\n"
