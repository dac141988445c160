"""A data file (questionnaire, rules) with mistakes: every problem listed, not just the first."""

from __future__ import annotations

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_


class DataFileInvalid(InvalidInput):
    """`problems` are short English descriptions with the path inside the file."""

    def __init__(self, source: str, problems: list[str]) -> None:
        super().__init__(
            N_("The file {file} has {count} problems: {problems}"),
            file=source,
            count=len(problems),
            problems="; ".join(problems[:20]),
        )
        self.source = source
        self.problems = problems
