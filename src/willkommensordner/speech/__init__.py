"""Reading pages aloud, offline: the text as a person would say it, and the speech engine."""
