"""`make bench`: speed figures measured on this machine, printed as one table."""
