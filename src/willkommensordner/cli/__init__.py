"""Headless commands over the same services the desktop app uses: one module per area."""

from willkommensordner.cli.main import main

__all__ = ["main"]
