"""How to begin in an empty vault: create the first dossier, or load sample data to try it.

Sample data means invented dossiers and the demo town's content pack with made-up contact
points. Both go in only when the counsellor asks for them here; the rest of the app marks
them wherever they would reach a newcomer.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from willkommensordner.content.store import PackStore, default_data_dir
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.widgets import explanation, heading
from willkommensordner.vault.demo_data import add_demo_dossiers

SAMPLE_DOSSIERS = 12


class FirstStepsPanel(QFrame):
    """`new_requested()` for the first dossier, `sample_requested()` for sample data."""

    new_requested = Signal()
    sample_requested = Signal()

    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        tr = ctx.tr
        self.setObjectName("firstSteps")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.new_button = QPushButton(tr.gettext("Create the first dossier"))
        self.new_button.setDefault(True)
        self.sample_button = QPushButton(tr.gettext("Load sample data"))
        self.sample_button.setToolTip(
            tr.gettext(
                "Invented people and the contact points of an invented town, to try the app "
                "out. Printouts with them are marked as sample data."
            )
        )
        self.new_button.clicked.connect(self.new_requested)
        self.sample_button.clicked.connect(self.sample_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading(tr.gettext("How to begin"), 3))
        layout.addWidget(
            explanation(
                tr.gettext(
                    "There are no dossiers yet. Create the first one for the person you are "
                    "counselling (Ctrl+N), or load sample data to look around first."
                )
            )
        )
        layout.addLayout(buttons)


def load_sample_data(ctx: GuiContext, done: Callable[[], None]) -> bool:
    """Ask, then add invented dossiers and show the demo town's pack; `done()` afterwards."""
    tr = ctx.tr
    if not ctx.dialogs.ask(
        tr.gettext("Load sample data"),
        tr.format(
            "Add {count} invented dossiers and the contact points of the invented demo town "
            "to this vault, to try the app out? Remove the sample pack in the settings before "
            "working with real people.",
            {"count": SAMPLE_DOSSIERS},
        ),
        default_yes=True,
    ):
        return False
    vault = ctx.require_vault()
    today = ctx.today()
    store = PackStore(default_data_dir())

    def work() -> int:
        written = add_demo_dossiers(vault, SAMPLE_DOSSIERS, seed=7, today=today)
        store.set_demo_enabled(True)
        return written

    ctx.runner.submit(
        work,
        lambda _written: done(),
        lambda exc: ctx.dialogs.show_error(exc, tr.gettext("The sample data was not loaded")),
        busy_text=tr.gettext("Loading sample data…"),
    )
    return True
