"""The people a newcomer lives with: a linked dossier, or a lightweight entry with a role."""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from willkommensordner.domain.dossier import Gender
from willkommensordner.domain.partial_date import PartialDateField
from willkommensordner.domain.record import DossierPart, RecordKind
from willkommensordner.domain.text import Name, Text
from willkommensordner.i18n import N_


class HouseholdRole(StrEnum):
    SPOUSE = "spouse"
    PARTNER = "partner"
    CHILD = "child"
    PARENT = "parent"
    SIBLING = "sibling"
    GRANDPARENT = "grandparent"
    GUARDIAN = "guardian"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            HouseholdRole.SPOUSE: N_("spouse"),
            HouseholdRole.PARTNER: N_("partner"),
            HouseholdRole.CHILD: N_("child"),
            HouseholdRole.PARENT: N_("parent"),
            HouseholdRole.SIBLING: N_("sibling"),
            HouseholdRole.GRANDPARENT: N_("grandparent"),
            HouseholdRole.GUARDIAN: N_("guardian"),
            HouseholdRole.OTHER: N_("other"),
        }[self]


class HouseholdMember(DossierPart):
    KIND: ClassVar[RecordKind] = RecordKind.HOUSEHOLD_MEMBER

    role: HouseholdRole = HouseholdRole.OTHER
    linked_dossier_id: str | None = None
    family_name: Name = ""
    given_names: Name = ""
    native_name: Name = ""
    birth_date: PartialDateField | None = None
    gender: Gender = Gender.UNSPECIFIED
    lives_in_household: bool = True
    note: Text = ""

    @classmethod
    def new_in(cls, dossier_id: str, family_name: str) -> HouseholdMember:
        """A new entry as it is most often added: a child, sharing the family name.

        Both are only where the form starts; the counsellor changes them as needed.
        """
        return cls(dossier_id=dossier_id, role=HouseholdRole.CHILD, family_name=family_name)
