"""End to end (issue 12 "Show"): an institution files a class, the bureau approves it, the
institution enrols trainees and imports check-ins from a device file; supervision finds the
planted machine-clicking, the bureau confirms it, and the monthly run of the training subsidy
policy (the existing engine, ADR 0009) pays the honest trainee and not the clicked ones."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from gongjiang.incentives.models import Claim, Decision
from gongjiang.incentives.services.runs import decisions_record
from gongjiang.incentives.tests.factories import published
from gongjiang.ingest.tests.factories import xlsx_write
from gongjiang.registry.models import TrainingRecord
from gongjiang.registry.tests.factories import id_number_make
from gongjiang.training import services, supervision
from gongjiang.training.models import Finding, FindingStatus, Rule
from gongjiang.training.tests.factories import aware

pytestmark = pytest.mark.django_db
POLICY = "dinghai-2025-training-subsidy"


def test_a_confirmed_anomaly_keeps_the_subsidy_from_the_trainees_it_names(trainer, bureau_admin, site, programme,
                                                                          tmp_path):
    training_class = services.class_file(actor=trainer, programme=programme, site=site, name="焊工高级一期",
                                         teacher="陈师傅", start_date=date(2025, 3, 3), end_date=date(2025, 3, 7),
                                         planned_hours=40, capacity=30)
    services.class_decide(actor=bureau_admin, training_class=training_class, approve=True)
    start = training_class.start_date
    for d in range(5):
        day = start + timedelta(days=d)
        for a, b in ((8, 12), (13, 17)):
            services.session_add(actor=trainer, training_class=training_class,
                                 starts_at=aware(day.year, day.month, day.day, a),
                                 ends_at=aware(day.year, day.month, day.day, b))
    people = [(id_number_make(seq=400 + i), name) for i, name in enumerate(["真学员", "机点甲", "机点乙"])]
    for number, name in people:
        services.trainee_enrol(actor=trainer, training_class=training_class, id_number=number, name=name)
    rows = [["班级编号", "身份证号", "姓名", "签到时间", "签退时间", "设备编号"]]
    for d in range(5):
        day = start + timedelta(days=d)
        for a, b in ((8, 12), (13, 17)):
            rows.append([training_class.pk, people[0][0], "真学员", f"{day} {a:02d}:0{d}:1{d}", f"{day} {b:02d}:0{d}:4{d}", "F1"])
            for number, name in people[1:]:
                rows.append([training_class.pk, number, name, f"{day} {a:02d}:05:00", f"{day} {b:02d}:05:00", "F1"])
    outcome = services.checkins_import(actor=trainer, path=str(xlsx_write(tmp_path / "考勤.xlsx", rows)), name="考勤.xlsx")
    assert (outcome.created, outcome.rejected) == (30, 0)
    services.class_complete(actor=trainer, training_class=training_class, completed_on=date(2025, 3, 7),
                            passed_ids=set(training_class.enrolments.values_list("pk", flat=True)))
    assert TrainingRecord.objects.filter(completed=True, subsidised=True, programme=programme.name).count() == 3

    supervision.supervision_run(actor=bureau_admin)
    finding = Finding.objects.get(rule=Rule.IDENTICAL_SEQUENCE)
    assert sorted(finding.enrolments.values_list("worker__name", flat=True)) == ["机点乙", "机点甲"]
    supervision.finding_review(actor=bureau_admin, finding=finding, status=FindingStatus.CONFIRMED,
                               outcome="调取录像：两人未到场，由他人持照片刷脸")

    decisions_record(version=published(POLICY), period_start=date(2025, 3, 1))
    paid = {c.worker.name: c.amount for c in Claim.objects.filter(policy__code=POLICY).select_related("worker")}
    assert paid == {"真学员": Decimal("1800.00")}
    refused = Decision.objects.get(policy__code=POLICY, worker__name="机点甲")
    assert not refused.eligible
    assert [c["passed"] for c in refused.explanation["conditions"] if c["fact"] == "blocked_by_finding"] == [False]
