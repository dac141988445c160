"""Information pages and contact points (Anlaufstellen) in the newcomer's language.

Callers (GUI information view, printed folder, counselling rules) use `ContentLibrary`:

    library = ContentLibrary()                  # built-in packs + imported ones
    page = library.page("gesundheit", "ar")     # ResolvedPage: blocks, notices, direction
    abh = library.contact_point("musterstadt-abh")
"""

from willkommensordner.content.contacts import HoursLine, opening_hours, spoken_languages
from willkommensordner.content.labels import Label, label
from willkommensordner.content.languages import (
    SOURCE_LANGUAGE,
    SUPPORTED_LANGUAGES,
    Language,
    direction,
    fallback_chain,
    language,
    own_name,
)
from willkommensordner.content.library import (
    ContentLibrary,
    LanguageStatus,
    PackInfo,
    ResolvedPage,
    SearchHit,
    TopicInfo,
)
from willkommensordner.content.model import (
    STANDARD_TOPICS,
    TARGET_GROUPS,
    Address,
    ContactPoint,
    Manifest,
    OpeningHours,
)
from willkommensordner.content.notices import Notice
from willkommensordner.content.pack import Page, Source
from willkommensordner.content.problems import PackInvalid, Problem
from willkommensordner.content.status import Status

__all__ = [
    "SOURCE_LANGUAGE",
    "STANDARD_TOPICS",
    "SUPPORTED_LANGUAGES",
    "TARGET_GROUPS",
    "Address",
    "ContactPoint",
    "ContentLibrary",
    "HoursLine",
    "Label",
    "Language",
    "LanguageStatus",
    "Manifest",
    "Notice",
    "OpeningHours",
    "PackInfo",
    "PackInvalid",
    "Page",
    "Problem",
    "ResolvedPage",
    "SearchHit",
    "Source",
    "Status",
    "TopicInfo",
    "direction",
    "fallback_chain",
    "label",
    "language",
    "opening_hours",
    "own_name",
    "spoken_languages",
]
