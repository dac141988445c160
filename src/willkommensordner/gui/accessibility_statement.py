"""Help → Accessibility statement (text: willkommensordner.accessibility_statement)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from willkommensordner import __version__
from willkommensordner.accessibility_statement import statement
from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.settings import ACCESSIBILITY_CONTACT, AGENCY


class StatementDialog(QDialog):
    def __init__(self, ctx: GuiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        s = ctx.settings
        text = statement(ctx.tr, __version__, s.get(AGENCY), s.get(ACCESSIBILITY_CONTACT))
        self.setWindowTitle(text.title)
        self.text = QTextBrowser()
        self.text.setAccessibleName(text.title)
        self.text.setOpenExternalLinks(False)
        body = "".join(
            f"<h3>{html.escape(head)}</h3><p>{html.escape(para).replace(chr(10), '<br>')}</p>"
            for head, para in text.sections
        )
        self.text.setHtml(f"<h2>{html.escape(text.title)}</h2>{body}")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)
