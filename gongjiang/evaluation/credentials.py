"""Signed certificate credentials (ADR 0021): a compact JWS (RFC 7515) with EdDSA / Ed25519
(RFC 8037) over a small JSON payload — certificate number, the holder's masked name,
occupation, grade, date, issuing agency — so anyone holding the published public key can check
a certificate with no network and no database.

This module needs no database: `credential_verify` takes the public keys (a JWKS, as published
at /evaluation/keys.json) and, optionally, the revocation list (a signed JWS of revoked numbers,
as published at /evaluation/revocations.jws). The offline command `gongjiang certificates verify`
and the public page both call it.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

CREDENTIAL_TYPE = "gongjiang-certificate+jwt"
REVOCATION_TYPE = "gongjiang-revocations+jwt"
AGENCY_KEY_TYPE = "gongjiang-agency-key+jwt"  # the root's certification of an agency's public key
STATUS_LIST_TYPE = "vc+jwt"  # the W3C Bitstring Status List credential, secured as a JWS (VC-JOSE-COSE)
# What a QR code or link carries: the verification page's path with the credential in `c`.
_TOKEN = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same payload always gives the same bytes."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def key_id(public: Ed25519PublicKey) -> str:
    """A public key's id: `gj-` and the first 16 hex digits of SHA-256 of its raw 32 bytes."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "gj-" + hashlib.sha256(raw).hexdigest()[:16]


def private_key_from_hex(seed_hex: str) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(bytes.fromhex(seed_hex))


def public_key_from_hex(raw_hex: str) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(bytes.fromhex(raw_hex))


def jwk(public: Ed25519PublicKey) -> dict[str, str]:
    """The public key as a JWK (RFC 8037 OKP)."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw), "kid": key_id(public), "alg": "EdDSA", "use": "sig"}


class KeySet(dict):
    """kid → public key of every key a verifier trusts: the platform's root keys, and the agency
    keys a root key has certified (`agency_of`: kid → the agency's code). A credential signed
    with an agency's key must name that agency; lists (status, revocations) only a root signs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roots: set[str] = set(self)
        self.agency_of: dict[str, str] = {}

    def only_roots(self) -> dict[str, Ed25519PublicKey]:
        return {kid: key for kid, key in self.items() if kid in self.roots}


def agency_key_endorse(*, public: Ed25519PublicKey, agency: str, agency_name: str, generation: int, issued_at: int,
                       root: Ed25519PrivateKey) -> str:
    """The root's certification of an agency's public key (a JWS the key set publishes)."""
    raw = public.public_bytes(Encoding.Raw, PublicFormat.Raw)
    claims = {"kid": key_id(public), "x": b64url(raw), "agency": agency, "agency_name": agency_name,
              "gen": generation, "iat": issued_at}
    return jws_sign(claims, root, typ=AGENCY_KEY_TYPE)


def keys_from_jwks(jwks: dict) -> KeySet:
    """The trusted keys of a published key set (as at /evaluation/keys.json): every root key
    (an entry with no `gj_endorsement`), then every agency key whose endorsement checks under a
    root key and names the same key. Entries that are not Ed25519, or not certified, are skipped."""
    roots, agency_entries = {}, []
    for entry in jwks.get("keys", []):
        if entry.get("kty") != "OKP" or entry.get("crv") != "Ed25519" or not entry.get("x"):
            continue
        if entry.get("gj_endorsement"):
            agency_entries.append(entry)
            continue
        public = Ed25519PublicKey.from_public_bytes(b64url_decode(entry["x"]))
        roots[key_id(public)] = public
    found = KeySet(roots)
    for entry in agency_entries:
        try:
            claims, _kid = jws_open(entry["gj_endorsement"], roots, typ=AGENCY_KEY_TYPE)
        except CredentialError:
            continue
        if claims.get("x") != entry["x"]:
            continue
        public = Ed25519PublicKey.from_public_bytes(b64url_decode(entry["x"]))
        kid = key_id(public)
        found[kid] = public
        found.agency_of[kid] = str(claims.get("agency", ""))
    return found


def jws_sign(claims: dict, private: Ed25519PrivateKey, typ: str = CREDENTIAL_TYPE) -> str:
    header = {"alg": "EdDSA", "kid": key_id(private.public_key()), "typ": typ}
    signing_input = b64url(canonical_json(header)) + "." + b64url(canonical_json(claims))
    return signing_input + "." + b64url(private.sign(signing_input.encode("ascii")))


class CredentialError(Exception):
    """The credential cannot be trusted; the message says why, in Chinese."""


def jws_open(token: str, keys: dict[str, Ed25519PublicKey], typ: str = CREDENTIAL_TYPE) -> tuple[dict, str]:
    """(claims, kid) of a JWS whose signature checks under one of `keys`, or CredentialError."""
    token = (token or "").strip()
    if not _TOKEN.fullmatch(token):
        raise CredentialError("这不是本平台的证书凭证（格式不符），请核对二维码或文件是否完整")
    head_b64, body_b64, sig_b64 = token.split(".")
    try:
        header = json.loads(b64url_decode(head_b64))
        claims = json.loads(b64url_decode(body_b64))
        signature = b64url_decode(sig_b64)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CredentialError("证书凭证已损坏，无法读取（可能被改动过）") from exc
    if not isinstance(header, dict) or header.get("alg") != "EdDSA" or header.get("typ") != typ:
        raise CredentialError("证书凭证的签名算法或类型不符，不能信任")
    public = keys.get(header.get("kid", ""))
    if public is None:
        raise CredentialError(f"签名密钥 {header.get('kid', '')} 不是本平台公布的公钥，不能信任")
    try:
        public.verify(signature, f"{head_b64}.{body_b64}".encode("ascii"))
    except InvalidSignature as exc:
        raise CredentialError("签名校验不通过：证书内容被改动过，或不是本平台颁发的") from exc
    if not isinstance(claims, dict):
        raise CredentialError("证书凭证已损坏，无法读取（可能被改动过）")
    return claims, header["kid"]


def token_find(text: str) -> str:
    """The credential inside what was scanned or dropped: the bare token, a verification link
    (`…/evaluation/verify/?c=TOKEN`), or a JSON file with a `credential` field."""
    text = (text or "").strip()
    if text.startswith("{"):
        try:
            return str(json.loads(text).get("credential", ""))
        except (ValueError, AttributeError):
            return ""
    match = re.search(r"[?&]c=([A-Za-z0-9_.-]+)", text)
    if match:
        return match.group(1)
    return text


@dataclass
class Verification:
    """What a verifier says: `status` is valid, revoked or invalid; `claims` what the certificate
    states (only when the signature checked); `message` the sentence shown."""

    status: str
    message: str
    claims: dict = field(default_factory=dict)
    kid: str = ""
    revoked_reason: str = ""

    @property
    def valid(self) -> bool:
        return self.status == "valid"


def credential_verify(text: str, keys: dict[str, Ed25519PublicKey], revoked: dict[str, str] | None = None,
                      status: StatusList | None = None) -> Verification:
    """Check a credential against the public keys and, when given, the revoked numbers
    (number → reason) and the Bitstring Status List. Touches no database and no network."""
    try:
        claims, kid = jws_open(token_find(text), keys)
    except CredentialError as exc:
        return Verification("invalid", str(exc))
    number = str(claims.get("no", ""))
    agency_of = getattr(keys, "agency_of", {})
    if kid in agency_of and agency_of[kid] != claims.get("agency"):
        return Verification("invalid", f"签名密钥 {kid} 属于另一家评价机构，不能为{claims.get('issuer', '')}签发证书")
    reason = (revoked or {}).get(number)
    caveat = ""
    if status is not None:
        entry = claims.get("credentialStatus")
        if not isinstance(entry, dict):
            if revoked is None:
                caveat = "（该证书签发时尚未登记状态列表位置，未核验是否撤销：请同时提供撤销清单）"
        elif entry.get("statusListCredential") != status.url:
            return Verification("invalid", f"该证书登记的状态列表是 {entry.get('statusListCredential')}，与提供的状态列表"
                                           f"（{status.url}）不同，无法核验是否撤销", claims, kid)
        else:
            try:
                bit = status.bit(int(entry.get("statusListIndex", "")))
            except (TypeError, ValueError):
                bit = None
            if bit is None:
                return Verification("invalid", "状态列表中没有这本证书的位置：请下载最新的状态列表后再查验", claims, kid)
            if bit:
                reason = reason or "（状态列表显示已撤销；原因见撤销清单或发证机构）"
    if reason is not None:
        return Verification("revoked", f"证书 {number} 已被撤销：{reason}", claims, kid, reason)
    return Verification("valid", f"签名有效：证书 {number} 由{claims.get('issuer', '')}颁发{caveat}", claims, kid)


def revocations_open(token: str, keys: dict[str, Ed25519PublicKey]) -> dict[str, str]:
    """Revoked numbers → reasons from a published, signed revocation list (signed by a root key)."""
    roots = keys.only_roots() if isinstance(keys, KeySet) else keys
    claims, _kid = jws_open(token, roots, typ=REVOCATION_TYPE)
    return {str(entry["no"]): str(entry.get("reason", "")) for entry in claims.get("revoked", [])}


# --- W3C Bitstring Status List (https://www.w3.org/TR/vc-bitstring-status-list/) ---------------
# The list is a bitstring, one bit per certificate (`statusListIndex`, index 0 = the left-most,
# most significant bit of the first byte), at least 131,072 bits (16 KB) so that one certificate
# cannot be picked out of a short list; GZIP-compressed, base64url without padding, with the
# multibase prefix "u" (`encodedList`). 1 = revoked (statusPurpose "revocation").

STATUS_LIST_MIN_BITS = 131_072
STATUS_PURPOSE = "revocation"


def status_list_encode(indexes: list[int] | set[int], length: int = 0) -> str:
    """The `encodedList` of a list with the bits at `indexes` set."""
    bits = max(STATUS_LIST_MIN_BITS, length, max(indexes, default=0) + 1)
    bits += -bits % 8
    data = bytearray(bits // 8)
    for index in indexes:
        data[index >> 3] |= 0x80 >> (index & 7)
    return "u" + b64url(gzip.compress(bytes(data), compresslevel=9, mtime=0))


def status_list_decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise CredentialError("状态列表的 encodedList 应以 multibase 前缀 u 开头")
    try:
        return gzip.decompress(b64url_decode(encoded[1:]))
    except (ValueError, OSError, EOFError) as exc:
        raise CredentialError("状态列表已损坏，无法解压") from exc


def status_entry(url: str, index: int) -> dict:
    """The `credentialStatus` a certificate credential carries (BitstringStatusListEntry)."""
    return {"id": f"{url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(index), "statusListCredential": url}


def status_list_claims(*, url: str, issuer: str, encoded: str, valid_from: str) -> dict:
    """The BitstringStatusListCredential (W3C VC 2.0 data model) the platform signs."""
    return {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": issuer,
            "validFrom": valid_from,
            "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList",
                                  "statusPurpose": STATUS_PURPOSE, "encodedList": encoded}}


@dataclass
class StatusList:
    url: str
    data: bytes

    def bit(self, index: int) -> int | None:
        """1 revoked, 0 not, None when the index lies outside the list."""
        if index < 0 or index >= len(self.data) * 8:
            return None
        return (self.data[index >> 3] >> (7 - (index & 7))) & 1


def status_list_open(token: str, keys: dict[str, Ed25519PublicKey]) -> StatusList:
    """A published status list credential, once a root key's signature checks."""
    roots = keys.only_roots() if isinstance(keys, KeySet) else keys
    claims, _kid = jws_open(token, roots, typ=STATUS_LIST_TYPE)
    subject = claims.get("credentialSubject") or {}
    if "BitstringStatusListCredential" not in (claims.get("type") or []) or \
            subject.get("statusPurpose") != STATUS_PURPOSE:
        raise CredentialError("这不是撤销用途的位串状态列表（BitstringStatusList）")
    data = status_list_decode(str(subject.get("encodedList", "")))
    if len(data) * 8 < STATUS_LIST_MIN_BITS:
        raise CredentialError("状态列表过短（应至少 131072 位），不能信任")
    return StatusList(str(claims.get("id", "")), data)


# --- The signed PDF (evaluation/pdf.py writes it) --------------------------------------------

PDF_CREDENTIAL = "gongjiang-credential:"
PDF_SIGNATURE = "gongjiang-pdfsig:"
PDF_PLACEHOLDER = "0" * 86  # an Ed25519 signature is 86 base64url characters
PDF_DOMAIN = b"gongjiang-certificate-pdf-v1:"
_PDF_CREDENTIAL = re.compile(rb"gongjiang-credential:([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)")
_PDF_SIGNATURE = re.compile(rb"gongjiang-pdfsig:([A-Za-z0-9_-]{86})")


def pdf_verify(data: bytes, keys: dict[str, Ed25519PublicKey]) -> str:
    """The credential inside a certificate PDF, once the file's own signature checks (every byte
    of the file is covered); CredentialError otherwise."""
    credential, signature = _PDF_CREDENTIAL.findall(data), _PDF_SIGNATURE.findall(data)
    if len(credential) != 1 or len(signature) != 1:
        raise CredentialError("这不是本平台颁发的证书 PDF（找不到签名凭证），或文件已损坏")
    token = credential[0].decode("ascii")
    try:
        kid = json.loads(b64url_decode(token.split(".")[0])).get("kid", "")
    except (ValueError, UnicodeDecodeError, AttributeError) as exc:
        raise CredentialError("证书 PDF 中的签名凭证已损坏") from exc
    public = keys.get(kid)
    if public is None:
        raise CredentialError(f"签名密钥 {kid} 不是本平台公布的公钥，不能信任")
    blank = data.replace(PDF_SIGNATURE.encode() + signature[0], PDF_SIGNATURE.encode() + PDF_PLACEHOLDER.encode())
    try:
        public.verify(b64url_decode(signature[0].decode("ascii")), PDF_DOMAIN + hashlib.sha256(blank).digest())
    except InvalidSignature as exc:
        raise CredentialError("PDF 签名校验不通过：文件被改动过（哪怕一个字节），或不是本平台颁发的") from exc
    return token


def any_verify(data: bytes, keys: dict[str, Ed25519PublicKey], revoked: dict[str, str] | None = None,
               status: StatusList | None = None) -> Verification:
    """A dropped file: a certificate PDF, a credential file, or text holding a verification link."""
    if data.startswith(b"%PDF"):
        try:
            token = pdf_verify(data, keys)
        except CredentialError as exc:
            return Verification("invalid", str(exc))
        return credential_verify(token, keys, revoked, status)
    return credential_verify(data.decode("utf-8", "replace"), keys, revoked, status)
