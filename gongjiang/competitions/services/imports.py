"""Entries and results from the organiser's spreadsheet (.xlsx, .xls or .csv; organisers usually
hold them in Excel). Each row goes through the same service as the page (`entry_add`,
`result_record`), so every rule is written once. All or nothing: one bad row and nothing is
written; the refusal lists each bad row with its column, what is wrong and how to fix it."""

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from gongjiang.competitions.models import Award, Competition
from gongjiang.competitions.services.events import _editable, entry_add, result_record
from gongjiang.core.errors import DomainError
from gongjiang.ingest.parsing import text_clean
from gongjiang.ingest.readers import UnreadableFile, rows_read

ENTRY_COLUMNS = {"身份证号": "id_number", "姓名": "name", "队名": "team_name"}
RESULT_COLUMNS = {"身份证号": "id_number", "名次": "rank", "奖项": "award", "成绩": "score"}
REQUIRED = {"entries": ["身份证号", "姓名"], "results": ["身份证号", "名次", "奖项"]}
AWARD_BY_LABEL = {str(label): value for value, label in Award.choices}
MAX_LISTED = 20


class _Rejected(Exception):
    pass


def _header(cells: list[Any], columns: dict[str, str], kind: str) -> dict[str, int]:
    names = [text_clean(c) for c in cells]
    missing = [name for name in REQUIRED[kind] if name not in names]
    if missing:
        raise DomainError(f"第 1 行（表头）缺少列：{'、'.join(missing)}。请在第一行写上列名："
                          f"{'、'.join(columns)}（队名、成绩可不填）")
    return {columns[name]: names.index(name) for name in columns if name in names}


def _values(cells: list[Any], where: dict[str, int]) -> dict[str, str]:
    return {key: text_clean(cells[index]) if index < len(cells) else "" for key, index in where.items()}


@transaction.atomic
def rows_import(*, actor: Any, competition: Competition, kind: str, path: str | Path, name: str = "") -> int:
    """Import entries (`kind="entries"`) or results (`kind="results"`); returns the rows written."""
    _editable(actor, competition)
    columns = ENTRY_COLUMNS if kind == "entries" else RESULT_COLUMNS
    labels = {v: k for k, v in columns.items()}
    try:
        rows = list(rows_read(path, name))
    except UnreadableFile as exc:
        raise DomainError(exc.message + exc.hint) from exc
    if not rows:
        raise DomainError("文件中没有数据")
    where = _header(rows[0][1], columns, kind)
    problems: list[str] = []
    written = 0
    for line, cells in rows[1:]:
        values = _values(cells, where)
        if not any(values.values()):
            continue
        try:
            with transaction.atomic():
                if kind == "entries":
                    entry_add(actor=actor, competition=competition, id_number=values["id_number"],
                              name=values["name"], team_name=values.get("team_name", ""))
                else:
                    rank_text, award_text = values["rank"], values["award"]
                    if not rank_text.isdigit():
                        raise DomainError("名次须为正整数，例如 1", field="rank")
                    if award_text not in AWARD_BY_LABEL:
                        raise DomainError(f"奖项须为以下之一：{'、'.join(AWARD_BY_LABEL)}", field="award")
                    score = values.get("score") or None
                    try:
                        score = Decimal(score) if score else None
                    except InvalidOperation as exc:
                        raise DomainError("成绩须为数字，例如 92.5", field="score") from exc
                    result_record(actor=actor, competition=competition, id_number=values["id_number"],
                                  rank=int(rank_text), award=AWARD_BY_LABEL[award_text], score=score)
            written += 1
        except DomainError as exc:
            column = labels.get(exc.field or "", "")
            problems.append(f"第 {line} 行" + (f"「{column}」" if column else "") + f"：{exc.message}")
    if problems:
        shown = "；".join(problems[:MAX_LISTED])
        more = f"；另有 {len(problems) - MAX_LISTED} 行有问题" if len(problems) > MAX_LISTED else ""
        raise DomainError(f"共 {len(problems)} 行有问题，未导入任何数据。请修改后重新上传：{shown}{more}",
                          code="rejected_rows")
    return written
