"""Entries and results from the organiser's Excel file: all rows or none, each bad row named."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongjiang.competitions import services
from gongjiang.competitions.models import Entry, Result
from gongjiang.competitions.tests.factories import competition_make, enter, entrant_make, organiser_make
from gongjiang.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(db):
    return organiser_make()


def _xlsx(tmp_path, rows, name="名单.xlsx"):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def test_entries_import_from_excel(organiser, enterprise_a, tmp_path):
    competition = competition_make(organiser)
    a, b = entrant_make(enterprise_a), entrant_make(enterprise_a)
    path = _xlsx(tmp_path, [["身份证号", "姓名"], [a.id_number_plain(), a.name], [b.id_number_plain(), b.name]])
    assert services.rows_import(actor=organiser, competition=competition, kind="entries", path=path) == 2
    assert Entry.objects.filter(competition=competition).count() == 2


def test_one_bad_row_imports_nothing_and_names_the_row_and_column(organiser, enterprise_a, tmp_path):
    competition = competition_make(organiser)
    good = entrant_make(enterprise_a)
    number = good.id_number_plain()
    wrong_check_digit = number[:17] + ("1" if number[17] == "0" else "0")  # any other digit fails the check
    path = _xlsx(tmp_path, [["身份证号", "姓名"], [number, good.name], [wrong_check_digit, "错号"]])
    with pytest.raises(DomainError) as refused:
        services.rows_import(actor=organiser, competition=competition, kind="entries", path=path)
    assert "共 1 行有问题，未导入任何数据" in refused.value.message
    assert "第 3 行「身份证号」" in refused.value.message
    assert not Entry.objects.exists()


def test_results_import_refuses_a_rank_given_twice_and_an_unknown_award(organiser, enterprise_a, tmp_path):
    competition = competition_make(organiser)
    a, b = entrant_make(enterprise_a, name="王一"), entrant_make(enterprise_a, name="李二")
    enter(organiser, competition, a)
    enter(organiser, competition, b)
    path = _xlsx(tmp_path, [["身份证号", "名次", "奖项", "成绩"], [a.id_number_plain(), 1, "一等奖", 95.5],
                            [b.id_number_plain(), 1, "特等奖", 90]])
    with pytest.raises(DomainError) as refused:
        services.rows_import(actor=organiser, competition=competition, kind="results", path=path)
    assert "第 3 行「奖项」：奖项须为以下之一" in refused.value.message
    assert not Result.objects.exists()
    path = _xlsx(tmp_path, [["身份证号", "名次", "奖项"], [a.id_number_plain(), 1, "一等奖"],
                            [b.id_number_plain(), 1, "二等奖"]], "成绩.xlsx")
    with pytest.raises(DomainError, match="第 3 行「名次」：第 1 名已登记给“王一”"):
        services.rows_import(actor=organiser, competition=competition, kind="results", path=path)
    assert not Result.objects.exists()


def test_a_file_without_the_required_columns_says_which(organiser, tmp_path):
    competition = competition_make(organiser)
    path = _xlsx(tmp_path, [["姓名", "单位"], ["王一", "某厂"]])
    with pytest.raises(DomainError, match="第 1 行（表头）缺少列：身份证号"):
        services.rows_import(actor=organiser, competition=competition, kind="entries", path=path)


def test_the_page_imports_results_from_an_uploaded_file(organiser, enterprise_a):
    competition = competition_make(organiser)
    a = entrant_make(enterprise_a)
    enter(organiser, competition, a)
    book, out = openpyxl.Workbook(), io.BytesIO()
    book.active.append(["身份证号", "名次", "奖项"])
    book.active.append([a.id_number_plain(), 1, "一等奖"])
    book.save(out)
    client = Client()
    client.force_login(organiser)
    response = client.post(f"/competitions/{competition.pk}/results_import/",
                           {"file": SimpleUploadedFile("成绩.xlsx", out.getvalue())}, follow=True)
    assert "已导入 1 行" in response.content.decode()
    assert Result.objects.get(entry__worker=a).rank == 1
