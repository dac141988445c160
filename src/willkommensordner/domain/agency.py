"""The actors appointments are with; "rechtskreisübergreifend" means all of these."""

from __future__ import annotations

from enum import StrEnum

from willkommensordner.i18n import N_


class Agency(StrEnum):
    AUSLAENDERBEHOERDE = "auslaenderbehoerde"
    BAMF = "bamf"
    SOZIALAMT = "sozialamt"
    JOBCENTER = "jobcenter"
    AGENTUR_FUER_ARBEIT = "agentur_fuer_arbeit"
    JUGENDAMT = "jugendamt"
    GESUNDHEITSAMT = "gesundheitsamt"
    SCHULAMT = "schulamt"
    KITA = "kita"
    SCHULE = "schule"
    VHS = "vhs"
    BERUFSKOLLEG = "berufskolleg"
    KOMMUNALES_INTEGRATIONSZENTRUM = "ki"
    MBE = "mbe"
    JMD = "jmd"
    WOHLFAHRTSVERBAND = "wohlfahrtsverband"
    ANERKENNUNGSBERATUNG = "anerkennungsberatung"
    BUERGERAMT = "buergeramt"
    FAMILIENKASSE = "familienkasse"
    KRANKENKASSE = "krankenkasse"
    ARZT = "arzt"
    EHRENAMT = "ehrenamt"
    OTHER = "other"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Agency.AUSLAENDERBEHOERDE: N_("Foreigners' authority (Ausländerbehörde)"),
    Agency.BAMF: N_("Federal Office for Migration and Refugees (BAMF)"),
    Agency.SOZIALAMT: N_("Social welfare office (Sozialamt)"),
    Agency.JOBCENTER: N_("Jobcenter"),
    Agency.AGENTUR_FUER_ARBEIT: N_("Employment agency (Agentur für Arbeit)"),
    Agency.JUGENDAMT: N_("Youth welfare office (Jugendamt)"),
    Agency.GESUNDHEITSAMT: N_("Public health office (Gesundheitsamt)"),
    Agency.SCHULAMT: N_("School office (Schulamt / Bildungsbüro)"),
    Agency.KITA: N_("Kita"),
    Agency.SCHULE: N_("School"),
    Agency.VHS: N_("Adult education centre (VHS)"),
    Agency.BERUFSKOLLEG: N_("Vocational college (Berufskolleg)"),
    Agency.KOMMUNALES_INTEGRATIONSZENTRUM: N_("Municipal integration centre (KI)"),
    Agency.MBE: N_("Migration counselling for adults (MBE)"),
    Agency.JMD: N_("Youth migration service (JMD)"),
    Agency.WOHLFAHRTSVERBAND: N_("Welfare organisation"),
    Agency.ANERKENNUNGSBERATUNG: N_("Recognition counselling (IHK/HWK)"),
    Agency.BUERGERAMT: N_("Citizens' office (Bürgeramt)"),
    Agency.FAMILIENKASSE: N_("Family benefits office (Familienkasse)"),
    Agency.KRANKENKASSE: N_("Health insurance"),
    Agency.ARZT: N_("Doctor"),
    Agency.EHRENAMT: N_("Volunteers"),
    Agency.OTHER: N_("Other"),
}
