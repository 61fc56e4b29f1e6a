"""Enterprise demand filing (R2.1; issue 15): file, revise, withdraw, history, and the refusals."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.demand import selectors, services
from gongjiang.demand.models import DemandFiling, DemandFilingRevision, FilingStatus

TODAY = date(2026, 3, 10)


def _values(**changes):
    values = {"occupation": "6-18-02-04", "grade": 4, "headcount": 5, "wage_offered": Decimal("7500"),
              "needed_by": date(2026, 6, 30), "vacancies_advertised": 5, "applicants": 12, "suitable_applicants": 2,
              "weeks_open": 8, "filled": False}
    values.update(changes)
    return values


def test_hr_files_demand_for_own_enterprise_and_history_records_it(hr_a, enterprise_a):
    filing = services.filing_create(actor=hr_a, today=TODAY, **_values())
    assert filing.enterprise == enterprise_a
    assert filing.period == date(2026, 3, 1)
    assert filing.occupation.name == "焊工"
    assert [h.action for h in filing.history.all()] == [DemandFilingRevision.Action.FILED]


def test_occupation_by_name_is_accepted(hr_a):
    filing = services.filing_create(actor=hr_a, today=TODAY, **_values(occupation="焊工"))
    assert filing.occupation.code == "6-18-02-04"


def test_unknown_occupation_is_refused_with_the_closest_names(hr_a):
    with pytest.raises(DomainError) as refused:
        services.filing_create(actor=hr_a, today=TODAY, **_values(occupation="电焊工人"))
    assert refused.value.field == "occupation"
    assert "不存在" in refused.value.message
    assert "焊工" in refused.value.message  # suggested
    assert not DemandFiling.objects.exists()


@pytest.mark.parametrize("headcount", [0, -3])
def test_headcount_below_one_is_refused(hr_a, headcount):
    with pytest.raises(DomainError) as refused:
        services.filing_create(actor=hr_a, today=TODAY, **_values(headcount=headcount))
    assert refused.value.field == "headcount"
    assert "至少为1人" in refused.value.message
    assert not DemandFiling.objects.exists()


def test_wage_below_the_local_minimum_is_refused_citing_the_standard(hr_a):
    with pytest.raises(DomainError) as refused:
        services.filing_create(actor=hr_a, today=TODAY, **_values(wage_offered=Decimal("1800")))
    assert refused.value.field == "wage_offered"
    assert "最低工资标准 2010 元" in refused.value.message
    assert "浙政发〔2023〕23号" in refused.value.message


def test_date_needed_by_in_the_past_is_refused(hr_a):
    with pytest.raises(DomainError) as refused:
        services.filing_create(actor=hr_a, today=TODAY, **_values(needed_by=TODAY - timedelta(days=1)))
    assert refused.value.field == "needed_by"
    assert "已经过去" in refused.value.message


def test_more_suitable_applicants_than_applicants_is_refused(hr_a):
    with pytest.raises(DomainError) as refused:
        services.filing_create(actor=hr_a, today=TODAY, **_values(applicants=2, suitable_applicants=3))
    assert refused.value.field == "suitable_applicants"


def test_duplicate_filing_of_the_same_occupation_grade_and_month_is_refused(hr_a):
    services.filing_create(actor=hr_a, today=TODAY, **_values())
    with pytest.raises(DomainError) as refused:
        services.filing_create(actor=hr_a, today=TODAY, **_values(headcount=9))
    assert refused.value.code == "duplicate"
    assert "不要重复填报" in refused.value.message
    assert DemandFiling.objects.count() == 1


def test_bureau_staff_cannot_file(bureau_staff):
    with pytest.raises(PermissionDenied):
        services.filing_create(actor=bureau_staff, today=TODAY, **_values())


def test_revise_keeps_the_earlier_values_in_the_history(hr_a):
    filing = services.filing_create(actor=hr_a, today=TODAY, **_values())
    services.filing_revise(actor=hr_a, filing=filing, today=TODAY, headcount=8, filled=True, reason="扩产")
    filing.refresh_from_db()
    assert (filing.headcount, filing.filled, filing.revision) == (8, True, 1)
    history = list(filing.history.all())
    assert [h.values["headcount"] for h in history] == [5, 8]
    assert history[1].reason == "扩产"


def test_another_enterprise_cannot_revise(hr_a, hr_b):
    filing = services.filing_create(actor=hr_a, today=TODAY, **_values())
    with pytest.raises(PermissionDenied):
        services.filing_revise(actor=hr_b, filing=filing, today=TODAY, headcount=1)


def test_withdrawn_filing_leaves_the_aggregate_and_cannot_be_revised(hr_a, bureau_admin):
    filing = services.filing_create(actor=hr_a, today=TODAY, **_values())
    services.filing_withdraw(actor=hr_a, filing=filing, reason="岗位取消")
    assert DemandFiling.objects.get().status == FilingStatus.WITHDRAWN
    assert selectors.demand_aggregate(actor=bureau_admin, year=2026, dims=[]) == []
    with pytest.raises(DomainError):
        services.filing_revise(actor=hr_a, filing=filing, today=TODAY, headcount=1)


def test_hr_sees_only_own_filings(hr_a, hr_b):
    services.filing_create(actor=hr_a, today=TODAY, **_values())
    assert selectors.filing_list(actor=hr_a).count() == 1
    assert selectors.filing_list(actor=hr_b).count() == 0


def test_aggregate_by_district_counts_holders_of_the_grade(hr_a, bureau_admin, employee_a):
    from gongjiang.registry.tests.factories import CertificateFactory, occupation

    services.filing_create(actor=hr_a, today=TODAY, **_values())
    # a welder 高级工 employed in Dinghai, and a 中级工 welder who does not meet the grade asked for
    CertificateFactory(worker=employee_a, grade=4, issued_on=date(2024, 1, 1), occupation=occupation("6-18-02-04"))
    CertificateFactory(grade=3, issued_on=date(2024, 1, 1), occupation=occupation("6-18-02-04"))
    # and 24 job seekers registered in Dinghai over the year (a monthly average of 2)
    from gongjiang.demand.models import JobSeekerCount
    from gongjiang.reference.models import Division

    JobSeekerCount.objects.create(occupation=occupation("6-18-02-04"), grade=4, period=date(2026, 2, 1), seekers=24,
                                  district=Division.objects.get(code="330902"))
    [row] = selectors.demand_aggregate(actor=bureau_admin, year=2026, dims=["district", "grade"])
    assert (row["occupation"], row["district"], row["headcount"], row["holders"]) == ("6-18-02-04", "330902", 5, 1)
    assert (row["seekers"], row["gap"]) == (2, 2)


def test_api_files_and_lists(hr_a):
    from django.test import Client

    client = Client()
    client.force_login(hr_a)
    needed = (timezone.localdate() + timedelta(days=30)).isoformat()
    body = {"occupation": "6-18-02-04", "grade": 4, "headcount": 2, "wage_offered": "7000", "needed_by": needed}
    created = client.post("/api/v1/demand/filings", body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert client.get("/api/v1/demand/filings").json()[0]["occupation_name"] == "焊工"
    refused = client.post("/api/v1/demand/filings", {**body, "headcount": 0}, content_type="application/json")
    assert refused.status_code == 400
    assert "至少为1人" in refused.json()["detail"]
