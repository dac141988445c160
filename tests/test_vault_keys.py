import hashlib
import json
from pathlib import Path

import pytest

from willkommensordner.domain.dossier import Dossier
from willkommensordner.errors import (
    Incompatible,
    InvalidInput,
    LockedError,
    NotFound,
    VaultDamaged,
)
from willkommensordner.vault import recovery_key
from willkommensordner.vault.location import attempts_path, envelope_path
from willkommensordner.vault.passphrase_policy import check_new, strength
from willkommensordner.vault.throttle import MAX_DELAY_SECONDS, UnlockThrottle
from willkommensordner.vault.vault import Vault

from .conftest import FAST_KDF, PASSPHRASE


def _snapshot(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


@pytest.fixture
def closed_vault(vault: Vault, vault_path: Path) -> Path:
    vault.records.save(Dossier(family_name="Haddad"))
    vault.close()
    return vault_path


def test_wrong_passphrase_is_refused_and_writes_only_the_attempt(closed_vault: Path) -> None:
    before = _snapshot(closed_vault.parent)
    with pytest.raises(LockedError) as err:
        Vault.unlock(closed_vault, "not the passphrase at all")
    assert "passphrase" in err.value.message()
    after = _snapshot(closed_vault.parent)
    record = attempts_path(closed_vault)
    assert after.pop(record.name) and after == before
    assert record.stat().st_mode & 0o777 == 0o600


class _Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.pauses: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.pauses.append(seconds)
        self.now += seconds


def _throttle(vault_path: Path, clock: _Clock) -> UnlockThrottle:
    return UnlockThrottle(attempts_path(vault_path), sleep=clock.sleep, clock=lambda: clock.now)


def test_repeated_failures_wait_longer_each_time(closed_vault: Path) -> None:
    clock = _Clock()
    throttle = _throttle(closed_vault, clock)
    for _ in range(4):
        with pytest.raises(LockedError):
            Vault.unlock(closed_vault, "wrong wrong wrong", throttle)
    assert clock.pauses == [1.0, 2.0, 4.0]
    vault = Vault.unlock(closed_vault, PASSPHRASE, throttle)
    assert vault.failed_attempts.failures == 4 and not vault.failed_attempts.tampered
    vault.close()
    assert throttle.failures == 0 and not attempts_path(closed_vault).exists()


def test_the_pause_survives_a_restart_of_the_program(closed_vault: Path) -> None:
    clock = _Clock()
    for _ in range(3):
        with pytest.raises(LockedError):
            # A new throttle each time: what a new process starts with.
            Vault.unlock(closed_vault, "wrong wrong wrong", _throttle(closed_vault, clock))
    assert clock.pauses == [1.0, 2.0]
    clock.now += 1.5  # the program restarts; part of the 4 s pause has passed
    Vault.unlock(closed_vault, PASSPHRASE, _throttle(closed_vault, clock)).close()
    assert clock.pauses == [1.0, 2.0, 2.5]


@pytest.mark.parametrize(
    "record",
    [b"{not json", b'{"format": "willkommensordner-unlock-attempts", "failures": -5, "last": 0}'],
)
def test_an_edited_attempt_record_means_the_longest_pause_and_is_reported(
    closed_vault: Path, record: bytes
) -> None:
    attempts_path(closed_vault).write_bytes(record)
    clock = _Clock()
    vault = Vault.unlock(closed_vault, PASSPHRASE, _throttle(closed_vault, clock))
    assert clock.pauses == [MAX_DELAY_SECONDS]
    assert vault.failed_attempts.tampered
    vault.close()


def test_changing_the_passphrase_rewraps_without_reencrypting(closed_vault: Path) -> None:
    db_before = hashlib.sha256(closed_vault.read_bytes()).hexdigest()
    with Vault.unlock(closed_vault, PASSPHRASE) as vault:
        vault.change_passphrase("a brand new long passphrase")
    assert hashlib.sha256(closed_vault.read_bytes()).hexdigest() == db_before
    with pytest.raises(LockedError):
        Vault.unlock(closed_vault, PASSPHRASE)
    with Vault.unlock(closed_vault, "a brand new long passphrase") as vault:
        assert [s.family_name for s in vault.summaries()] == ["Haddad"]


def test_recovery_key_opens_the_vault_and_can_be_renewed(
    vault_with_key: tuple[Vault, str], vault_path: Path
) -> None:
    vault, key = vault_with_key
    vault.close()
    typed = key.lower().replace("-", " ").replace("O", "0")
    with Vault.unlock_with_recovery_key(vault_path, typed) as opened:
        opened.change_passphrase("forgotten and replaced passphrase")
        new_key = opened.renew_recovery_key()
    with pytest.raises(LockedError):
        Vault.unlock_with_recovery_key(vault_path, key)
    Vault.unlock_with_recovery_key(vault_path, new_key).close()
    Vault.unlock(vault_path, "forgotten and replaced passphrase").close()


def test_recovery_key_typos_are_caught() -> None:
    key = recovery_key.generate()
    assert recovery_key.parse(key) == recovery_key.parse(key.replace("-", "").lower())
    typo = ("A" if key[0] != "A" else "B") + key[1:]
    with pytest.raises(InvalidInput):
        recovery_key.parse(typo)
    with pytest.raises(InvalidInput):
        recovery_key.parse("too short")


@pytest.mark.parametrize(
    ("passphrase", "ok"),
    [
        ("short", False),
        ("aaaaaaaaaaaaaaaa", False),
        ("Passwort1234", False),
        ("Lindenweg am Bahnhof", True),
    ],
)
def test_passphrase_rules_give_a_reason(passphrase: str, ok: bool) -> None:
    if ok:
        check_new(passphrase)
        assert strength(passphrase).score >= 1
    else:
        with pytest.raises(InvalidInput) as err:
            check_new(passphrase)
        assert err.value.message()


def test_weak_passphrase_creates_no_vault(vault_path: Path) -> None:
    with pytest.raises(InvalidInput):
        Vault.create(vault_path, "short", kdf=FAST_KDF)
    assert not vault_path.exists() and not envelope_path(vault_path).exists()


def test_a_second_vault_is_not_created_over_the_first(closed_vault: Path) -> None:
    with pytest.raises(InvalidInput):
        Vault.create(closed_vault, PASSPHRASE, kdf=FAST_KDF)
    Vault.unlock(closed_vault, PASSPHRASE).close()


def test_missing_vault_and_missing_envelope(closed_vault: Path, tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        Vault.unlock(tmp_path / "nowhere.wko", PASSPHRASE)
    envelope_path(closed_vault).rename(tmp_path / "moved-away")
    with pytest.raises(NotFound) as err:
        Vault.unlock(closed_vault, PASSPHRASE)
    assert "key file" in err.value.message()


@pytest.mark.parametrize(
    "damage",
    [
        lambda t: t[: len(t) // 2],
        lambda t: "",
        lambda t: "{not json",
        lambda t: t.replace('"vault_id": "', '"vault_id": "x'),
        lambda t: t.replace('"iterations": 1', '"iterations": 100000'),
        lambda t: json.dumps({**json.loads(t), "slots": {}}),
        lambda t: json.dumps({**json.loads(t), "mac": "AAAA"}),
        lambda t: t.replace('"memory_kib": 1024', '"memory_kib": 1025'),
    ],
)
def test_damaged_envelope_gives_a_clear_message(closed_vault: Path, damage: object) -> None:
    keys = envelope_path(closed_vault)
    keys.write_text(damage(keys.read_text()))  # type: ignore[operator]
    before = _snapshot(closed_vault.parent)
    with pytest.raises((VaultDamaged, LockedError)) as err:
        Vault.unlock(closed_vault, PASSPHRASE)
    assert err.value.message()
    after = _snapshot(closed_vault.parent)
    # An edit under the slot's authentication cannot be told from a wrong passphrase.
    assert after.pop(attempts_path(closed_vault).name, None) is None or err.type is LockedError
    assert after == before


def test_envelope_from_the_future_is_refused(closed_vault: Path) -> None:
    keys = envelope_path(closed_vault)
    keys.write_text(json.dumps({**json.loads(keys.read_text()), "version": 99}))
    with pytest.raises(Incompatible):
        Vault.unlock(closed_vault, PASSPHRASE)


def test_envelope_of_another_vault_does_not_fit(closed_vault: Path, tmp_path: Path) -> None:
    other = tmp_path / "other" / "vault.wko"
    Vault.create(other, PASSPHRASE, kdf=FAST_KDF)[0].close()
    envelope_path(closed_vault).write_bytes(envelope_path(other).read_bytes())
    with pytest.raises(VaultDamaged):
        Vault.unlock(closed_vault, PASSPHRASE)


def test_zero_byte_vault(closed_vault: Path) -> None:
    closed_vault.write_bytes(b"")
    with pytest.raises(VaultDamaged):
        Vault.unlock(closed_vault, PASSPHRASE)
    assert closed_vault.read_bytes() == b""


@pytest.mark.parametrize("keep", [0.5, 0.9, 4096])
def test_truncated_vault(closed_vault: Path, keep: float) -> None:
    data = closed_vault.read_bytes()
    cut = int(len(data) * keep) if keep < 1 else int(keep)
    closed_vault.write_bytes(data[:cut])
    with (
        pytest.raises(VaultDamaged) as err,
        Vault.unlock(closed_vault, PASSPHRASE) as vault,
    ):
        vault.summaries()
    assert err.value.message()
    assert len(closed_vault.read_bytes()) == cut


def test_flipped_byte_in_the_vault_is_noticed(closed_vault: Path) -> None:
    data = bytearray(closed_vault.read_bytes())
    data[len(data) - 2000] ^= 0x40
    closed_vault.write_bytes(bytes(data))
    with (
        pytest.raises(VaultDamaged),
        Vault.unlock(closed_vault, PASSPHRASE) as vault,
    ):
        vault.check_integrity()


def test_a_healthy_vault_passes_the_integrity_check(vault: Vault) -> None:
    vault.records.save(Dossier(family_name="Haddad"))
    vault.check_integrity()
