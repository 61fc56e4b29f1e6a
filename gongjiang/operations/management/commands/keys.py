"""`gongjiang keys rotate|status|verify|generate`: the data key for personal data at rest
(issue 18 §3, ADR 0005, ADR 0013; docs/operations/backup-and-keys.md).
Exit codes: 0 ok, 1 values that do not open under the configured keys, 2 bad configuration."""

from django.core.management.base import BaseCommand

from gongjiang.core import crypto
from gongjiang.operations.services.keys import (
    KeysInputError,
    KeysVerificationError,
    data_key_generate,
    keys_rotate,
    keys_verify,
    rotation_get,
)


class Command(BaseCommand):
    help = "个人信息加密密钥：更换（rotate）、查看进度（status）、核对（verify）、生成新密钥（generate）"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate", help="用新密钥重新加密全部个人信息并重算检索散列（可中断后续跑）")
        rotate.add_argument("--batch-size", type=int, default=5000, help="每批处理的行数（默认 5000）")
        rotate.add_argument("--stop-after", type=int, default=None, metavar="N",
                            help="处理 N 批后暂停（再次运行会从暂停处继续）")
        sub.add_parser("status", help="查看当前密钥更换的进度")
        sub.add_parser("verify", help="核对全部个人信息都能只用当前密钥解开")
        sub.add_parser("generate", help="生成一个新的随机密钥（64 位十六进制）")

    def handle(self, *args, **options):
        action = options["action"]
        try:
            if action == "generate":
                self.stdout.write(data_key_generate())
            elif action == "status":
                self._status()
            elif action == "verify":
                self._verify()
            else:
                self._rotate(options["batch_size"], options["stop_after"])
        except KeysInputError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(2) from exc
        except KeysVerificationError as exc:
            self.stderr.write(str(exc))
            raise SystemExit(1) from exc

    def _rotate(self, batch_size: int, stop_after: int | None) -> None:
        if batch_size < 1 or (stop_after is not None and stop_after < 0):
            raise KeysInputError("--batch-size 应为正整数，--stop-after 应为不小于 0 的整数。")
        report = keys_rotate(batch_size=batch_size, stop_after=stop_after, say=self.stdout.write)
        rotation = report.rotation
        if not report.finished:
            self.stdout.write(f"已暂停：本次处理 {report.rows_this_run} 行，累计 {rotation.rows_done} / "
                              f"{rotation.rows_total} 行。再次运行 gongjiang keys rotate 会从暂停处继续；"
                              "完成前请保留 GONGJIANG_DATA_KEY_PREVIOUS。")
        elif report.rows_this_run == 0 and report.seconds == 0.0:
            self.stdout.write(f"这次密钥更换已于 {rotation.finished_at:%Y-%m-%d %H:%M} 完成，无需再次运行。"
                              "请从所有服务的配置中删除 GONGJIANG_DATA_KEY_PREVIOUS 并重启。")
        else:
            self.stdout.write(f"密钥更换完成：本次处理 {report.rows_this_run} 行，用时 {report.seconds} 秒，"
                              f"共 {rotation.rows_done} 行已用新密钥重新加密并重算检索散列。"
                              "现在请从所有服务的配置中删除 GONGJIANG_DATA_KEY_PREVIOUS 并重启，"
                              "然后运行 gongjiang keys verify 核对。旧密钥请按保密制度销毁或封存。")

    def _status(self) -> None:
        if not crypto.rotation_in_progress():
            self.stdout.write(f"当前只配置了一把密钥（指纹 {crypto.key_fingerprint(crypto.current_key())}），"
                              "没有进行中的密钥更换。")
            return
        rotation = rotation_get()
        if rotation is None:
            self.stdout.write("已配置新旧两把密钥，但尚未开始更换：请运行 gongjiang keys rotate。")
        elif rotation.finished_at is None:
            self.stdout.write(f"密钥更换进行中：已完成 {rotation.rows_done} / {rotation.rows_total} 行"
                              f"（最近更新 {rotation.updated_at:%Y-%m-%d %H:%M}）。")
        else:
            self.stdout.write(f"密钥更换已于 {rotation.finished_at:%Y-%m-%d %H:%M} 完成："
                              "请删除 GONGJIANG_DATA_KEY_PREVIOUS 并重启所有服务。")

    def _verify(self) -> None:
        checked, problems = keys_verify()
        if problems:
            raise KeysVerificationError(f"有个人信息不能只用当前密钥解开（前 {len(problems)} 处）：\n"
                                        + "\n".join(f"  - {p}" for p in problems)
                                        + "\n如果密钥更换尚未完成，请先保留旧密钥并运行 gongjiang keys rotate。")
        self.stdout.write(f"核对通过：{checked} 个加密字段都能用当前密钥解开，检索散列均为当前密钥的。")
