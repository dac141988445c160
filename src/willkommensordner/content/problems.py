"""Why a pack or page is not accepted: a list of translatable problems, never just the first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from willkommensordner.errors import InvalidInput
from willkommensordner.i18n import N_, Translator, translator


@dataclass(frozen=True)
class Problem:
    """One thing that is wrong: an English msgid with `{placeholders}` and its parameters."""

    msgid: str
    params: tuple[tuple[str, object], ...] = ()
    where: str = ""

    @property
    def parameters(self) -> dict[str, object]:
        return dict(self.params)

    def message(self, tr: Translator | None = None) -> str:
        text = (tr or translator("en")).format(self.msgid, self.parameters)
        return f"{self.where}: {text}" if self.where else text

    def at(self, where: str) -> Problem:
        """The same problem, located in a file of the pack."""
        return Problem(self.msgid, self.params, f"{where}: {self.where}" if self.where else where)


def problem(msgid: str, **params: object) -> Problem:
    return Problem(msgid, tuple(sorted(params.items())))


class PackInvalid(InvalidInput):
    """A pack (or translation file) was refused; `problems` lists every reason."""

    def __init__(self, problems: Sequence[Problem], message: str | None = None) -> None:
        super().__init__(
            message or N_("The content pack was not accepted. Problems found: {count}"),
            count=len(problems),
        )
        self.problems = tuple(problems)

    def message(self, tr: Translator | None = None) -> str:
        lines = [super().message(tr)]
        lines.extend(f"  - {p.message(tr)}" for p in self.problems)
        return "\n".join(lines)
