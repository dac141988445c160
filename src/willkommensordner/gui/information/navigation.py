"""`open_information(ctx, lang, topic_id)`: how other views (the dossier) open the pages.

The main window's Information page registers itself here for its context; the call then
switches the main window to it. Without a registered page (a view used on its own) the
pages open in a window of their own.
"""

from __future__ import annotations

import weakref

from shiboken6 import isValid

from willkommensordner.gui.context import GuiContext
from willkommensordner.gui.information.information_view import InformationView
from willkommensordner.gui.information.reader_language import reader_language

_sections: weakref.WeakKeyDictionary[GuiContext, InformationView] = weakref.WeakKeyDictionary()


def register_section(ctx: GuiContext, view: InformationView) -> None:
    """Make `view` the page that `open_information(ctx, …)` brings up."""
    _sections[ctx] = view


def section_for(ctx: GuiContext) -> InformationView | None:
    view = _sections.get(ctx)
    if view is None or not isValid(view):
        return None
    return view


def open_information(ctx: GuiContext, lang: str, topic_id: str | None = None) -> InformationView:
    """Show the information pages in `lang` (a dossier's preferred language, e.g. "fa_AF" or
    "prs"), at `topic_id` if given; unknown languages fall back with a visible notice."""
    view = section_for(ctx)
    if view is None:
        view = InformationView(ctx)
        view.setWindowTitle(ctx.tr.gettext("Information"))
        view.resize(1100, 720)
        register_section(ctx, view)
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
