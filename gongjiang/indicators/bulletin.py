"""The monthly bulletin (通报; R8.2, issue 16; ADR 0025 §Bulletin): one area's figures at the end of
a month, progress against every target, the month's changes, the ranking of units (指标晾晒) and
two charts, as a Chinese PDF (fpdf2, the CJK font of core.fonts) or an Excel workbook with the
same tables (openpyxl).

The content is built once (`bulletin_content`) from the indicator selectors and rendered by either
writer, so the PDF and the workbook always agree. Figures at the month's end are computed from the
records when the bulletin is made; the previous month's end is read from its stored snapshot when
there is one (what last month's bulletin reported), else computed and stored."""

from __future__ import annotations

import io
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.core.errors import DomainError
from gongjiang.core.fonts import face_index, pdf_font_path
from gongjiang.indicators import queries, selectors
from gongjiang.indicators.catalogue import BY_CODE, FLOW, INDICATORS, Indicator
from gongjiang.indicators.models import IndicatorSnapshot
from gongjiang.indicators.templatetags.indicator_figures import indicator_value, ratio_percent
from gongjiang.reference.models import Division

#: At most this many units of each ranking in the PDF (the workbook has them all).
PDF_RANKING_ROWS = 20


@dataclass
class Change:
    indicator: Indicator
    now: Decimal | None
    before: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.now is None:
            return None
        if self.indicator.kind == FLOW and self.before is None:
            return self.now
        if self.before is None:
            return None
        return self.now - self.before


@dataclass
class BulletinContent:
    area: Division
    year: int
    month: int
    on: date  # the reference date: the month's last day, or today within the current month
    previous_on: date
    values: list[selectors.IndicatorValue]
    changes: list[Change]
    progress: list[selectors.Progress]
    rankings: list[tuple[Indicator, list[selectors.RankedUnit]]]
    made_at: datetime
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("%(area)s技能人才工作通报") % {"area": self.area.name}

    @property
    def period(self) -> str:
        return _("%(y)s年%(m)s月") % {"y": self.year, "m": self.month}

    def value(self, code: str) -> selectors.IndicatorValue | None:
        return next((v for v in self.values if v.code == code), None)


def month_end(year: int, month: int) -> date:
    return date(year, month, monthrange(year, month)[1])


def _check_month(year: int, month: int, today: date) -> None:
    if not 1 <= month <= 12 or not 2000 <= year <= 2100:
        raise DomainError(_("月份应写成 2026-11 的格式（年份 2000—2100，月份 1—12）"), code="bulletin_month_invalid")
    if date(year, month, 1) > today:
        raise DomainError(_("%(y)s年%(m)s月尚未开始，不能生成通报；请选择本月或以前的月份") % {"y": year, "m": month},
                          code="bulletin_month_future")


def _base(on: date, *, today: date, reuse: bool) -> dict:
    """Every base quantity on `on`: the stored snapshot of that day when `reuse` and one exists,
    else computed from the records — and stored when `on` is a closed day, so that next month's
    bulletin reports the same 上月末 figures as this one."""
    if reuse:
        stored = IndicatorSnapshot.objects.filter(on=on).first()
        if stored is not None:
            return stored.values
    values = queries.base(on)
    if on < today:
        IndicatorSnapshot.objects.update_or_create(on=on, defaults={
            "year": on.year, "values": values, "computed_at": timezone.now()})
    return values


def bulletin_content(area: Any, year: int, month: int, *, today: date | None = None) -> BulletinContent:
    """Everything the bulletin shows for `area` (a division code or Division) and the month."""
    today = today or timezone.localdate()
    _check_month(year, month, today)
    division = area if isinstance(area, Division) else Division.objects.filter(code=str(area)).first()
    if division is None:
        raise DomainError(_("找不到地区代码 %(code)s，请填写 6 位行政区划代码，例如 330902") % {"code": area},
                          code="bulletin_area_unknown")
    on = min(month_end(year, month), today)
    previous_on = date(year, month, 1) - timedelta(days=1)
    base = _base(on, today=today, reuse=False)
    before = _base(previous_on, today=today, reuse=True)
    values = selectors.values_from_base(base, division.code)
    previous = {v.code: v for v in selectors.values_from_base(before, division.code)}
    changes = []
    for v in values:
        then = previous.get(v.code)
        # A flow restarts on 1 January: in January the month's change is the figure itself.
        same_year = previous_on.year == on.year or v.indicator.kind != FLOW
        changes.append(Change(v.indicator, v.value, then.value if then is not None and same_year else None))
    progress = selectors.progress(division, year, on, base=base)
    rankings = []
    prefix = queries.area_prefix(division.code)
    for indicator in selectors.ranking_indicators(year):
        units = selectors.ranking(indicator.code, year, on, base=base)
        # Units of this area and the areas above it that rank it: the bulletin shows where it stands.
        if any(u.code.startswith(prefix) or division.code.startswith(queries.area_prefix(u.code)) for u in units):
            rankings.append((indicator, units))
    notes = [v.note for v in values if v.note]
    return BulletinContent(area=division, year=year, month=month, on=on, previous_on=previous_on, values=values,
                           changes=changes, progress=progress, rankings=rankings, made_at=timezone.localtime(),
                           notes=notes)


# --- Tables shared by both writers ----------------------------------------------------------------


def _signed(value: Decimal | None, indicator: Indicator) -> str:
    """A month's change in words: 增加 1 人, 减少 2 家, 提高 0.3 个百分点, 持平."""
    if value is None:
        return "—"
    if indicator.share:
        points = (value * 100).quantize(Decimal("0.1"))
        if not points:
            return _("持平")
        return (_("提高 %(n)s 个百分点") if points > 0 else _("下降 %(n)s 个百分点")) % {"n": abs(points)}
    if not value:
        return _("持平")
    text = indicator_value(abs(value), indicator)
    return (_("增加 %(n)s") if value > 0 else _("减少 %(n)s")) % {"n": text}


def progress_table(content: BulletinContent) -> tuple[list[str], list[list[str]]]:
    head = [_("指标"), _("目标年度"), _("目标"), _("实际"), _("完成率"), _("按进度应达"), _("进度"), _("依据")]
    rows = []
    for p in content.progress:
        rows.append([str(p.indicator.label), str(p.target.year), indicator_value(p.target_value, p.indicator),
                     indicator_value(p.actual, p.indicator), ratio_percent(p.completion) if p.completion is not None
                     else "—", indicator_value(p.expected, p.indicator), p.status_label,
                     f"{p.target.document} {p.target.clause}"])
    return head, rows


def changes_table(content: BulletinContent) -> tuple[list[str], list[list[str]]]:
    head = [_("指标"), _("本月末"), _("上月末"), _("本月变化")]
    rows = [[str(c.indicator.label), indicator_value(c.now, c.indicator), indicator_value(c.before, c.indicator),
             _signed(c.change, c.indicator)] for c in content.changes]
    return head, rows


def ranking_table(indicator: Indicator, units: list[selectors.RankedUnit]) -> tuple[list[str], list[list[str]]]:
    head = [_("名次"), _("单位"), _("类别"), _("实际"), _("目标"), _("完成率"), _("进度")]
    rows = [[str(u.rank), u.name, str(u.kind), indicator_value(u.progress.actual, indicator),
             indicator_value(u.progress.target_value, indicator),
             ratio_percent(u.progress.completion) if u.progress.completion is not None else "—",
             u.progress.status_label] for u in units]
    return head, rows


def money_table(content: BulletinContent) -> tuple[list[str], list[list[str]]]:
    paid = content.value("subsidy_paid")
    head = [_("政策"), _("本年发放金额")]
    rows = [[str(name), indicator_value(total, BY_CODE["subsidy_paid"])] for name, total in (paid.breakdown if paid else [])]
    return head, rows


def grade_breakdown(content: BulletinContent) -> list[tuple[str, int]]:
    found = content.value("new_certificates")
    return [(str(name), int(n)) for name, n in (found.breakdown if found else [])]


def definitions(content: BulletinContent) -> list[tuple[str, str]]:
    return [(str(i.label), str(i.definition)) for i in INDICATORS]


# --- PDF ------------------------------------------------------------------------------------------

BLUE = (46, 117, 182)  # completion bars and certificate bars
ORANGE = (237, 125, 49)  # where the calendar says the figure should be
GREY = (200, 200, 200)


def _pdf_table(pdf: Any, head: list[str], rows: list[list[str]], widths: tuple[float, ...]) -> None:
    from fpdf.fonts import FontFace

    heading = FontFace(emphasis=None, fill_color=(230, 236, 245))
    pdf.set_font("cjk", size=8)
    pdf.set_fill_color(255, 255, 255)  # the charts leave their bar colour set
    with pdf.table(col_widths=widths, text_align="LEFT", headings_style=heading, line_height=5.5) as table:
        table.row(head)
        for row in rows:
            table.row(row)


def _heading(pdf: Any, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("cjk", size=12)
    pdf.cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")


def _progress_chart(pdf: Any, content: BulletinContent) -> None:
    """Horizontal bars: each target's completion (blue, capped at 150%) and a mark where the
    calendar says it should be by the reference date (orange)."""
    rows = [p for p in content.progress if p.completion is not None][:14]
    if not rows:
        return
    left, label_w, width, bar_h, gap = pdf.l_margin, 58, 110, 4.2, 2.2
    needed = len(rows) * (bar_h + gap) + 14
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y() + 2
    pdf.set_font("cjk", size=7)
    full = left + label_w + width * 100 / 150  # the 100% line
    for i, p in enumerate(rows):
        y = top + i * (bar_h + gap)
        pdf.set_xy(left, y - 0.4)
        pdf.cell(label_w - 2, bar_h + 0.8, f"{p.indicator.label}（{p.target.year}）"[:22], align="R")
        share = min(float(p.completion), 1.5)
        pdf.set_fill_color(*GREY)
        pdf.rect(left + label_w, y, width, bar_h, style="F")
        pdf.set_fill_color(*BLUE)
        pdf.rect(left + label_w, y, max(width * share / 1.5, 0.3), bar_h, style="F")
        if p.expected is not None and p.target_value:
            mark = left + label_w + width * min(float(p.expected / p.target_value), 1.5) / 1.5
            pdf.set_fill_color(*ORANGE)
            pdf.rect(mark - 0.6, y - 0.8, 1.2, bar_h + 1.6, style="F")
        pdf.set_xy(left + label_w + width + 1, y - 0.4)
        pdf.cell(20, bar_h + 0.8, ratio_percent(p.completion))
    bottom = top + len(rows) * (bar_h + gap)
    pdf.set_draw_color(80, 80, 80)
    pdf.line(full, top - 1, full, bottom)
    pdf.set_xy(left + label_w, bottom + 1)
    pdf.set_fill_color(*BLUE)
    pdf.rect(left + label_w, bottom + 2, 4, 3, style="F")
    pdf.set_xy(left + label_w + 5, bottom + 1)
    pdf.cell(30, 5, _("完成率"))
    pdf.set_fill_color(*ORANGE)
    pdf.rect(left + label_w + 36, bottom + 2, 1.2, 3, style="F")
    pdf.set_xy(left + label_w + 39, bottom + 1)
    pdf.cell(40, 5, _("按进度应达"))
    pdf.set_xy(full - 8, bottom + 1)
    pdf.cell(16, 5, "100%", align="C")
    pdf.set_y(bottom + 8)


def _grade_chart(pdf: Any, content: BulletinContent) -> None:
    """Vertical bars: the year's new certificates by grade."""
    grades = grade_breakdown(content)
    if not grades:
        return
    height, bar_w, gap = 40, 16, 8
    if pdf.get_y() + height + 16 > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y() + 4
    left = pdf.l_margin + 10
    most = max(n for _name, n in grades) or 1
    pdf.set_font("cjk", size=7)
    for i, (name, n) in enumerate(grades):
        x = left + i * (bar_w + gap)
        h = height * n / most
        pdf.set_fill_color(*BLUE)
        pdf.rect(x, top + height - h, bar_w, max(h, 0.3), style="F")
        pdf.set_xy(x - 3, top + height - h - 4.5)
        pdf.cell(bar_w + 6, 4, f"{n:,}", align="C")
        pdf.set_xy(x - 4, top + height + 1)
        pdf.cell(bar_w + 8, 4, name, align="C")
    pdf.set_draw_color(80, 80, 80)
    pdf.line(left - 2, top + height, left + len(grades) * (bar_w + gap), top + height)
    pdf.set_y(top + height + 8)


def bulletin_pdf(content: BulletinContent) -> bytes:
    from fpdf import FPDF

    path = pdf_font_path()
    if path is None:
        raise DomainError(_("服务器未安装中文字体（Debian 软件包 fonts-noto-cjk），暂不能生成 PDF 通报。"
                            "请先生成 Excel 通报，或请管理员安装该字体后再试。"), code="no_font")

    class BulletinPDF(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("cjk", size=8)
            self.cell(0, 6, _("%(title)s（%(period)s）　第 %(n)s 页") % {
                "title": content.title, "period": content.period, "n": self.page_no()}, align="C")

    pdf = BulletinPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.set_title(f"{content.title} {content.period}")
    pdf.set_creator("工匠 Gongjiang")
    pdf.set_creation_date(content.made_at)
    pdf.add_font("cjk", "", str(path), collection_font_number=face_index(path))
    pdf.add_page()
    pdf.set_font("cjk", size=18)
    pdf.cell(0, 12, content.title, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("cjk", size=10)
    pdf.cell(0, 6, _("%(period)s　统计截止 %(on)s　生成于 %(made)s") % {
        "period": content.period, "on": content.on.isoformat(), "made": content.made_at.strftime("%Y-%m-%d %H:%M")},
        new_x="LMARGIN", new_y="NEXT", align="C")

    _heading(pdf, _("一、目标完成情况"))
    head, rows = progress_table(content)
    if rows:
        _pdf_table(pdf, head, rows, (36, 14, 20, 20, 14, 20, 18, 38))
        _progress_chart(pdf, content)
    else:
        pdf.set_font("cjk", size=9)
        pdf.cell(0, 6, _("本地区本年度尚未录入目标。"), new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, _("二、主要指标和本月变化"))
    head, rows = changes_table(content)
    _pdf_table(pdf, head, rows, (60, 40, 40, 40))

    _heading(pdf, _("三、本年新增证书（按等级）"))
    if grade_breakdown(content):
        _grade_chart(pdf, content)
    else:
        pdf.set_font("cjk", size=9)
        pdf.cell(0, 6, _("本年度尚无新增证书。"), new_x="LMARGIN", new_y="NEXT")

    head, rows = money_table(content)
    if rows:
        _heading(pdf, _("四、专项激励资金发放（按政策）"))
        _pdf_table(pdf, head, rows, (120, 60))

    _heading(pdf, _("五、指标晾晒"))
    if not content.rankings:
        pdf.set_font("cjk", size=9)
        pdf.cell(0, 6, _("本年度暂无可排名的目标。"), new_x="LMARGIN", new_y="NEXT")
    for indicator, units in content.rankings:
        pdf.set_font("cjk", size=10)
        pdf.cell(0, 7, str(indicator.label), new_x="LMARGIN", new_y="NEXT")
        head, rows = ranking_table(indicator, units[:PDF_RANKING_ROWS])
        _pdf_table(pdf, head, rows, (12, 52, 14, 30, 30, 18, 24))
        if len(units) > PDF_RANKING_ROWS:
            pdf.set_font("cjk", size=8)
            pdf.cell(0, 5, _("（共 %(n)s 个单位，完整排名见 Excel 通报）") % {"n": len(units)}, new_x="LMARGIN", new_y="NEXT")

    _heading(pdf, _("指标说明"))
    pdf.set_font("cjk", size=7.5)
    for label, text in definitions(content):
        pdf.multi_cell(0, 4.2, f"{label}：{text}", new_x="LMARGIN", new_y="NEXT")
    for note in content.notes:
        pdf.multi_cell(0, 4.2, f"注：{note}", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


# --- Excel ----------------------------------------------------------------------------------------


def bulletin_xlsx(content: BulletinContent) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from gongjiang.ingest.export import cell_safe

    workbook = Workbook()
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E6ECF5")

    def sheet(title: str, head: list[str], rows: list[list[Any]], first: Any = None) -> None:
        ws = workbook.active if first else workbook.create_sheet()
        ws.title = title[:31]
        ws.append([content.title, content.period, _("统计截止 %(on)s") % {"on": content.on.isoformat()}])
        ws.append([])
        ws.append(head)
        for cell in ws[3]:
            cell.font, cell.fill = bold, fill
        for row in rows:
            ws.append([cell_safe(v) for v in row])
        for i, _h in enumerate(head):
            ws.column_dimensions[chr(65 + i)].width = 18 if i else 30

    sheet(_("目标完成情况"), *progress_table(content), first=True)
    sheet(_("主要指标和本月变化"), *changes_table(content))
    sheet(_("新增证书按等级"), [_("等级"), _("本年新增")], [[name, n] for name, n in grade_breakdown(content)])
    sheet(_("专项激励资金"), *money_table(content))
    ranking_rows = []
    for indicator, units in content.rankings:
        head, rows = ranking_table(indicator, units)
        ranking_rows += [[str(indicator.label), *row] for row in rows]
    sheet(_("指标晾晒"), [_("指标"), *ranking_table(INDICATORS[0], [])[0]], ranking_rows)
    sheet(_("指标说明"), [_("指标"), _("口径")], [list(d) for d in definitions(content)] +
          [[_("注"), note] for note in content.notes])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def render(content: BulletinContent, file_format: str) -> bytes:
    if file_format == "pdf":
        return bulletin_pdf(content)
    if file_format == "xlsx":
        return bulletin_xlsx(content)
    raise DomainError(_("通报格式只能是 PDF 或 Excel（.pdf、.xlsx）"), code="bulletin_format_invalid")
