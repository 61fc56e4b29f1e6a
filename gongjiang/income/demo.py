"""Demo incomes calibrated to published figures (issue 6 §7). Generates monthly payroll records for
the workers present in the registry; reproducible by seed.

Sources:
- Skilled workers' annual pay by grade, 2020, Shanghai: 上海市人力资源和社会保障局《2020年上海市
  人力资源市场工资价位》(published 2021), 分技能等级工资价位 — medians 初级 89,200 / 中级 117,600 /
  高级 141,000 / 技师 162,700 / 高级技师 187,000 yuan a year; P90s 181,100 / 205,800 / 250,600 /
  300,000 / 347,400 (figures as quoted in issue 6).
- All employees' average monthly wage, Shanghai (全口径城镇单位就业人员平均工资 ÷ 12), as published by
  上海市人力资源和社会保障局 / 上海市统计局 each year: 11,396 (2021), 12,183 (2022), 12,307 (2023),
  12,434 (2024) (issue 6). 2020: 10,338 (124,056 a year, published 2021) — used only to scale 2020
  pay of employees without a grade.
- Shape (assumptions, not published): pay within a grade is log-normal with the published median
  and P90 (σ = ln(P90/median)/1.2816); employees without a grade are log-normal (σ 0.55) with
  occupation factors (单位负责人 ×2.2, 专业技术人员 ×1.35), scaled each year so that the all-employee
  mean equals the published average; a worker keeps their relative position (z-score) across years,
  with ±3% yearly noise outside 2020 (in 2020 an affine map per grade makes the sample median and P90
  equal the publication, `_calibrate`); a grade upgrade moves them to the new grade's distribution;
  front-line workers earn 0–12% of pay as overtime; a year-end bonus of 8–20% is paid in December.
  Every employee employed at any time in a year is paid for the whole year (demo simplification).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from gongjiang.reference.grades import Grade

YEARS = (2020, 2021, 2022, 2023, 2024)
CALIBRATION_YEAR = 2020
MEDIAN_2020 = {Grade.JUNIOR: 89_200, Grade.INTERMEDIATE: 117_600, Grade.SENIOR: 141_000,
               Grade.TECHNICIAN: 162_700, Grade.SENIOR_TECHNICIAN: 187_000}
P90_2020 = {Grade.JUNIOR: 181_100, Grade.INTERMEDIATE: 205_800, Grade.SENIOR: 250_600,
            Grade.TECHNICIAN: 300_000, Grade.SENIOR_TECHNICIAN: 347_400}
AVERAGE_MONTHLY = {2020: 10_338, 2021: 11_396, 2022: 12_183, 2023: 12_307, 2024: 12_434}
Z90 = NormalDist().inv_cdf(0.9)
UNGRADED_SIGMA = 0.55
OCCUPATION_FACTOR = {"1": 2.2, "2": 1.35}  # 职业分类大典 大类 1 单位负责人, 2 专业技术人员 (assumption)
YEARLY_NOISE = 0.03


def _ladder_grade(grade: int) -> int:
    """Grades outside the published five (学徒工, 特级/首席技师) borrow the nearest published one."""
    if not grade:
        return 0
    return min(max(grade, Grade.JUNIOR), Grade.SENIOR_TECHNICIAN)


def grade_pay(grade: int, z: float, year_index: float) -> float:
    g = _ladder_grade(grade)
    sigma = math.log(P90_2020[g] / MEDIAN_2020[g]) / Z90
    factor = {Grade.APPRENTICE: 0.85, Grade.PRINCIPAL_TECHNICIAN: 1.15, Grade.CHIEF_TECHNICIAN: 1.3}.get(grade, 1.0)
    return MEDIAN_2020[g] * factor * math.exp(sigma * z) * year_index


@dataclass
class WorkerSpec:
    """What the generator needs to know of a worker for one year."""

    worker_id: int
    year: int
    enterprise_id: int
    grade: int  # 0 = no grade
    occupation_code: str
    front_line: bool


def annual_pay(specs: list[WorkerSpec], *, seed: int) -> dict[tuple[int, int], tuple[int, int, int]]:
    """(worker, year) → (annual gross pay, of which overtime, of which bonus) in integer fen."""
    rng = np.random.default_rng(seed)
    by_year: dict[int, list[WorkerSpec]] = defaultdict(list)
    for spec in specs:
        by_year[spec.year].append(spec)
    worker_ids = sorted({s.worker_id for s in specs})
    z = dict(zip(worker_ids, rng.standard_normal(len(worker_ids)).tolist(), strict=True))
    # Calibration year: within each grade, z-scores are stratified (normal quantiles at (r+½)/n in a
    # random order), so the sample median and P90 match the publication even for small districts.
    calibration = by_year.get(CALIBRATION_YEAR, [])
    groups: dict[int, list[int]] = defaultdict(list)
    for spec in calibration:
        if spec.grade in MEDIAN_2020:
            groups[spec.grade].append(spec.worker_id)
    for members in groups.values():
        n = len(members)
        for rank, worker_id in zip(rng.permutation(n).tolist(), members, strict=True):
            z[worker_id] = NormalDist().inv_cdf((rank + 0.5) / n)
    out: dict[tuple[int, int], tuple[int, int, int]] = {}
    for year in sorted(by_year):
        index = AVERAGE_MONTHLY.get(year, AVERAGE_MONTHLY[max(AVERAGE_MONTHLY)]) / AVERAGE_MONTHLY[CALIBRATION_YEAR]
        year_specs = by_year[year]
        noise = (np.zeros(len(year_specs)) if year == CALIBRATION_YEAR
                 else rng.normal(0, YEARLY_NOISE, len(year_specs)))
        pay = np.zeros(len(year_specs))
        ungraded = np.zeros(len(year_specs), dtype=bool)
        for i, spec in enumerate(year_specs):
            if spec.grade:
                pay[i] = grade_pay(spec.grade, z[spec.worker_id], index) * math.exp(noise[i])
            else:
                ungraded[i] = True
                factor = OCCUPATION_FACTOR.get(spec.occupation_code.split("-")[0], 1.0)
                pay[i] = factor * math.exp(UNGRADED_SIGMA * z[spec.worker_id] + noise[i])
        if year == CALIBRATION_YEAR:
            _calibrate(pay, [s.grade for s in year_specs])
        # Scale the ungraded so that the all-employee mean is the published average.
        target_total = 12 * AVERAGE_MONTHLY.get(year, AVERAGE_MONTHLY[max(AVERAGE_MONTHLY)]) * len(year_specs)
        graded_total = pay[~ungraded].sum()
        if ungraded.any():
            scale = max(target_total - graded_total, 0.3 * 12 * 5_000 * ungraded.sum()) / pay[ungraded].sum()
            pay[ungraded] *= scale
        overtime_share = np.where([s.front_line for s in year_specs], rng.uniform(0, 0.12, len(year_specs)), 0.0)
        bonus_share = rng.uniform(0.08, 0.20, len(year_specs))
        for i, spec in enumerate(year_specs):
            gross = int(round(pay[i] * 100))
            out[(spec.worker_id, year)] = (gross, int(gross * overtime_share[i]), int(gross * bonus_share[i]))
    return out


def _calibrate(pay: np.ndarray, grades: list[int]) -> None:
    """Make each published grade's sample median and P90 (type 7, as published tables are
    computed) equal the publication exactly: an affine map a + b·pay per grade preserves the order
    and moves both quantiles where they belong; small groups (a handful of 高级技师) need it."""
    grades_array = np.asarray(grades)
    for grade in MEDIAN_2020:
        members = np.flatnonzero(grades_array == grade)
        if len(members) < 2:
            continue
        median, p90 = np.quantile(pay[members], [0.5, 0.9])
        if p90 <= median:
            continue
        b = (P90_2020[grade] - MEDIAN_2020[grade]) / (p90 - median)
        a = MEDIAN_2020[grade] - b * median
        pay[members] = np.maximum(a + b * pay[members], 0.3 * MEDIAN_2020[grade])


def monthly_split(gross: int, overtime: int, bonus: int) -> list[tuple[int, int, int]]:
    """Twelve (gross, overtime, bonus) months in fen summing exactly to the year; bonus in December."""
    regular = gross - bonus
    months = []
    for m in range(12):
        base = regular // 12 + (1 if m < regular % 12 else 0)
        ot = overtime // 12 + (1 if m < overtime % 12 else 0)
        months.append((base + (bonus if m == 11 else 0), ot, bonus if m == 11 else 0))
    return months
