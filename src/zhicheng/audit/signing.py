"""The Ed25519 checkpoint key. It lives on disk, outside the database, so
whoever can rewrite the tables still cannot forge a checkpoint."""

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings


class SigningKeyError(RuntimeError):
    pass


def private_key_path() -> Path:
    return Path(settings.AUDIT_SIGNING_KEY_PATH)


def public_key_path(private_path: Path | None = None) -> Path:
    """The public key beside the private one: audit-ed25519.pem → audit-ed25519.pub."""
    return (private_path or private_key_path()).with_suffix(".pub")


def fingerprint(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def generate(path: Path, *, force: bool = False) -> Ed25519PrivateKey:
    """Write a new private key (mode 0600) and its public key beside it."""
    if path.exists() and not force:
        raise SigningKeyError(f"签名密钥已存在：{path}（如确需替换请加 --force）")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    _write(path, pem, 0o600)
    pub = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    _write(public_key_path(path), pub, 0o644)
    return key


def _write(path: Path, data: bytes, mode: int) -> None:
    # Created with its final mode (never briefly world-readable), then moved into place.
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        os.write(fd, data)
        os.fchmod(fd, mode)
    finally:
        os.close(fd)
    os.replace(tmp, path)


def load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except FileNotFoundError:
        raise SigningKeyError(f"找不到签名私钥：{path}") from None
    except ValueError as exc:
        raise SigningKeyError(f"签名私钥无法读取：{path}（{exc}）") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path} 不是 Ed25519 私钥")
    return key


def load_public(path: Path) -> Ed25519PublicKey:
    try:
        key = serialization.load_pem_public_key(path.read_bytes())
    except FileNotFoundError:
        raise SigningKeyError(f"找不到公钥：{path}") from None
    except ValueError as exc:
        raise SigningKeyError(f"公钥无法读取：{path}（{exc}）") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError(f"{path} 不是 Ed25519 公钥")
    return key


def trusted_public_keys(paths: list[Path] | None = None) -> list[Ed25519PublicKey]:
    """The given public keys, else the .pub beside the private key, else one derived
    from the private key; [] when there is none at all."""
    if paths:
        return [load_public(p) for p in paths]
    pub = public_key_path()
    if pub.exists():
        return [load_public(pub)]
    if private_key_path().exists():
        return [load_private(private_key_path()).public_key()]
    return []


def verify_signature(public_key: Ed25519PublicKey, signature_hex: str, message: bytes) -> bool:
    try:
        public_key.verify(bytes.fromhex(signature_hex), message)
    except (InvalidSignature, ValueError):
        return False
    return True
