"""Matching rules (tree, grade, text, pinyin, district), ranking, consent and scope (issue 4)."""

from datetime import date

import pytest

from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.reference.models import Occupation
from gongjiang.registry.tests.factories import CertificateFactory
from gongjiang.search.query import SearchQuery, search_query_parse
from gongjiang.search.selectors import worker_search
from gongjiang.search.services import search_docs_refresh
from gongjiang.search.tests.factories import (
    AchievementFactory,
    EmploymentFactory,
    skilled_worker,
)

pytestmark = pytest.mark.django_db


def ids(result):
    return [h.worker_id for h in result.hits]


# --- Occupation tree ---------------------------------------------------------------------------


def test_a_group_node_matches_every_occupation_under_it(bureau_admin, enterprise_a):
    # given a welder (6-18-02-04) and a lathe operator (6-18-01-01), both under 6-18
    welder = skilled_worker(enterprise=enterprise_a, occupation="6-18-02-04")
    turner = skilled_worker(enterprise=enterprise_a, occupation="6-18-01-01", post="车床")
    # when searching the group 6-18
    result = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18"))
    # then both are found
    assert set(ids(result)) == {welder.pk, turner.pk}


def test_an_occupation_node_excludes_its_siblings(bureau_admin, enterprise_a):
    welder = skilled_worker(enterprise=enterprise_a, occupation="6-18-02-04")
    skilled_worker(enterprise=enterprise_a, occupation="6-18-01-01", post="车床")
    result = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18-02-04"))
    assert ids(result) == [welder.pk]


# --- Grade ---------------------------------------------------------------------------------------


def test_minimum_grade_excludes_lower_grades(bureau_admin, enterprise_a):
    senior = skilled_worker(enterprise=enterprise_a, grade=4)
    skilled_worker(enterprise=enterprise_a, grade=3)
    result = worker_search(actor=bureau_admin, query=SearchQuery(grade_min=4))
    assert ids(result) == [senior.pk]


def test_minimum_grade_with_occupation_counts_the_grade_in_that_occupation(bureau_admin, enterprise_a):
    # given a worker who is a 技师 electrician but only an intermediate welder
    worker = skilled_worker(enterprise=enterprise_a, occupation="6-18-02-04", grade=3)
    CertificateFactory(worker=worker, occupation=Occupation.objects.get(code="6-31-01-03"), grade=5)
    search_docs_refresh([worker.pk])
    # when searching welders of at least 高级工
    result = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18-02-04", grade_min=4))
    # then the worker is not a match
    assert ids(result) == []


def test_grade_word_in_text_acts_as_minimum_grade(bureau_admin, enterprise_a):
    senior = skilled_worker(enterprise=enterprise_a, grade=5)
    skilled_worker(enterprise=enterprise_a, grade=3)
    result = worker_search(actor=bureau_admin, query=SearchQuery(text="技师 焊工"))
    assert ids(result) == [senior.pk]


# --- Text ----------------------------------------------------------------------------------------


def test_cnc_lathe_finds_cnc_turner_records_through_the_trade_name(bureau_admin, enterprise_a):
    # given a 车工 (trade name 数控车工) whose records never say 数控车床
    turner = skilled_worker(enterprise=enterprise_a, occupation="6-18-01-01", post="机加工")
    skilled_worker(enterprise=enterprise_a, occupation="6-18-02-04", post="电焊")
    # when searching 数控车床
    result = worker_search(actor=bureau_admin, query=SearchQuery(text="数控车床"))
    # then the turner is found
    assert ids(result) == [turner.pk]


def test_text_matches_achievement_titles(bureau_admin, enterprise_a):
    worker = skilled_worker(enterprise=enterprise_a, refresh=False)
    AchievementFactory(worker=worker, title="船体分段焊接变形控制法")
    search_docs_refresh([worker.pk])
    skilled_worker(enterprise=enterprise_a)
    result = worker_search(actor=bureau_admin, query=SearchQuery(text="变形控制"))
    assert ids(result) == [worker.pk]
    assert any("业绩" in r for r in result.hits[0].reasons)


def test_text_matches_employer_names(bureau_admin, enterprise_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_a)
    skilled_worker(enterprise=enterprise_b)
    result = worker_search(actor=bureau_admin, query=SearchQuery(text="船舶修造"))
    assert ids(result) == [worker.pk]


def test_pinyin_initials_find_a_name(bureau_admin, enterprise_a):
    worker = skilled_worker(enterprise=enterprise_a, name="张三丰")
    skilled_worker(enterprise=enterprise_a, name="李四")
    result = worker_search(actor=bureau_admin, query=SearchQuery(text="zsf"))
    assert ids(result) == [worker.pk]


def test_every_text_word_must_match(bureau_admin, enterprise_a, enterprise_b):
    skilled_worker(enterprise=enterprise_a, occupation="6-18-01-01", post="车床")
    welder_a = skilled_worker(enterprise=enterprise_a, occupation="6-18-02-04")
    skilled_worker(enterprise=enterprise_b, occupation="6-18-02-04")
    result = worker_search(actor=bureau_admin, query=SearchQuery(text="焊工 船舶"))
    assert ids(result) == [welder_a.pk]


# --- Other filters -------------------------------------------------------------------------------


def test_district_filter_and_nearby_districts(bureau_admin, enterprise_a, enterprise_b):
    # given a worker in Dinghai and one in neighbouring Putuo
    dinghai_worker = skilled_worker(enterprise=enterprise_a)
    putuo_worker = skilled_worker(enterprise=enterprise_b)
    only_here = worker_search(actor=bureau_admin, query=SearchQuery(district_code="330902"))
    with_nearby = worker_search(actor=bureau_admin, query=SearchQuery(district_code="330902", nearby=True))
    assert ids(only_here) == [dinghai_worker.pk]
    assert set(ids(with_nearby)) == {dinghai_worker.pk, putuo_worker.pk}


def test_years_of_experience_in_the_occupation(bureau_admin, enterprise_a):
    veteran = skilled_worker(enterprise=enterprise_a, start=date(2010, 1, 1))
    skilled_worker(enterprise=enterprise_a, start=date.today().replace(year=date.today().year - 2))
    result = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18-02-04", years_min=10))
    assert ids(result) == [veteran.pk]


def test_age_band(bureau_admin, enterprise_a):
    young = skilled_worker(enterprise=enterprise_a, birth=date(date.today().year - 30, 1, 1))
    skilled_worker(enterprise=enterprise_a, birth=date(date.today().year - 50, 1, 1))
    result = worker_search(actor=bureau_admin, query=SearchQuery(age_min=25, age_max=35))
    assert ids(result) == [young.pk]


def test_age_band_includes_both_ends(bureau_admin, enterprise_a):
    # given workers turning 25, 35 and 36 this year
    this_year = date.today().year
    youngest = skilled_worker(enterprise=enterprise_a, birth=date(this_year - 25, 12, 31))
    oldest = skilled_worker(enterprise=enterprise_a, birth=date(this_year - 35, 1, 1))
    skilled_worker(enterprise=enterprise_a, birth=date(this_year - 36, 12, 31))
    # when searching ages 25 to 35
    result = worker_search(actor=bureau_admin, query=SearchQuery(age_min=25, age_max=35))
    # then both ends of the band are in, the year beyond is out
    assert sorted(ids(result)) == sorted([youngest.pk, oldest.pk])


def test_honours_filter(bureau_admin, enterprise_a):
    honoured = skilled_worker(enterprise=enterprise_a, honour="技术能手")
    skilled_worker(enterprise=enterprise_a)
    result = worker_search(actor=bureau_admin, query=SearchQuery(honours=True))
    assert ids(result) == [honoured.pk]


def test_pluggable_worker_ids_filter_narrows_the_search(bureau_admin, enterprise_a):
    chosen = skilled_worker(enterprise=enterprise_a)
    skilled_worker(enterprise=enterprise_a)
    result = worker_search(actor=bureau_admin, query=SearchQuery(worker_ids=frozenset({chosen.pk})))
    assert ids(result) == [chosen.pk]


# --- Ranking and facets ----------------------------------------------------------------------


def test_exact_occupation_ranks_before_related_ones(bureau_admin, enterprise_a):
    # given a 技师 in a related occupation under 6-18 and a 高级工 in exactly 6-18-02-04
    related = skilled_worker(enterprise=enterprise_a, occupation="6-18-02-05", grade=5)
    exact = skilled_worker(enterprise=enterprise_a, occupation="6-18-02-04", grade=4)
    result = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18-02-04"))
    assert ids(result) == [exact.pk]
    group = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18-02"))
    assert ids(group) == [related.pk, exact.pk]  # no exact node asked for: higher grade first


def test_text_ranks_the_named_occupation_first_then_higher_grade_and_honours(bureau_admin, enterprise_a):
    plain = skilled_worker(enterprise=enterprise_a, grade=4)
    honoured = skilled_worker(enterprise=enterprise_a, grade=4, honour="技术能手")
    technician = skilled_worker(enterprise=enterprise_a, grade=5)
    result = worker_search(actor=bureau_admin, query=SearchQuery(text="焊工"))
    assert ids(result) == [technician.pk, honoured.pk, plain.pk]
    assert all(hit.exact for hit in result.hits)


def test_each_hit_says_why_it_matched(bureau_admin, enterprise_a):
    skilled_worker(enterprise=enterprise_a, grade=5, honour="技术能手")
    hit = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18-02-04")).hits[0]
    assert any(r.startswith("职业：焊工（6-18-02-04）") and "技师" in r for r in hit.reasons)
    assert any(r.startswith("荣誉：技术能手") for r in hit.reasons)
    assert any(r.startswith("区县：定海区") for r in hit.reasons)


def test_facets_count_matches_per_grade_and_district(bureau_admin, enterprise_a, enterprise_b):
    skilled_worker(enterprise=enterprise_a, grade=4)
    skilled_worker(enterprise=enterprise_a, grade=5)
    skilled_worker(enterprise=enterprise_b, grade=5)
    result = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18-02-04"))
    assert result.total == 3
    assert [(g, n) for g, _, n in result.grade_facets] == [(5, 2), (4, 1)]
    assert {(c, n) for c, _, n in result.district_facets} == {("330902", 2), ("330903", 1)}


# --- Consent and scope ---------------------------------------------------------------------------


def test_enterprise_finds_consenting_workers_of_other_employers(hr_a, enterprise_b):
    consenting = skilled_worker(enterprise=enterprise_b, discoverable=True)
    skilled_worker(enterprise=enterprise_b, discoverable=False)
    result = worker_search(actor=hr_a, query=SearchQuery(occupation_code="6-18-02-04"))
    assert ids(result) == [consenting.pk]


def test_enterprise_always_finds_its_own_staff(hr_a, enterprise_a):
    own = skilled_worker(enterprise=enterprise_a, discoverable=False)
    result = worker_search(actor=hr_a, query=SearchQuery())
    assert ids(result) == [own.pk]
    assert result.hits[0].name_masked is False


def test_enterprise_sees_other_employers_workers_masked(hr_a, enterprise_b):
    skilled_worker(enterprise=enterprise_b, name="赵大明")
    hit = worker_search(actor=hr_a, query=SearchQuery()).hits[0]
    assert hit.name == "赵*明"
    assert hit.name_masked is True


def test_withdrawn_consent_hides_the_worker_before_the_next_refresh(hr_a, enterprise_b):
    # given a consenting worker whose document has not been refreshed after consent was withdrawn
    worker = skilled_worker(enterprise=enterprise_b, discoverable=True)
    worker.discoverable = False
    worker.save(update_fields=["discoverable"])
    # when the enterprise searches
    result = worker_search(actor=hr_a, query=SearchQuery())
    # then the worker is not shown
    assert ids(result) == []


def test_bureau_staff_search_only_their_district(bureau_staff, enterprise_a, enterprise_b):
    here = skilled_worker(enterprise=enterprise_a, discoverable=False)
    skilled_worker(enterprise=enterprise_b, discoverable=True)
    result = worker_search(actor=bureau_staff, query=SearchQuery())
    assert ids(result) == [here.pk]


def test_bureau_staff_find_residents_employed_elsewhere(bureau_staff, enterprise_b, dinghai):
    resident = skilled_worker(enterprise=enterprise_b, residence=dinghai)
    result = worker_search(actor=bureau_staff, query=SearchQuery())
    assert ids(result) == [resident.pk]


def test_workers_may_not_search(worker_user):
    with pytest.raises(PermissionDenied):
        worker_search(actor=worker_user, query=SearchQuery())


def test_a_new_employer_finds_a_worker_after_refresh(hr_b, enterprise_a, enterprise_b):
    worker = skilled_worker(enterprise=enterprise_a, discoverable=False)
    EmploymentFactory(worker=worker, enterprise=enterprise_b, is_second_job=True)
    search_docs_refresh([worker.pk])
    assert ids(worker_search(actor=hr_b, query=SearchQuery())) == [worker.pk]


# --- Parsing ----------------------------------------------------------------------------------


def test_unknown_occupation_code_is_refused_in_chinese(db):
    with pytest.raises(DomainError) as exc:
        search_query_parse({"occupation": "9-99"})
    assert "职业分类大典" in exc.value.message
    assert exc.value.field == "occupation"


def test_inverted_age_band_is_refused(db):
    with pytest.raises(DomainError) as exc:
        search_query_parse({"age_min": "40", "age_max": "30"})
    assert "对调" in exc.value.message


def test_grade_given_as_a_word_is_understood(db):
    assert search_query_parse({"grade_min": "高级工"}).grade_min == 4



def test_shortage_filter_keeps_workers_in_shortage_occupations(bureau_staff, enterprise_a, dinghai):
    # given a catalogue in force for Dinghai listing 焊工 (R2.2, `003` 二(三)4)
    from gongjiang.demand.models import ShortageCatalogue, ShortageOccupation

    catalogue = ShortageCatalogue.objects.create(area=dinghai, year=2025, title="定海区急需紧缺职业目录",
                                                 source="测试", valid_from=date(2025, 1, 1))
    ShortageOccupation.objects.create(catalogue=catalogue, occupation=Occupation.objects.get(code="6-18-02-04"))
    welder = skilled_worker(enterprise=enterprise_a, occupation="6-18-02-04", grade=5)
    skilled_worker(enterprise=enterprise_a, occupation="6-18-02-01", grade=5, post="铸造")  # not listed
    # when bureau staff search 技师 in shortage occupations
    result = worker_search(actor=bureau_staff, query=SearchQuery(grade_min=5, shortage_only=True))
    # then only the welder is found
    assert ids(result) == [welder.pk]


def test_broad_searches_rank_by_grade_band_and_estimate_facets(bureau_admin, enterprise_a, monkeypatch):
    # given more matches than are counted exactly (the limit lowered for the test)
    monkeypatch.setattr("gongjiang.search.selectors.FACET_EXACT_MAX", 2)
    low = skilled_worker(enterprise=enterprise_a, grade=3)
    top = skilled_worker(enterprise=enterprise_a, grade=6)
    mid = skilled_worker(enterprise=enterprise_a, grade=4, honour="技术能手")
    # (the estimate reads the planner's statistics: fresh ones, not those earlier tests left behind)
    _statistics_refresh()
    # when searching them all
    result = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18", page_size=2))
    # then the order is the same as for an exact sort, and the facets are marked as estimates
    assert ids(result) == [top.pk, mid.pk]
    assert 1 <= result.total <= 10  # the planner's estimate of 3 matches, not an exact count
    assert result.facets_estimated is True
    second = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18", page_size=2, page=2))
    assert ids(second) == [low.pk]


def test_broad_text_search_keeps_exact_occupation_first(bureau_admin, enterprise_a, monkeypatch):
    monkeypatch.setattr("gongjiang.search.selectors.FACET_EXACT_MAX", 1)
    related = skilled_worker(enterprise=enterprise_a, occupation="6-18-03-04", grade=6, post="喷涂")
    exact = skilled_worker(enterprise=enterprise_a, occupation="6-18-02-04", grade=3)
    result = worker_search(actor=bureau_admin, query=SearchQuery(text="焊工"))
    assert ids(result) == [exact.pk, related.pk]


def test_broad_search_reads_the_head_by_rank_and_keeps_the_exact_order(bureau_admin, enterprise_a, monkeypatch):
    # given more matches than are counted exactly, and no safety margin on the sampled cutoff
    monkeypatch.setattr("gongjiang.search.selectors.FACET_EXACT_MAX", 2)
    monkeypatch.setattr("gongjiang.search.selectors.RANK_SAMPLE_MARGIN", 0)
    low = skilled_worker(enterprise=enterprise_a, grade=3)
    mid = skilled_worker(enterprise=enterprise_a, grade=4)
    top = skilled_worker(enterprise=enterprise_a, grade=6)
    honoured = skilled_worker(enterprise=enterprise_a, grade=4, honour="技术能手")
    # when paging through them two at a time
    first = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18", page_size=2))
    second = worker_search(actor=bureau_admin, query=SearchQuery(occupation_code="6-18", page_size=2, page=2))
    # then the pages follow the full ranking: grade, then honours, then registry order
    assert ids(first) + ids(second) == [top.pk, honoured.pk, mid.pk, low.pk]


def test_a_sample_that_misplaces_the_head_is_not_trusted(bureau_admin, enterprise_a):
    # given a sample claiming the head ranks higher than any document does
    from gongjiang.search.models import WorkerSearchDoc
    from gongjiang.search.selectors import _tier_head

    skilled_worker(enterprise=enterprise_a, grade=6)
    skilled_worker(enterprise=enterprise_a, grade=5)
    # when the head is read from that cutoff
    head = _tier_head(WorkerSearchDoc.objects.all(), ranks=[990, 985], missing=2, fraction=1.0)
    # then it is refused (None: the caller reads grade bands) rather than returned short
    assert head is None


def _statistics_refresh() -> None:
    from django.db import connection

    from gongjiang.search.models import WorkerSearchDoc

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {WorkerSearchDoc._meta.db_table}")
