"""The core must import and work where Qt cannot even be imported."""

import subprocess
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import importlib, pkgutil, sys

    class BlockQt:
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith("PySide6."):
                raise ImportError("Qt is blocked for this test")
            return None

    sys.meta_path.insert(0, BlockQt())
    import willkommensordner
    names = [
        m.name for m in pkgutil.walk_packages(willkommensordner.__path__, "willkommensordner.")
        if ".gui" not in m.name and not m.name.endswith("__main__")
    ]
    for name in names:
        importlib.import_module(name)
    assert not any(k.startswith("PySide6") for k in sys.modules), "Qt was imported"
    print(len(names))
    """
)


def test_every_core_module_imports_with_qt_blocked() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 20


def test_no_core_file_mentions_qt() -> None:
    root = Path(__file__).parents[1] / "src" / "willkommensordner"
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if "gui" not in p.relative_to(root).parts
        and any(
            line.lstrip().startswith(("import PySide6", "from PySide6"))
            for line in p.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
