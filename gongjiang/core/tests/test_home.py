"""Each role's home page (issue 16): the figures of its own work, each linking to the list behind it,
and the deadlines in working days."""

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from gongjiang.evaluation.models import Batch, BatchStatus
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory


@pytest.fixture(autouse=True)
def income_data_dir(settings, tmp_path):
    settings.INCOME_DATA_DIR = str(tmp_path / "income")


def _home(user) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def _links(page: str) -> list[str]:
    """Every figure's link on the page (`<a class="figure" href=…>`)."""
    return re.findall(r'<a class="figure[^"]*" href="([^"]+)"', page)


def _every_figure_link_opens(user, page: str) -> None:
    client = Client()
    client.force_login(user)
    links = _links(page)
    assert links
    for url in set(links):
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url


def test_hr_sees_their_employees_by_grade_each_linking_to_the_list(hr_a, enterprise_a):
    # given three employees: a 高级工, a 中级工 and one without a certificate
    for grade in (4, 3, None):
        worker = EmploymentFactory(enterprise=enterprise_a).worker
        if grade:
            CertificateFactory(worker=worker, grade=grade)
    page = _home(hr_a)
    assert 'id="grade-chart"' in page
    assert 'href="/registry/workers/?top_grade=4"' in page
    assert 'href="/registry/workers/?top_grade=0"' in page
    assert 'data-testid="home-demand"' in page
    assert 'data-testid="home-claims"' in page
    _every_figure_link_opens(hr_a, page)
    # and the list behind "高级工" holds exactly the 高级工
    client = Client()
    client.force_login(hr_a)
    listed = client.get("/registry/workers/?top_grade=4").content.decode()
    assert "最高等级：高级工（三级）" in listed


def test_the_worker_sees_archive_money_due_and_the_next_step(enterprise_a):
    from gongjiang.accounts.models import Role, User

    worker = welder_make(enterprise=enterprise_a, four_on=date(2022, 6, 30))
    user = User.objects.create_user(username="w1", password="Test-Passw0rd!", role=Role.WORKER, worker=worker)
    page = _home(user)
    assert 'data-testid="home-archive"' in page
    assert 'data-testid="home-money"' in page
    assert "高级工（三级）" in page
    assert "2027-06-30起可申报" in page
    assert 'href="/registry/me/#guidance"' in page
    _every_figure_link_opens(user, page)


def test_the_worker_sees_a_claim_waiting_for_them(enterprise_a):
    from gongjiang.accounts.models import Role, User
    from gongjiang.incentives.services import decisions_record
    from gongjiang.incentives.tests.factories import front_line_welder, published

    worker = front_line_welder(enterprise_a, grade=5)
    decisions_record(version=published("dinghai-2025-post-subsidy"), period_start=date(2025, 7, 1),
                     worker_ids=[worker.pk], today=date(2025, 8, 1))
    user = User.objects.create_user(username="w2", password="Test-Passw0rd!", role=Role.WORKER, worker=worker)
    page = _home(user)
    assert 'data-figure="claims-awaiting_confirmation"' in page
    assert "400.00 元" in page
    assert 'data-testid="home-money-action"' in page


def test_the_trainer_sees_classes_and_what_is_due(db):
    from gongjiang.training.tests.factories import (
        class_make,
        institution_make,
        programme_make,
        site_make,
        trainer_make,
    )

    institution = institution_make()
    site, programme = site_make(institution), programme_make()
    today = timezone.localdate()
    class_make(institution, site, programme, start=today - timedelta(days=10), days=3, name="已结束未结班")
    class_make(institution, site, programme, start=today + timedelta(days=3), name="下周开班")
    user = trainer_make(institution)
    page = _home(user)
    assert "已结束未结班" in page.split('data-testid="due-to-close"')[1].split("</ul>")[0]
    assert "下周开班" in page.split('data-testid="due-starting"')[1].split("</ul>")[0]
    assert 'href="/training/classes/?status=approved"' in page
    _every_figure_link_opens(user, page)


def test_the_evaluator_sees_notice_and_reporting_deadlines_in_working_days(db):
    agency = agency_make()
    user = agency_user(agency)
    today = timezone.localdate()
    # a batch in notice until 3 working days from today, and one issued and not reported, due yesterday
    from gongjiang.core.calendar import working_days_add

    until = working_days_add(today, 3).day
    Batch.objects.create(agency=agency, occupation=welder(), grade=4, exam_date=today - timedelta(days=20),
                         site="考场", status=BatchStatus.IN_NOTICE, notice_start=today, notice_until=until)
    late = working_days_add(today, -2).day
    Batch.objects.create(agency=agency, occupation=welder(), grade=4, exam_date=today - timedelta(days=40),
                         site="考场", status=BatchStatus.ISSUED, issued_on=today - timedelta(days=30), report_due=late)
    page = _home(user)
    notice = page.split('data-testid="due-notice"')[1].split("</ul>")[0]
    assert "还剩 3 个工作日" in notice
    reporting = page.split('data-testid="due-reporting"')[1].split("</ul>")[0]
    assert "已逾期" in reporting
    assert 'class="error"' in reporting
    _every_figure_link_opens(user, page)


def test_the_organiser_sees_events_and_what_is_due(db):
    from gongjiang.competitions.tests.factories import competition_make, organiser_make

    user = organiser_make()
    competition_make(user, name="报名中的焊工赛")
    competition_make(user, name="还没发布的电工赛", published=False)
    page = _home(user)
    assert "报名中的焊工赛" in page.split('data-testid="due-entries"')[1].split("</ul>")[0]
    assert "还没发布的电工赛" in page.split('data-testid="due-drafts"')[1].split("</ul>")[0]
    _every_figure_link_opens(user, page)
    client = Client()
    client.force_login(user)
    drafts = client.get("/competitions/?status=draft").content.decode()
    assert "还没发布的电工赛" in drafts
    assert "报名中的焊工赛" not in drafts



def test_the_worker_home_and_guidance_read_in_english(enterprise_a):
    from gongjiang.accounts.models import Role, User

    worker = welder_make(enterprise=enterprise_a, four_on=date(2022, 6, 30))
    user = User.objects.create_user(username="w4", password="Test-Passw0rd!", role=Role.WORKER, worker=worker)
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    home = client.get("/").content.decode()
    assert "Next step" in home
    assert "See the career guidance" in home
    archive = client.get("/registry/me/").content.decode()
    assert "Career guidance" in archive
    assert "Bridging skill grades and professional titles" in archive
