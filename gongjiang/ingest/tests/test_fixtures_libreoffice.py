"""Files saved by a real spreadsheet program (LibreOffice Calc; see fixtures/README.md)."""

from pathlib import Path

import pytest

from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import kind_get
from gongjiang.registry.models import Worker

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("name", ["workers_libreoffice.xlsx", "workers_libreoffice.xls",
                                  "workers_libreoffice_gbk.csv"])
def test_libreoffice_file_imports_valid_rows_and_rejects_the_bad_check_character(bureau_admin, name):
    outcome = import_file(kind=kind_get("workers"), path=FIXTURES / name, actor=bureau_admin)
    assert (outcome.created, outcome.rejected_lines) == (3, [5])
    assert set(Worker.objects.values_list("name", flat=True)) == {"王海军", "李小红", "张伟"}  # the full-width space between Chinese characters dropped (ADR 0019)


def test_libreoffice_file_reports_the_extra_column_as_ignored(bureau_admin):
    outcome = import_file(kind=kind_get("workers"), path=FIXTURES / "workers_libreoffice.xlsx", actor=bureau_admin)
    assert outcome.ignored_columns == ["备注"]


def test_id_numbers_typed_into_number_cells_are_all_rejected_as_excel_damage(bureau_admin):
    outcome = import_file(kind=kind_get("workers"), path=FIXTURES / "workers_libreoffice_numeric_ids.xlsx",
                          actor=bureau_admin)
    assert outcome.rejected == 4
    assert all("Excel" in r["message"] for r in outcome.rejections)
