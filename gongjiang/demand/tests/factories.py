"""Builders of demand records for tests (written straight to the models, so a world can hold filings
of past months, which the services refuse for new filings)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from gongjiang.demand.models import DemandFiling
from gongjiang.reference.models import Occupation


def filing_make(enterprise, code: str, *, period: date, headcount: int, vacancies: int = 0, filled: bool = False,
                applicants: int = 0, suitable: int = 0, weeks_open: int = 0, grade: int = 3,
                wage: str = "6000", status: str = "active") -> DemandFiling:
    return DemandFiling.objects.create(
        enterprise=enterprise, occupation=Occupation.objects.get(code=code), grade=grade, period=period,
        headcount=headcount, wage_offered=Decimal(wage), needed_by=date(period.year, 12, 31),
        vacancies_advertised=vacancies, applicants=applicants, suitable_applicants=suitable, weeks_open=weeks_open,
        filled=filled, status=status)


def matrix_world(enterprise) -> dict:
    """Records the authorisation matrix needs (its `common` values): a filing of `enterprise` and the
    published catalogue edition shipped by migration."""
    from gongjiang.demand.models import ShortageCatalogue

    return {"filing_id": filing_make(enterprise, "6-18-02-04", period=date(2026, 1, 1), headcount=3).pk,
            "catalogue_id": ShortageCatalogue.objects.get(area__code="330900", year=2025).pk}
