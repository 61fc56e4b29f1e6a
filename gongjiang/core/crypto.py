"""Personal data at rest (R9.1; ADR 0005, key rotation ADR 0013).

Values are sealed with AES-256-GCM (random 96-bit nonce; a database dump alone reveals nothing)
and looked up by a keyed HMAC-SHA256 of the normalised value, so an exact match needs the key too.

Key rotation (issue 18 §3): `GONGJIANG_DATA_KEY` is the key everything is written under;
while `GONGJIANG_DATA_KEY_PREVIOUS` is also set, a rotation is under way (`gongjiang keys rotate`)
and values sealed under the previous key are still opened: AES-GCM authenticates, so a value
opened under the wrong key fails its tag check and the previous key is tried. Look-ups compute
the hash under both keys (`lookup_hashes`). The sealed format is unchanged (version byte 0x01,
nonce, ciphertext and tag): no key id is stored, none is needed.
"""

import hashlib
import hmac
import os
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_VERSION = b"\x01"


@lru_cache(maxsize=8)
def _keys(master_hex: str) -> tuple[AESGCM, bytes]:
    master = _master(master_hex)
    enc_key = hmac.new(master, b"gongjiang/encrypt", hashlib.sha256).digest()
    mac_key = hmac.new(master, b"gongjiang/lookup", hashlib.sha256).digest()
    return AESGCM(enc_key), mac_key


def keys_for(master_hex: str) -> tuple[AESGCM, bytes]:
    """The AES-GCM cipher and the look-up MAC key derived from one data key (cached)."""
    return _keys(master_hex)


def _master(master_hex: str) -> bytes:
    try:
        master = bytes.fromhex(master_hex)
    except ValueError:
        master = b""
    if len(master) != 32:
        raise ValueError("GONGJIANG_DATA_KEY must be 64 hexadecimal characters (32 bytes)")
    return master


def current_key() -> str:
    """The key new values are sealed and hashed under (hex)."""
    return settings.GONGJIANG_DATA_KEY


def previous_key() -> str:
    """The key being rotated away from (hex), or "" when no rotation is under way."""
    return getattr(settings, "GONGJIANG_DATA_KEY_PREVIOUS", "") or ""


def rotation_in_progress() -> bool:
    """Two keys are configured: values may be sealed under either (ADR 0013)."""
    previous = previous_key()
    return bool(previous) and previous.lower() != current_key().lower()


def key_fingerprint(master_hex: str) -> str:
    """A short public name of a key (16 hex characters), safe to store and print: an HMAC of a
    fixed label under the key, so it reveals nothing about the key."""
    return hmac.new(_master(master_hex), b"gongjiang/key-id", hashlib.sha256).hexdigest()[:16]


def seal(plain: str) -> bytes:
    """Encrypt `plain` under the current key; empty strings stay empty (nothing to protect)."""
    if not plain:
        return b""
    aead, _ = _keys(current_key())
    nonce = os.urandom(12)
    return _VERSION + nonce + aead.encrypt(nonce, plain.encode("utf-8"), None)


def unseal_with(sealed: bytes | memoryview | None, master_hex: str) -> str:
    """Open `sealed` under exactly this key (InvalidTag when it was sealed under another)."""
    if not sealed:
        return ""
    blob = bytes(sealed)
    aead, _ = _keys(master_hex)
    return aead.decrypt(blob[1:13], blob[13:], None).decode("utf-8")


def unseal(sealed: bytes | memoryview | None) -> str:
    """Open `sealed` under the current key or, during a rotation, the previous one."""
    try:
        return unseal_with(sealed, current_key())
    except InvalidTag:
        if not rotation_in_progress():
            raise
    return unseal_with(sealed, previous_key())


def lookup_hash(normalised: str) -> str:
    """Keyed hash under the current key, for exact look-up and uniqueness (64 hex characters)."""
    return lookup_hash_with(normalised, current_key())


def lookup_hash_with(normalised: str, master_hex: str) -> str:
    _, mac_key = _keys(master_hex)
    return hmac.new(mac_key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def lookup_hashes(normalised: str) -> list[str]:
    """Every hash a stored value may carry: the current key's and, during a rotation, the
    previous key's. Filter with `__in` so a row not yet rotated is found too."""
    hashes = [lookup_hash(normalised)]
    if rotation_in_progress():
        hashes.append(lookup_hash_with(normalised, previous_key()))
    return hashes
