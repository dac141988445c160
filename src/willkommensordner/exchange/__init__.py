"""Hand-over between agencies: agency keys, partner contacts, consent-checked encrypted export
files, import with merge and conflicts, and encrypted backups of the whole vault."""
