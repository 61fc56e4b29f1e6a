"""Factories for income tests: records in the database and snapshots from plain lists."""

from __future__ import annotations

from decimal import Decimal

import factory
import numpy as np

from gongjiang.income.models import IncomeRecord, IncomeSource
from gongjiang.income.store import snapshot_read, snapshot_write
from gongjiang.registry.tests.factories import WorkerFactory


class IncomeRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomeRecord

    worker = factory.SubFactory(WorkerFactory)
    year = 2024
    month = 1
    source = IncomeSource.PAYROLL
    gross_pay = Decimal("10000.00")


def snapshot_make(rows: list[dict], *, year: int = 2024, path=None):
    """Write and read back a snapshot from dicts with keys: pay (yuan), and optionally occupation,
    grade, district, industry, enterprise, overtime, months, weight, soe, worker."""
    n = len(rows)

    def col(key, default):
        return np.asarray([r.get(key, default) for r in rows])

    columns = {
        "worker": np.asarray([r.get("worker", i + 1) for i, r in enumerate(rows)], dtype=np.int64),
        "occupation_code": col("occupation", "6-18-01-01").astype(str),
        "grade": col("grade", 4).astype(np.int8),
        "district_code": col("district", "330902").astype(str),
        "industry_code": col("industry", "C").astype(str),
        "enterprise": np.asarray([r.get("enterprise", i % 10) for i, r in enumerate(rows)], dtype=np.int64),
        "soe": col("soe", False).astype(bool),
        "pay": np.asarray([round(r["pay"] * 100) for r in rows], dtype=np.int64),
        "overtime": np.asarray([round(r.get("overtime", 0) * 100) for r in rows], dtype=np.int64),
        "bonus": np.zeros(n, dtype=np.int64),
        "months": col("months", 12).astype(np.int8),
        "weight": col("weight", 1.0).astype(np.float64),
        "survey": np.asarray([r.get("weight", 1.0) != 1.0 for r in rows], dtype=bool),
        "manager": np.asarray([str(r.get("occupation", "")).startswith("1-") or r.get("manager", False)
                               for r in rows], dtype=bool),
    }
    return snapshot_read(snapshot_write(columns, year=year, path=path))
