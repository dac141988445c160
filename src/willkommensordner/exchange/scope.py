"""What an export carries: which record kinds, sensitive notes or not, scans or not."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from willkommensordner.domain.record import RecordKind
from willkommensordner.errors import InvalidInput, UsageError
from willkommensordner.i18n import N_


@dataclass(frozen=True, slots=True)
class ExportScope:
    """By default everything except notes marked sensitive (special categories, Art. 9 DSGVO)."""

    kinds: frozenset[RecordKind] = field(default_factory=lambda: frozenset(RecordKind))
    sensitive_notes: bool = False
    scans: bool = True

    def __post_init__(self) -> None:
        if RecordKind.DOSSIER not in self.kinds:
            object.__setattr__(self, "kinds", self.kinds | {RecordKind.DOSSIER})

    @classmethod
    def parse(cls, text: str, *, sensitive_notes: bool = False, scans: bool = True) -> ExportScope:
        """`all` or a comma-separated list of record kinds, e.g. `dossier,document,appointment`."""
        text = text.strip()
        if text in ("", "all"):
            return cls(sensitive_notes=sensitive_notes, scans=scans)
        kinds: set[RecordKind] = set()
        for part in text.split(","):
            try:
                kinds.add(RecordKind(part.strip()))
            except ValueError:
                raise UsageError(
                    N_("Unknown record type '{kind}'. Known: {known}."),
                    kind=part.strip(),
                    known=", ".join(k.value for k in RecordKind),
                ) from None
        return cls(frozenset(kinds), sensitive_notes, scans)

    def to_json(self) -> dict[str, Any]:
        return {
            "kinds": sorted(k.value for k in self.kinds),
            "sensitive_notes": self.sensitive_notes,
            "scans": self.scans,
        }

    @classmethod
    def from_json(cls, data: Any) -> ExportScope:
        bad = InvalidInput(N_("The file's description (manifest) is not valid."))
        if not isinstance(data, dict):
            raise bad
        kinds, sensitive, scans = data.get("kinds"), data.get("sensitive_notes"), data.get("scans")
        if not isinstance(kinds, list) or not isinstance(sensitive, bool):
            raise bad
        if not isinstance(scans, bool):
            raise bad
        if not all(isinstance(k, str) for k in kinds):
            raise bad
        # Kinds a newer minor version added are not ours to filter by: left out here.
        known = {k.value for k in RecordKind}
        return cls(frozenset(RecordKind(k) for k in kinds if k in known), sensitive, scans)
