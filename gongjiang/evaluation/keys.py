"""The platform's certificate signing key and the public keys it publishes (ADR 0021).

The private key is the 32-byte Ed25519 seed in `GONGJIANG_CERTIFICATE_KEY` (settings, read in
config/env.py); production refuses the development default (config/profile.py). Retired keys'
public halves (`GONGJIANG_CERTIFICATE_KEYS_RETIRED`) stay published so old certificates verify."""

from __future__ import annotations

from functools import cache

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from gongjiang.evaluation import credentials


@cache
def _signing_key(seed_hex: str) -> Ed25519PrivateKey:
    return credentials.private_key_from_hex(seed_hex)


def signing_key() -> Ed25519PrivateKey:
    """The key certificates are signed with now."""
    return _signing_key(settings.GONGJIANG_CERTIFICATE_KEY)


def published_keys() -> dict[str, Ed25519PublicKey]:
    """kid → public key: the current one and every retired one."""
    keys = [signing_key().public_key()]
    keys += [credentials.public_key_from_hex(raw) for raw in settings.GONGJIANG_CERTIFICATE_KEYS_RETIRED]
    return {credentials.key_id(key): key for key in keys}


def jwks() -> dict:
    """The published key set (JWKS, RFC 7517), current key first."""
    return {"keys": [credentials.jwk(key) for key in published_keys().values()]}
