"""Candidates and scores imported from real Excel files through the ingest machinery, each row
checked by the same services as the batch page."""

from datetime import date

import openpyxl
import pytest

from gongjiang.evaluation import services
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.ingest.engine import import_file
from gongjiang.ingest.kinds import kind_get
from gongjiang.reference.grades import Grade

pytestmark = pytest.mark.django_db


def _xlsx(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


@pytest.fixture
def staff(dinghai):
    return agency_user(agency_make())


def test_candidates_then_scores_from_excel(staff, tmp_path):
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="基地")
    a, b = welder_make(name="王一"), welder_make(name="王二")
    outcome = import_file(kind=kind_get("evaluation_candidates"), actor=staff, path=_xlsx(tmp_path / "c.xlsx", [
        ["批次编号", "身份证号", "姓名"], [batch.pk, a.id_number_plain(), "王一"], [batch.pk, b.id_number_plain(), "李二"],
        [batch.pk + 999, a.id_number_plain(), "王一"]]))
    assert (outcome.created, outcome.rejected) == (1, 2)
    messages = " ".join(r["message"] for r in outcome.rejections)
    assert "姓名与登记的不一致" in messages
    assert "本机构没有这个评价批次" in messages

    outcome = import_file(kind=kind_get("evaluation_scores"), actor=staff, path=_xlsx(tmp_path / "s.xlsx", [
        ["身份证号", "理论知识成绩", "操作技能成绩", "批次编号"], [a.id_number_plain(), 91, 58, batch.pk],
        [b.id_number_plain(), 80, 80, batch.pk]]))
    assert (outcome.updated, outcome.rejected) == (1, 1)
    assert "不是本批次的考生" in outcome.rejections[0]["message"]
    assert batch.candidates.get(worker=a).result == "failed"


def test_only_agency_staff_may_import_evaluation_rows(bureau_admin, hr_a):
    kind = kind_get("evaluation_scores")
    assert not kind.permission(bureau_admin)
    assert not kind.permission(hr_a)
