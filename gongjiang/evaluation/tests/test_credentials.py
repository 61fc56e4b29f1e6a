"""Signed credentials (ADR 0021): a changed byte fails, an unknown key fails, a revoked
certificate says revoked — on the public page, through the API, and in the offline command that
reads only the published keys."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client

from gongjiang.evaluation import credentials, keys, services
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.reference.grades import Grade

PROJECT = Path(__file__).resolve().parents[3]


@pytest.fixture
def issued(dinghai):
    staff = agency_user(agency_make())
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="实训基地")
    worker = welder_make(name="王大锤")
    c = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="90", practical="90")
    services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
    return services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))[0]


def _tamper(token: str) -> str:
    head, body, sig = token.split(".")
    claims = json.loads(credentials.b64url_decode(body))
    claims["grade"] = "技师（二级）"
    return ".".join([head, credentials.b64url(credentials.canonical_json(claims)), sig])


def test_the_payload_holds_the_masked_name_and_the_facts(issued):
    claims, kid = credentials.jws_open(issued.credential, keys.published_keys())
    assert claims["name"] == "王*锤"
    assert claims["no"] == issued.number
    assert claims["occ"] == "焊工"
    assert claims["grade"] == "高级工（三级）"
    assert claims["date"] == "2025-09-09"
    assert claims["issuer"] == "舟山海工职业技能评价中心"
    assert kid == issued.key_id


@pytest.mark.django_db
def test_a_changed_byte_fails_verification(issued):
    result = credentials.credential_verify(_tamper(issued.credential), keys.published_keys())
    assert result.status == "invalid"
    assert "签名校验不通过" in result.message
    flipped = issued.credential[:-3] + ("A" if issued.credential[-3] != "A" else "B") + issued.credential[-2:]
    assert credentials.credential_verify(flipped, keys.published_keys()).status == "invalid"


@pytest.mark.django_db
def test_a_credential_signed_by_another_key_is_unknown(issued):
    forged = credentials.jws_sign({"no": issued.number}, Ed25519PrivateKey.generate())
    result = credentials.credential_verify(forged, keys.published_keys())
    assert result.status == "invalid"
    assert "不是本平台公布的公钥" in result.message


@pytest.mark.django_db
def test_public_page_verifies_without_login_and_shows_revocation(issued, bureau_admin):
    client = Client()
    page = client.get("/evaluation/verify/", {"c": issued.credential})
    assert page.status_code == 200
    assert 'data-status="valid"' in page.content.decode()
    by_name = client.post("/evaluation/verify/", {"number": issued.number, "name": "王大锤"})
    assert 'data-status="valid"' in by_name.content.decode()
    wrong_name = client.post("/evaluation/verify/", {"number": issued.number, "name": "王小锤"})
    assert 'data-status="unknown"' in wrong_name.content.decode()
    tampered = client.get("/evaluation/verify/", {"c": _tamper(issued.credential)})
    assert 'data-status="invalid"' in tampered.content.decode()

    services.certificate_revoke(actor=bureau_admin, certificate=issued, reason="冒名顶替")
    page = client.get("/evaluation/verify/", {"c": issued.credential}).content.decode()
    assert 'data-status="revoked"' in page
    assert "冒名顶替" in page
    api = client.get("/api/v1/evaluation/verify", {"credential": issued.credential}).json()
    assert api["status"] == "revoked"
    assert api["number"] == issued.number


@pytest.mark.django_db
def test_an_uploaded_credential_file_is_verified(issued):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = Client().post("/evaluation/verify/", {"file": SimpleUploadedFile("c.jwt", issued.credential.encode())})
    assert 'data-status="valid"' in page.content.decode()


@pytest.mark.django_db
def test_the_offline_command_needs_only_the_published_files(issued, bureau_admin, tmp_path):
    client = Client()
    (tmp_path / "keys.json").write_text(client.get("/evaluation/keys.json").content.decode(), encoding="utf-8")
    (tmp_path / "cert.jwt").write_text(issued.credential, encoding="utf-8")
    (tmp_path / "bad.jwt").write_text(_tamper(issued.credential), encoding="utf-8")
    services.certificate_revoke(actor=bureau_admin, certificate=issued, reason="考试作弊")
    (tmp_path / "revocations.jws").write_text(client.get("/evaluation/revocations.jws").content.decode(),
                                              encoding="utf-8")
    # A fresh process with no database at all: a settings module pointing at a missing file.
    env = {"PATH": "/usr/bin:/bin", "GONGJIANG_SQLITE_PATH": str(tmp_path / "absent" / "none.sqlite3"),
           "GONGJIANG_CERTIFICATE_KEY": "22" * 32}

    def run(*args):
        return subprocess.run([sys.executable, "-m", "gongjiang.manage", "certificates", "verify", *args,
                               "--keys", str(tmp_path / "keys.json")], cwd=PROJECT, env=env, capture_output=True,
                              text=True, timeout=120)

    ok = run(str(tmp_path / "cert.jwt"))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("有效")
    assert "未核验是否已撤销" in ok.stdout
    revoked = run(str(tmp_path / "cert.jwt"), "--revocations", str(tmp_path / "revocations.jws"))
    assert revoked.returncode == 1
    assert revoked.stdout.startswith("已撤销")
    assert "考试作弊" in revoked.stdout
    bad = run(str(tmp_path / "bad.jwt"))
    assert bad.returncode == 1
    assert "签名校验不通过" in bad.stdout
    assert not (tmp_path / "absent" / "none.sqlite3").exists()  # no database was opened


def test_production_refuses_the_development_certificate_key(monkeypatch):
    from gongjiang.config import env, profile

    monkeypatch.setattr(env, "CERTIFICATE_KEY", env.DEVELOPMENT_CERTIFICATE_KEY)
    assert any("GONGJIANG_CERTIFICATE_KEY 是开发用密钥" in r for r in profile.production_refusals())


@pytest.fixture
def pdf_bytes(issued, client):
    from gongjiang.accounts.models import Role, User

    client.force_login(User.objects.create_user("holder", role=Role.WORKER, worker=issued.worker))
    response = client.get(f"/evaluation/mine/{issued.pk}/certificate.pdf")
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.mark.django_db
def test_the_certificate_pdf_verifies_and_a_changed_byte_anywhere_fails(issued, pdf_bytes):
    assert pdf_bytes.startswith(b"%PDF")
    assert credentials.any_verify(pdf_bytes, keys.published_keys()).status == "valid"
    for position in (len(pdf_bytes) // 3, len(pdf_bytes) - 40):  # in a content stream, near the trailer
        changed = bytearray(pdf_bytes)
        changed[position] ^= 0x01
        result = credentials.any_verify(bytes(changed), keys.published_keys())
        assert result.status == "invalid", position
    assert "PDF 签名校验不通过" in credentials.any_verify(bytes(changed), keys.published_keys()).message


@pytest.mark.django_db
def test_a_dropped_pdf_is_verified_on_the_public_page(issued, pdf_bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = Client().post("/evaluation/verify/", {"file": SimpleUploadedFile("证书.pdf", pdf_bytes)})
    assert 'data-status="valid"' in page.content.decode()


def test_without_a_chinese_font_the_certificate_pdf_says_what_to_install(issued, client, settings, monkeypatch):
    from gongjiang.accounts.models import Role, User

    monkeypatch.setattr("gongjiang.core.fonts.FONT_CANDIDATES", ())
    settings.GONGJIANG_PDF_FONT = "/nonexistent/font.ttc"
    client.force_login(User.objects.create_user("holder2", role=Role.WORKER, worker=issued.worker))
    response = client.get(f"/evaluation/mine/{issued.pk}/certificate.pdf")
    assert response.status_code == 503
    assert "fonts-noto-cjk" in response.content.decode()
