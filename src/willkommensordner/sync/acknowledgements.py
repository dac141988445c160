"""Acknowledgements and pruning: a receiver signs which bundle it applied last; the sender
then deletes its own bundles up to that one once they are older than the retention period.

An acknowledgement is a small signed file in the receiver's own directory
(`<receiver>/<sender>/ack-<number>.json`), so a device still deletes only files it wrote.
The newest bundle for each member always stays, so a device restored from a backup sees
which numbers it used already.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from willkommensordner.exchange.contacts import Contact
from willkommensordner.exchange.keys import AgencyIdentity, b64url, unb64url
from willkommensordner.sync import folder

RETENTION_DAYS = 14
_ACK = re.compile(r"^ack-(\d{8,12})\.json$")
_MAX_SIZE = 4096


def _payload(sequence: int, sender: str, receiver: str) -> bytes:
    return json.dumps(
        {"ack": sequence, "sender": sender, "receiver": receiver}, sort_keys=True
    ).encode()


def acknowledge(identity: AgencyIdentity, directory: Path, sender: str, sequence: int) -> None:
    """Write our acknowledgement for `sender` into our directory for it; older ones go."""
    own = identity.public.fingerprint
    signature = b64url(identity.sign(_payload(sequence, sender, own)))
    directory.mkdir(parents=True, exist_ok=True)
    temp = folder.temp_path(directory)
    temp.write_text(
        json.dumps({"ack": sequence, "sender": sender, "receiver": own, "signature": signature}),
        encoding="utf-8",
    )
    final = directory / f"ack-{sequence:08d}.json"
    temp.replace(final)
    for old in directory.iterdir():
        match = _ACK.match(old.name)
        if match and int(match[1]) < sequence:
            old.unlink(missing_ok=True)


def acknowledged(directory: Path, member: Contact, own: str) -> int:
    """The highest bundle number the member signed as applied (0: none we can verify)."""
    best = 0
    try:
        names = [p for p in directory.iterdir() if _ACK.match(p.name)]
    except OSError:
        return 0
    for path in names:
        try:
            if path.stat().st_size > _MAX_SIZE:
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
            sequence = data["ack"]
            signature = unb64url(data["signature"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if not isinstance(sequence, int) or data.get("sender") != own:
            continue
        if member.public.verify(signature, _payload(sequence, own, member.fingerprint)):
            best = max(best, sequence)
    return best


def prune(directory: Path, acked: int) -> int:
    """Delete our bundles in `directory` the member acknowledged, older than the retention
    period, except the newest one; how many went."""
    files, _ = folder.bundles(directory)
    if not files:
        return 0
    newest = files[-1].sequence
    cutoff = time.time() - RETENTION_DAYS * 86400
    gone = 0
    for bundle in files:
        if bundle.sequence <= acked and bundle.sequence != newest:
            try:
                if bundle.path.stat().st_mtime <= cutoff:
                    bundle.path.unlink()
                    gone += 1
            except OSError:
                continue
    return gone
