"""Printable pages: the welcome folder and the sheets around it."""
