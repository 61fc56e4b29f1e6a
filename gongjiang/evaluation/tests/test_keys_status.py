"""Per-agency signing keys under the platform's root, their rotation, and the W3C Bitstring
Status List (ADR 0021): what an offline verifier trusts and how it learns of a revocation."""

import gzip
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from gongjiang.core.errors import DomainError
from gongjiang.evaluation import credentials, keys, services
from gongjiang.evaluation.models import AgencyKey
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.reference.grades import Grade

PROJECT = Path(__file__).resolve().parents[3]


def _issue(staff, names, today=date(2025, 9, 9)):
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="实训基地")
    for name in names:
        worker = welder_make(name=name)
        c = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
        services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="90")
    services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
    return services.batch_issue(actor=staff, batch=batch, today=today)


def _claims(token):
    return json.loads(credentials.b64url_decode(token.split(".")[1]))


def _header(token):
    return json.loads(credentials.b64url_decode(token.split(".")[0]))


@pytest.fixture
def two_agencies(dinghai):
    a = agency_make()
    b = agency_make(district="330903", site="090201", name="普陀评价中心")
    return (a, agency_user(a)), (b, agency_user(b, "evaluator_b"))


@pytest.mark.django_db
def test_each_agency_signs_with_its_own_key_certified_by_the_root(two_agencies):
    (a, staff_a), (b, staff_b) = two_agencies
    cert_a = _issue(staff_a, ["甲一"])[0]
    cert_b = _issue(staff_b, ["乙一"])[0]
    root_kid = credentials.key_id(keys.signing_key().public_key())
    assert cert_a.key_id != cert_b.key_id
    assert root_kid not in (cert_a.key_id, cert_b.key_id)
    assert _header(cert_a.credential)["kid"] == AgencyKey.objects.get(agency=a).kid
    published = keys.jwks()["keys"]
    assert published[0]["kid"] == root_kid
    assert published[0]["gj_role"] == "root"
    entry = next(e for e in published if e["kid"] == cert_a.key_id)
    endorsement, _kid = credentials.jws_open(entry["gj_endorsement"], {root_kid: keys.signing_key().public_key()},
                                             typ=credentials.AGENCY_KEY_TYPE)
    assert endorsement["agency"] == "0000-33-090101"
    assert endorsement["x"] == entry["x"]
    # The private half is nowhere in the database: only the 32-byte public key in hex.
    assert len(AgencyKey.objects.get(agency=a).public_key) == 64
    trusted = credentials.keys_from_jwks(keys.jwks())
    assert credentials.credential_verify(cert_a.credential, trusted).valid
    assert credentials.credential_verify(cert_b.credential, trusted).valid


@pytest.mark.django_db
def test_an_uncertified_or_wrongly_certified_agency_key_is_not_trusted(two_agencies):
    (a, staff_a), (b, _staff_b) = two_agencies
    cert = _issue(staff_a, ["甲二"])[0]
    jwks = keys.jwks()
    # Someone adds their own key to keys.json, "certified" by a key that is not the root.
    rogue, fake_root = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    entry = dict(credentials.jwk(rogue.public_key()), gj_endorsement=credentials.agency_key_endorse(
        public=rogue.public_key(), agency="0000-33-090101", agency_name=a.name, generation=9, issued_at=0,
        root=fake_root))
    trusted = credentials.keys_from_jwks({"keys": jwks["keys"] + [entry]})
    assert credentials.key_id(rogue.public_key()) not in trusted
    forged = credentials.jws_sign(_claims(cert.credential), rogue)
    assert "不是本平台公布的公钥" in credentials.credential_verify(forged, trusted).message
    # Agency B's genuine key cannot sign a certificate that names agency A.
    b_private, _b_kid = keys.agency_signing_key(b)
    trusted = keys.published_keys()
    result = credentials.credential_verify(credentials.jws_sign(_claims(cert.credential), b_private), trusted)
    assert result.status == "invalid"
    assert "属于另一家评价机构" in result.message


@pytest.mark.django_db
def test_rotating_an_agency_key_keeps_old_certificates_valid(two_agencies, bureau_admin):
    (a, staff_a), _b = two_agencies
    old = _issue(staff_a, ["甲三"])[0]
    with pytest.raises(DomainError, match="原因"):
        services.agency_key_rotate(actor=bureau_admin, agency=a, reason=" ")
    new_key = services.agency_key_rotate(actor=bureau_admin, agency=a, reason="经办人员离职")
    assert new_key.generation == 2
    new = _issue(staff_a, ["甲四"])[0]
    assert new.key_id == new_key.kid != old.key_id
    assert AgencyKey.objects.get(kid=old.key_id).retired_at is not None
    trusted = credentials.keys_from_jwks(json.loads(Client().get("/evaluation/keys.json").content))
    assert credentials.credential_verify(old.credential, trusted).valid
    assert credentials.credential_verify(new.credential, trusted).valid
    with pytest.raises(Exception, match="评价机构由人社局备案"):
        services.agency_key_rotate(actor=staff_a, agency=a, reason="x")


@pytest.mark.django_db
def test_a_new_root_key_gives_the_agencies_new_keys_and_old_ones_stay_trusted(two_agencies, settings):
    (a, staff_a), _b = two_agencies
    old = _issue(staff_a, ["甲五"])[0]
    old_root_public = keys.signing_key().public_key()
    settings.GONGJIANG_CERTIFICATE_KEY = "33" * 32
    settings.GONGJIANG_CERTIFICATE_KEYS_RETIRED = [old_root_public.public_bytes_raw().hex()]
    new = _issue(staff_a, ["甲六"])[0]
    assert new.key_id != old.key_id
    assert AgencyKey.objects.get(kid=new.key_id).root_kid == credentials.key_id(keys.signing_key().public_key())
    trusted = credentials.keys_from_jwks(keys.jwks())
    assert credentials.credential_verify(old.credential, trusted).valid
    assert credentials.credential_verify(new.credential, trusted).valid


def test_the_status_list_encoding_follows_the_w3c_recommendation():
    encoded = credentials.status_list_encode({0, 9, 131_071})
    assert encoded.startswith("u")
    raw = gzip.decompress(credentials.b64url_decode(encoded[1:]))
    assert len(raw) == 16 * 1024  # the minimum: 131,072 bits
    assert raw[0] == 0b1000_0000  # index 0 is the left-most bit of the first byte
    assert raw[1] == 0b0100_0000  # index 9
    assert raw[-1] == 0b0000_0001
    assert sum(bin(b).count("1") for b in raw) == 3
    assert "=" not in encoded
    longer = gzip.decompress(credentials.b64url_decode(credentials.status_list_encode({200_000})[1:]))
    assert len(longer) * 8 >= 200_001
    status = credentials.StatusList("x", raw)
    assert [status.bit(i) for i in (0, 1, 9, 131_071)] == [1, 0, 1, 1]
    assert status.bit(131_072) is None


@pytest.mark.django_db
def test_revoking_sets_the_certificates_bit_and_the_offline_command_reads_it(two_agencies, bureau_admin, tmp_path):
    (_a, staff_a), _b = two_agencies
    kept, revoked = _issue(staff_a, ["甲七", "甲八"])
    entry = _claims(revoked.credential)["credentialStatus"]
    assert entry["type"] == "BitstringStatusListEntry"
    assert entry["statusPurpose"] == "revocation"
    assert entry["statusListIndex"] == str(revoked.pk)
    client = Client()
    before = client.get("/evaluation/status/1").content.decode()
    services.certificate_revoke(actor=bureau_admin, certificate=revoked, reason="冒名顶替参加考试")
    after = client.get("/evaluation/status/1").content.decode()
    trusted = keys.published_keys()
    listed = credentials.status_list_open(after, trusted)
    assert listed.url == entry["statusListCredential"]
    assert listed.bit(revoked.pk) == 1
    assert listed.bit(kept.pk) == 0
    assert credentials.status_list_open(before, trusted).bit(revoked.pk) == 0
    claims = _claims(after)
    assert claims["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert claims["credentialSubject"]["type"] == "BitstringStatusList"
    # Only the root signs the list: the same list signed with an agency's key is refused.
    agency_private, _kid = keys.agency_signing_key(_a)
    forged = credentials.jws_sign(claims, agency_private, typ=credentials.STATUS_LIST_TYPE)
    with pytest.raises(credentials.CredentialError):
        credentials.status_list_open(forged, trusted)

    (tmp_path / "keys.json").write_text(client.get("/evaluation/keys.json").content.decode(), encoding="utf-8")
    (tmp_path / "status.jws").write_text(after, encoding="utf-8")
    (tmp_path / "old-status.jws").write_text(before, encoding="utf-8")
    (tmp_path / "kept.jwt").write_text(kept.credential, encoding="utf-8")
    (tmp_path / "revoked.jwt").write_text(revoked.credential, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "GONGJIANG_SQLITE_PATH": str(tmp_path / "absent" / "none.sqlite3"),
           "GONGJIANG_CERTIFICATE_KEY": "22" * 32}

    def run(name, status="status.jws"):
        return subprocess.run([sys.executable, "-m", "gongjiang.manage", "certificates", "verify",
                               str(tmp_path / name), "--keys", str(tmp_path / "keys.json"),
                               "--status-list", str(tmp_path / status)],
                              cwd=PROJECT, env=env, capture_output=True, text=True, timeout=120)

    gone = run("revoked.jwt")
    assert gone.returncode == 1, gone.stderr
    assert gone.stdout.startswith("已撤销")
    ok = run("kept.jwt")
    assert ok.returncode == 0, ok.stderr + ok.stdout
    assert ok.stdout.startswith("有效")
    assert run("revoked.jwt", "old-status.jws").returncode == 0  # the list downloaded before the revocation
    tampered = after[:-4] + ("AAAA" if after[-4:] != "AAAA" else "BBBB")
    (tmp_path / "bad-status.jws").write_text(tampered, encoding="utf-8")
    bad = run("kept.jwt", "bad-status.jws")
    assert bad.returncode != 0
    assert "证书状态列表不可信" in bad.stderr
    assert not (tmp_path / "absent" / "none.sqlite3").exists()


@pytest.mark.django_db
def test_a_status_list_of_another_issuer_or_an_old_credential_is_said_so(two_agencies):
    (_a, staff_a), _b = two_agencies
    cert = _issue(staff_a, ["甲九"])[0]
    trusted = keys.published_keys()
    other = credentials.StatusList("https://elsewhere.example/status/1", bytes(16 * 1024))
    result = credentials.credential_verify(cert.credential, trusted, status=other)
    assert result.status == "invalid"
    assert "与提供的状态列表" in result.message
    claims = _claims(cert.credential)
    del claims["credentialStatus"]
    private, _kid = keys.agency_signing_key(_a)
    legacy = credentials.credential_verify(credentials.jws_sign(claims, private), trusted,
                                           status=credentials.StatusList(services.status_list_url(), bytes(16 * 1024)))
    assert legacy.valid
    assert "请同时提供撤销清单" in legacy.message
