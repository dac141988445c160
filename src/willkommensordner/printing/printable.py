"""A document ready to print: its story (rebuilt for each pass), title and footer; written to
bytes in memory or atomically to a file the user chose.

Documents with a table of contents are built twice: the first pass records on which page
each section starts (see `pieces.Marker`), the second prints those numbers. The contents
page has the same number of rows in both passes, so no page moves between them.
"""

from __future__ import annotations

import contextlib
import io
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import Flowable

from willkommensordner.errors import InvalidInput, NotFound
from willkommensordner.i18n import N_
from willkommensordner.printing.document import PageFooter, build_document

StoryMaker = Callable[[dict[str, int]], list[Flowable]]


@dataclass(frozen=True)
class Printable:
    title: str
    footer: PageFooter
    make_story: StoryMaker
    needs_page_numbers: bool = False
    language: str = "de"  # the reader's language, the document's /Lang

    def build(self, output: BinaryIO) -> int:
        """Write the PDF to a binary stream; returns the number of pages."""
        pages: dict[str, int] = {}
        if self.needs_page_numbers:
            self._build(io.BytesIO(), pages)
        return self._build(output, dict(pages))

    def _build(self, output: BinaryIO, pages: dict[str, int]) -> int:
        story = self.make_story(pages)
        return build_document(
            output, story, title=self.title, language=self.language, footer=self.footer
        )

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.build(buffer)
        return buffer.getvalue()

    def write(self, path: str | Path) -> int:
        """Write atomically: a temporary file beside the target, then a rename, so a failed
        print leaves neither a half file nor personal data anywhere else."""
        buffer = io.BytesIO()
        pages = self.build(buffer)
        write_atomically(Path(path), buffer.getvalue())
        return pages


def write_atomically(path: Path, data: bytes) -> Path:
    target = path.expanduser()
    folder = target.parent if str(target.parent) else Path()
    if target.is_dir():
        raise InvalidInput(N_("The output path is a folder; give a file name."))
    if not folder.is_dir():
        raise NotFound(N_("The output folder does not exist."))
    try:
        handle, temp_name = tempfile.mkstemp(prefix=".wko-", suffix=".part", dir=folder)
    except OSError:
        raise InvalidInput(N_("The output folder cannot be written to.")) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temp_name).replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            Path(temp_name).unlink()
        raise InvalidInput(N_("The file cannot be written there.")) from None
    return target
