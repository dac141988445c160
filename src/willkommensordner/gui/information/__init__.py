"""The "Information" section: content pages in the newcomer's language (issue 4).

Entry points:
    InformationView(ctx)                       the section page of the main window
    open_information(ctx, lang, topic_id=None) open the pages, e.g. from a dossier
    render_information_screens(ctx, out_dir)   screenshots (gui/information/screenshots.py)
"""
