"""The publication table in the layout cities publish (R7.2): 《XXXX年分职业（工种）分技能等级工资价位表》.

Shanghai's layout: one block per occupation, a 全部 row then one row per grade, columns 高位数 /
中位数 / 低位数 (P90 / P50 / P10) in yuan a year; we add the mean, the monthly figures, and the
Zhejiang tails (monthly, excluding overtime) to the right, and a notes block below.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from gongjiang.income.conf import setting


def _headers(by: str | None) -> list[str]:
    group = {"district": _("区县"), "industry": _("行业")}.get(by or "")
    return [_("职业编码"), _("职业（工种）名称"), *([group] if group else []), _("技能等级"),
            _("高位数（元/年）"), _("中位数（元/年）"), _("低位数（元/年）"), _("平均数（元/年）"),
            _("75分位（元/年）"), _("25分位（元/年）"),
            _("高位数（元/月）"), _("中位数（元/月）"), _("低位数（元/月）"),
            _("浙江口径高位数（元/月，不含加班）"), _("浙江口径低位数（元/月，不含加班）"), _("说明")]


def _cells(row: dict, by: str | None) -> list:
    def v(key):
        return int(row[key]) if row.get(key) is not None else "—"
    flag = row["status_label"]
    return [row["occupation"], row["occupation_name"], *([row["group_name"]] if by else []), row["grade_label"],
            v("p90"), v("p50"), v("p10"), v("mean"), v("p75"), v("p25"),
            v("p90_month"), v("p50_month"), v("p10_month"), v("zj_high"), v("zj_low"), flag]


def notes() -> list[str]:
    return [
        _("说明：1. 高位数、中位数、低位数分别为第90、50、10百分位数（上海口径），含加班工资、奖金，按年计算；月数据为年数据除以12。"),
        _("2. 浙江口径高位数、低位数分别为月工资（不含加班工资）最高、最低10%人员的平均数。"),
        _("3. 不足%(n)s人、不足%(e)s家单位或单一单位人数超过一半的数据不公布；为防止由合计反推，部分数据同时不公布（“—”）。")
        % {"n": setting("INCOME_MIN_WORKERS"), "e": setting("INCOME_MIN_ENTERPRISES")},
        _("4. 抽样调查数据按权数推算；相对标准误25%%–50%%的数据谨慎使用，超过50%%的不公布。"),
    ]


def title(year: int, by: str | None) -> str:
    suffix = {"district": _("（分区县）"), "industry": _("（分行业）")}.get(by or "", "")
    return _("%(y)s年分职业（工种）分技能等级工资价位表%(s)s") % {"y": year, "s": suffix}


def publication_xlsx(rows: list[dict], *, year: int, by: str | None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = str(year)
    headers = _headers(by)
    ws.append([title(year, by)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([_("单位：元")])
    ws.append(headers)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, horizontal="center")
    for row in rows:
        ws.append(_cells(row, by))
    ws.append([])
    for line in notes():
        ws.append([line])
    ws.column_dimensions["B"].width = 28
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def publication_csv(rows: list[dict], *, year: int, by: str | None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers(by))
    for row in rows:
        writer.writerow(_cells(row, by))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly
