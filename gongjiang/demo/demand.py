"""Demo demand filings (issue 15): two years of monthly filings from the demo enterprises, with a
seasonal pattern and a few occupations in genuine shortage, plus job-seeker counts from the
employment service — so the indicators, the catalogue draft and the forecast have something to find.

Assumptions (demo only, not published figures):
- each of the larger enterprises files for the occupations most of its employees hold, on about
  half of the months; demand peaks after the Spring Festival (February–March, ×1.6) and in
  September (×1.3);
- four occupations are in genuine shortage, more so in the later year: 焊工, 船舶电气装配工 and
  养老护理员 (in the 2025 demo catalogue) and 智能制造工程技术人员 (a new skill, not in it). Their
  filings report few suitable applicants, long vacancies and are rarely filled; other occupations
  are filled four times in five with several suitable applicants;
- job seekers: a few a month per occupation in the district, fewer for the shortage occupations.

`demand_generate` writes with `bulk_create` (thousands of rows, not millions) and, when a bureau
account is given, computes the catalogue draft for the city of the last year.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

from gongjiang.demand.models import DemandFiling, DemandFilingRevision, JobSeekerCount
from gongjiang.reference.models import Occupation
from gongjiang.registry.models import Employment, Enterprise

SHORTAGE = ("6-18-02-04", "6-23-02-03", "4-10-01-05", "2-02-38-05")
SEASON = {2: 1.6, 3: 1.6, 9: 1.3}
FIRMS_FILING = 60


def _months(year: int) -> list[date]:
    return [date(year, month, 1) for month in range(1, 13)]


def demand_generate(*, rng: random.Random, district: Any, as_of: date, bureau_actor: Any = None,
                    hr_enterprise_id: int | None = None) -> dict[str, int]:
    """Write two years (the year of `as_of` and the one before) of demo filings and job-seeker
    counts for the enterprises of `district`; the HR demo enterprise always files. Returns counts."""
    years = (as_of.year - 1, as_of.year)
    occupations = {o.code: o for o in Occupation.objects.filter(level=Occupation.Level.OCCUPATION)}
    shortage = [occupations[code] for code in SHORTAGE if code in occupations]
    enterprises = list(Enterprise.objects.filter(district=district).order_by("pk"))
    staff: dict[int, Counter] = {}
    for enterprise_id, code in Employment.objects.filter(
            enterprise__district=district, end_date__isnull=True, occupation__isnull=False).values_list(
            "enterprise_id", "occupation__code"):
        staff.setdefault(enterprise_id, Counter())[code] += 1
    by_size = sorted(enterprises, key=lambda e: (-sum(staff.get(e.pk, Counter()).values()), e.pk))
    chosen = by_size[:FIRMS_FILING]
    if hr_enterprise_id and all(e.pk != hr_enterprise_id for e in chosen):
        chosen += [e for e in enterprises if e.pk == hr_enterprise_id]
    filings: list[DemandFiling] = []
    for enterprise in chosen:
        codes = [code for code, _n in staff.get(enterprise.pk, Counter()).most_common(2) if code in occupations]
        wanted = [occupations[code] for code in codes]
        if rng.random() < 0.5 or enterprise.pk == hr_enterprise_id:
            wanted.append(rng.choice(shortage))
        for occupation in dict.fromkeys(wanted):
            short = occupation.code in SHORTAGE
            grade = rng.choice((3, 4, 4, 5)) if short else rng.choice((2, 3, 3, 4))
            for year in years:
                tightness = 1.0 if year == years[0] else 1.5  # shortages deepen in the later year
                for month in _months(year):
                    if month > as_of or rng.random() > 0.5:
                        continue
                    headcount = max(1, round(rng.gauss(3, 1.5) * SEASON.get(month.month, 1.0)
                                             * (tightness if short else 1.0)))
                    vacancies = headcount
                    applicants = max(0, round(rng.gauss(2 if short else 8, 1.5) * vacancies / 2))
                    suitable = min(applicants, round(applicants * rng.uniform(0.05, 0.2) if short
                                                     else applicants * rng.uniform(0.3, 0.6)))
                    filings.append(DemandFiling(
                        enterprise=enterprise, occupation=occupation, grade=grade, period=month,
                        headcount=headcount, wage_offered=Decimal(rng.randrange(5200, 9800, 100) + (800 if short else 0)),
                        needed_by=date(month.year, month.month, 28), vacancies_advertised=vacancies,
                        applicants=applicants, suitable_applicants=suitable,
                        weeks_open=rng.randint(10, 26) if short else rng.randint(1, 8),
                        filled=rng.random() < (0.35 / tightness if short else 0.8)))
    DemandFiling.objects.bulk_create(filings, batch_size=2000)
    saved = list(DemandFiling.objects.filter(enterprise__district=district, period__year__in=years)
                 .select_related("occupation"))
    DemandFilingRevision.objects.bulk_create([
        DemandFilingRevision(filing=f, action=DemandFilingRevision.Action.FILED,
                             values={"occupation": f.occupation.code, "headcount": f.headcount,
                                     "wage_offered": str(f.wage_offered), "applicants": f.applicants,
                                     "suitable_applicants": f.suitable_applicants, "filled": f.filled},
                             reason="演示数据") for f in saved], batch_size=2000)
    seekers = []
    filed = {(f.occupation_id, f.grade) for f in saved}
    for occupation_id, grade in sorted(filed):
        code = next(o.code for o in occupations.values() if o.pk == occupation_id)
        for year in years:
            for month in _months(year):
                if month <= as_of:
                    seekers.append(JobSeekerCount(occupation_id=occupation_id, grade=grade, district=district,
                                                  period=month, seekers=rng.randint(0, 1) if code in SHORTAGE
                                                  else rng.randint(1, 5)))
    JobSeekerCount.objects.bulk_create(seekers, batch_size=2000, ignore_conflicts=True)
    counts = {"demand_filings": len(saved), "job_seeker_counts": len(seekers)}
    if bureau_actor is not None and district.parent_id:
        from gongjiang.demand.services import catalogue_draft_compute

        draft = catalogue_draft_compute(actor=bureau_actor, area_code=district.parent.code, year=as_of.year, top=100)
        counts["catalogue_draft_entries"] = draft.entries.count()
    return counts
