"""Small building blocks shared by several views."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.gui.announce import announce
from willkommensordner.i18n import Translator
from willkommensordner.vault.passphrase_policy import strength

# Calm colours that keep enough contrast on white for text in them (WCAG AA for 12pt+).
AMBER = "#8a5a00"
RED = "#a4262c"
BLUE = "#1f5f99"
GREEN = "#2e6b30"
MUTED = "#5f6368"


def heading(text: str, size_delta: int = 6) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSize(font.pointSize() + size_delta)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def isolate(text: str) -> str:
    """Keep a path, number or name in its own direction inside a translated sentence."""
    return f"\u2068{text}\u2069"


def explanation(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class MessageLabel(QLabel):
    """A message next to a field: hidden (taking no space) while it has no text.

    A screen reader hears each new message when it appears (it would not find it otherwise:
    the label takes no focus), and the message is the label's name.
    """

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        changed = text != self.text()
        super().setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
        if text and changed:
            announce(self, text)

    def clear(self) -> None:
        super().clear()
        self.hide()


def message_label(color: str = RED) -> MessageLabel:
    """A label for messages next to a field; empty (and taking no space) until set."""
    label = MessageLabel()
    label.hide()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(f"color: {color};")
    return label


def demo_banner(tr: Translator) -> QLabel:
    """The warning over invented sample content (the demo town's contact points)."""
    label = QLabel(tr.gettext("Sample data – do not pass on"))
    label.setObjectName("demoBanner")
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(
        f"color: {RED}; background: #fdecea; border: 2px solid {RED}; border-radius: 4px;"
        " padding: 6px; font-weight: bold;"
    )
    label.setAccessibleName(label.text())
    label.setToolTip(
        tr.gettext(
            "The contact points shown come from the invented demo town: addresses and phone "
            "numbers are made up. Import your municipality's own content pack in the settings."
        )
    )
    return label


def eye_icon(crossed: bool, color: str = "#1f2328", size: int = 32) -> QIcon:
    """An eye (open: "show"), crossed out for "hide"; drawn, so it follows no icon theme."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(color), size / 12)
    painter.setPen(pen)
    eye = QRectF(size * 0.1, size * 0.28, size * 0.8, size * 0.44)
    painter.drawEllipse(eye)
    painter.setBrush(QColor(color))
    painter.drawEllipse(eye.center(), size * 0.1, size * 0.1)
    if crossed:
        painter.drawLine(QPointF(size * 0.15, size * 0.85), QPointF(size * 0.85, size * 0.15))
    painter.end()
    return QIcon(pixmap)


class PassphraseEdit(QLineEdit):
    """A password field with a show/hide button, because long passphrases get mistyped.

    The button sits inside the field's right end, is drawn (an eye), takes keyboard focus
    after the field and says what pressing it does ("Show passphrase"/"Hide passphrase").
    """

    def __init__(self, tr: Translator, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(accessible_name)
        self.setMinimumWidth(320)
        self._tr = tr
        self.toggle = QToolButton(self)
        self.toggle.setObjectName("passphraseToggle")
        self.toggle.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.toggle.setCursor(Qt.CursorShape.PointingHandCursor)
        self.toggle.setAutoRaise(True)
        self.toggle.clicked.connect(lambda: self._show(not self.is_shown()))
        self._show(False)

    def is_shown(self) -> bool:
        return self.echoMode() == QLineEdit.EchoMode.Normal

    def _show(self, visible: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password)
        tr = self._tr
        what = tr.gettext("Hide passphrase") if visible else tr.gettext("Show passphrase")
        self.toggle.setIcon(eye_icon(crossed=visible))
        self.toggle.setToolTip(what)
        self.toggle.setAccessibleName(what)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        side = max(16, self.height() - 6)
        self.toggle.setIconSize(QSize(side - 8, side - 8))
        self.toggle.setFixedSize(side, side)
        self.toggle.move(self.width() - side - 3, (self.height() - side) // 2)
        self.setTextMargins(0, 0, side + 2, 0)


class NewPassphraseForm(QWidget):
    """A new passphrase typed twice, with a strength bar and the policy's hint.

    `valid_changed(bool)` fires when "acceptable and both fields equal" changes.
    """

    valid_changed = Signal(bool)

    def __init__(self, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = tr
        self.first = PassphraseEdit(tr, tr.gettext("New passphrase"))
        self.second = PassphraseEdit(tr, tr.gettext("Repeat the passphrase"))
        self.meter = QProgressBar()
        self.meter.setRange(0, 4)
        self.meter.setTextVisible(False)
        self.meter.setMaximumHeight(8)
        self.meter.setAccessibleName(tr.gettext("Passphrase strength"))
        self.hint = message_label(MUTED)
        self.match = message_label(RED)
        form = QFormLayout()
        form.addRow(tr.gettext("&Passphrase:"), self.first)
        form.addRow("", self.meter)
        form.addRow("", self.hint)
        form.addRow(tr.gettext("&Repeat:"), self.second)
        form.addRow("", self.match)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        self.hint.setText(tr.gettext("Use at least 12 characters. A few unrelated words are best."))
        self._valid = False
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)

    def passphrase(self) -> str:
        return self.first.text()

    def is_valid(self) -> bool:
        return self._valid

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()

    def _update(self) -> None:
        text = self.first.text()
        if text:
            result = strength(text)
            self.meter.setValue(result.score)
            color = {0: RED, 1: AMBER, 2: GREEN, 3: GREEN, 4: GREEN}[result.score]
            self.meter.setStyleSheet(f"QProgressBar::chunk {{ background: {color}; }}")
            self.hint.setText(self._tr.gettext(result.hint))
            acceptable = result.score > 0
        else:
            self.meter.setValue(0)
            acceptable = False
        repeated = self.second.text()
        if repeated and repeated != text:
            self.match.setText(self._tr.gettext("The two passphrases differ."))
        else:
            self.match.clear()
        valid = acceptable and repeated == text
        if valid != self._valid:
            self._valid = valid
            self.valid_changed.emit(valid)


# Column widths from the first rows only: measuring every row of a long history took longer
# than the GUI thread may be blocked.
RESIZE_PRECISION_ROWS = 100


def record_table(model: QAbstractItemModel, name: str, parent: QWidget | None = None) -> QTableView:
    """A table of records to look at and pick one row from; they are edited in dialogs."""
    table = QTableView(parent)
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrow keys move between rows
    header = table.horizontalHeader()
    header.setStretchLastSection(True)
    header.setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
    return table


class FormScrollArea(QScrollArea):
    """A scroll area for a form: it scrolls up and down, never sideways.

    The area is at least as wide as the form needs (so nothing is cut off); on a short
    screen the form scrolls vertically instead of pushing buttons off the screen.
    """

    def __init__(self, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The fields inside take the focus (the area scrolls to each); the area itself is no
        # stop on the Tab way, where it had no name and no visible mark.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWidget(content)
        content.installEventFilter(self)
        self._follow(content)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self._follow(self.widget())
        return False

    def _follow(self, content: QWidget) -> None:
        bar = self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(content.minimumSizeHint().width() + bar)
