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


def notes(annual_rule: dict | None = None) -> list[str]:
    """The notes block under the published table. `annual_rule` is what the year's snapshot says of
    who counts in the annual figures (`store.annual_rule`); without it, the current setting."""
    min_months = int((annual_rule or {}).get("min_months") or setting("INCOME_ANNUAL_MIN_MONTHS"))
    if min_months >= 12:
        who = _("年数据统计全年工作满12个月的职工，年内工作不足12个月的不计入。")
    else:
        who = _("年数据统计年内工作%(m)s个月及以上的职工，不足12个月的按月平均工资折算为全年（乘以12），"
                "不足%(m)s个月的不计入。") % {"m": min_months}
    pay_rule = setting("INCOME_DOMINANCE_PAY_RULE")
    if pay_rule == "p_percent":
        dominance = _("除最大两家单位外其余单位工资总额不足最大单位的%(p)s%%") % {
            "p": f"{setting('INCOME_P_PERCENT') * 100:g}"}
    elif pay_rule == "nk":
        n, k = setting("INCOME_NK")
        dominance = _("最大%(n)s家单位工资总额超过%(k)s%%") % {"n": n, "k": f"{k * 100:g}"}
    else:
        dominance = ""
    third = (_("3. 不足%(n)s人、不足%(e)s家单位、单一单位人数超过一半的数据不公布；为防止由合计或其他表反推，"
               "部分数据同时不公布（“—”）。")
             % {"n": setting("INCOME_MIN_WORKERS"), "e": setting("INCOME_MIN_ENTERPRISES")})
    if dominance:
        third += _("%(rule)s的数据也不公布。") % {"rule": dominance}
    return [
        _("说明：1. 高位数、中位数、低位数分别为第90、50、10百分位数（上海口径），含加班工资、奖金，按年计算；"
          "月数据为年数据除以12，由未取整的年数据计算。") + who,
        _("2. 浙江口径高位数、低位数分别为月工资（不含加班工资，按实际工作月数计算）最高、最低10%人员的平均数。"),
        third,
        _("4. 抽样调查数据按权数推算；同一格中既有抽样调查数据又有全面统计（行政记录）数据的，行政记录按权数1计入，"
          "相对标准误只计抽样部分。相对标准误25%–50%的数据谨慎使用，超过50%的不公布。"),
        _("5. 金额按四舍五入取整到元。"),
    ]


def title(year: int, by: str | None) -> str:
    suffix = {"district": _("（分区县）"), "industry": _("（分行业）")}.get(by or "", "")
    return _("%(y)s年分职业（工种）分技能等级工资价位表%(s)s") % {"y": year, "s": suffix}


def publication_xlsx(rows: list[dict], *, year: int, by: str | None, annual_rule: dict | None = None) -> bytes:
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
    for line in notes(annual_rule):
        ws.append([line])
    ws.column_dimensions["B"].width = 28
    ws.freeze_panes = "A4"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def publication_csv(rows: list[dict], *, year: int, by: str | None, annual_rule: dict | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(_headers(by))
    for row in rows:
        writer.writerow(_cells(row, by))
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # BOM: Excel opens UTF-8 CSV correctly
