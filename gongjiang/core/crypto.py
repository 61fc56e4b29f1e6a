"""Personal data at rest (R9.1; ADR 0005).

Values are sealed with AES-256-GCM (random 96-bit nonce; a database dump alone reveals nothing)
and looked up by a keyed HMAC-SHA256 of the normalised value, so an exact match needs the key too.
"""

import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_VERSION = b"\x01"


@lru_cache(maxsize=4)
def _keys(master_hex: str) -> tuple[AESGCM, bytes]:
    master = bytes.fromhex(master_hex)
    if len(master) != 32:
        raise ValueError("GONGJIANG_DATA_KEY must be 64 hexadecimal characters (32 bytes)")
    enc_key = hmac.new(master, b"gongjiang/encrypt", hashlib.sha256).digest()
    mac_key = hmac.new(master, b"gongjiang/lookup", hashlib.sha256).digest()
    return AESGCM(enc_key), mac_key


def seal(plain: str) -> bytes:
    """Encrypt `plain`; empty strings stay empty (nothing to protect)."""
    if not plain:
        return b""
    aead, _ = _keys(settings.GONGJIANG_DATA_KEY)
    nonce = os.urandom(12)
    return _VERSION + nonce + aead.encrypt(nonce, plain.encode("utf-8"), None)


def unseal(sealed: bytes | memoryview | None) -> str:
    if not sealed:
        return ""
    blob = bytes(sealed)
    aead, _ = _keys(settings.GONGJIANG_DATA_KEY)
    return aead.decrypt(blob[1:13], blob[13:], None).decode("utf-8")


def lookup_hash(normalised: str) -> str:
    """Keyed hash for exact look-up and uniqueness (64 hex characters)."""
    _, mac_key = _keys(settings.GONGJIANG_DATA_KEY)
    return hmac.new(mac_key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()
