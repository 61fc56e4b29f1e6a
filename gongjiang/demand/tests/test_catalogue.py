"""The catalogue computed from data (R2.2; issue 15): ranks on a small known world computed by hand,
reproducibility, the draft with previous ranks and review notes, publication by validity dates read
by the post subsidy (`003` 二(三)4)."""

from datetime import date
from decimal import Decimal

import pytest

from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.demand import selectors, services
from gongjiang.demand.indicators import FilingFigures, OccupationFigures, figures_aggregate, scores_compute
from gongjiang.demand.models import CatalogueStatus, Driver, ShortageCatalogue
from gongjiang.demand.tests.factories import filing_make
from gongjiang.registry.tests.factories import CertificateFactory, EmploymentFactory, occupation

# 焊工, 机械设计工程技术人员, 船舶工程技术人员, 人工智能工程技术人员; reference: 机械制造…, 仪器仪表…
WELDER, CASHIER, CHAIN, EQUIPMENT = "6-18-02-04", "2-02-07-01", "2-02-07-12", "2-02-38-01"
SALES, SHOP = "2-02-07-02", "2-02-07-03"
# Only the gap and the unfilled share count, half each: easy to compute by hand.
HALF_AND_HALF = {"gap": Decimal("0.5"), "unfilled": Decimal("0.5"), "suitable": 0, "weeks_open": 0, "breadth": 0,
                 "ageing": 0}


@pytest.fixture
def known_world(enterprise_a, enterprise_b):
    """Reference year 2025: 营销员 demand 10, all 10 vacancies filled; 商品营业员 demand 30, 10 vacancies
    unfilled. So gap has mean 20, sd 10; unfilled share mean 0.5, sd 0.5.
    2026: 焊工 40 (10 vacancies unfilled), 收银员 20 (10 filled), 连锁经营管理师 25 (4 unfilled),
    设备工程技术人员 30 with no vacancy advertised and one registry holder (supply 1)."""
    filing_make(enterprise_a, SALES, period=date(2025, 3, 1), headcount=10, vacancies=10, filled=True)
    filing_make(enterprise_b, SHOP, period=date(2025, 5, 1), headcount=30, vacancies=10)
    filing_make(enterprise_a, WELDER, period=date(2026, 2, 1), headcount=25, vacancies=6)
    filing_make(enterprise_b, WELDER, period=date(2026, 4, 1), headcount=15, vacancies=4)
    filing_make(enterprise_a, CASHIER, period=date(2026, 2, 1), headcount=20, vacancies=10, filled=True)
    filing_make(enterprise_b, CHAIN, period=date(2026, 6, 1), headcount=25, vacancies=4)
    filing_make(enterprise_a, EQUIPMENT, period=date(2026, 3, 1), headcount=30, grade=3)
    filing_make(enterprise_a, EQUIPMENT, period=date(2026, 3, 1), headcount=99, status="withdrawn")
    holder = EmploymentFactory(enterprise=enterprise_a, occupation=occupation(EQUIPMENT)).worker
    CertificateFactory(worker=holder, grade=4, occupation=occupation(EQUIPMENT), issued_on=date(2024, 1, 1))


def test_ranks_on_the_known_world_match_the_hand_computation(known_world):
    # z(gap) = (x − 20)/10, z(unfilled) = (x − 0.5)/0.5, score = 0.5 z(gap) + 0.5 z(unfilled):
    #   焊工 (2 + 1)/2 = 1.5; 连锁经营管理师 (0.5 + 1)/2 = 0.75; 设备工程技术人员 (29−20)/10/2 = 0.45
    #   (no vacancies: unfilled contributes 0); 收银员 (0 − 1)/2 = −0.5 (not listed)
    computation = services.catalogue_compute(area_code="330900", year=2026, weights=HALF_AND_HALF)
    ranked = [(s.figures.code, s.score) for s in computation.result.scored]
    assert ranked == [(WELDER, 1.5), (CHAIN, 0.75), (EQUIPMENT, 0.45), (CASHIER, -0.5)]
    assert [s.figures.code for s in computation.listed] == [WELDER, CHAIN, EQUIPMENT]
    assert computation.result.reference["gap"] == {"mean": 20.0, "sd": 10.0, "basis": "reference"}
    drivers = {s.figures.code: s.driver for s in computation.listed}
    assert drivers == {WELDER: Driver.TRAINING, CHAIN: Driver.RETENTION, EQUIPMENT: Driver.TRAINING}


def test_supply_counts_holders_at_or_above_the_grade_asked_for(known_world):
    figures = selectors.occupation_figures(area_code="330900", year=2026)
    assert (figures[EQUIPMENT].demand, figures[EQUIPMENT].holders) == (30, 1)  # the withdrawn 99 do not count


def test_a_district_area_sees_only_its_own_enterprises(known_world):
    figures = selectors.occupation_figures(area_code="330902", year=2026)  # Dinghai: enterprise_a only
    assert figures[WELDER].demand == 25
    assert CHAIN not in figures


def test_same_data_and_weights_give_the_same_ranks(known_world):
    first = services.catalogue_compute(area_code="330900", year=2026, top=3)
    again = services.catalogue_compute(area_code="330900", year=2026, top=3)
    assert [(s.figures.code, s.score) for s in first.listed] == [(s.figures.code, s.score) for s in again.listed]


def test_without_reference_data_the_current_period_standardises_and_says_so():
    current = figures_aggregate([FilingFigures(WELDER, "330902", 1, 4, 30, 0, 0, 0, 0, False),
                                 FilingFigures(CASHIER, "330902", 1, 4, 10, 0, 0, 0, 0, False)])
    result = scores_compute(current, {}, {"gap": 1})
    assert result.reference["gap"]["basis"] == "current"
    assert [s.figures.code for s in result.listed()] == [WELDER]


def test_ties_go_to_larger_demand_then_code():
    a, b = OccupationFigures("1-01-01-01", demand=5), OccupationFigures("1-01-01-02", demand=5)
    result = scores_compute({"1-01-01-02": b, "1-01-01-01": a}, {}, {"gap": 1})
    assert [s.figures.code for s in result.scored] == ["1-01-01-01", "1-01-01-02"]


def test_draft_lists_the_top_occupations_with_reasons_and_previous_edition(known_world, bureau_staff):
    draft = services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=2)
    assert draft.status == CatalogueStatus.DRAFT
    assert draft.edition == 1
    assert draft.year == 2026
    entries = list(selectors.catalogue_entries(draft))
    assert [e.rank for e in entries] == [1, 2]
    welder = entries[0]
    assert welder.occupation.code == WELDER
    assert welder.in_previous
    assert welder.previous_rank is None
    assert "需求 40 人" in welder.reason
    assert welder.driver
    assert not entries[1].in_previous
    assert draft.method["weights"]["gap"] == "0.250"
    # a second computation replaces the entries of the same draft
    again = services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=1)
    assert again.pk == draft.pk
    assert again.entries.count() == 1


def test_review_notes_on_the_draft_and_an_entry(known_world, bureau_staff):
    draft = services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=2)
    entry = draft.entries.order_by("rank").first()
    services.review_note_add(actor=bureau_staff, catalogue=draft, text="焊工缺口与船企调研一致", entry_id=entry.pk)
    services.review_note_add(actor=bureau_staff, catalogue=draft, text="建议增补新职业")
    assert draft.notes.count() == 2
    with pytest.raises(DomainError):
        services.review_note_add(actor=bureau_staff, catalogue=draft, text="  ")


def test_staff_may_not_publish_or_change_weights(known_world, bureau_staff):
    draft = services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=2)
    with pytest.raises(PermissionDenied):
        services.catalogue_publish(actor=bureau_staff, catalogue=draft, valid_from=date(2026, 7, 1))
    with pytest.raises(PermissionDenied):
        services.weight_set(actor=bureau_staff, key="gap", weight="0.3", source="专家评审")


def test_weight_needs_a_source_and_a_value_between_0_and_1(bureau_admin):
    with pytest.raises(DomainError) as refused:
        services.weight_set(actor=bureau_admin, key="gap", weight="0.3", source=" ")
    assert refused.value.field == "source"
    with pytest.raises(DomainError):
        services.weight_set(actor=bureau_admin, key="gap", weight="1.5", source="专家评审")
    services.weight_set(actor=bureau_admin, key="gap", weight="0.3", source="2026年专家评审会")
    assert selectors.weights_current()["gap"] == Decimal("0.300")


def _front_line_technician(enterprise, code):
    worker = EmploymentFactory(enterprise=enterprise, occupation=occupation(code), is_front_line=True,
                               start_date=date(2024, 1, 1)).worker
    CertificateFactory(worker=worker, grade=5, occupation=occupation(code), issued_on=date(2024, 5, 1))
    return worker


def test_publication_switches_the_post_subsidy_on_the_editions_first_day(known_world, bureau_staff, bureau_admin,
                                                                         enterprise_a):
    from gongjiang.incentives.decide import decisions_compute
    from gongjiang.incentives.tests.factories import published

    # given the draft for 2026 listing 设备工程技术人员 (not in the 2025 edition), published from 1 July 2026
    draft = services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=3)
    services.catalogue_publish(actor=bureau_admin, catalogue=draft, valid_from=date(2026, 7, 1),
                               valid_to=date(2027, 6, 30), source="舟人社〔2026〕演示号")
    worker = _front_line_technician(enterprise_a, EQUIPMENT)

    def due(month):
        [outcome] = decisions_compute(published("dinghai-2025-post-subsidy"), month, worker_ids=[worker.pk])
        return outcome.due

    # then a front-line 技师 in that occupation gets nothing in June and 400 yuan from July
    assert due(date(2026, 6, 1)) == Decimal("0")
    assert due(date(2026, 7, 1)) == Decimal("400")
    # and the 2025 edition ends the day before
    old = ShortageCatalogue.objects.get(year=2025, area__code="330900")
    assert old.valid_to == date(2026, 6, 30)
    assert EQUIPMENT in selectors.shortage_occupation_codes(district_code="330902", on=date(2026, 7, 1))
    assert "4-10-01-05" not in selectors.shortage_occupation_codes(district_code="330902", on=date(2026, 7, 1))


def test_a_draft_is_never_in_force(known_world, bureau_staff):
    services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=3)
    assert EQUIPMENT not in selectors.shortage_occupation_codes(district_code="330902", on=date(2026, 7, 1))


def test_publication_refuses_a_start_not_after_the_current_edition(known_world, bureau_staff, bureau_admin):
    draft = services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=3)
    with pytest.raises(DomainError) as refused:
        services.catalogue_publish(actor=bureau_admin, catalogue=draft, valid_from=date(2025, 1, 1))
    assert refused.value.field == "valid_from"
    with pytest.raises(DomainError):
        services.catalogue_publish(actor=bureau_admin, catalogue=draft, valid_from=date(2026, 7, 1),
                                   valid_to=date(2026, 6, 1))
    assert ShortageCatalogue.objects.get(pk=draft.pk).status == CatalogueStatus.DRAFT


def test_next_draft_shows_the_published_ranks(known_world, bureau_staff, bureau_admin):
    draft = services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=3)
    services.catalogue_publish(actor=bureau_admin, catalogue=draft, valid_from=date(2026, 7, 1))
    later = services.catalogue_draft_compute(actor=bureau_staff, area_code="330900", year=2026, top=3)
    assert later.edition == 2
    assert {e.occupation.code: e.previous_rank for e in later.entries.all()} == {WELDER: 1, CHAIN: 2, EQUIPMENT: 3}


def test_command_writes_the_draft_to_excel_with_the_same_ranks(known_world, tmp_path):
    import openpyxl
    from django.core.management import call_command

    out = tmp_path / "draft.xlsx"
    call_command("demand", "catalogue", "--area", "330900", "--year", "2026", "--top", "2", "--out", str(out))
    rows = list(openpyxl.load_workbook(out).active.values)
    expected = [s.figures.code for s in services.catalogue_compute(area_code="330900", year=2026, top=2).listed]
    assert [row[1] for row in rows[1:]] == expected
    assert rows[0][:3] == ("排名", "职业代码", "职业（工种）")


def test_offered_wage_growth_is_measured_against_the_year_before(enterprise_a):
    filing_make(enterprise_a, WELDER, period=date(2025, 3, 1), headcount=2, wage="6000")
    filing_make(enterprise_a, WELDER, period=date(2026, 3, 1), headcount=1, wage="6000")
    filing_make(enterprise_a, WELDER, period=date(2026, 4, 1), headcount=3, wage="8000", grade=4)
    computation = services.catalogue_compute(area_code="330900", year=2026)
    # (1 × 6000 + 3 × 8000) / 4 = 7500 against 6000: +25%
    [welder] = computation.result.scored
    assert welder.figures.wage_growth == pytest.approx(0.25)


# --- Sums in the database, pay growth from income monitoring, the training pipeline (issue 15) -----------


def test_the_database_sums_agree_with_the_filing_by_filing_computation(known_world, enterprise_a):
    from gongjiang.demand.models import DemandFiling

    filing_make(enterprise_a, WELDER, period=date(2026, 7, 1), headcount=3, vacancies=5, applicants=9, suitable=2,
                weeks_open=7, grade=2, wage="7300.50", filled=True)
    rows = DemandFiling.objects.filter(status="active", period__year=2026).select_related("enterprise__district",
                                                                                           "occupation")
    by_hand = figures_aggregate(FilingFigures(f.occupation.code, f.enterprise.district.code, f.enterprise_id, f.grade,
                                              f.headcount, f.vacancies_advertised, f.applicants,
                                              f.suitable_applicants, f.weeks_open, f.filled, float(f.wage_offered))
                                for f in rows)
    area = selectors.area_get("330900")
    summed = selectors.figures_from_rows(selectors.filing_aggregates(area=area, year=2026), {}, [], year=2026)
    assert set(summed) == set(by_hand) == {WELDER, CASHIER, CHAIN, EQUIPMENT}
    for code, o in by_hand.items():
        assert summed[code].values() == pytest.approx(o.values(), nan_ok=True)
        assert (summed[code].demand, summed[code].min_grade, summed[code].enterprise_count,
                summed[code].district_count) == (o.demand, o.min_grade, o.enterprise_count, o.district_count)
        assert summed[code].mean_wage == pytest.approx(o.mean_wage)
    assert summed[WELDER].enterprise_count == 2  # enterprises a and b
    assert summed[WELDER].min_grade == 2


def test_pay_growth_comes_from_the_published_median_pay_of_income_monitoring(known_world, settings, tmp_path):
    from gongjiang.income.selectors import occupation_median_pay
    from gongjiang.income.tests.worlds import city_snapshot

    settings.INCOME_DATA_DIR = str(tmp_path / "income")
    computation = services.catalogue_compute(area_code="330900", year=2026, weights=HALF_AND_HALF)
    assert computation.method()["pay_growth_years"] == {"2026": [], "2025": []}  # no income yet: said so
    assert all(s.figures.pay_growth is None for s in computation.result.scored)

    city_snapshot(year=2024, seed=3)
    city_snapshot(year=2025, seed=3, scale=1.1)  # the same people, everyone paid 10% more
    before, after = occupation_median_pay(year=2024), occupation_median_pay(year=2025)
    assert WELDER in after
    assert after[WELDER] / before[WELDER] == pytest.approx(Decimal("1.1"), abs=Decimal("0.0001"))
    computation = services.catalogue_compute(area_code="330900", year=2026, weights=HALF_AND_HALF)
    assert computation.method()["pay_growth_years"] == {"2026": [2024, 2025], "2025": [2024, 2025]}
    welder = next(s for s in computation.result.scored if s.figures.code == WELDER)
    assert welder.figures.pay_growth == pytest.approx(0.1, abs=1e-4)
    assert next(s for s in computation.result.scored if s.figures.code == CASHIER).figures.pay_growth is None


def test_the_training_pipeline_counts_trainees_about_to_certify(known_world):
    from gongjiang.registry.tests.factories import WorkerFactory
    from gongjiang.training.models import Completion, Enrolment
    from gongjiang.training.tests.factories import class_make, institution_make, programme_make, site_make

    institution = institution_make()
    site = site_make(institution)
    programme = programme_make()
    programme.occupation = occupation(WELDER)
    programme.save()
    on = date(2026, 12, 31)
    ending_soon = class_make(institution, site, programme, start=date(2026, 11, 2), days=70)  # to 2027-01-10
    ended = class_make(institution, site, programme, start=date(2026, 6, 1), days=10, name="已结班")
    far = class_make(institution, site, programme, start=date(2026, 11, 2), days=300, name="长期班")
    people = [WorkerFactory() for _ in range(5)]
    for worker in people[:3]:
        Enrolment.objects.create(training_class=ending_soon, worker=worker)
    Enrolment.objects.create(training_class=ended, worker=people[3])  # ended before the year's end
    Enrolment.objects.create(training_class=far, worker=people[4])  # ends more than six months later
    done = Enrolment.objects.filter(training_class=ending_soon).first()
    # one left early with a completion (counted as a holder once certified, not as pipeline)
    Completion.objects.create(enrolment=done, completed_on=date(2026, 11, 20), hours_attended=40, exam_passed=True)
    from gongjiang.training.selectors import pipeline_counts

    assert pipeline_counts(occupation_codes=[WELDER, CASHIER], district_codes=["330902"], on=on) == {WELDER: 2}
    assert pipeline_counts(occupation_codes=[WELDER], district_codes=["330903"], on=on) == {}  # Putuo: none
    figures = selectors.occupation_figures(area_code="330900", year=2026)
    assert figures[WELDER].pipeline == 2
    assert figures[WELDER].values()["pipeline"] == pytest.approx(2 / 40)
    # a fuller pipeline lowers the score (sign −1): the same world with the pipeline weighted
    weights = {**HALF_AND_HALF, "pipeline": Decimal("0.5")}
    with_pipeline = services.catalogue_compute(area_code="330900", year=2026, weights=weights)
    z = next(s for s in with_pipeline.result.scored if s.figures.code == WELDER).z["pipeline"]
    assert z < 0
