"""Backups of the whole vault: one encrypted file, written on request, on close or on a timer,
and restored into a new vault file with the passphrase or the recovery key."""
