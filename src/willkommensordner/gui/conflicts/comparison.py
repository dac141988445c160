"""What the conflict screen compares: the record as it is here now, beside their version.

"Ours" is read fresh from the vault, not taken from the conflict's snapshot: the counsellor
may have edited the record since the import, and resolving works on the record as it is now.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from willkommensordner.exchange.conflicts import Conflict
from willkommensordner.exchange.merge import load_local
from willkommensordner.gui.dossier.labels import FIELD_LABELS, field_label, value_text
from willkommensordner.i18n import Translator
from willkommensordner.vault.vault import Vault

# Values shown whole in the comparison (value_text shortens long texts for tables).
_WHOLE_TEXT = {"text", "outcome", "agreements", "note", "what", "purpose", "bring", "title"}


@dataclass(frozen=True, slots=True)
class FieldRow:
    field: str
    label: str
    ours: str
    theirs: str
    differs: bool


@dataclass(frozen=True, slots=True)
class Comparison:
    conflict: Conflict
    person: str
    ours: dict[str, Any]
    ours_deleted: bool
    rows: list[FieldRow]

    @property
    def one_side_deleted(self) -> bool:
        """Deleted on one side: only a choice of one side as a whole makes sense."""
        return self.ours_deleted or self.conflict.theirs_deleted

    @property
    def differing(self) -> list[str]:
        return [r.field for r in self.rows if r.differs]


def person_name(body: dict[str, Any]) -> str:
    """The display name of a dossier body (as `Dossier.display_name`, also for tombstones)."""
    latin = ", ".join(str(body[p]) for p in ("family_name", "given_names") if body.get(p))
    return latin or str(body.get("native_name") or "")


def when_found(conflict: Conflict) -> str:
    """Date and time, kept left to right inside right-to-left text (else "20:34 21.11.2026")."""
    return f"\u2066{conflict.detected_at.astimezone():%d.%m.%Y %H:%M}\u2069"


def shown_value(conflict: Conflict, field: str, value: Any, tr: Translator) -> str:
    if field in _WHOLE_TEXT and isinstance(value, str) and value.strip():
        return value.strip()
    return value_text(conflict.kind, field, value, tr)


def _order(fields: set[str]) -> list[str]:
    known = [f for f in FIELD_LABELS if f in fields]
    return known + sorted(fields - set(known))


def compare(vault: Vault, conflict: Conflict, tr: Translator) -> Comparison:
    """Both versions field by field: differing ones first, each part in the order the forms
    show them; fields empty on both sides left out."""
    local = load_local(vault.db, [conflict.record_id, conflict.dossier_id])
    current = local.get(conflict.record_id)
    ours = current.body if current is not None else conflict.ours
    ours_deleted = current.deleted if current is not None else conflict.ours_deleted
    dossier = local.get(conflict.dossier_id)
    person = person_name(dossier.body) if dossier is not None else ""
    theirs = conflict.theirs
    tombstone = ours_deleted or conflict.theirs_deleted
    rows = []
    for field in _order(set(ours) | set(theirs)):
        mine, other = ours.get(field), theirs.get(field)
        if mine in (None, "", []) and other in (None, "", []):
            continue
        rows.append(
            FieldRow(
                field,
                field_label(field, tr),
                shown_value(conflict, field, mine, tr),
                shown_value(conflict, field, other, tr),
                differs=mine != other and not tombstone,
            )
        )
    # What differs first: the choice is there; the same values below only give context.
    rows.sort(key=lambda r: not r.differs)
    return Comparison(conflict, person, ours, ours_deleted, rows)
