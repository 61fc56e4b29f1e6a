"""The demo district generator (issue 2 §8): a realistic synthetic district — its enterprises and
all their employees, of whom skilled workers (holders of a skill certificate) are a part — with
their lifelong archives and one log-in per role.

    district_generate(district_code="330902", workers=3000, seed=20251, years=(2011, 2025))

- **Reproducible**: everything random comes from `random.Random(seed)` (never the global
  generator), so the same seed gives the same people, ID numbers, names, firms and records; only
  the AES-GCM ciphertexts differ (random nonces), the values they seal do not.
- **Scalable**: people are made firm by firm and written every `batch_size` people (`writer.py`:
  `COPY` on PostgreSQL, `executemany` elsewhere — `bulk_create` would spend most of the time
  compiling SQL), so memory holds one batch plus the firm list and the set of ID numbers used;
  one million people load on PostgreSQL in a few minutes.
- **Valid**: every resident ID number and USCC passes `gongjiang.identity`, every certificate
  number passes `certificate_number_check` against its grade and year, and every row satisfies
  the database constraints (unique ID hash and USCC, one current main employer, certificate
  number unique per issuer, end dates not before start dates).
- **Calibrated** to the seeds (`calibration.py`, `profiles.py`, `ASSUMPTIONS.md`): Dinghai (定政发〔2025〕4号: 35%
  of the employed skilled, 36% of them high-skilled) or Huangpu (黄府发〔2018〕007号: 48.7% and 8.05%).

Who may call it: the `demo_load` command and tests, on a database meant for demonstration. It
creates accounts with a published password.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from gongjiang.demo import calibration as cal
from gongjiang.demo.accounts import DemoLogin, demo_accounts_create
from gongjiang.demo.firms import Firm, FirmMaker
from gongjiang.demo.people import Batch, NameMaker, PersonMaker
from gongjiang.demo.profiles import DINGHAI, PROFILE_BY_DISTRICT, PROFILES
from gongjiang.demo.writer import RowWriter
from gongjiang.reference.grades import Grade
from gongjiang.reference.models import Division, Industry, Occupation
from gongjiang.registry.models import Enterprise, Worker

DEFAULT_YEARS = (2011, 2025)
# Labels of the counts in the summary, in the order they are printed.
COUNT_LABELS = {
    "enterprises": "企业", "workers": "人员（全部职工）", "skilled": "其中：技能人才", "high_skilled": "其中：高技能人才",
    "employments": "就业经历", "certificates": "证书", "trainings": "培训记录", "competitions": "竞赛成绩",
    "honours": "荣誉称号", "achievements": "工作业绩", "accounts": "演示账号",
    "demand_filings": "用工需求填报",  # issue 15
}


class DemoDataError(Exception):
    """The demo cannot be generated as asked (unknown district, missing reference data …)."""


@dataclass
class DemoSummary:
    profile: str
    district_code: str
    district_name: str
    seed: int
    years: tuple[int, int]
    as_of: date
    counts: dict[str, int]
    by_grade: dict[str, int]
    skilled_share: float
    high_skilled_share: float
    target_skilled_share: float
    target_high_skilled_share: float
    logins: list[DemoLogin] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(value for key, value in self.counts.items() if key not in {"skilled", "high_skilled"})


def profile_for(*, district_code: str | None = None, profile: str | None = None) -> cal.Profile:
    """The calibration profile named, or the one for the district code; Dinghai when neither."""
    if profile is not None:
        if profile not in PROFILES:
            raise DemoDataError(f"未知的演示区县：{profile}（可选：{'、'.join(PROFILES)}）")
        chosen = PROFILES[profile]
        if district_code is not None and district_code != chosen.district_code:
            raise DemoDataError(f"区县代码 {district_code} 与演示区县 {profile}（{chosen.district_code}）不一致")
        return chosen
    if district_code is None:
        return DINGHAI
    if district_code not in PROFILE_BY_DISTRICT:
        raise DemoDataError(f"没有区县 {district_code} 的演示参数（可选：{'、'.join(PROFILE_BY_DISTRICT)}）")
    return PROFILE_BY_DISTRICT[district_code]


def _reference(profile: cal.Profile) -> tuple[Division, dict[str, tuple[int, str]], dict[str, int], dict[str, int]]:
    district = Division.objects.filter(code=profile.district_code).first()
    occupations = {code: (pk, name) for code, pk, name in
                   Occupation.objects.filter(level=Occupation.Level.OCCUPATION).values_list("code", "id", "name")}
    residence = dict(Division.objects.filter(code__in=[code for code, _w in profile.residence])
                     .values_list("code", "id"))
    if district is None or not occupations or not residence:
        raise DemoDataError("参考数据（行政区划、职业分类）尚未装载，请先执行 migrate")
    industries = dict(Industry.objects.filter(level=Industry.Level.DIVISION).values_list("code", "id"))
    return district, occupations, industries, residence


def _enterprises_write(writer: RowWriter, firms: list[Firm], district: Division, now: datetime) -> None:
    for firm, pk in zip(firms, writer.ids(Enterprise, len(firms)), strict=True):
        firm.pk = pk
    writer.write(Enterprise, [(firm.pk, firm.uscc, firm.name, district.pk, firm.industry_id, firm.size,
                               firm.ownership, firm.address, firm.contact_name, firm.contact_phone,
                               firm.township_code, firm.township_name, now, now)
                              for firm in firms])


class _WorkerIds:
    """Worker primary keys, fetched from the database a block at a time."""

    def __init__(self, writer: RowWriter, block: int) -> None:
        self.writer, self.block, self.free = writer, block, []

    def __call__(self) -> int:
        if not self.free:
            self.free = self.writer.ids(Worker, self.block)[::-1]
        return self.free.pop()


@transaction.atomic
def district_generate(*, district_code: str | None = None, profile: str | None = None, workers: int = 3000,
                      seed: int = 20251, years: tuple[int, int] = DEFAULT_YEARS, as_of: date | None = None,
                      batch_size: int = 5000,
                      progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Generate and save a demo district of `workers` employees (at least 100).

    `district_code` ("330902" Dinghai, default; "310101" Huangpu) or `profile` ("dinghai",
    "huangpu") chooses the calibration. `years` (first, last) bounds the dates in the archives;
    `as_of` (default: 31 December of the last year, or today if earlier) is the day the district
    is seen on. `progress(done, total)` is called after each batch. All-or-nothing (one
    transaction). Raises `DemoDataError` if the district has no profile or reference data is
    missing, `ValueError` for fewer than 100 workers.
    """
    started = time.monotonic()
    chosen = profile_for(district_code=district_code, profile=profile)
    first_year, last_year = years
    as_of = as_of or min(date(last_year, 12, 31), timezone.localdate())
    if not date(first_year, 1, 1) < as_of:
        raise DemoDataError("years 的起始年份必须早于数据截止日期")
    district, occupations, industries, residence = _reference(chosen)

    rng = random.Random(seed)
    writer, now = RowWriter(), timezone.now()
    firms = FirmMaker(rng, chosen, industries, NameMaker(chosen)).plan(workers)
    _enterprises_write(writer, firms, district, now)
    people = PersonMaker(rng, chosen, as_of=as_of, first_year=first_year, occupations=occupations,
                         residence=residence, firms=firms, worker_id=_WorkerIds(writer, batch_size), now=now)
    people.calibrate()

    counts = dict.fromkeys(COUNT_LABELS, 0)
    counts["enterprises"] = len(firms)
    batch = Batch()
    for firm in firms:
        for position in range(firm.employees):
            people.add(firm, batch, rich=firm.index == 0 and position == 0)
            if len(batch.workers) >= batch_size:
                _flush(writer, batch, counts)
                batch = Batch()
                if progress:
                    progress(people.tally.workers, workers)
    if batch.workers:
        _flush(writer, batch, counts)
        if progress:
            progress(people.tally.workers, workers)

    second = next((firm for firm in firms if firm.second_account), firms[1])
    logins = demo_accounts_create(
        district=district, enterprise=Enterprise.objects.get(pk=firms[0].pk),
        enterprise2=Enterprise.objects.get(pk=second.pk), worker=Worker.objects.get(pk=people.showcase),
        trainer=chosen.training_institutions[0], evaluator=chosen.evaluators[0][0])
    # --- issue 14: competitions and honours, through their services ---
    from gongjiang.accounts.models import User
    from gongjiang.competitions.demo import competitions_demo_load

    loaded = competitions_demo_load(district=district, bureau=User.objects.get(username="bureau_admin"),
                                    organiser=User.objects.get(username="organiser"),
                                    showcase=Worker.objects.get(pk=people.showcase), seed=seed, today=as_of)
    for before, after in loaded["grade_changes"]:  # 以赛代评 promotions change top grades
        people.tally.by_grade[before] -= 1
        people.tally.by_grade[after] = people.tally.by_grade.get(after, 0) + 1
        if before < Grade.SENIOR <= after:
            people.tally.high_skilled += 1
    # --- end of issue 14 ---


    # --- demand (issue 15): two years of filings and the bureau's catalogue draft; own random stream,
    # so the registry data of a seed stay as they were ---
    from gongjiang.accounts.models import User
    from gongjiang.demo.demand import demand_generate

    demand = demand_generate(rng=random.Random(seed + 15), district=district, as_of=as_of,
                             bureau_actor=User.objects.get(username="bureau_admin"), hr_enterprise_id=firms[0].pk)
    counts["demand_filings"] = demand["demand_filings"]
    # --- end demand ---


    # training (issue 12): institutions, classes, check-ins and planted fraud; binds the trainer account.
    from gongjiang.demo.training import training_demo_create

    training_demo_create(district=district, trainer_names=chosen.training_institutions, as_of=as_of, seed=seed)
    # end training
    tally = people.tally
    counts.update(workers=tally.workers, skilled=tally.skilled, high_skilled=tally.high_skilled,
                  accounts=len(logins))
    return DemoSummary(
        profile=chosen.key, district_code=chosen.district_code, district_name=chosen.label, seed=seed,
        years=(first_year, last_year), as_of=as_of, counts=counts,
        by_grade={str(Grade(grade).label): count for grade, count in sorted(tally.by_grade.items())},
        skilled_share=tally.skilled / tally.workers,
        high_skilled_share=tally.high_skilled / tally.skilled if tally.skilled else 0.0,
        target_skilled_share=chosen.skilled_share, target_high_skilled_share=chosen.high_skilled_share,
        logins=logins, seconds=time.monotonic() - started)


def _flush(writer: RowWriter, batch: Batch, counts: dict[str, int]) -> None:
    for model, rows in batch.tables():
        writer.write(model, rows)
    for key in ("employments", "certificates", "trainings", "competitions", "honours", "achievements"):
        counts[key] += len(getattr(batch, key))
