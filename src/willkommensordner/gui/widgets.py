"""Small building blocks shared by several views."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

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
    """A message next to a field: hidden (taking no space) while it has no text."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API
        super().setText(text)
        self.setVisible(bool(text))

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
    label.setAccessibleName("message")
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


class PassphraseEdit(QLineEdit):
    """A password field with a show/hide action, because long passphrases get mistyped."""

    def __init__(self, tr: Translator, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setAccessibleName(accessible_name)
        self.setMinimumWidth(320)
        self._tr = tr
        self._toggle = QAction(tr.gettext("Show"), self)
        self._toggle.setCheckable(True)
        self._toggle.toggled.connect(self._show)
        self.addAction(self._toggle, QLineEdit.ActionPosition.TrailingPosition)

    def _show(self, visible: bool) -> None:
        self.setEchoMode(QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password)
        self._toggle.setText(self._tr.gettext("Hide") if visible else self._tr.gettext("Show"))


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
