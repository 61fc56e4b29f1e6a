"""Demo data for competitions and honours (issue 14): a demo organiser, two years of district
events with entrants from the registry and results confirmed (promotions applied through the same
services a user calls), one event taking entries, one with results in notice, and the honours,
studios and designations of `003` partly filled against their quotas. Called by the demo
generator after the demo accounts exist."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from django.db.models import Max
from django.utils import timezone

from gongjiang.competitions import selectors, services
from gongjiang.competitions.models import HonourProgramme, ProgrammeKind
from gongjiang.competitions.services.events import _age_on
from gongjiang.reference.models import Occupation
from gongjiang.registry import selectors as registry_selectors

EVENTS = [  # name, occupation name fragment, level, month
    ("“技赢定海”焊工职业技能竞赛", "焊", "district", 4),
    ("定海区船舶电工职业技能竞赛", "电工", "district", 6),
    ("定海区水产品加工技能竞赛", "水产", "district", 9),
    ("定海区粮油仓储职业技能竞赛", "粮", "district", 10),
    ("舟山市数控车工职业技能竞赛（定海赛区）", "车工", "municipal", 11),
]  # `003` 二(三)2: at least 5 events a year
AWARDS = ["first", "second", "second", "third", "third", "third"]


def _occupation(fragment: str):
    return Occupation.objects.filter(level=4, name__contains=fragment).first() or Occupation.objects.filter(
        level=4).first()


def competitions_demo_load(*, district: Any, bureau: Any, organiser: Any, showcase: Any = None, seed: int = 20251,
                           today: date | None = None) -> dict[str, int]:
    """Fill the demo district's competitions and honours; returns counts for the summary, with
    `grade_changes` [(top grade before, after)] so the generator's grade tally stays true."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    # Entrants' archives must not already hold later certificates (a promotion is their newest grade).
    pool = list(registry_selectors.worker_list(actor=bureau, district_code=district.code, grade_min=2)
                .annotate(last_certificate=Max("certificates__issued_on")).order_by("id")[:400])
    rng.shuffle(pool)
    if showcase is not None:  # the demo worker wins the last municipal event (see their archive)
        pool = [w for w in pool if w.pk != showcase.pk]
    counts: dict[str, Any] = {"events": 0, "entries": 0, "promotions": 0, "nominations": 0, "grade_changes": []}
    cursor = 0

    def take(n: int, before: date | None = None) -> list:
        """The next `n` workers of the pool (whose certificates all predate `before`), wrapping
        round: a small demo reuses people."""
        nonlocal cursor
        chosen: list = []
        for _ in range(len(pool)):
            worker = pool[cursor % len(pool)]
            cursor += 1
            if before is None or (worker.last_certificate and worker.last_certificate < before):
                chosen.append(worker)
            if len(chosen) == n:
                break
        return chosen

    for year in (today.year - 1, today.year):
        for name, fragment, level, month in EVENTS:
            starts = date(year, month, 15)
            entrants = take(10, before=starts)
            if starts >= today - timedelta(days=30) or not entrants:
                continue
            competition = services.competition_create(
                actor=organiser, name=f"{year}年{name}", level=level, district=district, starts_on=starts,
                ends_on=starts + timedelta(days=1), entry_deadline=starts - timedelta(days=10), places=40,
                occupation=_occupation(fragment), venue="定海区职业技能公共实训基地",
                rules="理论知识考试占30%，技能操作考核占70%。")
            services.competition_publish(actor=organiser, competition=competition)
            if showcase is not None and level == "municipal" and year == today.year and not showcase.certificates.filter(
                    issued_on__gte=starts).exists():
                entrants = [showcase, *entrants[:9]]
            for worker in entrants:
                services.entry_add(actor=organiser, competition=competition, id_number=worker.id_number_plain(),
                                   name=worker.name, today=starts - timedelta(days=20))
            for rank, worker in enumerate(entrants, start=1):
                award = AWARDS[rank - 1] if rank <= len(AWARDS) else "excellence"
                services.result_record(actor=organiser, competition=competition, id_number=worker.id_number_plain(),
                                       rank=rank, award=award)
            services.results_publish(actor=organiser, competition=competition, today=starts + timedelta(days=3))
            promotions = services.results_confirm(actor=bureau, competition=competition,
                                                  today=starts + timedelta(days=20))
            counts["promotions"] += len(promotions)
            counts["grade_changes"] += [(p.grade_from, p.grade_to) for p in promotions if p.grade_to]
            counts["events"] += 1
            counts["entries"] += len(entrants)
    # One event in notice (results out a couple of days ago), one taking entries next month.
    recent = services.competition_create(
        actor=organiser, name=f"{today.year}年定海区电焊工技能竞赛（青年组）", level="district", district=district,
        starts_on=today - timedelta(days=5), ends_on=today - timedelta(days=4), entry_deadline=today - timedelta(days=15),
        places=20, occupation=_occupation("焊"), max_age=35, venue="定海区职业技能公共实训基地")
    services.competition_publish(actor=organiser, competition=recent)
    young = [w for w in pool if _age_on(w.birth_date, recent.starts_on) <= 35 and w.last_certificate
             and w.last_certificate < recent.starts_on]
    for worker in young[:6]:
        services.entry_add(actor=organiser, competition=recent, id_number=worker.id_number_plain(),
                           name=worker.name, today=today - timedelta(days=20))
    for rank, entry in enumerate(recent.entries.select_related("worker"), start=1):
        services.result_record(actor=organiser, competition=recent, id_number=entry.worker.id_number_plain(),
                               rank=rank, award=AWARDS[rank - 1] if rank <= len(AWARDS) else "excellence")
    if recent.results.exists():
        # The notice runs on the real calendar from the day before the demo is loaded (not the demo's
        # as-of date), so that an objection can be lodged and handled on the day.
        services.results_publish(actor=organiser, competition=recent,
                                 today=max(today, timezone.localdate()) - timedelta(days=1))
    upcoming = services.competition_create(
        actor=organiser, name=f"{(today + timedelta(days=45)).year}年定海区养老护理员职业技能竞赛", level="district",
        district=district, starts_on=today + timedelta(days=45), ends_on=today + timedelta(days=46),
        entry_deadline=today + timedelta(days=30), places=30, occupation=_occupation("护理"),
        venue="定海区社会福利中心", rules="实操考核为主，现场抽题。")
    services.competition_publish(actor=organiser, competition=upcoming)
    counts["events"] += 2
    counts["nominations"] = _honours_load(district=district, bureau=bureau, workers=take(40), rng=rng, today=today)
    return counts


def _honours_load(*, district: Any, bureau: Any, workers: list, rng: random.Random, today: date) -> int:
    """定海名匠 12 awarded + 2 in notice + 3 nominated; 名匠工作室 3 awarded; 技能大师工作室 2;
    以技提薪 2025: 6 enterprises; 技能创富型企业 2 (the rest of each quota left open)."""
    programmes = {p.title: p for p in HonourProgramme.objects.filter(area=district)}
    plan = [("定海名匠", 12, 2, 3), ("定海名匠工作室", 3, 1, 1), ("技能大师工作室（市级以上）", 2, 0, 1)]
    made = 0
    nominate_on, award_on = date(2025, 7, 1), date(2025, 8, 1)
    for title, awarded, in_notice, pending in plan:
        programme = programmes.get(title)
        if programme is None:
            continue
        # A demo far larger than the real district (the 1,000,000-worker benchmark) already holds
        # archive records of the title that fill the quota: put forward only the places left.
        left = selectors.programme_places(programme)["left"]
        awarded, in_notice = min(awarded, left), min(in_notice, max(0, left - awarded))
        pending = min(pending, max(0, left - awarded - in_notice))
        for i in range(awarded + in_notice + pending):
            if not workers:
                break
            worker = workers.pop()
            # awarded ones in 2025; those still in notice or pending were put forward two days ago
            on = nominate_on if i < awarded else min(max(today - timedelta(days=2), programme.starts_on),
                                                     programme.ends_on)
            nomination = services.nomination_create(
                actor=bureau, programme=programme, id_number=worker.id_number_plain(), name=worker.name,
                studio_name=f"{worker.name[0]}师傅技能工作室" if programme.kind == ProgrammeKind.STUDIO else "",
                reason="长期扎根生产一线，带徒传技成效明显", evidence="单位推荐表、业绩材料", today=on)
            made += 1
            if i < awarded + in_notice:
                services.nomination_review(actor=bureau, nomination=nomination, approve=True, today=on)
            if i < awarded:
                services.nomination_award(actor=bureau, nomination=nomination, today=award_on)
    enterprises = list(registry_selectors.enterprise_list(actor=bureau, district_code=district.code)[:8])
    for title, awarded in (("“以技提薪”示范企业（2025年）", 6), ("技能创富型企业", 2)):
        programme = programmes.get(title)
        for enterprise in enterprises[:awarded] if programme else []:
            nomination = services.nomination_create(
                actor=bureau, programme=programme, enterprise=enterprise, reason="技能人才薪酬增长高于管理人员",
                evidence=programme.evidence_required, today=nominate_on)
            services.nomination_review(actor=bureau, nomination=nomination, approve=True, today=nominate_on)
            services.nomination_award(actor=bureau, nomination=nomination, today=award_on)
            made += 1
    communities = programmes.get("技能型乡村（社区）")
    for name in ("金塘镇", "白泉镇") if communities else ():  # 2 of the 4 the text aims at by 2026
        nomination = services.nomination_create(
            actor=bureau, programme=communities, community_name=name, reason="建成技能培训站点，培育螺杆工匠",
            evidence=communities.evidence_required, today=nominate_on)
        services.nomination_review(actor=bureau, nomination=nomination, approve=True, today=nominate_on)
        services.nomination_award(actor=bureau, nomination=nomination, today=award_on)
        made += 1
    # the yearly review of each awarded studio for the award year, once that year is over
    for studio in HonourProgramme.objects.none() if today.year <= award_on.year else [
            n for p in programmes.values() if p.kind == ProgrammeKind.STUDIO
            for n in p.nominations.filter(status="awarded")]:
        services.studio_review_record(actor=bureau, nomination=studio, year=award_on.year,
                                      outcome=rng.choice(["excellent", "pass", "pass"]),
                                      activities="开展技术攻关和岗位练兵，带徒传艺", today=today)
    return made
