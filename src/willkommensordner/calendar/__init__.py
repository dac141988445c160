"""Appointments as iCalendar (.ics) files for the counsellor's own calendar."""
