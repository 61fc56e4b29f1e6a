"""The certificate signing keys and the public keys published (ADR 0021).

The platform's **root key** is the 32-byte Ed25519 seed in `GONGJIANG_CERTIFICATE_KEY` (settings,
read in config/env.py); production refuses the development default (config/profile.py). Retired
root keys' public halves (`GONGJIANG_CERTIFICATE_KEYS_RETIRED`) stay published.

Each agency signs its certificates with **its own key** (`AgencyKey`): the private half is derived
from the root seed with HKDF-SHA256 over the agency's id and the key's generation, so no secret is
stored in the database; the root signs a certification of the public half (the endorsement),
published with it in keys.json. A verifier trusts the root keys and, through them, the agency
keys; nothing else. Rotating an agency's key retires its generation (still published, still
accepted for what it signed) and makes the next; a new root key makes new agency keys on first use."""

from __future__ import annotations

import time
from functools import cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongjiang.evaluation import credentials


@cache
def _signing_key(seed_hex: str) -> Ed25519PrivateKey:
    return credentials.private_key_from_hex(seed_hex)


def signing_key() -> Ed25519PrivateKey:
    """The platform's root key now: it certifies agency keys and signs the published lists."""
    return _signing_key(settings.GONGJIANG_CERTIFICATE_KEY)


def root_keys() -> dict[str, Ed25519PublicKey]:
    """kid → public key of the current root key and every retired one."""
    found = [signing_key().public_key()]
    found += [credentials.public_key_from_hex(raw) for raw in settings.GONGJIANG_CERTIFICATE_KEYS_RETIRED]
    return {credentials.key_id(key): key for key in found}


@cache
def _derive(seed_hex: str, agency_id: int, generation: int) -> Ed25519PrivateKey:
    seed = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"gongjiang-agency-key-v1",
                info=f"agency:{agency_id}:generation:{generation}".encode()).derive(bytes.fromhex(seed_hex))
    return Ed25519PrivateKey.from_private_bytes(seed)


def agency_code(agency) -> str:
    return f"{agency.code}-{agency.province_code}-{agency.site_code}"


def _agency_key_make(agency, generation: int):
    from gongjiang.evaluation.models import AgencyKey

    root = signing_key()
    private = _derive(settings.GONGJIANG_CERTIFICATE_KEY, agency.pk, generation)
    public = private.public_key()
    endorsement = credentials.agency_key_endorse(
        public=public, agency=agency_code(agency), agency_name=agency.name, generation=generation,
        issued_at=int(timezone.now().timestamp()), root=root)
    forget_published_keys()
    return AgencyKey.objects.create(
        agency=agency, generation=generation, kid=credentials.key_id(public), agency_code=agency_code(agency),
        public_key=public.public_bytes(Encoding.Raw, PublicFormat.Raw).hex(),
        root_kid=credentials.key_id(root.public_key()), endorsement=endorsement)


def agency_signing_key(agency) -> tuple[Ed25519PrivateKey, str]:
    """(private key, kid) the agency signs with now; made on first use, and again after the
    root key changed (the old generation is then retired, still published). Call inside the
    issuing transaction: the agency row is locked so that two issuers make one key."""
    from gongjiang.evaluation.models import Agency, AgencyKey

    root_kid = credentials.key_id(signing_key().public_key())

    def stale(key) -> bool:
        return key is None or key.root_kid != root_kid or key.agency_code != agency_code(agency)

    current = AgencyKey.objects.filter(agency=agency, retired_at__isnull=True).order_by("-generation").first()
    if stale(current):
        with transaction.atomic():
            Agency.objects.select_for_update().filter(pk=agency.pk).first()
            current = AgencyKey.objects.filter(agency=agency, retired_at__isnull=True).order_by("-generation").first()
            if stale(current):
                last = AgencyKey.objects.filter(agency=agency).order_by("-generation").first()
                if current is not None:
                    current.retired_at = timezone.now()
                    current.retired_reason = "平台根密钥更换" if current.root_kid != root_kid else "机构代码变更"
                    current.save(update_fields=["retired_at", "retired_reason"])
                current = _agency_key_make(agency, (last.generation + 1) if last else 1)
    return _derive(settings.GONGJIANG_CERTIFICATE_KEY, agency.pk, current.generation), current.kid


def private_key_for(kid: str) -> Ed25519PrivateKey:
    """The private key whose public half has this kid (the one a credential names), to sign that
    certificate's PDF with the same key: the root, or an agency key of the current root."""
    from gongjiang.evaluation.models import AgencyKey

    root = signing_key()
    if kid == credentials.key_id(root.public_key()):
        return root
    key = AgencyKey.objects.filter(kid=kid).first()
    if key is None:
        raise LookupError(kid)
    private = _derive(settings.GONGJIANG_CERTIFICATE_KEY, key.agency_id, key.generation)
    if credentials.key_id(private.public_key()) != kid:  # made under an earlier root key
        raise LookupError(kid)
    return private


def agency_key_rotate(agency, reason: str):
    """Retire the agency's current key and make the next generation (services.agency_key_rotate
    checks the actor)."""
    from gongjiang.evaluation.models import Agency, AgencyKey

    Agency.objects.select_for_update().filter(pk=agency.pk).first()  # the caller's transaction
    AgencyKey.objects.filter(agency=agency, retired_at__isnull=True).update(retired_at=timezone.now(),
                                                                           retired_reason=reason[:200])
    last = AgencyKey.objects.filter(agency=agency).order_by("-generation").first()
    return _agency_key_make(agency, (last.generation + 1) if last else 1)


def _agency_entries() -> list[dict]:
    from gongjiang.evaluation.models import AgencyKey

    entries = []
    for key in AgencyKey.objects.select_related("agency").order_by("agency_id", "generation"):
        entry = credentials.jwk(credentials.public_key_from_hex(key.public_key))
        entry.update(gj_agency=key.agency_code, gj_agency_name=key.agency.name,
                     gj_generation=key.generation, gj_endorsement=key.endorsement,
                     gj_status="retired" if key.retired_at else "current")
        entries.append(entry)
    return entries


def jwks() -> dict:
    """The published key set (JWKS, RFC 7517): the root keys (current first), then each agency's
    keys with the root's certification (`gj_endorsement`)."""
    roots = [dict(credentials.jwk(key), gj_role="root") for key in root_keys().values()]
    return {"keys": roots + _agency_entries()}


class _LiveKeySet(credentials.KeySet):
    """The published key set as this process last read it; a kid it does not know makes it read
    the database again (another process made an agency key), so a verification costs no query
    for keys. A kid names one agency for ever (it is derived from the agency's id and the key's
    generation; a new code or root gives a new generation), so what is held never goes stale."""

    read_at = 0.0

    def get(self, kid, default=None):
        # At most once a second, so that made-up kids cannot make every request read the keys.
        if kid not in self and kid and time.monotonic() - self.read_at > 1.0:
            self.read_at = time.monotonic()
            _published.clear()
            fresh = published_keys()
            if kid in fresh:
                self.update(fresh)
                self.roots |= fresh.roots
                self.agency_of.update(fresh.agency_of)
        return super().get(kid, default)


_published: dict[tuple, credentials.KeySet] = {}


def published_keys() -> credentials.KeySet:
    """The trusted keys, exactly as an offline verifier reading keys.json gets them (each agency
    key's certification checked once per process, not per verification)."""
    version = (settings.GONGJIANG_CERTIFICATE_KEY, tuple(settings.GONGJIANG_CERTIFICATE_KEYS_RETIRED))
    if version not in _published:
        read = credentials.keys_from_jwks(jwks())
        live = _LiveKeySet(read)
        live.roots, live.agency_of, live.read_at = set(read.roots), dict(read.agency_of), time.monotonic()
        _published.clear()
        _published[version] = live
    return _published[version]


def forget_published_keys(**_kwargs) -> None:
    """A key was made or retired in this process: read the key set again next time."""
    _published.clear()
