"""Screens for the exchange between agencies: our key, partners, export, import (issue 6)."""
