"""Every window and dialog fits the screen it appears on, at any resolution and scale.

Sizes in the code (a dialog's `resize(560, 660)`, a window geometry saved on a large
monitor) are wishes; the screen's available geometry (without panels and docks) decides.
`ScreenFit` is an application event filter: whenever a top-level window is about to be
shown, it is shrunk to the available area (less room for the title bar the window manager
adds) and moved inside it. Content that then has too little room scrolls vertically in the
scroll areas the forms sit in; nothing is cut off.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QStyle, QWidget


def available_geometry(widget: QWidget) -> QRect:
    """The usable area of the screen the widget is on (else the primary screen)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def decoration(widget: QWidget) -> QSize:
    """The room the window manager's frame takes: known once shown, estimated before."""
    frame, inner = widget.frameGeometry(), widget.geometry()
    if widget.isVisible() and frame.size() != inner.size():
        return frame.size() - inner.size()
    style = widget.style()
    title = style.pixelMetric(QStyle.PixelMetric.PM_TitleBarHeight, None, widget)
    border = 2 * style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, widget)
    return QSize(border, title + border)


def fit_to_screen(widget: QWidget) -> None:
    """Shrink a top-level widget to the available screen area and move it fully inside."""
    area = available_geometry(widget)
    room = area.size() - decoration(widget)
    size = widget.size().boundedTo(room)
    # A layout's minimum may still be larger; the minimum is lowered as far as the screen
    # needs, and the scroll areas inside take the rest.
    minimum = widget.minimumSize()
    if minimum.width() > room.width() or minimum.height() > room.height():
        widget.setMinimumSize(minimum.boundedTo(room))
    if size != widget.size():
        widget.resize(size)
    frame = decoration(widget)
    outer = QRect(widget.pos(), widget.size() + frame)
    x = min(max(outer.left(), area.left()), area.right() + 1 - outer.width())
    y = min(max(outer.top(), area.top()), area.bottom() + 1 - outer.height())
    if QPoint(x, y) != outer.topLeft():
        widget.move(max(x, area.left()), max(y, area.top()))


class ScreenFit(QObject):
    """Fits every top-level widget to its screen as it is shown (install once per app)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        # Menus, tooltips and completer lists (popups) place themselves.
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.windowType() in (Qt.WindowType.Window, Qt.WindowType.Dialog)
        ):
            fit_to_screen(watched)
        return False
