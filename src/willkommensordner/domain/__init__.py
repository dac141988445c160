"""Records and value rules of case work with newcomers: pure Python, no storage, no Qt."""
