"""The scan as pixels, prepared in memory: EXIF orientation, grey, crops, PNG bytes."""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_

# Pillow refuses larger images as possible decompression bombs; a scan is never that big.
_MAX_PIXELS = 80_000_000


def open_scan(data: bytes) -> Image.Image:
    """The first page of an image file, turned upright and grey."""
    Image.MAX_IMAGE_PIXELS = _MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            upright = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise InvalidInput(N_("This file is not an image that can be read.")) from exc
    return upright.convert("L")


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def bottom_strip(image: Image.Image, share: float, height: int) -> tuple[Image.Image, int, float]:
    """The lower part of the page scaled to `height`: (strip, its top, scale factor)."""
    top = int(image.height * (1 - share))
    strip = image.crop((0, top, image.width, image.height))
    scale = height / strip.height
    if scale != 1.0:
        strip = strip.resize(
            (round(strip.width * scale), round(strip.height * scale)), Image.Resampling.LANCZOS
        )
    return strip, top, scale
