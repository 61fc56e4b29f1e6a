"""Secondary suppression across every table published for a year (issue 11 §2), tested with an
attacker's computation: from everything published for the year — every table of the family, as
the pages, the API and `wages publish` give it, head counts of every line known (the registry
publishes them) — no hidden cell's total pay (mean × head count) is a linear combination of
published totals, so no hidden mean can be recovered; and no hidden cell's workers are published
under another name (which would give its percentiles)."""

import numpy as np
import pytest

from gongjiang.income import analysis, disclosure, protection
from gongjiang.income.analysis import occupation_at_level
from gongjiang.income.selectors import wage_levels
from gongjiang.income.store import snapshot_path
from gongjiang.income.tests.factories import snapshot_make

pytestmark = pytest.mark.django_db

HULL = "6-23-03-01"  # a shipbuilding trade: grades 2–4 well filled, 技师 (5) with ten workers
OTHERS = ("6-23-03-02", "6-23-01-01", "4-01-02-01")


def _world(seed=7):
    rng = np.random.default_rng(seed)
    rows = []

    def add(occupation, grade, n, districts=("330902", "330903"), industries=("C", "F")):
        for _ in range(n):
            rows.append({"pay": float(rng.integers(60_000, 240_000)), "occupation": occupation, "grade": grade,
                         "district": str(rng.choice(districts)), "industry": str(rng.choice(industries)),
                         "enterprise": int(rng.integers(1, 13))})

    add(HULL, 2, 72)
    add(HULL, 3, 90)
    add(HULL, 4, 85)
    add(HULL, 5, 10)
    add("6-23-03-02", 3, 64)
    add("6-23-03-02", 4, 12)
    add("6-23-01-01", 2, 40, districts=("330902",))  # one district only: same workers in both tables
    add("6-23-01-01", 3, 33)
    add("4-01-02-01", 0, 120)
    add("4-01-02-01", 3, 20, industries=("G",))
    return rows


def _definition(level, by, row):
    """The workers a published row describes, as an attacker reads its label."""
    occupation, grade, group = row["occupation"], row["grade"], row["group"]
    all_grades = row["is_total"] and not by
    total = row["is_total"] and by

    def member(w):
        code = occupation_at_level(w["occupation"], level)
        if code != occupation or (not all_grades and w["grade"] != grade):
            return False
        return total or not by or w[by] == group
    return member


def _published_everything(actor, world):
    """(base-cell vector, total pay or None if hidden) for every row of every published table."""
    base = sorted({(w["occupation"], w["grade"], w["district"], w["industry"]) for w in world})
    index = {b: i for i, b in enumerate(base)}
    out = []
    for level, by in protection.FAMILY:
        for row in wage_levels(actor=actor, year=2024, by=by, level=level):
            member = _definition(level, by, row)
            vector = np.zeros(len(base))
            count = 0
            for w in world:
                if member(w):
                    vector[index[(w["occupation"], w["grade"], w["district"], w["industry"])]] = 1
                    count += 1
            total = None if row["mean"] is None else float(row["mean"]) * count
            out.append((vector, total, row, (level, by)))
    return out


def _recoverable(published):
    """Hidden rows whose total pay is a linear combination of published totals."""
    known = np.asarray([v for v, total, _row, _t in published if total is not None])
    rank = np.linalg.matrix_rank(known)
    leaks = []
    for vector, total, row, table in published:
        if total is None and np.linalg.matrix_rank(np.vstack([known, vector])) == rank:
            leaks.append((table, row["occupation"], row["grade"], row["group"], row["status"]))
    return leaks


@pytest.mark.parametrize("seed", [7, 3, 8])
def test_no_hidden_cell_can_be_recovered_from_everything_published_for_the_year(bureau_admin, seed):
    world = _world(seed)
    snapshot_make(world, path=snapshot_path(2024))
    published = _published_everything(bureau_admin, world)
    hidden = [p for p in published if p[1] is None]
    assert len(hidden) > 10  # the world has something to protect
    assert _recoverable(published) == []


def test_the_same_workers_are_hidden_under_every_name(bureau_admin):
    world = _world()
    snapshot_make(world, path=snapshot_path(2024))
    by_workers: dict[bytes, set] = {}
    for vector, total, _row, _table in _published_everything(bureau_admin, world):
        by_workers.setdefault(vector.tobytes(), set()).add(total is None)
    assert all(len(states) == 1 for states in by_workers.values())  # hidden everywhere or nowhere


def test_the_technician_cell_hidden_in_the_city_table_is_not_derivable_from_the_district_table(bureau_admin):
    # the attack: all-grades mean × head count − the other grades (one from --by district)
    world = _world()
    snapshot_make(world, path=snapshot_path(2024))
    city = wage_levels(actor=bureau_admin, year=2024)
    technician = next(r for r in city if r["occupation"] == HULL and r["grade"] == 5 and not r["is_total"])
    assert technician["status"] == disclosure.SMALL
    by_district = wage_levels(actor=bureau_admin, year=2024, by="district")
    hidden_city = {r["grade"] for r in city if r["occupation"] == HULL and not r["is_total"] and r["mean"] is None}
    hidden_totals = {r["grade"] for r in by_district if r["occupation"] == HULL and r["is_total"] and r["mean"] is None}
    assert len(hidden_city) >= 2
    assert hidden_city <= hidden_totals  # the district table's 合计 lines are the city cells


def test_tables_protected_one_by_one_leak_in_this_world(bureau_admin):
    # why the family is protected together: each table alone passes, the year's tables do not
    world = _world()
    snap = snapshot_make(world, path=snapshot_path(2024))
    alone = {(level, by): analysis.wage_table(snap, by=by, level=level) for level, by in protection.FAMILY}
    joint = protection.protect(alone, protection.base_cells(snap))
    hidden_alone = sum(int(np.isin(t.status, list(disclosure.HIDDEN)).sum()) for t in alone.values())
    hidden_joint = sum(int(np.isin(t.status, list(disclosure.HIDDEN)).sum()) for t in joint.values())
    assert hidden_joint > hidden_alone


def test_a_district_and_an_industry_together_are_refused_in_chinese(bureau_admin):
    from gongjiang.core.errors import DomainError

    snapshot_make(_world(), path=snapshot_path(2024))
    with pytest.raises(DomainError, match="不发布区县与行业交叉的数据"):
        wage_levels(actor=bureau_admin, year=2024, district="330902", industry="C")


def test_a_district_filter_gives_that_districts_rows_of_the_protected_district_table(bureau_admin):
    snapshot_make(_world(), path=snapshot_path(2024))
    full = wage_levels(actor=bureau_admin, year=2024, by="district")
    one = wage_levels(actor=bureau_admin, year=2024, district="330903")
    assert one == [r for r in full if r["group"] == "330903" and not r["is_total"]]
