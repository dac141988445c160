"""The agency's own keys: age X25519 to receive files, Ed25519 to sign them.

The public part travels as one line of text, `wko1:<age recipient>:<Ed25519 key, base64url>`,
and is compared between agencies by phone through a short fingerprint.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime

import pyrage
import segno
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from willkommensordner.errors import InvalidInput
from willkommensordner.exchange.qr_terminal import QUIET_ZONE, terminal_text
from willkommensordner.i18n import N_
from willkommensordner.vault.database import Database

PREFIX = "wko1"
_BAD_KEY = N_("This is not a valid agency key. It starts with 'wko1:' and has three parts.")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def unb64url(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except ValueError:
        raise InvalidInput(_BAD_KEY) from None


def fingerprint(age_recipient: str, signing_key: bytes) -> str:
    """Six groups of four characters, short enough to read out on the phone."""
    digest = hashlib.sha256(f"{PREFIX}:{age_recipient}:".encode() + signing_key).hexdigest()
    return " ".join(digest[i : i + 4].upper() for i in range(0, 24, 4))


@dataclass(frozen=True, slots=True)
class PublicIdentity:
    """What a partner needs to send us files and to check our signature."""

    age_recipient: str
    signing_key: bytes

    @classmethod
    def parse(cls, text: str) -> PublicIdentity:
        parts = text.strip().split(":")
        if len(parts) != 3 or parts[0] != PREFIX:
            raise InvalidInput(_BAD_KEY)
        recipient, signing = parts[1], unb64url(parts[2])
        if len(signing) != 32:
            raise InvalidInput(_BAD_KEY)
        try:
            pyrage.x25519.Recipient.from_str(recipient)
            Ed25519PublicKey.from_public_bytes(signing)
        except Exception:
            raise InvalidInput(_BAD_KEY) from None
        return cls(recipient, signing)

    @classmethod
    def from_file_text(cls, text: str) -> PublicIdentity:
        """The key line of an exported key file (comment lines start with '#')."""
        for line in text.splitlines():
            if line.strip().startswith(PREFIX + ":"):
                return cls.parse(line)
        raise InvalidInput(_BAD_KEY)

    @property
    def text(self) -> str:
        return f"{PREFIX}:{self.age_recipient}:{b64url(self.signing_key)}"

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.age_recipient, self.signing_key)

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.signing_key).verify(signature, data)
        except InvalidSignature:
            return False
        return True

    def qr_svg(self) -> str:
        buffer = io.BytesIO()
        self.qr_code().save(buffer, kind="svg", scale=4)
        return buffer.getvalue().decode("utf-8")

    def qr_code(self) -> segno.QRCode:
        return segno.make(self.text, error="m")

    def qr_text(self) -> str:
        """The QR code for a terminal, readable on light and dark ones alike."""
        return terminal_text(self.qr_code())

    def qr_picture(self, suffix: str) -> bytes:
        """The QR code as a picture, SVG or PNG as the file name's suffix says."""
        kind = suffix.lower().lstrip(".")
        if kind not in ("svg", "png"):
            raise InvalidInput(
                N_("A QR code is written as .svg or .png, not as {suffix}."),
                suffix=suffix or "-",
            )
        buffer = io.BytesIO()
        self.qr_code().save(buffer, kind=kind, scale=8, border=QUIET_ZONE)
        return buffer.getvalue()

    def file_text(self, agency: str) -> str:
        """A small key file to hand to a partner; the agency name only as a comment."""
        agency_line = " ".join(agency.split())
        return (
            "# Willkommensordner digital: agency key\n"
            f"# agency: {agency_line}\n"
            f"# fingerprint: {self.fingerprint}\n"
            f"{self.text}\n"
        )


@dataclass(frozen=True)
class AgencyIdentity:
    """The secret keys of this installation, kept in the encrypted vault."""

    age_identity: pyrage.x25519.Identity
    signing: Ed25519PrivateKey

    @classmethod
    def generate(cls) -> AgencyIdentity:
        return cls(pyrage.x25519.Identity.generate(), Ed25519PrivateKey.generate())

    @classmethod
    def load(cls, db: Database) -> AgencyIdentity | None:
        row = db.execute(
            "SELECT age_secret, signing_secret FROM exchange_identity WHERE id = 1"
        ).fetchone()
        if row is None:
            return None
        return cls(
            pyrage.x25519.Identity.from_str(row[0]),
            Ed25519PrivateKey.from_private_bytes(base64.b64decode(row[1])),
        )

    @classmethod
    def load_or_create(cls, db: Database) -> AgencyIdentity:
        """The keys, made on first use (showing them, or the first export)."""
        existing = cls.load(db)
        if existing is not None:
            return existing
        identity = cls.generate()
        with db.transaction():
            db.execute(
                "INSERT INTO exchange_identity(id, age_secret, signing_secret, created)"
                " VALUES (1, ?, ?, ?)",
                (
                    str(identity.age_identity),
                    base64.b64encode(identity.signing.private_bytes_raw()).decode("ascii"),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
        return identity

    @property
    def public(self) -> PublicIdentity:
        return PublicIdentity(
            str(self.age_identity.to_public()), self.signing.public_key().public_bytes_raw()
        )

    def sign(self, data: bytes) -> bytes:
        return self.signing.sign(data)

    def age_secret(self) -> str:
        """The age identity as text (`AGE-SECRET-KEY-1…`), e.g. for the standard age tool."""
        return str(self.age_identity)
