"""Run every bench module (bench/bench_*.py, each with `run() -> list[Row]`) and print a table."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from bench.table import Row, render


def main(only: list[str]) -> int:
    rows: list[Row] = []
    folder = Path(__file__).parent
    for module in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if not module.name.startswith("bench_") or (only and module.name not in only):
            continue
        print(f"running {module.name} …", file=sys.stderr, flush=True)
        rows += importlib.import_module(f"bench.{module.name}").run()
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
