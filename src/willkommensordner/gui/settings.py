"""A registry of typed app settings with defaults, kept in a small JSON file.

Only preferences live here, never personal data of newcomers: the counsellor's own name and
agency are the only names. The file sits in the platform's config folder unless a caller
(tests, portable installs) passes another path.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal

from willkommensordner.i18n import UI_LANGUAGES
from willkommensordner.portable import app_dirs

T = TypeVar("T")
SETTINGS_FILENAME = "settings.json"


@dataclass(frozen=True)
class Key(Generic[T]):
    """One setting: its stored name, type, default and the rule a stored value must pass."""

    name: str
    type: type
    default: T
    check: Callable[[Any], bool] = field(default=lambda _v: True)

    def accepts(self, value: Any) -> bool:
        if self.type is list:
            ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        elif self.type is int:
            ok = isinstance(value, int) and not isinstance(value, bool)
        else:
            ok = isinstance(value, self.type)
        return ok and bool(self.check(value))


# "" means: follow the system language (German unless the system clearly asks for another).
UI_LANGUAGE: Key[str] = Key("ui_language", str, "", lambda v: v == "" or v in UI_LANGUAGES)
IDLE_LOCK_MINUTES: Key[int] = Key("idle_lock_minutes", int, 5, lambda v: 1 <= v <= 240)
PRINT_LANGUAGES: Key[list[str]] = Key(
    "print_languages", list, ["de"], lambda v: 0 < len(v) <= 4 and all(0 < len(x) <= 8 for x in v)
)
COUNSELLOR_NAME: Key[str] = Key("counsellor_name", str, "", lambda v: len(v) <= 200)
AGENCY: Key[str] = Key("agency", str, "", lambda v: len(v) <= 200)
EXPIRY_WARNING_WEEKS: Key[int] = Key("expiry_warning_weeks", int, 8, lambda v: 1 <= v <= 52)
# Base64 of QWidget.saveGeometry(); a size and a screen position, nothing personal.
WINDOW_GEOMETRY: Key[str] = Key("window_geometry", str, "")
# The vault file last used; "" means the default location.
VAULT_PATH: Key[str] = Key("vault_path", str, "")
# Rotating backups on closing and during long use; folder and how many are kept live in the vault.
AUTO_BACKUP: Key[bool] = Key("auto_backup", bool, True)
# Where counsellors report barriers (the accessibility statement shows it): an address or phone.
ACCESSIBILITY_CONTACT: Key[str] = Key("accessibility_contact", str, "", lambda v: len(v) <= 300)

KEYS: tuple[Key[Any], ...] = (
    UI_LANGUAGE,
    IDLE_LOCK_MINUTES,
    PRINT_LANGUAGES,
    COUNSELLOR_NAME,
    AGENCY,
    EXPIRY_WARNING_WEEKS,
    WINDOW_GEOMETRY,
    VAULT_PATH,
    AUTO_BACKUP,
    ACCESSIBILITY_CONTACT,
)


def default_settings_path() -> Path:
    return app_dirs().config_dir / SETTINGS_FILENAME


class Settings(QObject):
    """Typed get/set over the registry; `changed(name)` fires after a value really changed.

    A damaged or hand-edited file never stops the app: values that fail their key's rule
    fall back to the default.
    """

    changed = Signal(str)

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path or default_settings_path()
        self._values: dict[str, Any] = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: Key[T]) -> T:
        value: T = self._values.get(key.name, key.default)
        if not key.accepts(value):
            return _copy(key.default)
        return _copy(value)

    def set(self, key: Key[T], value: T) -> None:
        if not key.accepts(value):
            raise ValueError(f"invalid value for setting {key.name}")
        if self._values.get(key.name, key.default) == value and key.name in self._values:
            return
        self._values[key.name] = _copy(value)
        self._save()
        self.changed.emit(key.name)

    def reset(self, key: Key[Any]) -> None:
        if self._values.pop(key.name, None) is not None:
            self._save()
            self.changed.emit(key.name)

    def _save(self) -> None:
        """Write a new file and rename it over the old one: a crash never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".settings-", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(self._values, fh, ensure_ascii=False, indent=1, sort_keys=True)
            Path(tmp).replace(self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _copy(value: T) -> T:
    return list(value) if isinstance(value, list) else value  # type: ignore[return-value]
