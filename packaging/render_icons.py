"""Render the app icon's PNG sizes and the Windows .ico from the hand-drawn SVG, with Qt.

    .venv/bin/python packaging/render_icons.py

Writes resources/icons/<size>x<size>/<app id>.png (the hicolor layout, shipped inside the
package for the window icon and copied to ~/.local/share/icons/hicolor by installers) and
packaging/windows/willkommensordner.ico. The outputs are committed; run this after editing
the SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from willkommensordner.app_info import APP_ID  # noqa: E402

SIZES = (16, 32, 48, 64, 128, 256)
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / f"{APP_ID}.svg"
ICO = ROOT / "packaging" / "windows" / "willkommensordner.ico"


def png_path(size: int) -> Path:
    return ICONS / f"{size}x{size}" / f"{APP_ID}.png"


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """An .ico holding PNG images (Windows Vista and later read PNG entries)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in the directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    pngs = {size: render_png(SVG, size) for size in SIZES}
    for size, png in pngs.items():
        png_path(size).parent.mkdir(parents=True, exist_ok=True)
        png_path(size).write_bytes(png)
    ICO.parent.mkdir(parents=True, exist_ok=True)
    ICO.write_bytes(ico_bytes(pngs))
    del app
    print(f"wrote {len(pngs)} PNGs and {ICO.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
