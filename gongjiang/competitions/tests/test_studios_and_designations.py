"""Studio yearly reviews (lead, members, apprentices 带徒, outcome), 技能型乡村（社区） designations,
and R6.5 — high-skilled pay growth vs managers' from income monitoring — among the enterprise
designation indicators (R6.3–R6.5, ADR 0024)."""

from datetime import date

import pytest

from gongjiang.competitions import services
from gongjiang.competitions.models import Nomination
from gongjiang.competitions.tests.factories import entrant_make, programme
from gongjiang.core.errors import DomainError, PermissionDenied
from gongjiang.income.tests.factories import snapshot_make
from gongjiang.registry.tests.factories import CertificateFactory

pytestmark = pytest.mark.django_db
TODAY = date(2025, 7, 1)
AWARDED = date(2025, 8, 1)


@pytest.fixture
def studio(hr_a, bureau_staff, enterprise_a):
    lead = entrant_make(enterprise_a, grade=5, name="陈领办")
    nomination = services.nomination_create(actor=hr_a, programme=programme("定海名匠工作室"),
                                            id_number=lead.id_number_plain(), name=lead.name, reason="带徒传艺",
                                            studio_name="陈师傅焊接工作室", today=TODAY)
    services.nomination_review(actor=bureau_staff, nomination=nomination, approve=True, today=TODAY)
    return services.nomination_award(actor=bureau_staff, nomination=nomination, today=AWARDED)


def _member(hr, studio, worker, role, joined_on=AWARDED):
    return services.studio_member_add(actor=hr, nomination=studio, id_number=worker.id_number_plain(),
                                      name=worker.name, role=role, joined_on=joined_on)


def test_a_yearly_review_counts_members_apprentices_and_their_certificates(studio, hr_a, bureau_staff, enterprise_a):
    # given a member, two apprentices (one certified in 2025, one in 2024) and one joining in 2026
    _member(hr_a, studio, entrant_make(enterprise_a, grade=None), "member")
    certified, earlier = entrant_make(enterprise_a, grade=None), entrant_make(enterprise_a, grade=None)
    CertificateFactory(worker=certified, grade=3, issued_on=date(2025, 11, 20))
    CertificateFactory(worker=earlier, grade=3, issued_on=date(2024, 3, 1))
    for worker in (certified, earlier):
        _member(hr_a, studio, worker, "apprentice")
    _member(hr_a, studio, entrant_make(enterprise_a, grade=None), "apprentice", joined_on=date(2026, 2, 1))
    # when the bureau records the 2025 review
    review = services.studio_review_record(actor=bureau_staff, nomination=studio, year=2025, outcome="excellent",
                                           activities="攻关焊接变形难题2项，开展培训6期", today=date(2026, 3, 1))
    # then the year's team and the apprentices certified that year are counted from our records
    assert (review.members, review.apprentices, review.apprentices_certified) == (1, 2, 1)
    assert review.get_outcome_display() == "优秀"


def test_a_review_once_a_year_and_not_before_the_award(studio, bureau_staff):
    with pytest.raises(DomainError, match="考核年度须在授予年度（2025年）至今年之间"):
        services.studio_review_record(actor=bureau_staff, nomination=studio, year=2024, outcome="pass",
                                      activities="培训", today=date(2026, 3, 1))
    services.studio_review_record(actor=bureau_staff, nomination=studio, year=2025, outcome="pass",
                                  activities="培训", today=date(2026, 3, 1))
    with pytest.raises(DomainError, match="2025年度已考核"):
        services.studio_review_record(actor=bureau_staff, nomination=studio, year=2025, outcome="pass",
                                      activities="培训", today=date(2026, 3, 1))


def test_a_failing_review_needs_its_reason(studio, bureau_staff):
    with pytest.raises(DomainError, match="请写明问题和整改要求"):
        services.studio_review_record(actor=bureau_staff, nomination=studio, year=2025, outcome="fail",
                                      activities="全年未开展带徒", today=date(2026, 3, 1))


def test_enterprise_hr_may_not_review_a_studio(studio, hr_a):
    with pytest.raises(PermissionDenied):
        services.studio_review_record(actor=hr_a, nomination=studio, year=2025, outcome="pass", activities="培训",
                                      today=date(2026, 3, 1))


def test_a_skill_based_community_is_designated_against_its_target_of_four(bureau_staff, bureau_admin):
    communities = programme("技能型乡村（社区）")
    assert communities.quota == 4
    nomination = services.nomination_create(actor=bureau_staff, programme=communities, community_name="金塘镇沥港社区",
                                            reason="螺杆工匠培育", evidence="镇街申报材料", today=TODAY)
    assert nomination.subject_name == "金塘镇沥港社区"
    services.nomination_review(actor=bureau_staff, nomination=nomination, approve=True, today=TODAY)
    services.nomination_award(actor=bureau_staff, nomination=nomination, today=AWARDED)
    with pytest.raises(DomainError, match="已申报（或已获认定）本项目"):
        services.nomination_create(actor=bureau_staff, programme=communities, community_name="金塘镇沥港社区",
                                   reason="再报", evidence="材料", today=TODAY)


def test_a_community_without_evidence_or_from_an_enterprise_is_refused(bureau_staff, hr_a):
    communities = programme("技能型乡村（社区）")
    with pytest.raises(DomainError, match="缺少证明材料"):
        services.nomination_create(actor=bureau_staff, programme=communities, community_name="盐仓街道",
                                   reason="培训站点", today=TODAY)
    with pytest.raises(PermissionDenied):
        services.nomination_create(actor=hr_a, programme=communities, community_name="盐仓街道", reason="培训站点",
                                   evidence="材料", today=TODAY)
    assert not Nomination.objects.filter(community_name="盐仓街道").exists()


def _pay_year(enterprise_id, year, high, manager, n_high=3):
    rows = [{"pay": high, "grade": 5, "enterprise": enterprise_id, "worker": 100 + i} for i in range(n_high)]
    rows += [{"pay": manager, "grade": 0, "manager": True, "enterprise": enterprise_id, "worker": 200 + i}
             for i in range(3)]
    rows.append({"pay": 50_000, "grade": 5, "enterprise": enterprise_id + 1, "worker": 300})
    snapshot_make(rows, year=year)


@pytest.fixture
def income_dir(settings, tmp_path):
    settings.INCOME_DATA_DIR = str(tmp_path / "income")


def _designate(hr, title="“以技提薪”示范企业（2025年）"):
    return services.nomination_create(actor=hr, programme=programme(title), reason="能级工资集体协商",
                                      evidence="集体协商协议", today=TODAY)


def test_the_designation_carries_high_skilled_vs_managers_pay_growth(income_dir, hr_a, enterprise_a):
    # given income monitoring for 2023 and 2024: high-skilled +8%, managers +5%
    _pay_year(enterprise_a.pk, 2023, 100_000, 200_000)
    _pay_year(enterprise_a.pk, 2024, 108_000, 210_000)
    growth = _designate(hr_a).indicators["pay_growth"]
    assert growth["year"] == 2024
    assert growth["high_skilled_growth"] == pytest.approx(0.08)
    assert growth["manager_growth"] == pytest.approx(0.05)
    assert growth["not_slower"] is True


def test_pay_growth_slower_than_managers_is_said(income_dir, hr_a, enterprise_a):
    _pay_year(enterprise_a.pk, 2023, 100_000, 200_000)
    _pay_year(enterprise_a.pk, 2024, 101_000, 220_000)
    assert _designate(hr_a).indicators["pay_growth"]["not_slower"] is False


def test_no_growth_rate_for_too_few_workers(income_dir, hr_a, enterprise_a):
    _pay_year(enterprise_a.pk, 2023, 100_000, 200_000, n_high=2)
    _pay_year(enterprise_a.pk, 2024, 108_000, 210_000, n_high=2)
    growth = _designate(hr_a).indicators["pay_growth"]
    assert growth == {"year": 2024, "too_few": True}


def test_no_indicator_without_two_built_years(income_dir, hr_a, enterprise_a):
    _pay_year(enterprise_a.pk, 2024, 108_000, 210_000)
    assert "pay_growth" not in _designate(hr_a).indicators


def test_the_public_honour_list_names_a_designated_community(bureau_staff):
    from gongjiang.competitions.selectors import honour_list_public

    communities = programme("技能型乡村（社区）")
    nomination = services.nomination_create(actor=bureau_staff, programme=communities, community_name="白泉镇",
                                            reason="技能培训站点", evidence="镇街申报材料", today=TODAY)
    services.nomination_review(actor=bureau_staff, nomination=nomination, approve=True, today=TODAY)
    row = next(r for r in honour_list_public() if r["programme"] == "技能型乡村（社区）")
    assert (row["name"], row["unit"]) == ("白泉镇", "")
