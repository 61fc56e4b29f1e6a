"""Shortage indicators and the catalogue score (R2.2, `001` (二); ADR 0023). Pure computation: the
selectors gather the figures, this module turns them into standardised indicators, a score, a rank
and a driver, so the same data and weights give the same catalogue, to the rank.

Per occupation, over a period (a calendar year of filings):

- `gap`        需求人数 − 供给人数 (demand − supply), supply = registry holders of the occupation at or
               above the lowest grade filed, plus registered job seekers — as the national “最缺工”
               ranking (demand minus job seekers);
- `unfilled`   1 − fill rate, fill rate = vacancies of filled filings ÷ vacancies advertised — the
               primary measure of Australia's Skills Priority List / Occupation Shortage List;
- `suitable`   suitable applicants per vacancy (fewer = shorter; SERA survey), entered with sign −1;
- `weeks_open` weeks open, weighted by vacancies;
- `breadth`    enterprises filing (the “最缺工” ranking weights by how many cities report);
- `ageing`     share of holders aged 55 or over at the end of the period;
- `wage_growth` growth of the headcount-weighted mean monthly wage offered over the period before
               (employers bidding up pay is a sign of shortage); None without the earlier period;
- `pay_growth` growth of the occupation's published median annual pay (income monitoring's wage
               price table, the latest two years built up to the period), None where a year is
               missing or the cell is hidden by the disclosure rules;
- `pipeline`   trainees about to certify (in training at the period's end, class ending within six
               months; the training domain) per person demanded, entered with sign −1 (a full
               pipeline eases the shortage).

Standardisation (as DARES standardises each component of its tension index against a reference
period): z = sign × (x − mean_ref) ÷ sd_ref, the mean and (population) standard deviation taken over
the occupations of the reference period (by default the previous year). When the reference period
has fewer than two occupations with the indicator, or no spread, the current period's own
cross-section is used and the method says so. An indicator an occupation has no value for
(no vacancies advertised) contributes 0.

Score = Σ weight × z. Occupations with demand and a positive score are listed, highest first; ties
go to the larger demand, then the occupation code. The driver is the reason behind the largest
weighted contribution: gap + pipeline → training gap, suitable → suitability gap, unfilled + weeks
open + wage and pay growth → retention/pay gap, ageing → ageing, breadth → broad demand.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from gongjiang.demand.models import Driver

# key -> (Chinese label, sign: +1 when a larger value means a greater shortage)
INDICATORS: dict[str, tuple[object, int]] = {
    "gap": (_("供需缺口（需求−供给）"), 1),
    "unfilled": (_("岗位未填补率"), 1),
    "suitable": (_("每岗位符合要求的应聘人数"), -1),
    "weeks_open": (_("平均空缺周数"), 1),
    "breadth": (_("填报企业数"), 1),
    "ageing": (_("持证人员55岁及以上占比"), 1),
    "wage_growth": (_("拟提供工资增长率"), 1),
    "pay_growth": (_("工资中位数增长率（收入监测）"), 1),
    "pipeline": (_("即将取证的在训人数与需求之比"), -1),
}
DRIVER_OF = {"gap": Driver.TRAINING, "suitable": Driver.SUITABILITY, "unfilled": Driver.RETENTION,
             "weeks_open": Driver.RETENTION, "ageing": Driver.AGEING, "breadth": Driver.DEMAND,
             "wage_growth": Driver.RETENTION, "pay_growth": Driver.RETENTION, "pipeline": Driver.TRAINING}
NEAR_RETIREMENT_AGE = 55


@dataclass
class FilingFigures:
    """One filing's figures, as the selectors read them."""

    occupation_code: str
    district_code: str
    enterprise_id: int
    grade: int
    headcount: int
    vacancies: int
    applicants: int
    suitable: int
    weeks_open: int
    filled: bool
    wage: float = 0.0


@dataclass
class OccupationFigures:
    """The raw figures of one occupation in one period, and its indicator values."""

    code: str
    demand: int = 0
    vacancies: int = 0
    filled_vacancies: int = 0
    applicants: int = 0
    suitable: int = 0
    weeks_weighted: int = 0
    enterprise_count: int = 0  # enterprises filing
    district_count: int = 0  # districts they are in
    min_grade: int | None = None
    holders: int = 0
    holders_near_retirement: int = 0
    seekers: int = 0
    wage_weighted: float = 0.0
    wage_growth: float | None = None  # set by the caller from the period before
    pay_growth: float | None = None  # growth of the published median pay (income monitoring), set by the caller
    pipeline: int = 0  # trainees about to certify (training), set by the caller

    @property
    def mean_wage(self) -> float | None:
        return self.wage_weighted / self.demand if self.demand else None

    @property
    def supply(self) -> int:
        return self.holders + self.seekers

    @property
    def gap(self) -> int:
        return self.demand - self.supply

    @property
    def fill_rate(self) -> float | None:
        return self.filled_vacancies / self.vacancies if self.vacancies else None

    @property
    def suitable_per_vacancy(self) -> float | None:
        return self.suitable / self.vacancies if self.vacancies else None

    @property
    def weeks_open(self) -> float | None:
        return self.weeks_weighted / self.vacancies if self.vacancies else None

    @property
    def ageing_share(self) -> float | None:
        return self.holders_near_retirement / self.holders if self.holders else None

    def values(self) -> dict[str, float | None]:
        fill = self.fill_rate
        return {"gap": float(self.demand - self.supply), "unfilled": None if fill is None else 1 - fill,
                "suitable": self.suitable_per_vacancy, "weeks_open": self.weeks_open,
                "breadth": float(self.enterprise_count), "ageing": self.ageing_share,
                "wage_growth": self.wage_growth, "pay_growth": self.pay_growth,
                "pipeline": self.pipeline / self.demand if self.demand else None}


def figures_aggregate(filings: Iterable[FilingFigures]) -> dict[str, OccupationFigures]:
    """Sum filings into figures per occupation (supply is added by the caller)."""
    found: dict[str, OccupationFigures] = {}
    enterprises: dict[str, set[int]] = {}
    districts: dict[str, set[str]] = {}
    for f in filings:
        o = found.setdefault(f.occupation_code, OccupationFigures(f.occupation_code))
        o.demand += f.headcount
        o.vacancies += f.vacancies
        o.filled_vacancies += f.vacancies if f.filled else 0
        o.applicants += f.applicants
        o.suitable += f.suitable
        o.weeks_weighted += f.weeks_open * f.vacancies
        enterprises.setdefault(f.occupation_code, set()).add(f.enterprise_id)
        districts.setdefault(f.occupation_code, set()).add(f.district_code)
        o.min_grade = f.grade if o.min_grade is None else min(o.min_grade, f.grade)
        o.wage_weighted += f.wage * f.headcount
    for code, o in found.items():
        o.enterprise_count, o.district_count = len(enterprises[code]), len(districts[code])
    return found


def wage_growth_set(current: Mapping[str, OccupationFigures], before: Mapping[str, OccupationFigures]) -> None:
    """Set each occupation's offered-wage growth over the period before (None where it had no filings)."""
    for code, o in current.items():
        earlier = before.get(code)
        if earlier is not None and earlier.mean_wage and o.mean_wage is not None:
            o.wage_growth = o.mean_wage / earlier.mean_wage - 1


def _moments(values: list[float]) -> tuple[float, float] | None:
    if len(values) < 2:
        return None
    mean = math.fsum(values) / len(values)
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / len(values))
    return (mean, sd) if sd > 0 else None


@dataclass
class Scored:
    figures: OccupationFigures
    z: dict[str, float]
    contributions: dict[str, float]
    score: float
    driver: str
    rank: int | None = None

    @property
    def driver_label(self) -> str:
        return str(Driver(self.driver).label)


@dataclass
class ScoreResult:
    scored: list[Scored]  # every occupation with demand, highest score first
    reference: dict[str, dict]  # indicator -> {"mean", "sd", "basis": "reference" | "current"}

    def listed(self, top: int | None = None) -> list[Scored]:
        chosen = [s for s in self.scored if s.score > 0]
        return chosen[:top] if top else chosen


def scores_compute(current: Mapping[str, OccupationFigures], reference: Mapping[str, OccupationFigures],
                   weights: Mapping[str, Decimal | float]) -> ScoreResult:
    """Standardise every indicator against the reference period, weight, rank (module docstring)."""
    basis: dict[str, dict] = {}
    current_values = {code: o.values() for code, o in current.items() if o.demand > 0}
    reference_values = [o.values() for o in reference.values() if o.demand > 0]
    for key in INDICATORS:
        moments = _moments([v[key] for v in reference_values if v[key] is not None])
        used = "reference"
        if moments is None:
            moments = _moments([v[key] for v in current_values.values() if v[key] is not None])
            used = "current"
        basis[key] = {"mean": moments[0] if moments else None, "sd": moments[1] if moments else None,
                      "basis": used if moments else "none"}
    scored = []
    for code, values in current_values.items():
        z, contributions = {}, {}
        for key, (_label, sign) in INDICATORS.items():
            mean, sd = basis[key]["mean"], basis[key]["sd"]
            value = values[key]
            z[key] = 0.0 if value is None or mean is None else sign * (value - mean) / sd
            contributions[key] = float(weights.get(key, 0)) * z[key]
        score = round(math.fsum(contributions.values()), 4)
        by_driver: dict[str, float] = {}
        for key, amount in contributions.items():
            by_driver[DRIVER_OF[key]] = by_driver.get(DRIVER_OF[key], 0.0) + amount
        driver = max(sorted(by_driver), key=lambda d: by_driver[d])
        scored.append(Scored(current[code], z, contributions, score, driver))
    scored.sort(key=lambda s: (-s.score, -s.figures.demand, s.figures.code))
    for position, s in enumerate(scored, start=1):
        s.rank = position
    return ScoreResult(scored, basis)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def reason_text(s: Scored) -> str:
    """The entry's figures in words, for the public page beside its driver (Chinese; as computed)."""
    o = s.figures
    return str(_("需求 %(d)s 人，供给 %(s)s 人（持证 %(h)s、求职 %(k)s），缺口 %(g)s 人；"
                 "招聘岗位填补率 %(f)s，每岗位符合要求的应聘者 %(a)s 人，平均空缺 %(w)s 周；"
                 "%(e)s 家企业、%(n)s 个区县填报。") % {
        "d": o.demand, "s": o.supply, "h": o.holders, "k": o.seekers,
        "g": o.demand - o.supply, "f": _percent(o.fill_rate), "a": _number(o.suitable_per_vacancy),
        "w": _number(o.weeks_open), "e": o.enterprise_count, "n": o.district_count}) + (
        str(_("即将取证的在训人员 %(p)s 人。") % {"p": o.pipeline}) if o.pipeline else "")
