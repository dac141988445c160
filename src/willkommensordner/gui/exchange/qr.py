"""A QR code as a picture for a label (segno draws it, Qt shows it)."""

from __future__ import annotations

import io

import segno
from PySide6.QtGui import QImage, QPixmap


def qr_pixmap(text: str, scale: int = 5) -> QPixmap:
    """Error level M, like the key's other renderings: survives a smudged print-out."""
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=scale, border=4)
    return QPixmap.fromImage(QImage.fromData(out.getvalue()))
