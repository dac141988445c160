"""How the app presents itself to the desktop: ids, name, summary and description.

The .desktop file, the AppStream metainfo (packaging/desktop_entries.py) and the About dialog
read these, so the name a counsellor sees in the start menu, in a software centre and in the
app itself comes from the same msgids and the same catalogs.
"""

from __future__ import annotations

from willkommensordner import __version__
from willkommensordner.i18n import N_

APP_ID = "de.willkommensordner.Willkommensordner"
EXECUTABLE = "willkommensordner"
VERSION = __version__
PROJECT_LICENSE = "EUPL-1.2"
DEVELOPER = "Willkommensordner digital"

NAME = N_("Willkommensordner")
GENERIC_NAME = N_("Counselling dossiers")
SUMMARY = N_("Encrypted dossiers, information pages and welcome folders for counsellors")
DESCRIPTION = (
    N_(
        "Willkommensordner digital helps counsellors in German municipalities to accompany "
        "newly arrived people: dossiers with papers, appointments and agreed steps, "
        "multilingual information pages and printable welcome folders."
    ),
    N_(
        "Everything stays on the counsellor's computer in an encrypted vault. The app works "
        "offline and needs no server."
    ),
)
# Search words for start menus; the .desktop format wants them separated by semicolons.
KEYWORDS = (
    N_("counselling"),
    N_("migration"),
    N_("refugees"),
    N_("dossier"),
    N_("appointments"),
    N_("welcome folder"),
)
