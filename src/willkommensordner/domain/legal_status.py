"""Residence status ("Rechtskreis") and the target group it places a person in."""

from __future__ import annotations

from enum import StrEnum

from willkommensordner.i18n import N_


class TargetGroup(StrEnum):
    GOOD_PROSPECTS = "good_prospects"
    ASYLUM_PROCEDURE = "asylum_procedure"
    UNLIKELY_TO_STAY = "unlikely_to_stay"
    EU_CITIZENS = "eu_citizens"
    SETTLED = "settled"
    OTHER = "other"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return _TARGET_GROUP_LABELS[self]


_TARGET_GROUP_LABELS = {
    TargetGroup.GOOD_PROSPECTS: N_("Good prospects to stay"),
    TargetGroup.ASYLUM_PROCEDURE: N_("Asylum procedure ongoing"),
    TargetGroup.UNLIKELY_TO_STAY: N_("Unlikely to stay"),
    TargetGroup.EU_CITIZENS: N_("EU citizens"),
    TargetGroup.SETTLED: N_("Settled"),
    TargetGroup.OTHER: N_("Other residence"),
    TargetGroup.UNKNOWN: N_("Status unclear"),
}


class BenefitLaw(StrEnum):
    """Which law pays; decides Jobcenter (SGB II) versus Sozialamt (AsylbLG)."""

    ASYLBLG = "asylblg"
    SGB_II = "sgb_ii"
    DEPENDS = "depends"


class LegalStatus(StrEnum):
    UNKNOWN = "unknown"
    ANKUNFTSNACHWEIS = "ankunftsnachweis"
    AUFENTHALTSGESTATTUNG = "aufenthaltsgestattung"
    DULDUNG = "duldung"
    AUSREISEPFLICHTIG = "ausreisepflichtig"
    ASYL_ART16A = "asyl_art16a"
    FLUECHTLING = "fluechtling"
    SUBSIDIAER = "subsidiaer"
    ABSCHIEBUNGSVERBOT = "abschiebungsverbot"
    TEMPORARY_PROTECTION = "temporary_protection"
    FAMILY_REUNIFICATION = "family_reunification"
    OTHER_RESIDENCE_PERMIT = "other_residence_permit"
    NIEDERLASSUNGSERLAUBNIS = "niederlassungserlaubnis"
    EU_FREIZUEGIGKEIT = "eu_freizuegigkeit"
    GERMAN_CITIZEN = "german_citizen"

    @property
    def label(self) -> str:
        return _STATUS[self][0]

    @property
    def legal_basis(self) -> str:
        return _STATUS[self][1]

    @property
    def target_group(self) -> TargetGroup:
        return _STATUS[self][2]

    @property
    def benefit_law(self) -> BenefitLaw:
        return _STATUS[self][3]

    @property
    def papers_expire(self) -> bool:
        """Whether the paper proving this status has a valid-until date worth watching."""
        return self not in (
            LegalStatus.UNKNOWN,
            LegalStatus.NIEDERLASSUNGSERLAUBNIS,
            LegalStatus.EU_FREIZUEGIGKEIT,
            LegalStatus.GERMAN_CITIZEN,
        )


_G, _A, _U = TargetGroup.GOOD_PROSPECTS, TargetGroup.ASYLUM_PROCEDURE, TargetGroup.UNLIKELY_TO_STAY
_STATUS: dict[LegalStatus, tuple[str, str, TargetGroup, BenefitLaw]] = {
    LegalStatus.UNKNOWN: (N_("Not yet known"), "", TargetGroup.UNKNOWN, BenefitLaw.DEPENDS),
    LegalStatus.ANKUNFTSNACHWEIS: (
        N_("Proof of arrival (Ankunftsnachweis)"),
        "§ 63a AsylG",
        _A,
        BenefitLaw.ASYLBLG,
    ),
    LegalStatus.AUFENTHALTSGESTATTUNG: (
        N_("Permission to stay during the asylum procedure (Aufenthaltsgestattung)"),
        "§ 55 AsylG",
        _A,
        BenefitLaw.ASYLBLG,
    ),
    LegalStatus.DULDUNG: (N_("Toleration (Duldung)"), "§ 60a AufenthG", _U, BenefitLaw.ASYLBLG),
    LegalStatus.AUSREISEPFLICHTIG: (
        N_("Obliged to leave, no toleration"),
        "§ 50 AufenthG",
        _U,
        BenefitLaw.ASYLBLG,
    ),
    LegalStatus.ASYL_ART16A: (
        N_("Entitled to asylum (Art. 16a GG)"),
        "§ 25 Abs. 1 AufenthG",
        _G,
        BenefitLaw.SGB_II,
    ),
    LegalStatus.FLUECHTLING: (
        N_("Refugee status (Geneva Convention)"),
        "§ 25 Abs. 2 Alt. 1 AufenthG",
        _G,
        BenefitLaw.SGB_II,
    ),
    LegalStatus.SUBSIDIAER: (
        N_("Subsidiary protection"),
        "§ 25 Abs. 2 Alt. 2 AufenthG",
        _G,
        BenefitLaw.SGB_II,
    ),
    LegalStatus.ABSCHIEBUNGSVERBOT: (
        N_("Ban on deportation (Abschiebungsverbot)"),
        "§ 25 Abs. 3 AufenthG",
        _G,
        BenefitLaw.SGB_II,
    ),
    LegalStatus.TEMPORARY_PROTECTION: (
        N_("Temporary protection (Ukraine)"),
        "§ 24 AufenthG",
        _G,
        BenefitLaw.SGB_II,
    ),
    LegalStatus.FAMILY_REUNIFICATION: (
        N_("Family reunification"),
        "§§ 27–36 AufenthG",
        _G,
        BenefitLaw.SGB_II,
    ),
    LegalStatus.OTHER_RESIDENCE_PERMIT: (
        N_("Other residence permit (study, work, …)"),
        "AufenthG",
        TargetGroup.OTHER,
        BenefitLaw.DEPENDS,
    ),
    LegalStatus.NIEDERLASSUNGSERLAUBNIS: (
        N_("Settlement permit (Niederlassungserlaubnis)"),
        "§ 9 / § 26 Abs. 3 AufenthG",
        TargetGroup.SETTLED,
        BenefitLaw.SGB_II,
    ),
    LegalStatus.EU_FREIZUEGIGKEIT: (
        N_("EU freedom of movement"),
        "FreizügG/EU",
        TargetGroup.EU_CITIZENS,
        BenefitLaw.DEPENDS,
    ),
    LegalStatus.GERMAN_CITIZEN: (
        N_("German citizen"),
        "StAG",
        TargetGroup.SETTLED,
        BenefitLaw.SGB_II,
    ),
}
