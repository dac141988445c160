"""Reading scans of papers: machine-readable zones and printed German text become suggestions.

Nothing here changes a record; the counsellor decides what to take. Tesseract runs through
pipes, so neither the scan nor its text is ever written to a file.
"""
