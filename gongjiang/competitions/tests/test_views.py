"""Pages: the public plan, results and honour lists without logging in; an organiser's event page;
the exports as real Excel files."""

import io
from datetime import date

import openpyxl
import pytest
from django.test import Client

from gongjiang.competitions import services
from gongjiang.competitions.tests.factories import competition_make, enter, entrant_make, organiser_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(db):
    return organiser_make()


@pytest.fixture
def with_results(organiser, enterprise_a):
    competition = competition_make(organiser, name="定海区数控车工竞赛")
    worker = entrant_make(enterprise_a, name="王大锤")
    enter(organiser, competition, worker)
    services.result_record(actor=organiser, competition=competition, id_number=worker.id_number_plain(), rank=1,
                           award="first")
    services.results_publish(actor=organiser, competition=competition, today=date(2025, 6, 2))
    return competition


def test_the_public_plan_shows_published_events_without_logging_in(organiser):
    competition_make(organiser, name="定海区电工竞赛")
    competition_make(organiser, name="尚未发布的竞赛", published=False)
    page = Client().get("/competitions/plan/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "定海区电工竞赛" in text
    assert "尚未发布的竞赛" not in text


def test_public_results_in_notice_mask_names(with_results):
    page = Client().get(f"/competitions/plan/{with_results.pk}/").content.decode()
    assert "成绩公示" in page
    assert "王*锤" in page
    assert "王大锤" not in page
    assert "公示期至 2025-06-09" in page


def test_a_draft_event_is_not_public(organiser):
    draft = competition_make(organiser, published=False)
    assert Client().get(f"/competitions/plan/{draft.pk}/").status_code == 404


def test_the_public_honour_list_shows_quotas_without_logging_in(db):
    page = Client().get("/competitions/honours/").content.decode()
    assert "定海名匠" in page
    assert "技能创富型企业" in page


def test_the_public_plan_exports_to_excel(organiser):
    competition_make(organiser, name="定海区电工竞赛")
    response = Client().get("/competitions/plan/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else
                                             response.getvalue()))
    rows = list(book.active.values)
    assert rows[0][:2] == ("竞赛名称", "级别")
    assert rows[1][0] == "定海区电工竞赛"
    assert rows[1][1] == "区级"


def test_an_ineligible_entry_is_shown_next_to_the_field_and_keeps_what_was_typed(organiser, enterprise_a):
    competition = competition_make(organiser, max_age=30)
    worker = entrant_make(enterprise_a)
    client = Client()
    client.force_login(organiser)
    page = client.post(f"/competitions/{competition.pk}/entry/",
                       {"id_number": worker.id_number_plain(), "name": worker.name})
    assert page.status_code == 400
    text = page.content.decode()
    assert "超过本竞赛最高年龄 30 岁" in text
    assert worker.id_number_plain() in text


def test_an_organiser_enters_and_records_through_the_page(organiser, enterprise_a):
    competition = competition_make(organiser)
    worker = entrant_make(enterprise_a, name="张三丰")
    client = Client()
    client.force_login(organiser)
    client.post(f"/competitions/{competition.pk}/entry/", {"id_number": worker.id_number_plain(), "name": "张三丰"})
    client.post(f"/competitions/{competition.pk}/result/", {"id_number": worker.id_number_plain(), "rank": "1",
                                                            "award": "first"})
    page = client.get(f"/competitions/{competition.pk}/").content.decode()
    assert "张三丰" in page
    assert "一等奖" in page


def test_the_results_export_lists_ranks(with_results, organiser):
    client = Client()
    client.force_login(organiser)
    response = client.get(f"/competitions/{with_results.pk}/results/export.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else
                                             response.getvalue()))
    rows = list(book.active.values)
    assert rows[0][:3] == ("名次", "姓名", "身份证号")
    assert rows[1][:2] == (1, "王大锤")


def test_an_organiser_account_without_a_district_is_told_why_it_cannot_draft(organiser):
    client = Client()
    client.force_login(organiser)
    page = client.post("/competitions/new/", {"name": "某竞赛", "level": "district", "starts_on": "2027-05-10",
                                              "ends_on": "2027-05-11", "entry_deadline": "2027-05-01", "places": "10",
                                              "team_size": "1"})
    assert "本账号未绑定所属区县" in page.content.decode()
