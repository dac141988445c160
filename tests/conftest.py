"""Shared fixtures: every test gets its own real SQLCipher vault in a temp folder."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from willkommensordner.exchange.contacts import Contact
from willkommensordner.vault.kdf import KdfParams
from willkommensordner.vault.vault import Vault

# Some GUI test modules import helpers from the plugin module they also declare: rewrite its
# asserts before either import happens.
pytest.register_assert_rewrite("tests.gui_support")

# Widgets render offscreen however the tests are started (make, an IDE, plain pytest).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# A municipality's own guidance files on the machine running the tests must not change them.
os.environ["WKO_GUIDANCE_DIR"] = str(Path(tempfile.gettempdir()) / "wko-tests-no-municipal-files")
# Nor may the user's own data folder: imported packs, the choice of demo content (each test
# gets a fresh one, see `_own_data_folder`; this covers imports before the first test).
os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="wko-tests-data-")

# Argon2id tuned for the laptop costs half a second; tests choose a cheap cost explicitly.
FAST_KDF = KdfParams(memory_kib=1024, iterations=1, lanes=1)
PASSPHRASE = "correct horse battery staple"


@pytest.fixture(autouse=True, scope="session")
def _none_survives_pyside() -> None:
    # The app does this at start: PySide6 6.12 on Python 3.11 leaks references to None.
    from willkommensordner.gui.pyside_workarounds import pin_none

    pin_none()


@pytest.fixture(autouse=True, scope="session")
def _collect_on_the_main_thread() -> Iterator[None]:
    # As the app does (gui/garbage.py): garbage holding Qt wrappers must not be collected in
    # a worker thread, so automatic collection is off and each test's garbage goes here.
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture(autouse=True)
def _own_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The app's data folder (imported packs, the choice of demo data) is each test's own:
    # what one test imported or chose must not reach the next.
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data")))


@pytest.fixture
def demo_content() -> None:
    """The demo town's sample packs shown, as after the user chose demo data."""
    from willkommensordner.content.store import PackStore, default_data_dir

    PackStore(default_data_dir()).set_demo_enabled(True)


@pytest.fixture
def fast_kdf() -> KdfParams:
    return FAST_KDF


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vaults" / "vault.wko"


@pytest.fixture
def vault(vault_path: Path) -> Iterator[Vault]:
    created, _ = Vault.create(
        vault_path, PASSPHRASE, counsellor="Erika Beispiel", agency="Caritas", kdf=FAST_KDF
    )
    yield created
    created.close()


@pytest.fixture
def vault_with_key(vault_path: Path) -> Iterator[tuple[Vault, str]]:
    created, key = Vault.create(vault_path, PASSPHRASE, kdf=FAST_KDF)
    yield created, key
    created.close()


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Vault, Vault, Contact, Contact]]:
    """Two agencies that know each other: (a, b, b as seen by a, a as seen by b)."""
    from tests.exchange_support import introduce, make_vault

    a = make_vault(tmp_path, "a", "Sozialamt Herne")
    b = make_vault(tmp_path, "b", "Jobcenter Herne")
    b_in_a, a_in_b = introduce(a, b)
    yield a, b, b_in_a, a_in_b
    a.close()
    b.close()
