"""`load_occupations FILE [--replace]` on files as operators supply them."""

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from gongjiang.reference.models import Occupation

pytestmark = pytest.mark.django_db

# Real 2022 codes that the shipped subset leaves out (6-19 …) plus one it ships (6-18-02-04).
ROWS = [
    ("6", "生产制造及有关人员"),
    ("6-19", "金属制品制造人员"),
    ("6-19-01", "五金制品制作装配人员"),
    ("6-19-01-01", "工具五金制作工"),
    ("6-19-01-03", "锁具制作工"),
    ("6-18-02-04", "焊工"),
]


def write_csv(path: Path, rows, encoding: str, header=("代码", "名称")) -> Path:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def run(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("load_occupations", str(path), *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "utf-8"])
def test_loads_a_csv_in_each_encoding(tmp_path, encoding):
    path = write_csv(tmp_path / "大典.csv", ROWS, encoding)

    output = run(path)

    assert Occupation.objects.get(code="6-19-01-03").name == "锁具制作工"
    assert Occupation.objects.get(code="6-19-01-03").parent.code == "6-19-01"
    assert "新增 4 条" in output
    assert "未变 2 条" in output


def test_accepts_english_headers_and_derives_level_and_parent(tmp_path):
    path = write_csv(tmp_path / "catalogue.csv", ROWS, "utf-8", header=("code", "name"))

    run(path)

    minor = Occupation.objects.get(code="6-19-01")
    assert (minor.level, minor.parent.code) == (Occupation.Level.MINOR, "6-19")


def test_loads_an_xlsx_with_a_title_row_and_numeric_codes(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["中华人民共和国职业分类大典（2022年版）"])
    sheet.append(["序号", "职业代码", "职业名称", "层级"])
    for number, (code, name) in enumerate(ROWS, start=1):
        sheet.append([number, 6 if code == "6" else code.replace("-", "－"), name, code.count("-") + 1])
    path = tmp_path / "大典.xlsx"
    workbook.save(path)

    output = run(path)

    assert Occupation.objects.get(code="6-19-01-01").name == "工具五金制作工"
    assert "新增 4 条" in output


def test_a_bad_row_loads_nothing_and_names_the_row(tmp_path):
    rows = [*ROWS[:4], ("6-19-1-02", "建筑五金制品制作工"), *ROWS[4:]]
    path = write_csv(tmp_path / "bad.csv", rows, "gbk")
    before = Occupation.objects.count()

    with pytest.raises(CommandError) as caught:
        run(path)

    assert "第 6 行" in str(caught.value)
    assert "6-19-1-02" in str(caught.value)
    assert "未做任何改动" in str(caught.value)
    assert Occupation.objects.count() == before
    assert not Occupation.objects.filter(code="6-19").exists()


def test_a_bad_row_in_an_xlsx_names_its_spreadsheet_row(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["代码", "名称"])
    sheet.append(["6-19", "金属制品制造人员"])
    sheet.append(["6-19-01", ""])
    path = tmp_path / "bad.xlsx"
    workbook.save(path)

    with pytest.raises(CommandError, match="第 3 行"):
        run(path)
    assert not Occupation.objects.filter(code="6-19").exists()


def test_replace_removes_occupations_absent_from_the_file(tmp_path):
    rows = [(o.code, o.name) for o in Occupation.objects.exclude(code="6-18-02-04")]
    path = write_csv(tmp_path / "full.csv", rows, "utf-8-sig")

    output = run(path, "--replace")

    assert not Occupation.objects.filter(code="6-18-02-04").exists()
    assert "删除 1 条" in output


def test_refuses_a_file_without_code_and_name_columns(tmp_path):
    path = write_csv(tmp_path / "wrong.csv", ROWS, "utf-8", header=("编号", "工种"))

    with pytest.raises(CommandError, match="找不到表头"):
        run(path)


def test_refuses_an_unsupported_file_type(tmp_path):
    path = tmp_path / "大典.pdf"
    path.write_bytes(b"%PDF-1.4")

    with pytest.raises(CommandError, match="不支持的文件类型"):
        run(path)


def test_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        run(tmp_path / "nope.csv")
