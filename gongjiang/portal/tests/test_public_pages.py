"""The public portal and every public page (issue 16, R9.2, R9.1; ADR 0026).

- the portal opens without logging in, in Chinese, and links every public page, each of which
  opens without logging in;
- no public page — nor any public export — shows a full resident ID number, a phone number, a
  person's full name where the page lists people, or the pay of a person: fetched anonymously
  over a world where every kind of public list has people in it.
"""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from gongjiang.accounts import permissions
from gongjiang.competitions import services as competition_services
from gongjiang.competitions.tests.factories import competition_make, enter, organiser_make, programme
from gongjiang.core.masking import mask_id_number, mask_name
from gongjiang.evaluation import services as evaluation_services
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder
from gongjiang.incentives.tests.factories import claim_in_notice, published
from gongjiang.income.store import snapshot_path
from gongjiang.income.tests.factories import snapshot_make
from gongjiang.portal.pages import public_pages
from gongjiang.reference.grades import Grade
from gongjiang.registry.tests.factories import EmploymentFactory

pytestmark = pytest.mark.django_db
CJK = re.compile(r"[\u4e00-\u9fff]")
LONE_PAY = 123_457.89  # the only 高级技师 welder: a cell of one, whose pay must never be shown


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_the_portal_opens_without_logging_in_and_links_every_public_page():
    response = Client().get("/public/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "技能人才公共服务" in page
    for public_page in public_pages():
        assert f'href="{reverse(public_page.url_name)}"' in page, public_page.url_name


def test_every_page_the_portal_lists_declares_a_public_action_and_opens_without_logging_in():
    for public_page in public_pages():
        url = reverse(public_page.url_name)
        view = get_resolver().resolve(url).func
        assert permissions.ACTIONS[view.permission_action].public, url
        response = Client().get(url)
        assert response.status_code == 200, url
        assert CJK.search(response.content.decode()), url


def test_the_portal_switches_to_english():
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get("/public/").content.decode()
    assert "Public services for skilled workers" in page
    assert "Wage price levels" in page


def test_anonymous_visitors_get_the_portal_and_the_log_in_in_the_top_bar():
    page = Client().get("/public/").content.decode()
    assert f'href="{reverse("accounts:login")}"' in page
    assert f'class="brand" href="{reverse("portal:index")}"' in page


# --- No unmasked personal data on any public page ------------------------------------------------


def _person(enterprise, name: str):
    return EmploymentFactory(enterprise=enterprise, worker__name=name).worker


@pytest.fixture
def public_world(settings, tmp_path, enterprise_a, bureau_staff, hr_a):
    """People in every public list: a subsidy claim in notice, evaluation results in notice,
    competition results in notice, an honour nomination in notice; and a wage table with a lone
    worker whose cell must be hidden."""
    today = timezone.localdate()
    people = {"claim": _person(enterprise_a, "王小明"), "evaluation": _person(enterprise_a, "赵大勇"),
              "competition": _person(enterprise_a, "钱多多"), "honour": _person(enterprise_a, "孙海燕")}
    claim_in_notice(published("dinghai-2025-post-subsidy"), people["claim"], notice_until=today)

    agency = agency_make()
    staff = agency_user(agency)
    from gongjiang.registry.tests.factories import CertificateFactory

    CertificateFactory(worker=people["evaluation"], occupation=welder(), grade=Grade.INTERMEDIATE,
                       issued_on=date(2015, 1, 1))
    batch = evaluation_services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR,
                                           exam_date=today, site="实训基地")
    candidate = evaluation_services.candidate_add(actor=staff, batch=batch, id_number=people["evaluation"].id_number_plain(),
                                                  name=people["evaluation"].name)
    assert candidate.eligible, candidate.eligibility_reason
    evaluation_services.score_record(actor=staff, batch=batch, candidate_id=candidate.pk, theory="88", practical="91")
    evaluation_services.batch_publish(actor=staff, batch=batch, today=today)

    organiser = organiser_make()
    competition = competition_make(organiser)
    enter(organiser, competition, people["competition"])
    competition_services.result_record(actor=organiser, competition=competition,
                                       id_number=people["competition"].id_number_plain(), rank=1, award="first")
    competition_services.results_publish(actor=organiser, competition=competition, today=today)

    nominated_on = date(2025, 7, 1)
    nomination = competition_services.nomination_create(
        actor=hr_a, programme=programme("定海名匠"), id_number=people["honour"].id_number_plain(),
        name=people["honour"].name, reason="十年焊接一线", today=nominated_on)
    competition_services.nomination_review(actor=bureau_staff, nomination=nomination, approve=True, today=nominated_on)

    settings.INCOME_DATA_DIR = str(tmp_path / "income")
    rows = [{"worker": i + 1, "pay": 80_000 + 1_000 * i, "occupation": "6-18-02-04", "grade": 4,
             "district": "330902", "enterprise": i % 6} for i in range(60)]
    rows.append({"worker": 999, "pay": LONE_PAY, "occupation": "6-18-02-04", "grade": 2, "district": "330902",
                 "enterprise": 1})
    snapshot_make(rows, year=2024, path=snapshot_path(2024))
    return {"people": people, "competition_id": competition.pk}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            route = prefix + str(entry.pattern)
            if not route.startswith(("api/", "admin/")):
                yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _public_urls(values: dict) -> list[str]:
    """Every page URL whose action is public, with its placeholders filled (each export format)."""
    urls = []
    for route, pattern in _walk(get_resolver().url_patterns):
        action = getattr(pattern.callback, "permission_action", None)
        if not isinstance(action, str) or not permissions.ACTIONS[action].public:
            continue
        if route.startswith("accounts/"):
            continue  # the log-in form
        names = re.findall(r"<(?:\w+:)?(\w+)>", route)
        for file_format in (("csv", "xlsx") if "file_format" in names else (None,)):
            filled = {**values, "file_format": file_format}
            urls.append("/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, f=filled: str(f[m.group(1)]), route))
    return urls


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body[:2] == b"PK":  # an Excel export: every cell's text
        book = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(str(cell) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    return body.decode("utf-8", errors="replace")


def test_no_public_page_or_export_shows_an_id_number_a_phone_a_full_name_or_a_persons_pay(public_world):
    from gongjiang.demand.models import ShortageCatalogue

    values = {"competition_id": public_world["competition_id"],
              "catalogue_id": ShortageCatalogue.objects.filter(status="published").values_list("pk", flat=True)[0]}
    urls = _public_urls(values) + ["/income/public/?district=330902", "/income/public/?level=4",
                                   "/income/public/?occupation=6-18-02-04&district=330902"]
    assert {"/public/", "/incentives/notice/", "/evaluation/notice/", "/income/public/"} <= set(urls)
    pages = {}
    for url in urls:
        response = Client().get(url)
        assert response.status_code < 500, url
        pages[url] = _text(response)

    people = public_world["people"].values()
    forbidden = {"13800138000", "138 0013 8000", f"{round(LONE_PAY)}", f"{round(LONE_PAY):,}",
                 f"{round(LONE_PAY / 12)}", f"{round(LONE_PAY / 12):,}"}
    for person in people:
        forbidden |= {person.id_number_plain(), person.name}
    leaks = [(url, secret) for url, text in pages.items() for secret in forbidden if secret in text]
    assert not leaks

    # and the lists are not vacuous: each person is there, masked
    everything = "\n".join(pages.values())
    for person in people:
        assert mask_name(person.name) in everything, person.name
    claimant, candidate = public_world["people"]["claim"], public_world["people"]["evaluation"]
    assert mask_id_number(claimant.id_number_plain()) in pages["/incentives/notice/"]
    assert mask_id_number(candidate.id_number_plain()) in pages["/evaluation/notice/"]
    assert "不公布" in pages["/income/public/"]
    assert re.search(r"<td>\d{5,6}</td>", pages["/income/public/"])  # the published cell's figures
