"""A worker's lifelong vocational-skill archive (终身职业技能档案, R1.3) as a file to keep or print:
a PDF in Chinese and an Excel workbook with every record (issue 10 §13, ADR 0019).

Both are built from the same sections: the worker's base data, then one table per kind of record
(employment, certificates, training, competitions, honours, achievements, education) in date order, each
column headed by the model field's Chinese label and each value in words (choices by their label,
yes/no as 是/否, occupations by name). ID and phone numbers appear masked, as on the page.

The PDF is drawn by fpdf2 with a Chinese font embedded (subset) so it reads the same on any
computer: Noto Sans CJK SC from Debian's fonts-noto-cjk by default, or the file named in
`settings.GONGJIANG_PDF_FONT`. When no such font is installed the PDF is refused with a message
saying so (the Excel file still works). Reads only; the service `worker_archive_export` audits.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.core.errors import DomainError
from gongjiang.core.fonts import face_index, pdf_font_path
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CompetitionResult,
    Education,
    Employment,
    Honour,
    TrainingRecord,
    Worker,
)

# (kind, section title, model, fields in order, date field the rows are sorted by)
SECTIONS: tuple[tuple[str, str, type[models.Model], tuple[str, ...], str], ...] = (
    ("employment", "就业经历", Employment,
     ("start_date", "end_date", "enterprise", "post", "occupation", "is_front_line", "is_second_job"), "start_date"),
    ("certificate", "证书", Certificate,
     ("issued_on", "kind", "occupation", "ability_name", "grade", "number", "issuer"), "issued_on"),
    ("training", "培训记录", TrainingRecord,
     ("start_date", "end_date", "institution_name", "programme", "occupation", "grade", "hours", "completed",
      "subsidised"), "start_date"),
    ("competition", "竞赛成绩", CompetitionResult,
     ("held_on", "competition_name", "level", "occupation", "rank", "award"), "held_on"),
    ("honour", "荣誉称号", Honour, ("awarded_on", "title", "level", "awarded_by"), "awarded_on"),
    ("achievement", "工作业绩", Achievement, ("achieved_on", "kind", "title", "description"), "achieved_on"),
    ("education", "学历", Education, ("graduated_on", "school_kind", "school_name", "major_occupation"),
     "graduated_on"),
)


@dataclass
class Section:
    kind: str
    title: str
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Archive:
    worker: Worker
    facts: list[tuple[str, str]]
    sections: list[Section]
    made_at: datetime.datetime

    @property
    def record_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


def _value(record: models.Model, name: str) -> str:
    field = record._meta.get_field(name)
    value = getattr(record, name)
    if value is None or value == "":
        return ""
    if field.choices:
        return str(getattr(record, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if name == "occupation":
        return f"{value.name}（{value.code}）"
    return str(value)


def archive_build(worker: Worker, *, top_grade: int | None, employer: str) -> Archive:
    """The sections of `worker`'s archive. The caller has checked the actor may read it."""
    facts = [
        (_("姓名"), worker.name), (_("性别"), worker.get_sex_display()),
        (_("出生日期"), worker.birth_date.isoformat()), (_("公民身份号码"), worker.id_number_masked),
        (_("社会保障卡号"), worker.ss_card_masked or "—"), (_("联系电话"), worker.phone_masked or "—"),
        (_("常住区县"), worker.residence_district.name if worker.residence_district else "—"),
        (_("现工作单位"), employer or "—"), (_("最高技能等级"), str(Grade(top_grade).label) if top_grade else "—"),
    ]
    sections = []
    for kind, title, model, fields, order in SECTIONS:
        records = (model.objects.filter(worker=worker).select_related(*[f for f in fields if f in ("enterprise",
                                                                                                    "occupation")])
                   .order_by(order, "pk"))
        headers = [str(model._meta.get_field(f).verbose_name) for f in fields]
        sections.append(Section(kind, _(title), headers, [[_value(r, f) for f in fields] for r in records]))
    return Archive(worker, facts, sections, timezone.localtime())


# --- Excel ------------------------------------------------------------------------------------


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # as ingest.export (OWASP CSV injection)


def cell_safe(value: str) -> str:
    """Text that would start a formula gets a leading single quote (as `ingest.export.cell_safe`;
    the registry does not import the ingest domain downstream of it)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def archive_xlsx(archive: Archive) -> bytes:
    """One workbook: 基本信息, then a sheet per kind of record (every record, oldest first)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("基本信息")
    sheet.append([_("终身职业技能档案")])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in archive.facts:
        sheet.append([label, cell_safe(value)])
    sheet.append([_("导出时间"), archive.made_at.strftime("%Y-%m-%d %H:%M")])
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 16, 40
    for section in archive.sections:
        ws = workbook.create_sheet(section.title[:31])
        ws.append(section.headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in section.rows:
            ws.append([cell_safe(v) for v in row])
        for column, header in zip(ws.iter_cols(min_row=1, max_row=ws.max_row), section.headers, strict=True):
            ws.column_dimensions[column[0].column_letter].width = 24 if len(header) > 4 else 14
            if "编号" in header or "号码" in header:
                for cell in column[1:]:
                    cell.number_format = "@"
        if not section.rows:
            ws.append([_("（无记录）")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------------------


def archive_pdf(archive: Archive) -> bytes:
    """The archive as an A4 PDF in Chinese: the base data, then one table per kind of record."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    path = pdf_font_path()
    if path is None:
        raise DomainError(_("服务器未安装中文字体（Debian 软件包 fonts-noto-cjk），暂不能生成 PDF。"
                            "请先导出 Excel，或请管理员安装该字体后再试。"), code="no_font")
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(_("终身职业技能档案") + f" {archive.worker.name}")
    pdf.set_creator("工匠 Gongjiang")
    index = face_index(path)
    pdf.add_font("cjk", "", str(path), collection_font_number=index)
    pdf.add_font("cjk", "B", str(path), collection_font_number=index)  # same face; headings are larger
    made = archive.made_at.strftime("%Y-%m-%d %H:%M")
    pdf.add_page()
    pdf.set_font("cjk", size=18)
    pdf.cell(0, 12, _("终身职业技能档案"), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("cjk", size=9)
    pdf.cell(0, 6, _("导出时间：%(t)s　本档案由工匠技能人才服务平台生成") % {"t": made}, new_x="LMARGIN", new_y="NEXT",
             align="C")
    pdf.ln(3)
    heading = FontFace(emphasis=None, fill_color=(230, 236, 245))
    with pdf.table(col_widths=(30, 60, 30, 60), text_align="LEFT", first_row_as_headings=False,
                   line_height=6) as table:
        facts = archive.facts
        for i in range(0, len(facts), 2):
            row = table.row()
            for label, value in facts[i:i + 2]:
                row.cell(label, style=heading)
                row.cell(value)
            if len(facts[i:i + 2]) == 1:
                row.cell("", style=heading)
                row.cell("")
    for section in archive.sections:
        pdf.ln(4)
        pdf.set_font("cjk", size=12)
        pdf.cell(0, 8, f"{section.title}（{len(section.rows)}）", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("cjk", size=8)
        if not section.rows:
            pdf.cell(0, 6, _("（无记录）"), new_x="LMARGIN", new_y="NEXT")
            continue
        with pdf.table(text_align="LEFT", line_height=5, headings_style=heading) as table:
            head = table.row()
            for header in section.headers:
                head.cell(header)
            for values in section.rows:
                row = table.row()
                for value in values:
                    row.cell(value)
    return bytes(pdf.output())
