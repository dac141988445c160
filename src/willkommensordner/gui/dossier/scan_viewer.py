"""Scans viewed inside the app, from memory: a decrypted scan never touches the disk.

PDFs are handed to QtPdf through a QBuffer, images are decoded from bytes; there is no
temporary file for another program to open. A plaintext copy exists only when the counsellor
asks for one ("Save a copy…") and picks where it goes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QImage,
    QImageReader,
    QKeySequence,
    QPen,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner import storage
from willkommensordner.domain.document import AttachmentRef
from willkommensordner.errors import InvalidInput
from willkommensordner.gui.context import GuiContext
from willkommensordner.i18n import N_

ZOOM_STEP = 1.25
ZOOM_MIN = 0.1
ZOOM_MAX = 8.0
PDF_MEDIA_TYPE = "application/pdf"


def decode_image(data: bytes) -> QImage:
    """Decode in a worker (QImage, unlike QPixmap, may live off the GUI thread).

    A null image means Qt has no plugin for the format (HEIC, usually) or the file is broken.
    EXIF orientation is applied, so a phone photo of a paper is not shown on its side.
    """
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    image = reader.read()
    buffer.close()
    return image


class _ImageView(QGraphicsView):
    """A picture with zoom: buttons, Ctrl+wheel, keyboard (Ctrl + / - / 0)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = QGraphicsScene(self)
        self.setScene(self._scene)
        self._item: QGraphicsPixmapItem | None = None
        self._mark: QGraphicsRectItem | None = None
        self._fit = True
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def set_image(self, image: QImage) -> None:
        self.clear_image()
        self._item = self._scene.addPixmap(QPixmap.fromImage(image))
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.setSceneRect(self._item.boundingRect())
        self.fit()

    def clear_image(self) -> None:
        self._scene.clear()
        self._item = None
        self._mark = None
        self.resetTransform()

    def mark(self, rect: QRectF | None) -> None:
        """Highlight where a suggestion was read (None: no highlight)."""
        if self._mark is not None:
            self._scene.removeItem(self._mark)
            self._mark = None
        if rect is None or self._item is None:
            return
        pad = max(4.0, rect.height() * 0.25)
        self._mark = self._scene.addRect(
            rect.adjusted(-pad, -pad, pad, pad),
            QPen(QColor("#d9480f"), 3),
            QBrush(QColor(255, 212, 59, 70)),
        )
        self.ensureVisible(self._mark)

    def marked(self) -> QRectF | None:
        return self._mark.rect() if self._mark is not None else None

    def pixmap_size(self) -> QSize:
        return self._item.pixmap().size() if self._item is not None else QSize()

    def zoom_factor(self) -> float:
        return float(self.transform().m11())

    def zoom_by(self, factor: float) -> None:
        if self._item is None:
            return
        target = min(ZOOM_MAX, max(ZOOM_MIN, self.zoom_factor() * factor))
        self._fit = False
        self.resetTransform()
        self.scale(target, target)

    def fit(self) -> None:
        if self._item is None:
            return
        self._fit = True
        self.resetTransform()
        self.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._fit:
            self.fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom_by(ZOOM_STEP if event.angleDelta().y() > 0 else 1 / ZOOM_STEP)
            event.accept()
            return
        super().wheelEvent(event)


class ScanViewer(QWidget):
    """Shows one attachment: PDF pages, a zoomable image, or why it cannot be shown.

    `show_attachment(ref)` reads and decodes in the background runner; `show_bytes` shows
    bytes already in memory. `clear()` drops every byte of the scan.
    """

    loaded = Signal()  # the scan is on screen (or the "cannot display" message is)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self._data: bytes | None = None
        self._ref: AttachmentRef | None = None
        self._buffer: QBuffer | None = None
        self._task: object | None = None

        self._title = QLabel()
        self._title.setTextFormat(Qt.TextFormat.PlainText)
        self._title.setObjectName("scanTitle")
        self._zoom_in = self._button("+", tr.gettext("Zoom in"), lambda: self.zoom_by(ZOOM_STEP))
        self._zoom_out = self._button(
            "−", tr.gettext("Zoom out"), lambda: self.zoom_by(1 / ZOOM_STEP)
        )
        self._fit_button = self._button(tr.gettext("Fit"), tr.gettext("Fit to window"), self.fit)
        self._save = self._button(
            tr.gettext("Save a copy…"),
            tr.gettext("Save an unencrypted copy of this scan to a file you choose"),
            self.save_copy,
        )
        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self._title, 1)
        for button in (self._zoom_out, self._zoom_in, self._fit_button, self._save):
            bar.addWidget(button)

        self._pdf = QPdfDocument(self)
        self._pdf_view = QPdfView(self)
        self._pdf_view.setDocument(self._pdf)
        self._pdf_view.setPageMode(QPdfView.PageMode.MultiPage)
        self._pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._pdf_view.setAccessibleName(tr.gettext("PDF scan"))
        self._image_view = _ImageView(self)
        self._image_view.setAccessibleName(tr.gettext("Scanned image"))
        self._message = QLabel()
        self._message.setWordWrap(True)
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setObjectName("scanMessage")

        self._stack = QStackedWidget()
        for page in (self._message, self._pdf_view, self._image_view):
            self._stack.addWidget(page)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self._stack, 1)

        for keys, action in (
            (QKeySequence.StandardKey.ZoomIn, lambda: self.zoom_by(ZOOM_STEP)),
            (QKeySequence.StandardKey.ZoomOut, lambda: self.zoom_by(1 / ZOOM_STEP)),
            (QKeySequence("Ctrl+0"), self.fit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.clear()

    def _button(self, text: str, tip: str, slot: object) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        return button

    # --- showing ----------------------------------------------------------------------------

    def show_attachment(self, ref: AttachmentRef) -> None:
        """Read the blob and decode it in the background; the view says so meanwhile."""
        vault = self.ctx.require_vault()
        self.clear()
        self._message.setText(self.ctx.tr.gettext("Opening the scan…"))
        media_type = ref.media_type

        def work() -> tuple[bytes, QImage | None]:
            data = vault.attachments.read(ref.sha256)
            image = None if media_type == PDF_MEDIA_TYPE else decode_image(data)
            return data, image

        def done(result: tuple[bytes, QImage | None]) -> None:
            data, image = result
            self._show(data, ref, image)

        def failed(exc: BaseException) -> None:
            self._message.setText(self.ctx.tr.gettext("The scan could not be opened."))
            self.ctx.dialogs.show_error(exc)
            self.loaded.emit()

        self._task = self.ctx.runner.submit(
            work, done, failed, busy_text=self.ctx.tr.gettext("Opening the scan…")
        )

    def show_bytes(self, data: bytes, ref: AttachmentRef) -> None:
        """Show a scan already in memory (decoding happens here, on the GUI thread)."""
        image = None if ref.media_type == PDF_MEDIA_TYPE else decode_image(data)
        self._show(data, ref, image)

    def _show(self, data: bytes, ref: AttachmentRef, image: QImage | None) -> None:
        self.clear()
        self._data = data
        self._ref = ref
        self._title.setText(ref.filename or self.ctx.tr.gettext("Scan"))
        self._save.setEnabled(True)
        if ref.media_type == PDF_MEDIA_TYPE:
            self._show_pdf(data)
        elif image is not None and not image.isNull():
            self._image_view.set_image(image)
            self._stack.setCurrentWidget(self._image_view)
            self._set_zoom_enabled(True)
        else:
            self._cannot_display(ref)
        self.loaded.emit()

    def _show_pdf(self, data: bytes) -> None:
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self._pdf.load(buffer)
        if self._pdf.status() == QPdfDocument.Status.Error or self._pdf.pageCount() == 0:
            self._drop_pdf()
            self._message.setText(
                self.ctx.tr.gettext(
                    "This PDF cannot be displayed; it may be damaged or protected. "
                    "You can save a copy and open it with another program."
                )
            )
            self._stack.setCurrentWidget(self._message)
            return
        self._pdf_view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._stack.setCurrentWidget(self._pdf_view)
        self._set_zoom_enabled(True)

    def _cannot_display(self, ref: AttachmentRef) -> None:
        if ref.media_type == "image/heic":
            text = self.ctx.tr.gettext(
                "HEIC photos (from iPhones) cannot be displayed here. "
                "Save a copy to open it with another program, or attach the photo as JPEG."
            )
        else:
            text = self.ctx.tr.gettext(
                "This file cannot be displayed here. Save a copy to open it with another program."
            )
        self._message.setText(text)
        self._stack.setCurrentWidget(self._message)

    # --- zoom -------------------------------------------------------------------------------

    def _set_zoom_enabled(self, enabled: bool) -> None:
        for button in (self._zoom_in, self._zoom_out, self._fit_button):
            button.setEnabled(enabled)

    def zoom_by(self, factor: float) -> None:
        if self._stack.currentWidget() is self._image_view:
            self._image_view.zoom_by(factor)
        elif self._stack.currentWidget() is self._pdf_view:
            current = self._pdf_view.zoomFactor()
            self._pdf_view.setZoomMode(QPdfView.ZoomMode.Custom)
            self._pdf_view.setZoomFactor(min(ZOOM_MAX, max(ZOOM_MIN, current * factor)))

    def fit(self) -> None:
        if self._stack.currentWidget() is self._image_view:
            self._image_view.fit()
        elif self._stack.currentWidget() is self._pdf_view:
            self._pdf_view.setZoomMode(QPdfView.ZoomMode.FitInView)

    def zoom_factor(self) -> float:
        if self._stack.currentWidget() is self._image_view:
            return self._image_view.zoom_factor()
        return float(self._pdf_view.zoomFactor())

    # --- highlighting ----------------------------------------------------------------------

    def highlight(self, box: object | None) -> None:
        """Mark a box (left, top, width, height in the image's pixels) on an image scan."""
        if box is None:
            self._image_view.mark(None)
            return
        left, top = box.left, box.top  # type: ignore[attr-defined]
        width, height = box.width, box.height  # type: ignore[attr-defined]
        self._image_view.mark(QRectF(left, top, width, height))

    def highlighted(self) -> QRectF | None:
        return self._image_view.marked()

    # --- what tests and callers can ask -----------------------------------------------------

    @property
    def showing(self) -> str:
        """ "pdf", "image", "message" or "empty"."""
        if self._data is None:
            return "empty"
        current = self._stack.currentWidget()
        if current is self._pdf_view:
            return "pdf"
        if current is self._image_view:
            return "image"
        return "message"

    def page_count(self) -> int:
        return int(self._pdf.pageCount()) if self._buffer is not None else 0

    def pixmap_size(self) -> QSize:
        return self._image_view.pixmap_size()

    def message_text(self) -> str:
        return self._message.text()

    # --- save a copy ------------------------------------------------------------------------

    def save_copy(self) -> Path | None:
        """Write the scan to a file the counsellor picks; the only way it leaves the vault."""
        if self._data is None or self._ref is None:
            return None
        tr = self.ctx.tr
        suffix = Path(self._ref.filename).suffix if self._ref.filename else ""
        if not suffix:
            suffix = {
                PDF_MEDIA_TYPE: ".pdf",
                "image/jpeg": ".jpg",
                "image/png": ".png",
                "image/tiff": ".tif",
                "image/heic": ".heic",
            }.get(self._ref.media_type, "")
        target = self.ctx.dialogs.save_file(
            tr.gettext("Save an unencrypted copy"),
            self._ref.filename or tr.gettext("scan") + suffix,
            tr.gettext("Files") + f" (*{suffix})" if suffix else "",
        )
        if target is None:
            return None
        try:
            storage.write_private(target, self._data)
        except OSError:
            self.ctx.dialogs.show_error(
                InvalidInput(N_("The file {path} cannot be written."), path=str(target))
            )
            return None
        return target

    # --- forgetting -------------------------------------------------------------------------

    def _drop_pdf(self) -> None:
        self._pdf.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.setData(QByteArray())
            self._buffer.deleteLater()
            self._buffer = None

    def clear(self) -> None:
        """Forget the scan: the bytes, the decoded pages and pixels, the file name."""
        task = self._task
        if task is not None:
            task.cancel()  # type: ignore[attr-defined]
            self._task = None
        self._drop_pdf()
        self._image_view.clear_image()
        self._data = None
        self._ref = None
        self._title.clear()
        self._message.setText(self.ctx.tr.gettext("No scan selected."))
        self._stack.setCurrentWidget(self._message)
        self._set_zoom_enabled(False)
        self._save.setEnabled(False)
