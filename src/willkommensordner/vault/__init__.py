"""The encrypted store: one SQLCipher database per counsellor, opened through a key envelope."""
