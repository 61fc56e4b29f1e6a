"""Enterprise-run training and training funds (issue 12, R3.5; `000` 三(三)3): HR files its own
training and spending; the year's spending is set against the wage bill from income monitoring
(1.5 %–2.5 %), shown to HR and the bureau, with export."""

from datetime import date
from decimal import Decimal

import pytest

from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.income.models import IncomeRecord
from gongjiang.training import selectors, services
from gongjiang.training.models import EnterpriseTraining

pytestmark = pytest.mark.django_db


def _file(actor, **changes):
    values = {"kind": "apprenticeship", "name": "焊工新型学徒制2025", "start_date": date(2025, 3, 1),
              "end_date": date(2025, 12, 31), "trainees": 12, "spend": Decimal("30000"), "hours": 400}
    values.update(changes)
    return services.enterprise_training_file(actor=actor, **values)


def _payroll(enterprise, worker, months, gross):
    for month in months:
        IncomeRecord.objects.create(worker=worker, enterprise=enterprise, year=2025, month=month, source="payroll",
                                    gross_pay=Decimal(gross))


def test_hr_files_enterprise_training_for_its_own_enterprise(hr_a, enterprise_a):
    training = _file(hr_a)
    assert (training.enterprise_id, training.kind, training.filed_by_id) == (enterprise_a.pk, "apprenticeship", hr_a.pk)


@pytest.mark.parametrize(("changes", "field"), [
    ({"end_date": date(2025, 2, 1)}, "end_date"), ({"trainees": 0}, "trainees"),
    ({"spend": Decimal("-1")}, "spend"), ({"kind": "seminar"}, "kind"), ({"name": "  "}, "name")])
def test_bad_enterprise_training_is_refused_naming_the_field(hr_a, changes, field):
    with pytest.raises(DomainError) as error:
        _file(hr_a, **changes)
    assert error.value.field == field
    assert not EnterpriseTraining.objects.exists()


def test_only_hr_files_enterprise_training(bureau_admin, trainer):
    for actor in (bureau_admin, trainer):
        with pytest.raises(PermissionDenied):
            _file(actor)


def test_fund_use_is_set_against_the_wage_bill_from_income_monitoring(hr_a, enterprise_a, employee_a):
    # wage bill 2025: 12 months × 100,000 = 1,200,000; spending 12,000 + 6,000 = 18,000 = 1.5 %
    _payroll(enterprise_a, employee_a, range(1, 13), "100000")
    IncomeRecord.objects.create(worker=employee_a, enterprise=enterprise_a, year=2025, month=1, source="tax",
                                gross_pay=Decimal("100000"))  # the same pay from another source: not counted twice
    _file(hr_a, spend=Decimal("12000"))
    _file(hr_a, kind="employee", name="安全生产培训", spend=Decimal("6000"), trainees=40)
    [row] = selectors.training_fund_use(actor=hr_a, year=2025)
    assert (row["spend"], row["wage_bill"], row["share"], row["standing"]) == (
        Decimal("18000.00"), Decimal("1200000.00"), Decimal("0.0150"), "within")
    assert (row["trainees"], row["filings"], row["minimum"]) == (52, 2, Decimal("18000.00"))


def test_spending_below_the_floor_and_a_missing_wage_bill_are_told_apart(hr_a, enterprise_a, employee_a, hr_b):
    _payroll(enterprise_a, employee_a, range(1, 13), "100000")
    _file(hr_a, spend=Decimal("17999"))
    _file(hr_b, spend=Decimal("5000"))
    assert selectors.training_fund_use(actor=hr_a, year=2025)[0]["standing"] == "below"
    [row_b] = selectors.training_fund_use(actor=hr_b, year=2025)
    assert (row_b["standing"], row_b["share"], row_b["wage_bill"]) == ("no_wage_bill", None, None)


def test_hr_sees_its_own_enterprise_only_and_the_bureau_sees_its_district(hr_a, hr_b, bureau_staff, bureau_admin):
    _file(hr_a)
    _file(hr_b)
    assert [r["enterprise_id"] for r in selectors.training_fund_use(actor=hr_a, year=2025)] == [hr_a.enterprise_id]
    assert [r["enterprise_id"] for r in selectors.training_fund_use(actor=bureau_staff, year=2025)] == [
        hr_a.enterprise_id]  # 定海 staff: 甲 only (乙 is in 普陀)
    assert {r["enterprise_id"] for r in selectors.training_fund_use(actor=bureau_admin, year=2025)} == {
        hr_a.enterprise_id, hr_b.enterprise_id}


def test_hr_with_no_filing_sees_its_floor_from_the_wage_bill(hr_a, enterprise_a, employee_a):
    _payroll(enterprise_a, employee_a, range(1, 13), "50000")
    [row] = selectors.training_fund_use(actor=hr_a, year=2025)
    assert (row["spend"], row["minimum"], row["standing"]) == (Decimal("0"), Decimal("9000.00"), "below")


def test_the_page_files_training_and_exports_the_fund_use(client, hr_a, bureau_admin, enterprise_a, employee_a):
    import io

    from openpyxl import load_workbook

    _payroll(enterprise_a, employee_a, range(1, 13), "100000")
    client.force_login(hr_a)
    response = client.post("/training/enterprise/?year=2025", {
        "kind": "employee", "name": "数控车床操作培训", "occupation": "", "start_date": "2025-05-06",
        "end_date": "2025-04-01", "trainees": "10", "hours": "40", "spend": "20000"})
    assert "结束日期不能早于开始日期" in response.content.decode()
    assert not EnterpriseTraining.objects.exists()
    response = client.post("/training/enterprise/?year=2025", {
        "kind": "employee", "name": "数控车床操作培训", "occupation": "", "start_date": "2025-05-06",
        "end_date": "2025-05-20", "trainees": "10", "hours": "40", "spend": "20000"})
    assert response.status_code == 302
    page = client.get("/training/enterprise/?year=2025").content.decode()
    assert "数控车床操作培训" in page
    assert "1.67%" in page
    assert "在1.5%–2.5%之间" in page
    client.force_login(bureau_admin)
    exported = client.get("/training/enterprise/funds.xlsx?year=2025")
    sheet = load_workbook(io.BytesIO(b"".join(exported.streaming_content) if exported.streaming
                                     else exported.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = [str(c) for c in rows[0]]
    assert "工资总额（元）" in header
    assert any("舟山甲船舶修造有限公司" in [str(c) for c in row] for row in rows[1:])


def test_an_institution_account_cannot_open_the_enterprise_page(client, trainer):
    client.force_login(trainer)
    assert client.get("/training/enterprise/").status_code in (403, 404)
