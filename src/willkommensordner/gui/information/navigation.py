"""`open_information(ctx, lang, topic_id)`: how other views (the dossier) open the pages.

The main window's Information page registers itself here for its context; the call then
switches the main window to it. Without a registered page (a view used on its own) the
pages open in a window of their own.
"""

from __future__ import annotations

import weakref

from PySide6.QtCore import Qt
from shiboken6 import isValid

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.information.information_view import InformationView
from willkommensordner.gui.information.reader_language import reader_language

# Weak both ways: a registry must not keep a context or a closed window alive (a widget
# outliving the QApplication aborts the interpreter at exit).
_sections: weakref.WeakKeyDictionary[GuiContext, weakref.ref[InformationView]] = (
    weakref.WeakKeyDictionary()
)
# Windows opened by open_information without a main window; they leave when closed.
_own_windows: set[InformationView] = set()


def register_section(ctx: GuiContext, view: InformationView) -> None:
    """Make `view` the page that `open_information(ctx, …)` brings up."""
    _sections[ctx] = weakref.ref(view)


def section_for(ctx: GuiContext) -> InformationView | None:
    ref = _sections.get(ctx)
    view = ref() if ref is not None else None
    if view is None or not isValid(view):
        return None
    return view


def _own_window(ctx: GuiContext) -> InformationView:
    view = InformationView(ctx)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.setWindowTitle(ctx.tr.gettext("Information"))
    view.resize(1100, 720)
    _own_windows.add(view)
    view.destroyed.connect(lambda _obj=None, v=view: _own_windows.discard(v))
    register_section(ctx, view)
    return view


def open_information(ctx: GuiContext, lang: str, topic_id: str | None = None) -> InformationView:
    """Show the information pages in `lang` (a dossier's preferred language, e.g. "fa_AF" or
    "prs"), at `topic_id` if given; unknown languages fall back with a visible notice."""
    view = section_for(ctx)
    if view is None:
        view = _own_window(ctx)
    view.ensure_built()
    view.set_language(reader_language(lang))
    if topic_id:
        view.show_topic(topic_id)
    if view.parent() is None:
        view.show()
        view.raise_()
        view.activateWindow()
    view.show_requested.emit()
    return view
