"""直接认定 and 破格晋升 by an employer's self-evaluation (R1.6, `004` 十五): evidence, the bureau's
approval, then a signed certificate in the archive."""

import pytest

from gongjiang.core.errors import DomainError
from gongjiang.evaluation import credentials, keys, services
from gongjiang.evaluation.models import AgencyKind, AwardStatus
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder, welder_make
from gongjiang.reference.grades import Grade
from gongjiang.registry.models import Certificate
from gongjiang.registry.tests.factories import EmploymentFactory

pytestmark = pytest.mark.django_db
EVIDENCE = "2024年主持船体分段焊接工艺革新，获市级技术革新一等奖，证明材料：获奖证书、工艺评定报告。"


@pytest.fixture
def employer_staff(enterprise_a):
    agency = agency_make(kind=AgencyKind.EMPLOYER, enterprise=enterprise_a, site="090190", name="甲船厂自主评价",
                         grades=(Grade.INTERMEDIATE, Grade.SENIOR, Grade.TECHNICIAN))
    return agency_user(agency)


def test_exceptional_promotion_is_approved_and_issued(employer_staff, enterprise_a, bureau_staff):
    worker = welder_make(name="钱突出", enterprise=enterprise_a)  # holds 四级
    award = services.award_request(actor=employer_staff, id_number=worker.id_number_plain(), name="钱突出",
                                   occupation=welder(), grade=Grade.TECHNICIAN, route="exceptional", evidence=EVIDENCE)
    assert award.status == AwardStatus.PENDING
    award = services.award_decide(actor=bureau_staff, award=award, approve=True, note="业绩属实")
    assert award.status == AwardStatus.APPROVED
    cert = award.certificate
    assert cert.number.startswith("Y")
    assert cert.grade == Grade.TECHNICIAN
    assert Certificate.objects.filter(number=cert.number, worker=worker, evaluator_enterprise=enterprise_a).exists()
    assert credentials.credential_verify(cert.credential, keys.published_keys()).valid


def test_direct_certification_needs_an_ungraded_employee_and_evidence(employer_staff, enterprise_a):
    graded = welder_make(name="孙已有", enterprise=enterprise_a)
    with pytest.raises(DomainError, match="已有本职业证书"):
        services.award_request(actor=employer_staff, id_number=graded.id_number_plain(), name="孙已有",
                               occupation=welder(), grade=Grade.INTERMEDIATE, route="direct", evidence=EVIDENCE)
    new = EmploymentFactory(enterprise=enterprise_a, worker__name="李新人").worker
    with pytest.raises(DomainError, match="至少 20 个字"):
        services.award_request(actor=employer_staff, id_number=new.id_number_plain(), name="李新人",
                               occupation=welder(), grade=Grade.INTERMEDIATE, route="direct", evidence="干得好")


def test_only_current_employees_of_the_employer(employer_staff, employee_b):
    with pytest.raises(DomainError, match="不是本单位在职职工"):
        services.award_request(actor=employer_staff, id_number=employee_b.id_number_plain(), name=employee_b.name,
                               occupation=welder(), grade=Grade.INTERMEDIATE, route="direct", evidence=EVIDENCE)


def test_a_social_organisation_cannot_award_directly(dinghai, employee_a):
    staff = agency_user(agency_make(grades=(Grade.INTERMEDIATE,)), "social1")
    with pytest.raises(DomainError, match="仅限用人单位自主评价机构"):
        services.award_request(actor=staff, id_number=employee_a.id_number_plain(), name=employee_a.name,
                               occupation=welder(), grade=Grade.INTERMEDIATE, route="direct", evidence=EVIDENCE)


def test_a_refusal_needs_a_reason(employer_staff, enterprise_a, bureau_admin):
    worker = welder_make(name="周待定", enterprise=enterprise_a)
    award = services.award_request(actor=employer_staff, id_number=worker.id_number_plain(), name="周待定",
                                   occupation=welder(), grade=Grade.TECHNICIAN, route="exceptional", evidence=EVIDENCE)
    with pytest.raises(DomainError, match="不批准时请填写理由"):
        services.award_decide(actor=bureau_admin, award=award, approve=False)
    award = services.award_decide(actor=bureau_admin, award=award, approve=False, note="证明材料不全")
    assert award.status == AwardStatus.REJECTED
    assert award.certificate is None
