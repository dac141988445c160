"""The sync panel and its status-bar indicator."""
