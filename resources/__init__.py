"""Data files shipped inside the wheel: fonts, catalogs, content packs, rules, icons.

Read them through `willkommensordner.paths.resource`, never by a path relative to the source.
"""
