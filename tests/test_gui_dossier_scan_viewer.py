"""Scans open inside the app from memory: real PDF and PNG bytes, no plaintext temp file."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from pytestqt.qtbot import QtBot
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dialogs import Kind, ScriptedAnswerer
from willkommensordner.gui.dossier.scan_viewer import ScanViewer

pytest_plugins = ("tests.gui_support",)


def pdf_bytes(pages: int = 3) -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    for number in range(1, pages + 1):
        pdf.drawString(72, 760, f"Duldung - page {number}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def png_bytes(width: int = 320, height: int = 200) -> bytes:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data().data())


def temp_listing() -> set[str]:
    root = Path(tempfile.gettempdir())
    found = set()
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            found.add(str(Path(dirpath) / name))
    return found


def files_holding(paths: set[str], *contents: bytes) -> list[str]:
    """The files among `paths` that contain any of the contents.

    The temp folder is shared with other programs (and other test runs), so a new file there
    is only our leak if it holds the scan.
    """
    leaks = []
    for name in paths:
        try:
            data = Path(name).read_bytes()
        except OSError:
            continue
        if any(c in data for c in contents):
            leaks.append(name)
    return leaks


@pytest.fixture
def viewer(qtbot: QtBot, unlocked_ctx: GuiContext) -> ScanViewer:
    widget = ScanViewer(unlocked_ctx)
    widget.resize(700, 500)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_pdf_and_png_from_the_vault_without_temp_files(
    qtbot: QtBot, viewer: ScanViewer, unlocked_ctx: GuiContext, tmp_path: Path
) -> None:
    vault = unlocked_ctx.require_vault()
    pdf, png = pdf_bytes(3), png_bytes(320, 200)
    pdf_ref = vault.attachments.add_bytes(pdf, "duldung.pdf")
    png_ref = vault.attachments.add_bytes(png, "pass.png")
    before = temp_listing() - {str(p) for p in tmp_path.rglob("*")}

    with qtbot.waitSignal(viewer.loaded, timeout=5000):
        viewer.show_attachment(pdf_ref)
    assert viewer.showing == "pdf"
    assert viewer.page_count() == 3

    with qtbot.waitSignal(viewer.loaded, timeout=5000):
        viewer.show_attachment(png_ref)
    assert viewer.showing == "image"
    assert (viewer.pixmap_size().width(), viewer.pixmap_size().height()) == (320, 200)

    after = temp_listing() - {str(p) for p in tmp_path.rglob("*")}
    assert files_holding(after - before, pdf, png) == []


def test_zoom_in_out_and_fit(qtbot: QtBot, viewer: ScanViewer) -> None:
    from willkommensordner.domain.document import AttachmentRef

    data = png_bytes(1600, 1200)
    ref = AttachmentRef(sha256="a" * 64, filename="big.png", media_type="image/png", size=len(data))
    viewer.show_bytes(data, ref)
    fitted = viewer.zoom_factor()
    assert fitted < 1.0  # a big photo fits the window at first
    viewer.zoom_by(2.0)
    assert viewer.zoom_factor() == pytest.approx(fitted * 2.0)
    viewer.activateWindow()
    qtbot.waitUntil(viewer.isActiveWindow)
    viewer._image_view.setFocus()
    qtbot.keyClick(viewer._image_view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom_factor() == pytest.approx(fitted)


def test_heic_gives_a_clear_message_and_save_a_copy_only_on_request(
    viewer: ScanViewer, answers: ScriptedAnswerer, unlocked_ctx: GuiContext, tmp_path: Path
) -> None:
    from willkommensordner.domain.document import AttachmentRef

    # The start of a real HEIC file (ftyp box); Qt has no plugin to decode it.
    data = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 200
    ref = AttachmentRef(sha256="b" * 64, filename="IMG_0001.HEIC", media_type="image/heic", size=1)
    viewer.show_bytes(data, ref)
    assert viewer.showing == "message"
    assert "HEIC" in viewer.message_text() and "Save a copy" in viewer.message_text()
    assert list(tmp_path.glob("*.HEIC")) == []

    target = tmp_path / "copy.HEIC"
    answers.queue(Kind.SAVE_FILE, target)
    assert viewer.save_copy() == target
    assert target.read_bytes() == data
    assert answers.asked[-1].options["suggested"] == "IMG_0001.HEIC"

    answers.queue(Kind.SAVE_FILE, None)  # cancelled: nothing written
    assert viewer.save_copy() is None


def test_clear_forgets_the_scan(qtbot: QtBot, viewer: ScanViewer) -> None:
    from willkommensordner.domain.document import AttachmentRef

    data = pdf_bytes(2)
    ref = AttachmentRef(
        sha256="c" * 64, filename="bescheid.pdf", media_type="application/pdf", size=len(data)
    )
    viewer.show_bytes(data, ref)
    assert viewer.page_count() == 2
    viewer.clear()
    assert viewer.showing == "empty"
    assert viewer.page_count() == 0
    assert viewer._data is None and viewer._title.text() == ""
    assert "bescheid" not in viewer.findChild(type(viewer._title), "scanTitle").text()


def test_broken_pdf_says_so(viewer: ScanViewer) -> None:
    from willkommensordner.domain.document import AttachmentRef

    data = b"%PDF-1.4 this is not really a pdf"
    ref = AttachmentRef(
        sha256="d" * 64, filename="x.pdf", media_type="application/pdf", size=len(data)
    )
    viewer.show_bytes(data, ref)
    assert viewer.showing == "message"
    assert "cannot be displayed" in viewer.message_text()
