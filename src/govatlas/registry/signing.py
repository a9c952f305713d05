"""The registry's Ed25519 key: it signs the audit log's head and published exports.

The private key is a PEM file made on first use (``config.registry_key_file``: beside
an SQLite database, or ``GOVATLAS_REGISTRY_KEY``), readable by its owner only. Anyone
verifies with the public key alone (``govatlas registry public-key`` prints it); its
``key_id`` (SHA-256 of the raw public key) names it in what it signed.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from govatlas.errors import InvalidInputError, NotFoundError


@dataclass(frozen=True)
class PublicKey:
    """A registry's public key: what a third party needs to check its signatures."""

    key: Ed25519PublicKey

    @property
    def raw(self) -> bytes:
        return self.key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)

    @property
    def key_id(self) -> str:
        return hashlib.sha256(self.raw).hexdigest()

    def pem(self) -> str:
        return self.key.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode("ascii")

    def verifies(self, signature_hex: str, message: bytes) -> bool:
        try:
            self.key.verify(bytes.fromhex(signature_hex), message)
        except (InvalidSignature, ValueError):
            return False
        return True


@dataclass(frozen=True)
class SigningKey:
    key: Ed25519PrivateKey

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key.public_key())

    def sign(self, message: bytes) -> str:
        return self.key.sign(message).hex()


def load_or_create(path: Path) -> SigningKey:
    """The key in ``path``, made (owner-only) when the file does not exist yet."""
    if path.exists():
        return load(path)
    return save(SigningKey(Ed25519PrivateKey.generate()), path)


def save(key: SigningKey, path: Path) -> SigningKey:
    """Write ``key`` to a new file readable by its owner only (never over another)."""
    pem = key.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(pem)
    return key


def load(path: Path) -> SigningKey:
    """The key in ``path``; a missing or foreign file is a one-line error."""
    if not path.is_file():
        raise NotFoundError(
            f"no registry key at {path}",
            "the registry makes it on its first write; set GOVATLAS_REGISTRY_KEY to its file",
        )
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except ValueError:
        raise InvalidInputError(f"{path} is not a PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInputError(f"{path} is not an Ed25519 key")
    return SigningKey(key)


def read_public_key(path: Path) -> PublicKey:
    """A public key from a PEM file (``govatlas registry public-key`` writes one)."""
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except (OSError, ValueError):
        raise InvalidInputError(f"{path} is not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInputError(f"{path} is not an Ed25519 public key")
    return PublicKey(key)
