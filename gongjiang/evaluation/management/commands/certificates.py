"""`gongjiang certificates verify FILE [--keys keys.json] [--status-list status-list.jws]
[--revocations revocations.jws]`: check a certificate credential or PDF offline (ADR 0021). With
`--keys` it reads only the files named — no database, no network: the root keys in keys.json,
the agency keys they certify, the W3C Bitstring Status List and/or the signed revocation list.
Without `--keys` it uses this installation's own published keys. Exit status 0 valid, 1 revoked
or invalid."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongjiang.evaluation import credentials


class Command(BaseCommand):
    help = "离线查验证书凭证（verify FILE --keys keys.json [--revocations revocations.jws]）"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        sub = parser.add_subparsers(dest="verb", required=True)
        verify = sub.add_parser("verify", help="查验一个证书 PDF、凭证文件（.jwt、.json）或含查验链接的文本")
        verify.add_argument("file")
        verify.add_argument("--keys", help="公钥文件 keys.json（JWKS），省略时使用本机配置的公钥")
        verify.add_argument("--status-list", help="证书状态列表 status-list.jws（W3C 位串状态列表）")
        verify.add_argument("--revocations", help="撤销清单 revocations.jws（含撤销原因）")

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件 {path}")
        if options["keys"]:
            try:
                keys = credentials.keys_from_jwks(json.loads(Path(options["keys"]).read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                raise CommandError(f"公钥文件无法读取：{exc}") from exc
        else:
            from gongjiang.evaluation.keys import published_keys

            keys = published_keys()
        revoked = None
        if options["revocations"]:
            try:
                revoked = credentials.revocations_open(Path(options["revocations"]).read_text(encoding="utf-8"), keys)
            except (OSError, credentials.CredentialError) as exc:
                raise CommandError(f"撤销清单不可信或无法读取：{exc}") from exc
        status = None
        if options["status_list"]:
            try:
                status = credentials.status_list_open(Path(options["status_list"]).read_text(encoding="utf-8"), keys)
            except (OSError, credentials.CredentialError) as exc:
                raise CommandError(f"证书状态列表不可信或无法读取：{exc}") from exc
        result = credentials.any_verify(path.read_bytes(), keys, revoked, status)
        label = {"valid": "有效", "revoked": "已撤销", "invalid": "无效"}[result.status]
        self.stdout.write(f"{label}：{result.message}")
        if result.claims:
            c = result.claims
            self.stdout.write(f"  证书编号 {c.get('no')}  姓名 {c.get('name')}  {c.get('occ')} {c.get('grade')}  "
                              f"发证日期 {c.get('date')}  发证机构 {c.get('issuer')}")
        if revoked is None and status is None and result.valid:
            self.stdout.write("  （未提供撤销清单：只核验了签名，未核验是否已撤销）")
        if not result.valid:
            raise SystemExit(1)
