"""`pip install .` must carry resources and compiled catalogs inside the wheel."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


@pytest.mark.slow
def test_wheel_contains_resources_and_catalogs(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        cwd=tmp_path,
    )
    wheel = next(tmp_path.glob("willkommensordner-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "willkommensordner/cli/main.py" in names
    assert "willkommensordner/vault/migrations/m0001_records.py" in names
    assert "willkommensordner/resources/__init__.py" in names
    for lang in ("de", "en"):
        assert (
            f"willkommensordner/resources/locale/{lang}/LC_MESSAGES/willkommensordner.mo" in names
        )
    assert not any(n.startswith("tests/") for n in names)
