"""Short labels around content (contact points, sources, "Stand") in the reader's language.

The counsellor's UI is translated with gettext in a handful of UI languages; these labels sit
on the newcomer's side of the screen and of the printed folder, next to the page text, so
they come in every content language.
"""

from __future__ import annotations

from enum import StrEnum

from willkommensordner.content.languages import fallback_chain, normalize


class Label(StrEnum):
    OPENING_HOURS = "opening-hours"
    BY_APPOINTMENT = "by-appointment"
    LANGUAGES_SPOKEN = "languages-spoken"
    CONTACT_POINTS = "contact-points"
    SOURCES = "sources"
    STAND = "stand"


_LABELS: dict[str, tuple[str, str, str, str, str, str]] = {
    # opening hours, by appointment, languages spoken, contact points, sources, Stand
    "de": ("Öffnungszeiten", "nur mit Termin", "Sprachen", "Anlaufstellen", "Quellen", "Stand"),
    "en": (
        "Opening hours",
        "by appointment only",
        "Languages spoken",
        "Contact points",
        "Sources",
        "Last checked",
    ),
    "ar": ("ساعات العمل", "بموعد مسبق فقط", "اللغات", "جهات المراجعة", "المصادر", "آخر تحديث"),
    "fa": ("ساعات کاری", "فقط با وقت قبلی", "زبان‌ها", "مراکز مراجعه", "منابع", "آخرین به‌روزرسانی"),
    "ps": (
        "د کار ساعتونه",
        "یوازې د مخکې نیول شوي وخت سره",
        "ژبې",
        "د مراجعې ځایونه",
        "سرچینې",
        "وروستی تازه کول",
    ),
    "uk": ("Години роботи", "лише за записом", "Мови", "Куди звертатися", "Джерела", "Станом на"),
    "ru": (
        "Часы работы",
        "только по записи",
        "Языки",
        "Куда обращаться",
        "Источники",
        "По состоянию на",
    ),
    "tr": (
        "Çalışma saatleri",
        "yalnızca randevu ile",
        "Konuşulan diller",
        "Başvuru yerleri",
        "Kaynaklar",
        "Son kontrol",
    ),
    "ti": ("ናይ ስራሕ ሰዓታት", "ብቆጸራ ጥራይ", "ቋንቋታት", "ቦታታት ምውካስ", "ምንጭታት", "ዝተሓደሰሉ ዕለት"),
    "ku": (
        "Demjimêrên vekirinê",
        "tenê bi randevû",
        "Ziman",
        "Cihên serlêdanê",
        "Çavkanî",
        "Dîroka kontrolê",
    ),
    "ro": (
        "Program",
        "doar cu programare",
        "Limbi vorbite",
        "Unde vă puteți adresa",
        "Surse",
        "Actualizat la",
    ),
    "bg": (
        "Работно време",
        "само със записан час",
        "Говорими езици",
        "Къде да се обърнете",
        "Източници",
        "Актуално към",
    ),
    "sq": ("Orari", "vetëm me takim", "Gjuhët", "Ku të drejtoheni", "Burimet", "Përditësuar më"),
    "fr": (
        "Horaires d'ouverture",
        "uniquement sur rendez-vous",
        "Langues parlées",
        "Où s'adresser",
        "Sources",
        "Mise à jour",
    ),
}
_ORDER = (
    Label.OPENING_HOURS,
    Label.BY_APPOINTMENT,
    Label.LANGUAGES_SPOKEN,
    Label.CONTACT_POINTS,
    Label.SOURCES,
    Label.STAND,
)


def label(which: Label, reader: str) -> str:
    """The label in the reader's language, or the nearest one along its fallback chain."""
    for lang in fallback_chain(normalize(reader)):
        if lang in _LABELS:
            return _LABELS[lang][_ORDER.index(which)]
    raise AssertionError("the fallback chain always ends in German")  # pragma: no cover


def label_languages() -> frozenset[str]:
    return frozenset(_LABELS)
