"""The built bundle and the Windows installer script agree with the spec; the smoke runs.

The smoke test needs `make package` first (a few minutes of PyInstaller); without a bundle in
dist/ it is skipped. `make package-smoke` runs the same script directly.
"""

from __future__ import annotations

import re
import subprocess
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from willkommensordner.licenses import bundled_licenses

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


def _key(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _runtime_distributions() -> set[str]:
    """Every distribution the installed app needs at run time (the dependency closure)."""
    seen: set[str] = set()
    todo = ["willkommensordner"]
    while todo:
        try:
            dist = metadata.distribution(todo.pop())
        except metadata.PackageNotFoundError:
            continue
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
                continue
            if _key(requirement.name) not in seen:
                seen.add(_key(requirement.name))
                todo.append(requirement.name)
    return seen


def test_every_runtime_dependency_has_its_licence_listed_and_shipped() -> None:
    listed = {_key(c.distribution) for c in bundled_licenses().components if c.distribution}
    missing = _runtime_distributions() - listed
    assert not missing, f"add these to resources/licenses.json: {sorted(missing)}"
    block = re.search(r"LICENSED_DISTRIBUTIONS = \[(.*?)\]", SPEC.read_text("utf-8"), re.S)
    assert block is not None
    shipped = {_key(name) for name in re.findall(r'"([^"]+)"', block.group(1))}
    assert listed <= shipped, f"the spec must copy metadata of {sorted(listed - shipped)}"
