"""Evaluation records for the authorisation matrix: an agency in 定海 (inside the district
staff's and the agency account's scope) and one in 普陀 (outside), each with a batch and a
certificate issued to the enterprise's employee."""

from dataclasses import dataclass
from datetime import date

from gongjiang.evaluation import services
from gongjiang.evaluation.models import DirectAward, EligibilityRule, NegativeListEntry
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder
from gongjiang.reference.grades import Grade


@dataclass
class EvaluationWorld:
    staff: object
    inside: dict
    outside: dict
    common: dict


def _issued(staff, worker):
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="实训基地")
    candidate = services._candidate_take(staff, batch, worker, date(2025, 8, 20))
    candidate.eligible = True
    candidate.save()
    services.score_record(actor=staff, batch=batch, candidate_id=candidate.pk, theory="90", practical="90")
    services.batch_publish(actor=staff, batch=batch, today=date(2025, 9, 1))
    cert = services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))[0]
    return batch, cert


def evaluation_world(*, bureau_admin, employee_a, employee_b) -> EvaluationWorld:
    agency_a = agency_make()
    agency_b = agency_make(district="330903", site="090201", name="普陀评价中心")
    staff_a, staff_b = agency_user(agency_a), agency_user(agency_b, "evaluator_b")
    batch_a, cert_a = _issued(staff_a, employee_a)
    batch_b, cert_b = _issued(staff_b, employee_b)
    rule = EligibilityRule.objects.filter(occupation=welder()).first()
    award = DirectAward.objects.create(agency=agency_a, worker=employee_a, occupation=welder(), grade=Grade.TECHNICIAN,
                                       route="exceptional", evidence="矩阵测试：业绩材料")
    # An examiner of the Dinghai agency on the negative list (the lift page's record).
    negative = NegativeListEntry.objects.create(subject="examiner", examiner=agency_a.examiners.first(),
                                                reason="矩阵测试", basis="舟人社〔2025〕1号",
                                                listed_from=date(2025, 10, 1), added_by=bureau_admin)
    return EvaluationWorld(
        staff=staff_a,
        inside={"agency_id": agency_a.pk, "evaluation_batch_id": batch_a.pk, "certificate_id": cert_a.pk},
        outside={"agency_id": agency_b.pk, "evaluation_batch_id": batch_b.pk, "certificate_id": cert_b.pk},
        common={"rule_id": rule.pk, "award_id": award.pk, "negative_entry_id": negative.pk})
