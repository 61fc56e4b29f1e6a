"""The people of the demo district and their lifelong archives (R1.3).

`PersonMaker.add` makes one employee of a firm: identity (valid resident ID number, name, phone,
social security card, sealed and masked exactly as `Worker.set_*` do), the current main
employment and sometimes earlier jobs and a second job; for skilled workers the certificates
(with grade progression), the training before them, competition results and the titles they
bring, honours and work achievements. Rows are appended to a `Batch` as tuples in the column
order of `writer.FIELDS`, which the generator writes in bulk. Probabilities and their sources are
in `calibration`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from gongjiang.core import crypto
from gongjiang.core.masking import mask_id_number, mask_phone
from gongjiang.demo import calibration as cal
from gongjiang.demo import names as words
from gongjiang.demo.firms import Firm
from gongjiang.demo.numbers import (
    mobile_make,
    province_codes_for_year,
    qualification_number,
    resident_id_make,
    skill_grade_number,
    ss_card_make,
)
from gongjiang.demo.sampling import Pick, between, date_between, pick_uniform, poisson_small, years_after
from gongjiang.reference.grades import NATIONAL_LEVEL_BY_GRADE, Grade
from gongjiang.registry.models import (
    Achievement,
    Certificate,
    CompetitionResult,
    Employment,
    Honour,
    TrainingRecord,
    Worker,
)

GRADE_SHORT = {Grade.JUNIOR: "初级工", Grade.INTERMEDIATE: "中级工", Grade.SENIOR: "高级工",
               Grade.TECHNICIAN: "技师", Grade.SENIOR_TECHNICIAN: "高级技师"}
_MANUFACTURING = {"marine", "chemical", "machinery", "food", "utilities"}
_SIDE_JOB_SECTORS = {"catering", "trade", "household_services", "personal_services", "department_stores",
                     "logistics", "tourism_hotels", "hotels", "hr_services", "business_services"}
_ACHIEVEMENT_KINDS = Pick([("patent", 35), ("method", 20), ("innovation", 30), ("project", 15)])
_YEAR_DAYS = 365.25


def _certificate_word(day: date) -> str:
    return "职业技能等级" if day.year >= cal.SKILL_GRADE_CERTIFICATES_FROM else "职业资格"


@dataclass
class Batch:
    """Unsaved rows (tuples in `writer.FIELDS` order), in the order they must be written."""

    workers: list[tuple] = field(default_factory=list)
    employments: list[tuple] = field(default_factory=list)
    certificates: list[tuple] = field(default_factory=list)
    trainings: list[tuple] = field(default_factory=list)
    competitions: list[tuple] = field(default_factory=list)
    honours: list[tuple] = field(default_factory=list)
    achievements: list[tuple] = field(default_factory=list)

    def tables(self) -> list[tuple[type, list[tuple]]]:
        return [(Worker, self.workers), (Employment, self.employments), (Certificate, self.certificates),
                (TrainingRecord, self.trainings), (CompetitionResult, self.competitions), (Honour, self.honours),
                (Achievement, self.achievements)]


@dataclass
class Tally:
    workers: int = 0
    skilled: int = 0
    high_skilled: int = 0
    by_grade: dict[int, int] = field(default_factory=dict)


class NameMaker:
    """Chinese names: a surname by national frequency (boosted for the district's own surnames when
    the person is local) and one or two given-name characters."""

    def __init__(self, profile: cal.Profile) -> None:
        self._surnames = Pick(words.SURNAMES)
        self._local_surnames = Pick((name, weight * profile.local_surname_boost.get(name, 1.0))
                                    for name, weight in words.SURNAMES)

    def __call__(self, rng: random.Random, *, male: bool = True, local: bool = False) -> str:
        surname = (self._local_surnames if local else self._surnames)(rng)
        chars = words.GIVEN_MALE if male else words.GIVEN_FEMALE
        given = pick_uniform(rng, chars)
        if rng.random() < 0.75:
            given += pick_uniform(rng, chars)
        return surname + given


class PersonMaker:
    """Makes employees, reproducibly from `rng`; keeps the uniqueness sets and serial counters."""

    def __init__(self, rng: random.Random, profile: cal.Profile, *, as_of: date, first_year: int,
                 occupations: dict[str, tuple[int, str]], residence: dict[str, int], firms: list[Firm],
                 worker_id: Callable[[], int], now: datetime) -> None:
        self.rng, self.profile, self.as_of = rng, profile, as_of
        self.worker_id, self.now = worker_id, now
        self.window_start = date(first_year, 1, 1)
        self.occupations = occupations
        self.firms = firms
        self.tally = Tally()
        self.showcase: int | None = None  # id of the worker with the richest archive
        self._ids: set[int] = set()
        self._serials: dict[tuple, int] = {}
        fallback = [code for code in occupations if code[0] in "46"][:20] or list(occupations)
        self._trades = {s.key: self._codes(s.trades, fallback) for s in profile.sectors}
        self._staff = {s.key: self._codes(s.staff + cal.STAFF_COMMON, fallback) for s in profile.sectors}
        self._grades = Pick(profile.grades.items())
        self._ages = Pick(((low, high), weight) for low, high, weight in cal.AGE_BANDS)
        self._residence = Pick((residence[code], weight) for code, weight in profile.residence if code in residence)
        self._origins = Pick(profile.origins)
        self._local_places = Pick(profile.local_places)
        self._local_codes = tuple(code for chain, _w in profile.local_places for code, _a, _b in chain)
        self.person_name = NameMaker(profile)
        self._by_sector: dict[str, list[Firm]] = {}
        for firm in firms:
            self._by_sector.setdefault(firm.sector.key, []).append(firm)
        self._side_firms = [firm for firm in firms if firm.sector.key in _SIDE_JOB_SECTORS] or firms
        high_top = profile.grades.get(Grade.TECHNICIAN, 0) + profile.grades.get(Grade.SENIOR_TECHNICIAN, 0)
        self._named_title_chance = cal.NAMED_TITLE_RATE[profile.key] / high_top if high_top else 0.0
        self.p_front: dict[str, float] = {}
        self.p_staff: dict[str, float] = {}

    def _codes(self, pairs: tuple[tuple[str, int], ...], fallback: list[str]) -> Pick[str]:
        present = [(code, weight) for code, weight in pairs if code in self.occupations]
        return Pick(present or [(code, 1) for code in fallback])

    # --- calibration --------------------------------------------------------------------------

    def calibrate(self) -> None:
        """Chances of holding a certificate, front-line and staff, per sector, scaled so that the
        expected skilled share over the firms actually generated is the profile's share."""
        cap = 0.97

        def expected(scale: float) -> float:
            total = 0.0
            for firm in self.firms:
                sector = firm.sector
                front = min(cap, scale * sector.skill)
                staff = min(cap, scale * sector.skill * cal.STAFF_SKILL_FACTOR)
                total += firm.employees * (sector.front_line * front + (1 - sector.front_line) * staff)
            return total

        target = self.profile.skilled_share * sum(firm.employees for firm in self.firms)
        low, high = 0.0, 10.0
        for _ in range(60):
            middle = (low + high) / 2
            low, high = (middle, high) if expected(middle) < target else (low, middle)
        for sector in self.profile.sectors:
            self.p_front[sector.key] = min(cap, low * sector.skill)
            self.p_staff[sector.key] = min(cap, low * sector.skill * cal.STAFF_SKILL_FACTOR)

    # --- one person ---------------------------------------------------------------------------

    def _age(self, minimum: int) -> int:
        while True:
            low, high = self._ages(self.rng)
            age = between(self.rng, low, high + 1)
            if age >= minimum:
                return age

    def _region(self, birth_year: int) -> tuple[bool, str]:
        origin = self._origins(self.rng)
        if origin != "local":
            codes = province_codes_for_year(origin, birth_year, self._local_codes)
            if codes:
                return False, pick_uniform(self.rng, codes)
        chain = self._local_places(self.rng)
        return True, next(code for code, first, last in chain if first <= birth_year <= last)

    def _resident_id(self, region: str, birth: date, male: bool) -> str:
        for _ in range(100):
            number = resident_id_make(self.rng, region=region, birth_date=birth, male=male)
            key = int(number[:17])
            if key not in self._ids:
                self._ids.add(key)
                return number
        raise RuntimeError("could not find an unused resident ID number")  # pragma: no cover

    def add(self, firm: Firm, batch: Batch, *, rich: bool = False) -> int:
        """One employee of `firm` with their archive; `rich` makes the showcase worker whose archive
        has every kind of record (the demo `worker` account)."""
        rng, sector = self.rng, firm.sector
        front = rich or rng.random() < sector.front_line
        code = (self._trades if front else self._staff)[sector.key](rng)
        skilled = rich or rng.random() < (self.p_front if front else self.p_staff)[sector.key]
        grade = Grade.TECHNICIAN if rich else (self._grades(rng) if skilled else None)
        male = rich or rng.random() >= sector.female
        age = between(rng, 38, 47) if rich else self._age(cal.MIN_AGE_BY_GRADE.get(grade, 18))
        birth = self.as_of - timedelta(days=int(age * _YEAR_DAYS) + between(rng, 0, 360))
        local, region = self._region(birth.year)
        number = self._resident_id(region, birth, male)
        name = self.person_name(rng, male=male, local=local)
        residence = self._residence(rng)
        discoverable = rich or rng.random() < cal.DISCOVERABLE_SHARE
        ss_card, phone = ss_card_make(rng), mobile_make(rng)
        worker = self.worker_id()
        # The same sealing, hashing and masking as Worker.set_id_number / set_ss_card / set_phone.
        batch.workers.append((
            worker, crypto.seal(number), crypto.lookup_hash(number), mask_id_number(number), name,
            "M" if male else "F", birth, region, crypto.seal(ss_card), mask_id_number(ss_card), crypto.seal(phone),
            mask_phone(phone), residence, discoverable, self.now, self.now))
        self.tally.workers += 1
        if rich:
            self.showcase = worker

        adult = years_after(birth, 18)
        start = self._employments(batch, worker, firm, code, front, adult, rich)
        occupation_id, occupation_name = self.occupations[code]
        self._programme_training(batch, worker, firm, occupation_id, occupation_name, front, adult, age)
        if skilled:
            self.tally.skilled += 1
            self.tally.by_grade[grade] = self.tally.by_grade.get(grade, 0) + 1
            if grade >= Grade.SENIOR:
                self.tally.high_skilled += 1
            trade = code if code[0] in "456" else self._trades[sector.key](rng)
            self._skilled_archive(batch, worker, name, firm, grade, trade, birth, adult, start, rich)
        return worker

    # --- employment ---------------------------------------------------------------------------

    def _employments(self, batch: Batch, worker: int, firm: Firm, code: str, front: bool, adult: date,
                     rich: bool) -> date:
        rng, as_of = self.rng, self.as_of
        room = (as_of - adult).days
        tenure = min(int(rng.expovariate(1 / (6 * 365))), room)
        if rich:
            tenure = min(max(tenure, 11 * 365), room)
        start = as_of - timedelta(days=tenure)
        occupation_id, name = self.occupations[code]
        post = name if front else cal.STAFF_POSTS.get(code, name)
        if not front and worker % cal.MANAGER_EVERY == 0:
            post = cal.MANAGER_POSTS.get(code, post)
        # worker, enterprise, post, occupation, is_front_line, is_second_job, start_date, end_date
        batch.employments.append((worker, firm.pk, post, occupation_id, front, False, start, None))
        if (rich or rng.random() < cal.PAST_EMPLOYMENT_SHARE) and (start - adult).days > 400:
            end = start - timedelta(days=between(rng, 1, 90))
            for _ in range(1 + (rng.random() < 0.3)):
                begin = max(adult, end - timedelta(days=between(rng, 300, 6 * 365)))
                if begin >= end:
                    break
                other = self._other_firm(firm)
                past_code = code if other.sector is firm.sector else self._trades[other.sector.key](rng)
                past_id, past_name = self.occupations[past_code]
                batch.employments.append((worker, other.pk, past_name, past_id, True, False, begin, end))
                end = begin - timedelta(days=between(rng, 1, 120))
                if end <= adult:
                    break
        if rng.random() < cal.SECOND_JOB_SHARE and room > 400:
            other = self._other_firm(firm, pool=self._side_firms)
            side_id, side_name = self.occupations[self._trades[other.sector.key](rng)]
            side_start = date_between(rng, max(adult, as_of - timedelta(days=3 * 365)), as_of - timedelta(days=30))
            batch.employments.append((worker, other.pk, f"{side_name}（兼职）", side_id, True, True, side_start, None))
        return start

    def _other_firm(self, firm: Firm, pool: list[Firm] | None = None) -> Firm:
        if pool is None:
            same = self._by_sector.get(firm.sector.key, [])
            pool = same if len(same) > 1 and self.rng.random() < 0.5 else self.firms
        for _ in range(10):
            other = pick_uniform(self.rng, pool)
            if other is not firm:
                return other
        return self.firms[(firm.index + 1) % len(self.firms)]

    # --- training open to everyone --------------------------------------------------------------

    def _training(self, batch: Batch, worker: int, institution: str, programme: str, occupation_id: int | None,
                  grade: int | None, begin: date, end: date, hours: int, subsidised: bool) -> None:
        done = end <= self.as_of
        # worker, institution_name, programme, occupation, grade, start_date, end_date, hours, completed, subsidised
        batch.trainings.append((worker, institution, programme, occupation_id, grade, begin, end if done else None,
                                hours, done, subsidised))

    def _programme_training(self, batch: Batch, worker: int, firm: Firm, occupation_id: int, occupation: str,
                            front: bool, adult: date, age: int) -> None:
        rng, profile = self.rng, self.profile
        first = max(self.window_start, adult)
        years = max(0.0, (self.as_of - first).days / _YEAR_DAYS)
        programme = profile.programmes.get(firm.sector.group, profile.programmes.get("services", "职业技能培训"))
        for _ in range(poisson_small(rng, cal.PROGRAMME_TRAINING_RATE[profile.key] * years)):
            hours = 16 + 8 * between(rng, 0, 9)
            begin = date_between(rng, first, self.as_of)
            self._training(batch, worker, pick_uniform(rng, profile.training_institutions),
                           f"{programme}（{occupation}）", occupation_id, None, begin,
                           begin + timedelta(days=max(2, hours // 6)), hours, True)
        # 企业新型学徒制 (`003` 二(一)5, 100 a year): young front-line workers in manufacturing.
        if front and age <= 30 and firm.sector.group in _MANUFACTURING and rng.random() < 0.05:
            begin = date_between(rng, first, self.as_of - timedelta(days=30))
            self._training(batch, worker, profile.training_institutions[0], f"企业新型学徒制培训（{occupation}）",
                           occupation_id, Grade.APPRENTICE, begin, begin + timedelta(days=365),
                           240 + 40 * between(rng, 0, 7), True)

    # --- the skilled worker's archive ---------------------------------------------------------

    def _skilled_archive(self, batch: Batch, worker: int, name: str, firm: Firm, grade: Grade, trade: str,
                         birth: date, adult: date, start: date, rich: bool) -> None:
        rng, as_of = self.rng, self.as_of
        occupation_id, occupation = self.occupations[trade]
        chain = [grade]
        while chain[0] > Grade.JUNIOR and (rng.random() < cal.PROGRESSION_SHARE or (rich and len(chain) < 3)):
            chain.insert(0, Grade(chain[0] - 1))
        latest = as_of
        issued: list[tuple[Grade, date]] = []
        for step in reversed(chain):
            earliest = max(self.window_start, years_after(birth, cal.MIN_AGE_BY_GRADE[step]))
            if not issued:
                first = as_of - timedelta(days=700) if rich else earliest
                day = date_between(rng, max(earliest, first), latest)
            else:
                day = latest - timedelta(days=between(rng, 730, 1826))
            if day < earliest:
                break
            issued.append((step, day))
            latest = day
        for step, day in reversed(issued):
            self._certificate(batch, worker, firm, step, day, occupation_id, start, rich)
            if rich or rng.random() < cal.CERTIFICATE_TRAINING_SHARE:
                hours = between(rng, cal.TRAINING_HOURS[step][0], cal.TRAINING_HOURS[step][1] + 1)
                end = day - timedelta(days=between(rng, 7, 60))
                begin = end - timedelta(days=max(7, hours // 4))
                if begin >= self.window_start:
                    self._training(batch, worker, pick_uniform(rng, self.profile.training_institutions),
                                   f"{occupation}（{GRADE_SHORT[step]}）{_certificate_word(day)}培训", occupation_id,
                                   step, begin, end, hours, rng.random() < cal.CERTIFICATE_TRAINING_SUBSIDISED)
        if not rich and rng.random() < cal.SPECIAL_ABILITY_SHARE and self.profile.special_abilities:
            self._special_ability(batch, worker, adult)
        first = max(self.window_start, adult)
        years = (as_of - first).days / _YEAR_DAYS
        self._competitions(batch, worker, firm, occupation_id, occupation, first, years, rich)
        self._honours(batch, worker, firm, grade, start, rich)
        self._achievements(batch, worker, name, firm, grade, occupation, first, years, rich)

    def _serial(self, key: tuple) -> int:
        self._serials[key] = serial = self._serials.get(key, 0) + 1
        return serial

    def _by_group(self, options: tuple, group: str, position: int) -> tuple:
        specific = [option for option in options if group in option[position].split()]
        general = [option for option in options if option[position] == "*"]
        return pick_uniform(self.rng, specific if specific and self.rng.random() < 0.75 else general or options)

    def _certificate(self, batch: Batch, worker: int, firm: Firm, grade: Grade, day: date, occupation_id: int,
                     start: date, rich: bool) -> None:
        rng, profile = self.rng, self.profile
        level = NATIONAL_LEVEL_BY_GRADE[grade]
        evaluator_enterprise = None
        if day.year < cal.SKILL_GRADE_CERTIFICATES_FROM:
            issuer, station_type, station, _groups = self._by_group(profile.stations, firm.sector.group, 3)
            number = qualification_number(year=day.year, province=profile.province_code,
                                          city=profile.qualification_city, station_type=station_type,
                                          station=station, national_level=level,
                                          serial=self._serial((issuer, day.year, level)))
            kind = "qualification"
        else:
            if firm.evaluator_site and day >= start and (rich or rng.random() < cal.SELF_EVALUATED_SHARE):
                letter, site, issuer, evaluator_enterprise = "Y", firm.evaluator_site, firm.name, firm.pk
            else:
                issuer, site, _groups = self._by_group(profile.evaluators, firm.sector.group, 2)
                letter = "S"
            number = skill_grade_number(evaluator_type=letter, evaluator_code="0000", province=profile.province_code,
                                        site=site, year=day.year, national_level=level,
                                        serial=self._serial((issuer, day.year, level)))
            kind = "skill_grade"
        # worker, number, kind, occupation, ability_name, grade, issuer, evaluator_enterprise, issued_on, created_at
        batch.certificates.append((worker, number, kind, occupation_id, "", int(grade), issuer, evaluator_enterprise,
                                   day, self.now))

    def _special_ability(self, batch: Batch, worker: int, adult: date) -> None:
        rng, profile = self.rng, self.profile
        ability = pick_uniform(rng, profile.special_abilities)
        day = date_between(rng, max(self.window_start, adult), self.as_of)
        issuer, site, _groups = self._by_group(profile.evaluators, "*", 2)
        number = f"ZX{profile.province_code}{site}{day.year % 100:02d}{self._serial((issuer, day.year, 'ZX')):06d}"
        batch.certificates.append((worker, number, "special_ability", None, ability, None, issuer, None, day,
                                   self.now))
        if rng.random() < 0.5:
            begin = day - timedelta(days=between(rng, 20, 60))
            if begin >= self.window_start:
                self._training(batch, worker, pick_uniform(rng, profile.training_institutions),
                               f"专项职业能力培训（{ability}）", None, None, begin, begin + timedelta(days=10), 40, True)

    def _competitions(self, batch: Batch, worker: int, firm: Firm, occupation_id: int, occupation: str,
                      first: date, years: float, rich: bool) -> None:
        rng = self.rng
        for tier in self.profile.competitions:
            count = poisson_small(rng, tier.rate * years)
            if rich and tier.level == "district":
                count = max(count, 1)
            for _ in range(count):
                held = date_between(rng, first, self.as_of - timedelta(days=14))
                rank = 1 if rich and tier.level == "district" else between(rng, 1, tier.entrants + 1)
                award = "一等奖" if rank == 1 else "二等奖" if rank <= 3 else "三等奖" if rank <= 6 else \
                    "优秀奖" if rank <= 10 else ""
                name = tier.name_for(held.year).format(year=held.year, occupation=occupation, enterprise=firm.name)
                # worker, competition_name, level, occupation, held_on, rank, award
                batch.competitions.append((worker, name, tier.level, occupation_id, held, rank, award))
                if tier.title and rank <= tier.title_ranks:
                    awarded = min(self.as_of, held + timedelta(days=between(rng, 30, 120)))
                    batch.honours.append((worker, tier.title, tier.level, tier.awarded_by or firm.name, awarded))

    def _honours(self, batch: Batch, worker: int, firm: Firm, grade: Grade, start: date, rich: bool) -> None:
        rng, profile, as_of = self.rng, self.profile, self.as_of
        since = max(self.window_start, start)
        # worker, title, level, awarded_by, awarded_on
        if grade >= Grade.SENIOR and (rich or rng.random() < cal.POST_LEADER_SHARE):
            batch.honours.append((worker, "岗位技能带头人", "enterprise", firm.name, date_between(rng, since, as_of)))
        if grade == Grade.SENIOR_TECHNICIAN and firm.size == "large" and rng.random() < cal.CHIEF_TECHNICIAN_SHARE:
            batch.honours.append((worker, "首席技师", "enterprise", firm.name, date_between(rng, since, as_of)))
        if grade >= Grade.TECHNICIAN and (rich or rng.random() < self._named_title_chance):
            first = max(self.window_start, as_of - timedelta(days=4 * 365))
            batch.honours.append((worker, profile.named_title, "district", profile.government,
                                  date_between(rng, first, as_of)))

    def _achievements(self, batch: Batch, worker: int, name: str, firm: Firm, grade: Grade, occupation: str,
                      first: date, years: float, rich: bool) -> None:
        rng = self.rng
        rate = cal.ACHIEVEMENT_RATE["high" if grade >= Grade.SENIOR else "other"]
        kinds = ["method", "patent"] if rich else [_ACHIEVEMENT_KINDS(rng) for _ in range(poisson_small(rng, rate * years))]
        group = firm.sector.group
        for kind in kinds:
            day = date_between(rng, first, self.as_of)
            if kind == "patent":
                title = "一种" + pick_uniform(rng, words.PATENT_OBJECTS.get(group, words.PATENT_OBJECTS["services"]))
                description = "实用新型专利，第一发明人"
            elif kind == "method":
                title = name + pick_uniform(rng, words.METHODS.get(group, words.METHODS["services"])) + "操作法"
                description = f"{firm.name}命名并在班组推广的{occupation}先进操作法"
            elif kind == "innovation":
                title = pick_uniform(rng, words.INNOVATIONS.get(group, words.INNOVATIONS["services"]))
                description = "获企业合理化建议（技术革新）奖"
            else:
                title = f"{day.year}年" + pick_uniform(rng, words.PROJECTS.get(group, words.PROJECTS["services"]))
                description = "项目技术骨干"
            # worker, kind, title, description, achieved_on
            batch.achievements.append((worker, kind, title, description, day))
