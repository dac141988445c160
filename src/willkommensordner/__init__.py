"""Willkommensordner digital: the Qt-free core of the app."""

__version__ = "0.1.0"
APP_NAME = "Willkommensordner"
