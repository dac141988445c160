"""The papers a dossier holds, and the folder tab (Ordnungshilfe) each belongs behind."""

from __future__ import annotations

from enum import StrEnum

from willkommensordner.i18n import N_


class DocumentCategory(StrEnum):
    RESIDENCE = "residence"
    IDENTITY = "identity"
    HEALTH = "health"
    EDUCATION = "education"
    WORK = "work"
    HOUSING = "housing"
    MONEY = "money"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    DocumentCategory.RESIDENCE: N_("Residence and asylum"),
    DocumentCategory.IDENTITY: N_("Identity and civil status"),
    DocumentCategory.HEALTH: N_("Health"),
    DocumentCategory.EDUCATION: N_("School, courses and certificates"),
    DocumentCategory.WORK: N_("Work and training"),
    DocumentCategory.HOUSING: N_("Housing"),
    DocumentCategory.MONEY: N_("Money and benefits"),
    DocumentCategory.OTHER: N_("Other papers"),
}


class DocumentType(StrEnum):
    ANKUNFTSNACHWEIS = "ankunftsnachweis"
    AUFENTHALTSGESTATTUNG = "aufenthaltsgestattung"
    DULDUNG = "duldung"
    AUFENTHALTSTITEL = "aufenthaltstitel"
    FIKTIONSBESCHEINIGUNG = "fiktionsbescheinigung"
    ASYLBESCHEID = "asylbescheid"
    REISEPASS = "reisepass"
    PASSERSATZ = "passersatz"
    PERSONALAUSWEIS = "personalausweis"
    GEBURTSURKUNDE = "geburtsurkunde"
    HEIRATSURKUNDE = "heiratsurkunde"
    MELDEBESCHEINIGUNG = "meldebescheinigung"
    GESUNDHEITSKARTE = "gesundheitskarte"
    BEHANDLUNGSSCHEIN = "behandlungsschein"
    IMPFPASS = "impfpass"
    U_HEFT = "u_heft"
    ZEUGNIS = "zeugnis"
    ANERKENNUNG = "anerkennung"
    INTEGRATIONSKURS_BERECHTIGUNG = "integrationskurs_berechtigung"
    KITA_ANMELDUNG = "kita_anmeldung"
    SCHUL_ANMELDUNG = "schul_anmeldung"
    ARBEITSVERTRAG = "arbeitsvertrag"
    ARBEITSERLAUBNIS = "arbeitserlaubnis"
    STEUER_ID = "steuer_id"
    SOZIALVERSICHERUNGSNUMMER = "sozialversicherungsnummer"
    FUEHRERSCHEIN = "fuehrerschein"
    MIETVERTRAG = "mietvertrag"
    BANKKONTO = "bankkonto"
    LEISTUNGSBESCHEID = "leistungsbescheid"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _TYPES[self][0]

    @property
    def category(self) -> DocumentCategory:
        return _TYPES[self][1]

    @property
    def usually_expires(self) -> bool:
        return _TYPES[self][2]


_R, _I, _H = DocumentCategory.RESIDENCE, DocumentCategory.IDENTITY, DocumentCategory.HEALTH
_E, _W, _M = DocumentCategory.EDUCATION, DocumentCategory.WORK, DocumentCategory.MONEY
_TYPES: dict[DocumentType, tuple[str, DocumentCategory, bool]] = {
    DocumentType.ANKUNFTSNACHWEIS: (N_("Proof of arrival (Ankunftsnachweis)"), _R, True),
    DocumentType.AUFENTHALTSGESTATTUNG: (N_("Aufenthaltsgestattung"), _R, True),
    DocumentType.DULDUNG: (N_("Duldung"), _R, True),
    DocumentType.AUFENTHALTSTITEL: (N_("Residence permit (eAT)"), _R, True),
    DocumentType.FIKTIONSBESCHEINIGUNG: (N_("Fiktionsbescheinigung"), _R, True),
    DocumentType.ASYLBESCHEID: (N_("Asylum decision (BAMF)"), _R, False),
    DocumentType.REISEPASS: (N_("Passport"), _I, True),
    DocumentType.PASSERSATZ: (N_("Substitute passport"), _I, True),
    DocumentType.PERSONALAUSWEIS: (N_("Identity card"), _I, True),
    DocumentType.GEBURTSURKUNDE: (N_("Birth certificate"), _I, False),
    DocumentType.HEIRATSURKUNDE: (N_("Marriage certificate"), _I, False),
    DocumentType.MELDEBESCHEINIGUNG: (
        N_("Registration certificate (Meldebescheinigung)"),
        _I,
        False,
    ),
    DocumentType.GESUNDHEITSKARTE: (N_("Health insurance card"), _H, True),
    DocumentType.BEHANDLUNGSSCHEIN: (N_("Treatment voucher (Behandlungsschein)"), _H, True),
    DocumentType.IMPFPASS: (N_("Vaccination record"), _H, False),
    DocumentType.U_HEFT: (N_("Child check-up booklet (U-Heft)"), _H, False),
    DocumentType.ZEUGNIS: (N_("School or vocational certificate"), _E, False),
    DocumentType.ANERKENNUNG: (N_("Recognition of a qualification"), _E, False),
    DocumentType.INTEGRATIONSKURS_BERECHTIGUNG: (
        N_("Integration course eligibility (BAMF)"),
        _E,
        True,
    ),
    DocumentType.KITA_ANMELDUNG: (N_("Kita registration"), _E, False),
    DocumentType.SCHUL_ANMELDUNG: (N_("School registration"), _E, False),
    DocumentType.ARBEITSVERTRAG: (N_("Employment contract"), _W, False),
    DocumentType.ARBEITSERLAUBNIS: (N_("Work permit"), _W, True),
    DocumentType.STEUER_ID: (N_("Tax ID"), _W, False),
    DocumentType.SOZIALVERSICHERUNGSNUMMER: (N_("Social security number"), _W, False),
    DocumentType.FUEHRERSCHEIN: (N_("Driving licence"), _I, True),
    DocumentType.MIETVERTRAG: (N_("Tenancy agreement"), DocumentCategory.HOUSING, False),
    DocumentType.BANKKONTO: (N_("Bank account"), _M, False),
    DocumentType.LEISTUNGSBESCHEID: (N_("Benefit decision (Jobcenter / Sozialamt)"), _M, True),
    DocumentType.OTHER: (N_("Other document"), DocumentCategory.OTHER, False),
}
