"""The conflicts page's hook into the main window: page, "Conflicts (N)" action, agenda notice.

The main window calls `add_conflicts_page(window, ctx)` once, stacks `.view` and offers
`show_conflicts()`; the action and the agenda notice appear only while conflicts are open.
Whoever changes the vault outside the bridge's events (an import screen) may call
`refresh_count()`; showing the page refreshes it too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QBoxLayout, QPushButton, QWidget

from willkommensordner.gui.conflicts.conflicts_view import ConflictsView
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.widgets import AMBER


class ConflictsPage(QObject):
    def __init__(self, window: Any, ctx: GuiContext) -> None:
        super().__init__(window)
        self.ctx = ctx
        tr = ctx.tr
        self.view = ConflictsView(ctx)
        self.count = 0
        self.action = QAction(window)
        self.action.setToolTip(
            tr.gettext("Records changed here and at another agency: choose what to keep")
        )
        self.action.triggered.connect(window.show_conflicts)
        self.action.setVisible(False)
        window.toolbar.insertAction(_first_right_action(window), self.action)
        self.notice = QPushButton()
        self.notice.setFlat(True)
        self.notice.setStyleSheet(f"color: {AMBER}; font-weight: 600; text-align: left;")
        self.notice.clicked.connect(window.show_conflicts)
        self.notice.hide()
        column = _agenda_column(window)
        if column is not None:
            column.insertWidget(2, self.notice)
        self.view.count_changed.connect(self._show_count)
        self.view.open_requested.connect(window.open_dossier)
        ctx.bridge.opened.connect(self.refresh_count)
        ctx.bridge.changed.connect(lambda _change: self.refresh_count())
        ctx.bridge.locked.connect(lambda: self._show_count(0))

    def refresh_count(self) -> None:
        self._show_count(self.view.count())

    def _show_count(self, count: int) -> None:
        tr = self.ctx.tr
        self.count = count
        self.action.setText(tr.format("Conflicts ({count})", {"count": count}))
        self.action.setVisible(count > 0)
        self.notice.setText(
            tr.ngettext(
                "{count} record was changed here and at another agency: resolve the conflict",
                "{count} records were changed here and at another agency: resolve the conflicts",
                count,
            ).format(count=count)
        )
        self.notice.setVisible(count > 0)


def _first_right_action(window: Any) -> QAction:
    """The settings action: the conflicts entry goes just before it, on the right side."""
    return window.act_settings  # type: ignore[no-any-return]


def _agenda_column(window: Any) -> QBoxLayout | None:
    """The agenda's column of sections: the notice goes under its title and date.

    None if the agenda is laid out differently one day: then only the toolbar entry shows.
    """
    title: QWidget | None = getattr(window.agenda, "title", None)
    parent = title.parentWidget() if title is not None else None
    layout = parent.layout() if parent is not None else None
    return layout if isinstance(layout, QBoxLayout) else None


def add_conflicts_page(window: Any, ctx: GuiContext) -> ConflictsPage:
    return ConflictsPage(window, ctx)
