"""Sync through a shared folder: signed, encrypted change bundles between members."""
