"""The built bundle and the Windows installer script agree with the spec; the smoke runs.

The smoke test needs `make package` first (a few minutes of PyInstaller); without a bundle in
dist/ it is skipped. `make package-smoke` runs the same script directly.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BUNDLE_BIN = ROOT / "dist" / "willkommensordner" / "willkommensordner"
SPEC = ROOT / "packaging" / "willkommensordner.spec"
ISS = ROOT / "packaging" / "windows" / "willkommensordner.iss"


@pytest.mark.slow
@pytest.mark.skipif(not BUNDLE_BIN.exists(), reason="no bundle: run `make package` first")
def test_smoke_script_passes_on_the_built_bundle() -> None:
    result = subprocess.run(
        [str(ROOT / "packaging" / "smoke.sh")], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "smoke: all steps passed" in result.stdout
    assert "ready: unlock" in result.stdout


def test_windows_installer_is_per_user_and_matches_the_spec() -> None:
    iss = ISS.read_text(encoding="utf-8")
    spec = SPEC.read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert re.search(r"^DefaultDirName=\{localappdata\}\\Programs\\", iss, re.M)
    assert 'Name: "de"; MessagesFile: "compiler:Languages\\German.isl"' in iss
    assert 'Name: "en"; MessagesFile: "compiler:Default.isl"' in iss
    assert "{autoprograms}" in iss  # Start-menu entry
    # The installer packs what the spec builds: the folder and the windowed program.
    assert '#define BundleDir "..\\..\\dist\\willkommensordner"' in iss
    assert 'NAME = "willkommensordner"' in spec
    assert '#define GuiExe "Willkommensordner.exe"' in iss
    assert 'executable("Willkommensordner", False)' in spec
    # Nothing of the user's data goes into {app}: no portable marker, no data folder.
    assert 'Excludes: "portable.txt,Willkommensordner-Daten"' in iss
    assert (ROOT / "packaging" / "windows" / "willkommensordner.ico").is_file()
