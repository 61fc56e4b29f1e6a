"""The production profile's refusals (issue 18 §2): `settings.py` calls `production_refusals()`
when `GONGJIANG_ENV=production` and stops the process with the reasons (Chinese first, then
English; exit status 2) before Django serves anything.

Why refuse instead of warn: with the development data key every ID and phone number would be
sealed under an all-zero key (ADR 0005), which anyone can undo; with the development SECRET_KEY
anyone can forge a session cookie. `check --deploy` only warns, and warnings scroll by."""

from __future__ import annotations

import sys

from gongjiang.config import env

EXIT_STATUS = 2
_HOW_TO = "docs/operations/production.md"


def _hex_key(value: str) -> bytes | None:
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def production_refusals() -> list[str]:
    """What stops a production start, one line each ("中文 / English"); empty when it may start."""
    refusals: list[str] = []
    secret = env.SECRET_KEY
    if not secret:
        refusals.append("未设置 GONGJIANG_SECRET_KEY（会话签名密钥）/ GONGJIANG_SECRET_KEY is not set.")
    elif secret == env.DEVELOPMENT_SECRET_KEY or len(secret) < 50 or len(set(secret)) < 5:
        refusals.append("GONGJIANG_SECRET_KEY 是开发用密钥或太短（至少 50 个字符）/ "
                        "GONGJIANG_SECRET_KEY is the development key or shorter than 50 characters.")
    data_key = env.DATA_KEY
    if not data_key:
        refusals.append("未设置 GONGJIANG_DATA_KEY（个人信息加密密钥）/ GONGJIANG_DATA_KEY is not set.")
    elif (key := _hex_key(data_key)) is None:
        refusals.append("GONGJIANG_DATA_KEY 应为 64 位十六进制字符 / GONGJIANG_DATA_KEY must be 64 hexadecimal characters.")
    elif data_key.lower() == env.DEVELOPMENT_DATA_KEY or len(set(key)) < 8:
        refusals.append("GONGJIANG_DATA_KEY 是开发用密钥（个人信息将等于没有加密）/ "
                        "GONGJIANG_DATA_KEY is the development key (personal data would not really be encrypted).")
    cert_key = env.CERTIFICATE_KEY
    if not cert_key:
        refusals.append("未设置 GONGJIANG_CERTIFICATE_KEY（证书签名密钥）/ GONGJIANG_CERTIFICATE_KEY is not set.")
    elif (key := _hex_key(cert_key)) is None:
        refusals.append("GONGJIANG_CERTIFICATE_KEY 应为 64 位十六进制字符 / "
                        "GONGJIANG_CERTIFICATE_KEY must be 64 hexadecimal characters.")
    elif cert_key.lower() == env.DEVELOPMENT_CERTIFICATE_KEY or len(set(key)) < 8:
        refusals.append("GONGJIANG_CERTIFICATE_KEY 是开发用密钥（任何人都能伪造证书签名）/ "
                        "GONGJIANG_CERTIFICATE_KEY is the development key (anyone could forge certificates).")
    if env.DEBUG:
        refusals.append("GONGJIANG_DEBUG 已打开（出错时会向用户显示内部信息）/ GONGJIANG_DEBUG is on.")
    if not env.DATABASE_URL and not env.ALLOW_SQLITE:
        refusals.append("未设置 DATABASE_URL：生产环境应使用 PostgreSQL（如确需使用 SQLite，设置 GONGJIANG_ALLOW_SQLITE=1）/ "
                        "DATABASE_URL is not set: production runs on PostgreSQL (set GONGJIANG_ALLOW_SQLITE=1 to run on SQLite).")
    if not env.ALLOWED_HOSTS:
        refusals.append("未设置 GONGJIANG_ALLOWED_HOSTS（平台的域名，如 talent.example.gov.cn）/ "
                        "GONGJIANG_ALLOWED_HOSTS is not set (the platform's host name).")
    return refusals


def refuse_or_continue() -> None:
    """Stop the process when the production profile is on and something is missing."""
    if not env.PRODUCTION:
        return
    refusals = production_refusals()
    if not refusals:
        return
    lines = ["生产模式拒绝启动（GONGJIANG_ENV=production）/ Production mode refuses to start:"]
    lines += [f"  - {reason}" for reason in refusals]
    lines.append(f"请按 {_HOW_TO} 设置后再启动 / See {_HOW_TO}.")
    print("\n".join(lines), file=sys.stderr)  # noqa: T201 - before logging is configured
    raise SystemExit(EXIT_STATUS)
