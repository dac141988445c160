"""The preview of an Integreat import: what would be installed, and every problem, before
anything changes. The plan is made in the runner; this dialog only shows it."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from willkommensordner.content.integreat import ImportPlan, preview
from willkommensordner.i18n import Translator


class IntegreatPreviewDialog(QDialog):
    def __init__(self, plan: ImportPlan, tr: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr.gettext("Import from Integreat"))
        self.resize(640, 480)
        intro = QLabel(
            tr.gettext(
                "Nothing has been changed yet. The translations are taken over as they are at "
                "Integreat and are marked “from Integreat, not reviewed here”."
            )
        )
        intro.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(preview(plan, tr)))
        self.text.setReadOnly(True)
        self.text.setAccessibleName(tr.gettext("Preview of the import"))
        self.text.setFont(QFont(self.text.font().family(), self.text.font().pointSize()))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText(tr.gettext("&Import"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr.gettext("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
