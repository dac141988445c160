"""Portable mode: vault, settings and content packs beside the program instead of the profile."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from willkommensordner import APP_NAME
from willkommensordner.portable import DATA_DIRNAME, PORTABLE_MARKER, resolve

PASSPHRASE = "Bahnhofstraße zwölf, dritter Stock"

# A stand-in for the bundled executable: portable mode looks beside the launcher.
LAUNCHER = textwrap.dedent(
    """
    import sys
    if sys.argv[1:2] == ["--where"]:
        from willkommensordner import portable
        from willkommensordner.content.store import default_data_dir
        from willkommensordner.gui.settings import default_settings_path
        from willkommensordner.vault.location import default_vault_path
        portable.activate(sys.argv[2:3] == ["--portable"])
        for path in (default_vault_path(), default_settings_path(), default_data_dir()):
            print(path)
        raise SystemExit(0)
    from willkommensordner.cli import main
    raise SystemExit(main())
    """
)


def _program(folder: Path, marker: bool = False) -> Path:
    folder.mkdir(parents=True)
    launcher = folder / "launch.py"
    launcher.write_text(LAUNCHER, encoding="utf-8")
    if marker:
        (folder / PORTABLE_MARKER).write_text("", encoding="utf-8")
    return launcher


def _run(launcher: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "WKO_", "LANG", "LC_"))}
    env.update(
        HOME=str(home), WKO_PASSPHRASE=PASSPHRASE, LANGUAGE="en", QT_QPA_PLATFORM="offscreen"
    )
    return subprocess.run(
        [sys.executable, str(launcher), *args], capture_output=True, text=True, env=env
    )


def _init(launcher: Path, home: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    return _run(launcher, home, *flags, "init", "--kdf-memory-mib", "8", "--kdf-iterations", "1")


def test_installed_layout_uses_the_profile_not_the_program_folder(tmp_path: Path) -> None:
    dirs = resolve(False, tmp_path)
    assert not dirs.portable
    assert dirs.data_dir == Path(user_data_dir(APP_NAME, appauthor=False))
    assert dirs.config_dir == Path(user_config_dir(APP_NAME, appauthor=False))
    assert tmp_path not in dirs.data_dir.parents


def test_flag_or_marker_puts_everything_beside_the_program(tmp_path: Path) -> None:
    by_flag = resolve(True, tmp_path)
    assert by_flag.portable
    assert by_flag.data_dir == by_flag.config_dir == tmp_path / DATA_DIRNAME
    assert by_flag.content_dir == tmp_path / DATA_DIRNAME / "content"
    (tmp_path / PORTABLE_MARKER).write_text("", encoding="utf-8")
    assert resolve(False, tmp_path) == by_flag


def test_vault_settings_and_content_follow_the_mode(tmp_path: Path) -> None:
    launcher = _program(tmp_path / "stick")
    home = tmp_path / "home"
    portable = _run(launcher, home, "--where", "--portable")
    assert portable.returncode == 0, portable.stderr
    data = tmp_path / "stick" / DATA_DIRNAME
    assert portable.stdout.split() == [
        str(data / "vault.wko"),
        str(data / "settings.json"),
        str(data / "content"),
    ]
    installed = _run(launcher, home, "--where")
    assert installed.returncode == 0, installed.stderr
    assert all(str(home) in line for line in installed.stdout.split())
    assert str(tmp_path / "stick") not in installed.stdout


def test_cli_portable_init_creates_the_vault_beside_the_program_with_a_warning(
    tmp_path: Path,
) -> None:
    launcher = _program(tmp_path / "stick")
    home = tmp_path / "home"
    result = _init(launcher, home, "--portable")
    assert result.returncode == 0, result.stderr
    data = tmp_path / "stick" / DATA_DIRNAME
    assert (data / "vault.wko").is_file()
    assert (data / "vault.wko.keys").is_file()
    assert "Portable mode" in result.stderr and str(data) in result.stderr
    assert "recovery key" in result.stderr
    assert not (home / ".local" / "share" / APP_NAME).exists()

    listed = _run(launcher, home, "--portable", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "[]"


def test_marker_file_turns_portable_mode_on_without_the_flag(tmp_path: Path) -> None:
    launcher = _program(tmp_path / "stick", marker=True)
    result = _init(launcher, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "stick" / DATA_DIRNAME / "vault.wko").is_file()
    assert "Portable mode" in result.stderr


def test_without_portable_mode_the_vault_goes_to_the_profile(tmp_path: Path) -> None:
    launcher = _program(tmp_path / "program")
    home = tmp_path / "home"
    result = _init(launcher, home)
    assert result.returncode == 0, result.stderr
    assert "Portable mode" not in result.stderr
    assert not (tmp_path / "program" / DATA_DIRNAME).exists()
    assert list(home.rglob("vault.wko"))


def test_unusable_portable_folder_is_a_usage_error_and_writes_nothing(tmp_path: Path) -> None:
    launcher = _program(tmp_path / "stick")
    # A file where the data folder should be: cannot be used, even by root.
    (tmp_path / "stick" / DATA_DIRNAME).write_text("not a folder", encoding="utf-8")
    result = _init(launcher, tmp_path / "home", "--portable")
    assert result.returncode == 2
    assert "writable folder" in result.stderr
    assert (tmp_path / "stick" / DATA_DIRNAME).read_text(encoding="utf-8") == "not a folder"
    assert not (tmp_path / "home").exists() or not list((tmp_path / "home").rglob("vault.wko"))


def test_portable_option_is_in_the_help(tmp_path: Path) -> None:
    result = _run(_program(tmp_path / "p"), tmp_path / "home", "--help")
    assert result.returncode == 0
    assert "--portable" in result.stdout
