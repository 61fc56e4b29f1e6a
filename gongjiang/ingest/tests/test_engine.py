"""The import pipeline: upsert by natural key, duplicates, report, dry run, batch transactions
(issue 3 §3, §4; ADR 0007)."""

import openpyxl
import pytest

from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import kind_get
from gongjiang.ingest.tests.factories import WORKER_HEADERS, crashing_kind, csv_write, worker_row
from gongjiang.registry.models import Worker


def _import(path, actor, **kwargs):
    return import_file(kind=kind_get("workers"), path=path, actor=actor, **kwargs)


def test_valid_rows_are_registered_with_sex_and_birth_date_from_the_id_number(bureau_admin, tmp_path):
    row = worker_row(n=7)
    _import(csv_write(tmp_path / "w.csv", [WORKER_HEADERS, row]), bureau_admin)
    worker = Worker.objects.get()
    assert (worker.id_number_plain(), worker.birth_date.isoformat(), worker.sex) == (row[0], "1967-08-08", "M")


def test_importing_the_same_file_twice_changes_nothing(bureau_admin, tmp_path):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS] + [worker_row() for _ in range(5)])
    _import(path, bureau_admin)
    stamps = list(Worker.objects.order_by("pk").values_list("pk", "updated_at", "phone_sealed"))
    outcome = _import(path, bureau_admin)
    assert (outcome.created, outcome.updated, outcome.unchanged) == (0, 0, 5)
    assert list(Worker.objects.order_by("pk").values_list("pk", "updated_at", "phone_sealed")) == stamps


def test_changed_name_is_updated_on_re_import(bureau_admin, tmp_path):
    row = worker_row()
    _import(csv_write(tmp_path / "a.csv", [WORKER_HEADERS, row]), bureau_admin)
    outcome = _import(csv_write(tmp_path / "b.csv", [WORKER_HEADERS, [row[0], "新名字", row[2], row[3]]]), bureau_admin)
    assert outcome.updated == 1
    assert Worker.objects.get().name == "新名字"


def test_a_repeated_id_number_in_the_file_is_rejected_citing_the_first_line(bureau_admin, tmp_path):
    row = worker_row()
    outcome = _import(csv_write(tmp_path / "w.csv", [WORKER_HEADERS, row, row]), bureau_admin)
    assert outcome.rejected_lines == [3]
    assert "第 2 行重复" in outcome.rejections[0]["message"]


def test_missing_required_value_is_rejected_naming_the_column(bureau_admin, tmp_path):
    row = worker_row()
    outcome = _import(csv_write(tmp_path / "w.csv", [WORKER_HEADERS, [row[0], "", "", ""]]), bureau_admin)
    assert (outcome.rejections[0]["column"], outcome.rejections[0]["message"]) == ("姓名", "“姓名”没有填写。")


def test_report_lists_each_rejected_row_with_its_values_and_reason(bureau_admin, tmp_path):
    path = csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row(), ["110105194912310021", "错", "", ""]])
    outcome = _import(path, bureau_admin, report_path=tmp_path / "report.xlsx")
    rows = list(openpyxl.load_workbook(outcome.report_path).active.iter_rows(values_only=True))
    assert rows[0] == ("原行号", "身份证号", "姓名", "联系电话", "常住区县", "错误说明")
    assert rows[1][:3] == (3, "110105194912310021", "错")
    assert rows[1][-1].startswith("身份证号：")


def test_unknown_district_code_is_rejected_with_how_to_fix_it(bureau_admin, tmp_path):
    row = worker_row()
    outcome = _import(csv_write(tmp_path / "w.csv", [WORKER_HEADERS, [*row[:3], "999999"]]), bureau_admin)
    assert "不存在" in outcome.rejections[0]["message"]
    assert "330902" in outcome.rejections[0]["hint"]


def test_dry_run_checks_every_row_and_writes_nothing(bureau_admin, tmp_path):
    outcome = _import(csv_write(tmp_path / "w.csv", [WORKER_HEADERS, worker_row(), worker_row()]), bureau_admin,
                      dry_run=True)
    assert outcome.created == 2
    assert not Worker.objects.exists()


def test_a_crash_mid_file_leaves_the_whole_batches_before_it_and_nothing_of_its_own(bureau_admin, tmp_path):
    from gongjiang.registry.tests.factories import WorkerFactory

    written: list = []
    kind = crashing_kind(written)
    path = csv_write(tmp_path / "n.csv", [["编号"], *[[n] for n in range(1, 8)]])
    WorkerFactory()
    with pytest.raises(RuntimeError):
        import_file(kind=kind, path=path, actor=bureau_admin)
    assert written == [1, 2, 3, 4, 5, 6]


def test_the_duplicate_index_finds_keys_frozen_long_ago_and_forgets_dropped_ones():
    from gongjiang.ingest.engine import KeyIndex

    index = KeyIndex()
    index.FREEZE_AT = 4
    for line in range(2, 40):
        index.add(hash(f"k{line}"), line)
    assert len(index) == 38
    index.screen([hash("k2"), hash("k39"), hash("absent")])
    assert (index.get(hash("k2")), index.get(hash("k39")), index.get(hash("absent"))) == (2, 39, None)
    assert index.get(hash("k17")) == 17  # not screened: looked up alone
    index.drop(hash("k17"))
    index.drop(hash("k2"))
    index.screen([hash("k2")])
    assert (index.get(hash("k17")), index.get(hash("k2"))) == (None, None)
