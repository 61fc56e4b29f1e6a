"""The quality audit's findings beyond pass rates (R4.3): scores far above peers, scores bunched
just over the pass mark, identical answer sheets, and batches that grow suddenly after filing —
each with the figures behind it and a reason a clerk can act on."""

import random
from datetime import date
from decimal import Decimal

import pytest

from gongjiang.core.errors import DomainError
from gongjiang.evaluation import selectors, services
from gongjiang.evaluation.models import Batch, BatchStatus, Candidate, ResultStatus
from gongjiang.evaluation.tests.factories import agency_make, agency_user, welder
from gongjiang.reference.grades import Grade
from gongjiang.registry.tests.factories import WorkerFactory

pytestmark = pytest.mark.django_db


def _batch(agency, scores, *, exam_date=date(2025, 8, 20), answers=None, pass_mark=Decimal("60")):
    batch = Batch.objects.create(agency=agency, occupation=welder(), grade=Grade.SENIOR, exam_date=exam_date,
                                 site="基地", status=BatchStatus.IN_NOTICE, pass_mark=pass_mark)
    for i, (theory, practical) in enumerate(scores):
        passed = theory >= pass_mark and practical >= pass_mark
        Candidate.objects.create(batch=batch, worker=WorkerFactory(), eligible=True, eligibility_reason="符合",
                                 theory_score=theory, practical_score=practical,
                                 result=ResultStatus.PASSED if passed else ResultStatus.FAILED,
                                 answers=(answers or {}).get(i, ""))
    return batch


def _spread(rng, n, low, high):
    return [(Decimal(rng.randint(low, high)), Decimal(rng.randint(low, high))) for _ in range(n)]


def test_a_batch_far_above_its_peers_is_found_with_the_figures(dinghai, bureau_admin):
    rng = random.Random(1)
    lenient = _batch(agency_make(), [(Decimal(95), Decimal(96))] * 8)
    _batch(agency_make(site="090102", name="另一评价机构"), _spread(rng, 20, 50, 85))
    found = [f for f in selectors.score_distribution_findings(actor=bureau_admin) if f.kind == "score_distribution"]
    assert [f.batch for f in found] == [lenient]
    assert "8 名考生平均分 95.5 分" in found[0].evidence
    assert "其他机构同职业同等级 20 名考生" in found[0].evidence
    assert "试卷" in found[0].reason
    assert "R4" not in found[0].evidence + found[0].reason


def test_ordinary_batches_are_not_flagged(dinghai, bureau_admin):
    rng = random.Random(2)
    _batch(agency_make(), _spread(rng, 20, 50, 95))
    _batch(agency_make(site="090102", name="另一评价机构"), _spread(rng, 20, 50, 95))
    assert selectors.audit_findings(actor=bureau_admin) == []


def test_most_passing_just_over_the_line_is_found(dinghai, bureau_admin):
    bunched = _batch(agency_make(), [(Decimal(60), Decimal(61))] * 6 + [(Decimal(80), Decimal(85)),
                                                                      (Decimal(40), Decimal(70))])
    found = [f for f in selectors.score_distribution_findings(actor=bureau_admin) if f.kind == "near_pass_mark"]
    assert [f.batch for f in found] == [bunched]
    assert "7 名合格考生中有 6 名" in found[0].evidence
    assert "合格线（60 分）" in found[0].evidence


def test_identical_answer_sheets_are_found_and_the_rare_shared_answers_counted(dinghai, bureau_admin):
    rng = random.Random(3)
    key = "".join(rng.choice("ABCD") for _ in range(40))

    def honest():  # mostly right, a few random slips
        return "".join(c if rng.random() < 0.8 else rng.choice("ABCD") for c in key)

    copied = "".join(c if n % 5 else ("A" if c != "A" else "B") for n, c in enumerate(key))  # 8 wrong answers
    sheets = {i: honest() for i in range(10)}
    sheets[10], sheets[11] = copied, copied
    near = list(copied)
    near[3] = "D" if near[3] != "D" else "C"
    sheets[12] = "".join(near)
    batch = _batch(agency_make(), [(Decimal(80), Decimal(80))] * 13, answers=sheets)
    found = selectors.identical_answer_findings(actor=bureau_admin)
    pairs = {tuple(sorted(f.evidence.split("：")[0].split(" 与 "))) for f in found}
    names = list(batch.candidates.order_by("id").values_list("worker__name", flat=True))
    assert tuple(sorted((names[10], names[11]))) in pairs
    assert tuple(sorted((names[10], names[12]))) in pairs
    assert all(names[i] not in f.evidence for f in found for i in range(10))
    whole = next(f for f in found if names[10] in f.evidence and names[11] in f.evidence)
    assert "40 道题中 40 道答案相同" in whole.evidence
    assert "其中 8 道选了多数考生没有选的同一答案" in whole.evidence
    assert "抄袭" in whole.reason


def test_answer_sheets_come_through_the_score_service_and_bad_ones_are_explained(dinghai):
    from gongjiang.evaluation.tests.factories import welder_make

    staff = agency_user(agency_make())
    batch = services.batch_plan(actor=staff, occupation=welder(), grade=Grade.SENIOR, exam_date=date(2025, 8, 20),
                                site="基地")
    worker = welder_make(name="答卷人")
    c = services.candidate_add(actor=staff, batch=batch, id_number=worker.id_number_plain(), name=worker.name)
    with pytest.raises(DomainError, match="只能包含选项字母"):
        services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="80", practical="80",
                              answers="AB1D")
    services.score_record(actor=staff, batch=batch, candidate_id=c.pk, theory="80", practical="80",
                          answers="ab cd √×-")
    c.refresh_from_db()
    assert c.answers == "ABCDTF-"


def test_a_batch_that_grows_suddenly_after_filing_is_found(dinghai, bureau_admin):
    agency = agency_make()  # filed 2024-01-05
    _batch(agency, [(Decimal(70), Decimal(70))] * 8, exam_date=date(2024, 3, 1))
    _batch(agency, [(Decimal(70), Decimal(70))] * 10, exam_date=date(2024, 5, 1))
    grown = _batch(agency, [(Decimal(70), Decimal(70))] * 40, exam_date=date(2024, 7, 1))
    _batch(agency, [(Decimal(70), Decimal(70))] * 120, exam_date=date(2025, 7, 1))  # after the first year
    found = selectors.sudden_growth_findings(actor=bureau_admin)
    assert [f.batch for f in found] == [grown]
    assert "178 天后本批次考生 40 人，是此前 2 个批次平均（9 人）的 4.4 倍" in found[0].evidence


def test_the_audit_page_shows_findings_with_evidence_and_reason(client, dinghai, bureau_admin):
    _batch(agency_make(), [(Decimal(60), Decimal(61))] * 6)
    client.force_login(bureau_admin)
    page = client.get("/evaluation/audit/").content.decode()
    assert 'data-kind="near_pass_mark"' in page
    assert "成绩集中在合格线上方" in page
    assert "原始评分表" in page
