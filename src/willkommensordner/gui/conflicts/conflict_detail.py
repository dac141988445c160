"""One conflict, both versions side by side: a choice per field, or per side when one deleted."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.exchange.conflicts import Side
from willkommensordner.gui.conflicts.comparison import Comparison, FieldRow, when_found
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.dossier.labels import kind_label
from willkommensordner.gui.widgets import MUTED, explanation, heading, isolate

# A soft amber behind values that differ: visible, but the text stays readable.
DIFFERS = "#fff1cc"


class _ValueLabel(QLabel):
    """A value beside its radio button; clicking the text picks it, as clicking the button."""

    def __init__(self, text: str, radio: QRadioButton | None, differs: bool) -> None:
        super().__init__(text)
        self._radio = radio
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # A palette, not a style sheet: a dossier has dozens of fields, sheets are slow.
        palette = self.palette()
        if differs:
            self.setAutoFillBackground(True)
            palette.setColor(QPalette.ColorRole.Window, QColor(DIFFERS))
            self.setMargin(3)
        else:
            palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED))
        self.setPalette(palette)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if self._radio is not None and self._radio.isEnabled():
            self._radio.setChecked(True)
        super().mousePressEvent(event)


class ConflictDetail(QWidget):
    """`resolve_requested(conflict_id, choice)`: choice is a Side or a {field: Side} dict."""

    resolve_requested = Signal(str, object)
    open_requested = Signal(str)

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        tr = ctx.tr
        self.comparison: Comparison | None = None
        self.field_choices: dict[str, QButtonGroup] = {}
        self.title = heading("", 3)
        self.subtitle = explanation("")
        self.subtitle.setStyleSheet(f"color: {MUTED};")
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setColumnStretch(1, 1)
        self.grid.setColumnStretch(2, 1)
        self.grid.setHorizontalSpacing(12)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.grid_host)

        # When one side deleted the record: keep one side as a whole.
        self.whole = QWidget()
        whole_row = QVBoxLayout(self.whole)
        whole_row.setContentsMargins(0, 0, 0, 0)
        self.whole_text = explanation("")
        self.keep_ours = QRadioButton()
        self.take_theirs = QRadioButton()
        self.whole_choice = QButtonGroup(self)
        self.whole_choice.addButton(self.keep_ours)
        self.whole_choice.addButton(self.take_theirs)
        for widget in (self.whole_text, self.keep_ours, self.take_theirs):
            whole_row.addWidget(widget)

        self.all_ours = QPushButton(tr.gettext("Take all &ours"))
        self.all_theirs = QPushButton(tr.gettext("Take all t&heirs"))
        self.open_dossier = QPushButton(tr.gettext("O&pen the dossier"))
        self.resolve = QPushButton(tr.gettext("&Resolve"))
        self.resolve.setDefault(True)
        self.resolve.setToolTip(
            tr.gettext("Save the chosen values as the new version of this record")
        )
        buttons = QHBoxLayout()
        for button in (self.all_ours, self.all_theirs, self.open_dossier):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.resolve)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.whole)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

        self.all_ours.clicked.connect(lambda: self.choose_all(Side.OURS))
        self.all_theirs.clicked.connect(lambda: self.choose_all(Side.THEIRS))
        self.resolve.clicked.connect(self._resolve)
        self.open_dossier.clicked.connect(self._open)
        self.show_comparison(None)

    # --- showing ----------------------------------------------------------------------------

    def show_comparison(self, comparison: Comparison | None) -> None:
        self._clear_grid()
        self.comparison = comparison
        tr = self.ctx.tr
        for widget in (self.all_ours, self.all_theirs, self.open_dossier, self.resolve):
            widget.setEnabled(comparison is not None)
        if comparison is None:
            self.title.setText(tr.gettext("Choose a conflict from the list."))
            self.subtitle.setText("")
            self.whole.hide()
            return
        c = comparison.conflict
        kind = kind_label(c.kind, tr)
        person = comparison.person or tr.gettext("(no name)")
        self.title.setText(f"{isolate(person)} — {kind}")
        self.subtitle.setText(
            tr.format(
                "Changed here and at {agency} since your copies last met. Found on {when}.",
                {
                    "agency": isolate(c.theirs_agency),
                    "when": when_found(c),
                },
            )
        )
        ours_head = tr.gettext("Ours (this vault)")
        theirs_head = tr.format("Theirs ({agency})", {"agency": isolate(c.theirs_agency)})
        if comparison.ours_deleted:
            ours_head += " — " + tr.gettext("deleted")
        if c.theirs_deleted:
            theirs_head += " — " + tr.gettext("deleted")
        self._add_header(tr.gettext("Field"), ours_head, theirs_head)
        same_shown = False
        for row in comparison.rows:
            if not row.differs and not comparison.one_side_deleted and not same_shown:
                same_shown = True
                self._add_subheading(tr.gettext("Same in both versions"))
            self._add_row(row)
        self.grid.setRowStretch(self.grid.rowCount(), 1)
        self.whole.setVisible(comparison.one_side_deleted)
        if comparison.one_side_deleted:
            self._offer_whole(comparison)
        self.choose_all(Side.OURS)

    def _offer_whole(self, comparison: Comparison) -> None:
        tr = self.ctx.tr
        agency = isolate(comparison.conflict.theirs_agency)
        if comparison.ours_deleted:
            self.whole_text.setText(
                tr.format(
                    "This record was deleted here, but {agency} changed it meanwhile.",
                    {"agency": agency},
                )
            )
            self.keep_ours.setText(tr.gettext("Keep it deleted"))
            self.take_theirs.setText(
                tr.format("Restore it as {agency} changed it", {"agency": agency})
            )
        else:
            self.whole_text.setText(
                tr.format(
                    "{agency} deleted this record, but it was changed here meanwhile.",
                    {"agency": agency},
                )
            )
            self.keep_ours.setText(tr.gettext("Keep it, with the changes made here"))
            self.take_theirs.setText(tr.format("Delete it, as {agency} did", {"agency": agency}))

    def _add_header(self, *texts: str) -> None:
        for column, text in enumerate(texts):
            label = QLabel(text)
            label.setWordWrap(True)
            font = label.font()
            font.setBold(True)
            label.setFont(font)
            self.grid.addWidget(label, 0, column)

    def _add_subheading(self, text: str) -> None:
        label = QLabel(text)
        label.setStyleSheet(f"color: {MUTED}; font-weight: 600; padding-top: 10px;")
        self.grid.addWidget(label, self.grid.rowCount(), 0, 1, 3)

    def _add_row(self, row: FieldRow) -> None:
        at = self.grid.rowCount()
        label = QLabel(row.label)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
        if row.differs:
            font = label.font()
            font.setBold(True)
            label.setFont(font)
        else:
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED))
            label.setPalette(palette)
        self.grid.addWidget(label, at, 0)
        group: QButtonGroup | None = None
        if row.differs:
            group = QButtonGroup(self.grid_host)
            self.field_choices[row.field] = group
        tr = self.ctx.tr
        for column, (side, text) in enumerate(
            ((Side.OURS, row.ours), (Side.THEIRS, row.theirs)), 1
        ):
            radio: QRadioButton | None = None
            cell = QWidget()
            line = QHBoxLayout(cell)
            line.setContentsMargins(0, 0, 0, 0)
            if group is not None:
                radio = QRadioButton()
                name = tr.gettext("Keep ours") if side is Side.OURS else tr.gettext("Take theirs")
                radio.setAccessibleName(f"{row.label}: {name}")
                radio.setProperty("side", side.value)
                group.addButton(radio)
                line.addWidget(radio, 0, Qt.AlignmentFlag.AlignTop)
            line.addWidget(_ValueLabel(text, radio, row.differs), 1)
            self.grid.addWidget(cell, at, column)

    def _clear_grid(self) -> None:
        for group in self.field_choices.values():
            group.deleteLater()
        self.field_choices = {}
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        for row in range(self.grid.rowCount()):
            self.grid.setRowStretch(row, 0)

    def clear(self) -> None:
        """Drop every shown value (lock)."""
        self.show_comparison(None)

    # --- choosing ---------------------------------------------------------------------------

    def choose_all(self, side: Side) -> None:
        for group in self.field_choices.values():
            _check(group, side)
        (self.keep_ours if side is Side.OURS else self.take_theirs).setChecked(True)

    def choose(self, field: str, side: Side) -> None:
        _check(self.field_choices[field], side)

    def choice(self) -> Side | dict[str, Side]:
        """What Resolve would save: one side when one side deleted, else a side per field."""
        assert self.comparison is not None
        if self.comparison.one_side_deleted:
            return Side.THEIRS if self.take_theirs.isChecked() else Side.OURS
        chosen: dict[str, Side] = {}
        for field, group in self.field_choices.items():
            button = group.checkedButton()
            chosen[field] = Side(button.property("side")) if button is not None else Side.OURS
        return chosen

    def _resolve(self) -> None:
        if self.comparison is not None:
            self.resolve_requested.emit(self.comparison.conflict.id, self.choice())

    def _open(self) -> None:
        if self.comparison is not None:
            self.open_requested.emit(self.comparison.conflict.dossier_id)


def _check(group: QButtonGroup, side: Side) -> None:
    for button in group.buttons():
        if button.property("side") == side.value:
            button.setChecked(True)
