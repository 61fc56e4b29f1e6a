"""Import templates (issue 3 §1): an .xlsx per import kind, built from its `Column` declarations.

Sheet 1 (数据) has the Chinese headers (required ones marked *), ID-like columns formatted as text
for the first `PREFORMATTED_ROWS` rows so Excel cannot turn them into numbers, and drop-down lists
for coded columns (grade, sex, yes/no, choices, district). Sheet 2 (填写说明) explains each column
and shows example rows; the readers skip it. Sheet 3 (代码表, hidden) holds long drop-down lists."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongjiang.ingest.kinds import ImportKind
from gongjiang.reference.grades import Grade

PREFORMATTED_ROWS = 5000
TEXT_KINDS = {"id_number", "uscc", "certificate_number", "occupation", "division", "industry", "text", "person_name", "phone"}
KIND_NOTES = {
    "id_number": gettext_lazy("18位公民身份号码，按文本填写（本列已设为文本格式）"),
    "uscc": gettext_lazy("18位统一社会信用代码"),
    "date": gettext_lazy("日期，如 2024-03-05、2024/3/5、2024年3月5日"),
    "int": gettext_lazy("整数"),
    "decimal": gettext_lazy("数字，不带单位"),
    "bool": gettext_lazy("是 / 否"),
    "occupation": gettext_lazy("《职业分类大典》代码，如 6-18-02-04"),
    "division": gettext_lazy("行政区划代码或名称，如 330902 或 定海区"),
    "industry": gettext_lazy("国民经济行业代码，如 C37"),
    "grade": gettext_lazy("技能等级，从下拉列表选择"),
    "certificate_number": gettext_lazy("证书上印的编号"),
    "person_name": gettext_lazy("汉字姓名（少数民族姓名用“·”分隔）或外国人姓名的拉丁字母"),
    "phone": gettext_lazy("11 位手机号，或带区号的座机号码，如 0580-2021234"),
}


def _dropdown(kind: ImportKind, column) -> list[str] | None:
    if column.kind == "choice":
        return [str(label) for _value, label in column.choices or ()]
    if column.kind == "grade":
        return [str(grade.label) for grade in Grade]
    if column.kind == "bool":
        return [_("是"), _("否")]
    if column.kind == "division":
        from gongjiang.reference.models import Division
        from gongjiang.reference.selectors import division_choice_labels

        # Every current county-level division (typing a code or name is accepted too), names alike
        # with their city: 310107 普陀区（上海市）, 330903 普陀区（舟山市） (issue 10 §4).
        divisions = list(Division.objects.filter(level=3, retired_on__isnull=True).select_related("parent__parent")
                         .order_by("code"))
        return [f"{code} {label}" for code, label in division_choice_labels(divisions)]
    return None


def template_build(kind: ImportKind) -> bytes:
    """The .xlsx template of `kind` as bytes."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    data = workbook.active
    data.title = _("数据")
    notes = workbook.create_sheet(_("填写说明"))
    codes = workbook.create_sheet(_("代码表"))
    codes.sheet_state = "hidden"
    required_fill = PatternFill("solid", fgColor="FDE9D9")
    code_column = 0
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=f"{column.header}*" if column.required else str(column.header))
        cell.font = Font(bold=True)
        if column.required:
            cell.fill = required_fill
        if column.help:
            cell.comment = Comment(str(column.help), "Gongjiang")
        data.column_dimensions[letter].width = 22 if column.kind in TEXT_KINDS else 14
        if column.kind in {"id_number", "uscc", "certificate_number", "occupation", "division", "industry"}:
            for row in range(2, PREFORMATTED_ROWS + 2):
                data.cell(row=row, column=index).number_format = "@"
        choices = _dropdown(kind, column)
        if choices:
            code_column += 1
            code_letter = get_column_letter(code_column)
            for row, value in enumerate(choices, start=1):
                codes.cell(row=row, column=code_column, value=value).number_format = "@"
            validation = DataValidation(type="list", formula1=f"'{codes.title}'!${code_letter}$1:${code_letter}${len(choices)}",
                                        allow_blank=not column.required, showErrorMessage=column.kind != "division")
            validation.error = _("请从下拉列表中选择")
            data.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{PREFORMATTED_ROWS + 1}")
    data.freeze_panes = "A2"

    notes.append([_("%(label)s导入模板 · 填写说明") % {"label": str(kind.label)}])
    notes["A1"].font = Font(bold=True, size=14)
    notes.append([_("在“数据”工作表第2行起逐行填写；带 * 的列必填；列的顺序可以调整，多余的列会被忽略；"
                    "同一文件重复导入不会产生重复记录。")])
    if kind.description:
        notes.append([str(kind.description)])
    notes.append([])
    notes.append([_("列名"), _("是否必填"), _("填写要求"), _("示例")])
    for column in kind.columns:
        note = str(column.help) or str(KIND_NOTES.get(column.kind, ""))
        if column.kind == "choice":
            note = _("可选：") + "、".join(str(label) for _value, label in column.choices or ())
        notes.append([str(column.header), _("必填") if column.required else _("选填"), note, str(column.example)])
    notes.append([])
    notes.append([_("示例行（请勿复制到“数据”工作表以外的位置）：")])
    notes.append([str(column.header) for column in kind.columns])
    notes.append([str(column.example) for column in kind.columns])
    for letter, width in zip("ABCD", (22, 10, 60, 24), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.number_format = "@"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
