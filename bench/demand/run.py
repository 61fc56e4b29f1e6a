"""Benchmark of the shortage catalogue and the forecast (issue 15 "Measure").

    flock /tmp/gj-bench.lock ./run bench demand [--occupations 1639 --districts 20 --months 36]
                                                 [--forecast-sample 40] [--reuse] [--keep]

PostgreSQL 127.0.0.1 (database gj_demand_bench, made, migrated and dropped by the run unless
--reuse/--keep). The world, written with COPY: a city (339900, "基准市") of `--districts` districts,
50 enterprises each; for every occupation of the classification (1,639 level-4 occupations) ×
district × month of 2024-01…2026-12, one filing (1,180,080 filings) whose headcount follows an
occupation's base, a yearly season and a trend, whose hiring difficulty (fill, applicants,
suitable applicants, weeks open, wage) follows a hidden per-occupation tightness; 40,000 certified
workers living in the districts (one certificate each, ages 20–64); job-seeker counts for a quarter
of the occupation × district × month cells.

Measured (median and minimum of 3 runs after a warm-up):
1. ours, end to end: `demand.services.catalogue_compute(area_code="339900", year=2026)` — three
   years of filings (2026, the reference 2025, and 2024 for the reference's wage growth) summed
   per occupation in PostgreSQL (`selectors.filing_aggregates`), registry holders, job seekers,
   training pipeline, income pay growth, then indicators, standardisation, score, rank, driver —
   what the draft page and `gongjiang demand catalogue` do;
2. ours, computation only: the same from what was read (`selectors.figures_from_rows`,
   `indicators.scores_compute`);
3. pandas, the same computation the way one would write it in pandas: every filing row read (one
   SQL query a year), DataFrames, groupby/merge/vectorised standardisation/ranking; timed end to
   end (reads + computation) and computation alone, and checked occupation by occupation against
   ours (rank, score, driver).
4. forecast: `demand.forecast.backtest_and_forecast` on a random sample of the city-level monthly
   demand and supply series (`--forecast-sample` occupations × 2), total time extrapolated to
   every city-level series with data, and the share of series where the chosen model beats
   seasonal naive on MASE (and the share where MASE is undefined).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "gj_demand_bench"
AREA = "339900"
YEAR = 2026


def machine() -> str:
    def run(*cmd):
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603

    return f"nproc={run('nproc')}\n{run('free', '-g')}\nuptime: {run('uptime')}"


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if v is None else v for v in row])
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy:
        while data := buffer.read(1 << 20):
            copy.write(data)


def populate(args) -> None:
    from django.db import connection
    from django.utils import timezone

    from gongjiang.reference.models import Division, Occupation
    from gongjiang.registry.models import Enterprise
    from gongjiang.registry.tests.factories import uscc_make

    started = time.perf_counter()
    rng = np.random.default_rng(2026)
    city = Division.objects.create(code=AREA, name="基准市", level=Division.Level.PREFECTURE)
    districts = Division.objects.bulk_create([Division(code=f"3399{d + 1:02d}", name=f"基准{d + 1}区",
                                                       level=Division.Level.COUNTY, parent=city)
                                              for d in range(args.districts)])
    enterprises = Enterprise.objects.bulk_create([
        Enterprise(uscc=uscc_make(100000 + i, region=districts[i // 50].code), name=f"基准企业{i}",
                   district=districts[i // 50]) for i in range(50 * args.districts)])
    occupations = list(Occupation.objects.filter(code__regex=r"^\d-\d\d-\d\d-\d\d$").order_by("code")
                       .values_list("id", flat=True))[:args.occupations]
    n_occ, n_dist, n_month = len(occupations), len(districts), args.months
    months = [date(2024 + m // 12, m % 12 + 1, 1) for m in range(n_month)]
    now = timezone.now().isoformat()
    tight = rng.normal(0, 1, n_occ)  # hidden tightness per occupation
    base = rng.lognormal(1.0, 0.6, n_occ)
    wage0 = 4500 * rng.lognormal(0, 0.25, n_occ)
    season = 1 + 0.3 * np.sin(2 * np.pi * (np.arange(n_month) % 12) / 12)
    o, d, m = (a.ravel() for a in np.meshgrid(np.arange(n_occ), np.arange(n_dist), np.arange(n_month),
                                               indexing="ij"))
    n = o.size
    lam = base[o] * season[m] * (1 + 0.01 * m * np.clip(tight[o], -1, 2))
    headcount = 1 + rng.poisson(np.clip(lam, 0.1, None))
    vacancies = rng.binomial(headcount, 0.7)
    applicants = rng.poisson(np.clip(vacancies * (2.5 - tight[o]), 0, None))
    suitable = rng.binomial(applicants, np.clip(0.45 - 0.1 * tight[o], 0.05, 0.9))
    weeks = rng.poisson(np.clip(4 + 2 * tight[o], 0.5, None))
    filled = rng.random(n) < 1 / (1 + np.exp(1.5 * tight[o]))
    wage = np.round(wage0[o] * (1 + (0.02 + 0.02 * np.clip(tight[o], -1, 2)) * m / 12), 0)
    enterprise = np.array([e.pk for e in enterprises])[d * 50 + rng.integers(0, 50, n)]
    grade = rng.integers(2, 6, n)
    with connection.cursor() as cur:
        raw = cur.connection.cursor()
        occ_ids = np.array(occupations)
        _copy(raw, "demand_demandfiling",
              ["enterprise_id", "occupation_id", "grade", "period", "headcount", "wage_offered", "needed_by",
               "vacancies_advertised", "applicants", "suitable_applicants", "weeks_open", "filled", "status",
               "revision", "created_at", "updated_at"],
              ((int(enterprise[i]), int(occ_ids[o[i]]), int(grade[i]), months[m[i]].isoformat(), int(headcount[i]),
                f"{wage[i]:.2f}", date(months[m[i]].year, 12, 31).isoformat(), int(vacancies[i]),
                int(applicants[i]), int(suitable[i]), int(weeks[i]), "t" if filled[i] else "f", "active", 0, now, now)
               for i in range(n)))
        seek = np.flatnonzero(rng.random(n) < 0.25)
        district_ids = np.array([x.pk for x in districts])
        _copy(raw, "demand_jobseekercount", ["occupation_id", "grade", "district_id", "period", "seekers"],
              ((int(occ_ids[o[i]]), int(grade[i]), int(district_ids[d[i]]), months[m[i]].isoformat(),
                int(1 + rng.poisson(3))) for i in seek))
        people = 40_000
        born = rng.integers(1961, 2006, people)
        _copy(raw, "registry_worker", ["id_number_sealed", "id_number_hash", "id_number_masked", "name", "sex",
                                       "birth_date", "native_region_code", "ss_card_sealed", "ss_card_masked",
                                       "phone_sealed", "phone_masked", "residence_district_id", "discoverable",
                                       "created_at", "updated_at"],
              (("\\x", f"bench{w:012d}", "3399**********1234", f"工人{w}", "M", f"{born[w]}-06-15", AREA, "\\x", "",
                "\\x", "", int(district_ids[w % n_dist]), "f", now, now) for w in range(people)))
        cur.execute("SELECT id FROM registry_worker WHERE id_number_hash LIKE 'bench%%' ORDER BY id")
        worker_ids = [r[0] for r in cur.fetchall()]
        cert_occ = rng.integers(0, n_occ, people)
        _copy(raw, "registry_certificate", ["worker_id", "number", "kind", "occupation_id", "ability_name", "grade",
                                            "issuer", "issued_on", "created_at"],
              ((w, f"B{i:08d}", "skill_grade", int(occ_ids[cert_occ[i]]), "", int(rng.integers(2, 6)), "基准鉴定中心",
                f"{2010 + i % 15}-03-01", now) for i, w in enumerate(worker_ids)))
        cur.execute("ANALYZE")
    print(f"world: {n_occ} occupations × {n_dist} districts × {n_month} months = {n:,} filings, "
          f"{seek.size:,} job-seeker counts, {people:,} certified workers; written in "
          f"{time.perf_counter() - started:.0f} s")


# --- The pandas baseline ---------------------------------------------------------------------------


def pandas_rows(area, year: int) -> tuple:
    """The baseline's input: every active filing of the year in the area as a row (one SQL query,
    as pandas.read_sql would), the same registry holders as ours, the job-seeker rows."""
    from django.db import connection

    from gongjiang.demand import selectors

    with connection.cursor() as cur:
        cur.execute(
            "SELECT o.code, d.code, f.enterprise_id, f.grade, f.headcount, f.vacancies_advertised, f.applicants, "
            "f.suitable_applicants, f.weeks_open, f.filled, f.wage_offered FROM demand_demandfiling f "
            "JOIN reference_occupation o ON o.id = f.occupation_id JOIN registry_enterprise e ON e.id = f.enterprise_id "
            "JOIN reference_division d ON d.id = e.district_id WHERE f.status = 'active' AND d.code LIKE %s "
            "AND f.period >= %s AND f.period <= %s", [area.code[:4] + "%", date(year, 1, 1), date(year, 12, 31)])
        filings = cur.fetchall()
        cur.execute(
            "SELECT o.code, s.grade, s.seekers FROM demand_jobseekercount s JOIN reference_occupation o ON "
            "o.id = s.occupation_id JOIN reference_division d ON d.id = s.district_id WHERE d.code LIKE %s AND "
            "s.period >= %s AND s.period <= %s", [area.code[:4] + "%", date(year, 1, 1), date(year, 12, 31)])
        seekers = cur.fetchall()
    holders = selectors._holders({row[0] for row in filings}, on=date(year, 12, 31), area=area)
    return filings, holders, seekers


def pandas_catalogue(rows: dict[int, tuple], year: int, reference_year: int, weights: dict, top: int = 100):
    """The catalogue computation of `demand.indicators` / `selectors.figures_from_rows` in pandas:
    same figures, same standardisation, same score, rank and driver."""
    import pandas as pd

    from gongjiang.demand.indicators import DRIVER_OF, INDICATORS, NEAR_RETIREMENT_AGE

    def figures(y: int) -> pd.DataFrame:
        filings, holders, seekers = rows[y]
        f = pd.DataFrame(filings, columns=["code", "district", "enterprise", "grade", "headcount", "vacancies",
                                           "applicants", "suitable", "weeks", "filled", "wage"])
        f["wage"] = f["wage"].astype(float)
        f["filled_v"] = f["vacancies"].where(f["filled"], 0)
        f["weeks_w"] = f["weeks"] * f["vacancies"]
        f["wage_w"] = f["wage"] * f["headcount"]
        g = f.groupby("code").agg(demand=("headcount", "sum"), vacancies=("vacancies", "sum"),
                                  filled_v=("filled_v", "sum"), suitable=("suitable", "sum"),
                                  weeks_w=("weeks_w", "sum"), enterprises=("enterprise", "nunique"),
                                  districts=("district", "nunique"), min_grade=("grade", "min"),
                                  wage_w=("wage_w", "sum"))
        h = pd.DataFrame([(code, x.grade, x.birth_date.year) for code, xs in holders.items() for x in xs],
                         columns=["code", "grade", "born"])
        h = h.merge(g[["min_grade"]], left_on="code", right_index=True)
        h = h[h["grade"] >= h["min_grade"].fillna(1)]
        h["old"] = (y - h["born"]) >= NEAR_RETIREMENT_AGE
        hs = h.groupby("code").agg(holders=("grade", "size"), old=("old", "sum"))
        s = pd.DataFrame(seekers, columns=["code", "grade", "seekers"]).merge(g[["min_grade"]], left_on="code",
                                                                             right_index=True)
        s = s[s["grade"] >= s["min_grade"].fillna(1)].groupby("code")["seekers"].sum()
        g = g.join(hs).join(s.rename("seekers"))
        g[["holders", "old", "seekers"]] = g[["holders", "old", "seekers"]].fillna(0)
        g["seekers"] = (g["seekers"] / 12).round(0)
        g["mean_wage"] = g["wage_w"] / g["demand"]
        return g

    def values(g: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
        v = pd.DataFrame(index=g.index)
        v["gap"] = (g["demand"] - g["holders"] - g["seekers"]).astype(float)
        vac = g["vacancies"].where(g["vacancies"] > 0)
        v["unfilled"] = 1 - g["filled_v"] / vac
        v["suitable"] = g["suitable"] / vac
        v["weeks_open"] = g["weeks_w"] / vac
        v["breadth"] = g["enterprises"].astype(float)
        v["ageing"] = g["old"] / g["holders"].where(g["holders"] > 0)
        earlier = before["mean_wage"].reindex(g.index)
        v["wage_growth"] = g["mean_wage"] / earlier.where(earlier != 0) - 1
        v["pay_growth"] = np.nan  # no income snapshot in the benchmark's world (ours: None for all)
        v["pipeline"] = 0.0  # no training classes in the benchmark's world (ours: 0 per demand)
        return v[g["demand"] > 0]

    cur, ref, ref_before = figures(year), figures(reference_year), figures(reference_year - 1)
    vc, vr = values(cur, ref), values(ref, ref_before)
    z = pd.DataFrame(index=vc.index)
    for key, (_label, sign) in INDICATORS.items():
        mean, sd = vr[key].mean(), vr[key].std(ddof=0)
        if vr[key].count() < 2 or not sd > 0:
            mean, sd = vc[key].mean(), vc[key].std(ddof=0)
            if vc[key].count() < 2 or not sd > 0:
                z[key] = 0.0
                continue
        z[key] = (sign * (vc[key] - mean) / sd).fillna(0.0)
    contributions = z.mul(pd.Series({k: float(weights.get(k, 0)) for k in INDICATORS}), axis=1)
    score = contributions.sum(axis=1).round(4)
    by_driver = contributions.T.groupby(pd.Series(DRIVER_OF)).sum().T
    driver = by_driver[sorted(by_driver.columns)].idxmax(axis=1)
    out = pd.DataFrame({"score": score, "demand": cur["demand"].reindex(vc.index), "driver": driver})
    out = out.reset_index().sort_values(["score", "demand", "code"], ascending=[False, False, True])
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def _timed(fn, runs: int = 3):
    fn()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return result, statistics.median(times), min(times)


def measure(args) -> None:
    import django

    django.setup()
    from gongjiang.reference.models import Division

    if not Division.objects.filter(code=AREA).exists():
        populate(args)
    print(machine())
    if args.only != "forecast":
        catalogue_measure()
    forecast_measure(args)
    print(machine())


def catalogue_measure() -> None:
    from gongjiang.demand import selectors, services
    from gongjiang.demand.indicators import scores_compute, wage_growth_set

    weights = selectors.weights_current()
    computation, e2e_med, e2e_min = _timed(lambda: services.catalogue_compute(area_code=AREA, year=YEAR))
    print(f"1. ours end to end (catalogue_compute, PostgreSQL reads + computation): median {e2e_med:.2f} s, "
          f"min {e2e_min:.2f} s; {len(computation.result.scored)} occupations scored, "
          f"{len(computation.listed)} listed")
    area = selectors.area_get(AREA)
    years = (YEAR, YEAR - 1, YEAR - 2)
    started = time.perf_counter()
    aggregates = {y: selectors.catalogue_rows(area=area, year=y) for y in years}
    read = time.perf_counter() - started
    print(f"   of which the reads (filings summed per occupation in PostgreSQL, holders, job seekers): {read:.2f} s")

    def ours():
        figs = {y: selectors.figures_from_rows(*aggregates[y], year=y) for y in years}
        wage_growth_set(figs[YEAR], figs[YEAR - 1])
        wage_growth_set(figs[YEAR - 1], figs[YEAR - 2])
        return scores_compute(figs[YEAR], figs[YEAR - 1], weights)

    result, ours_med, ours_min = _timed(ours)
    print(f"2. ours, computation only (from what was read): median {ours_med:.3f} s, min {ours_min:.3f} s")

    def pandas_read():
        return {y: pandas_rows(area, y) for y in years}

    rows, read_med, read_min = _timed(pandas_read)
    frame, pd_med, pd_min = _timed(lambda: pandas_catalogue(rows, YEAR, YEAR - 1, weights))
    total = read_med + pd_med
    print(f"3. pandas: reading the {sum(len(r[0]) for r in rows.values()):,} filings (one query a year, "
          f"rows into DataFrames), holders and job seekers: median {read_med:.2f} s (min {read_min:.2f}); "
          f"groupby/merge/standardise/rank: median {pd_med:.2f} s (min {pd_min:.2f}); end to end {total:.2f} s")
    print(f"   ratio pandas / ours, end to end: {total / e2e_med:.1f}x; computation only (pandas from rows vs "
          f"ours from the database's sums): {pd_med / ours_med:.0f}x")
    theirs = {r.code: (int(r.rank), float(r.score), r.driver) for r in frame.itertuples()}
    mine = {s.figures.code: (s.rank, s.score, s.driver) for s in result.scored}
    same_rank = sum(theirs[c][0] == mine[c][0] for c in mine)
    same_driver = sum(theirs[c][2] == mine[c][2] for c in mine)
    max_diff = max(abs(theirs[c][1] - mine[c][1]) for c in mine)
    listed_same = [s.figures.code for s in result.listed(100)] == [c for c, _r in sorted(
        ((c, v[0]) for c, v in theirs.items() if v[1] > 0), key=lambda x: x[1])][:100]
    print(f"   check: {len(mine)} occupations in both: {len(mine) == len(theirs)}, same rank {same_rank}, "
          f"same driver {same_driver}, largest score difference {max_diff:.2g}, top-100 identical: {listed_same}")
    e2e_same = [(s.figures.code, s.rank) for s in computation.result.scored] == [
        (s.figures.code, s.rank) for s in result.scored]
    print(f"   catalogue_compute's ranks identical to the computation above: {e2e_same}")



def forecast_measure(args) -> None:
    from gongjiang.demand import selectors
    from gongjiang.demand.forecast import backtest_and_forecast

    axis, series = selectors.monthly_series(area_code=AREA, months=args.months, top=args.occupations)
    codes = sorted(series)
    sample = random.Random(7).sample(codes, min(args.forecast_sample, len(codes)))
    started, cpu = time.perf_counter(), time.process_time()
    outcomes = []
    for code in sample:
        for kind in ("demand", "supply"):
            outcomes.append(backtest_and_forecast(series[code][kind], origins=3))
    spent, cpu = time.perf_counter() - started, time.process_time() - cpu
    done = [r for r in outcomes if r is not None]
    beats = sum(r.beats_naive for r in done)
    undefined = sum(r.mase["seasonal_naive"] is None for r in done)
    total_series = sum(1 for c in codes for k in ("demand", "supply") if any(series[c][k]))
    per = spent / len(outcomes)
    print(f"4. forecast + rolling-origin backtest (3 origins × 3 months, seasonal naive / ETS / Theta): "
          f"{len(outcomes)} city-level series ({len(axis)} months) in {spent:.1f} s = {per:.2f} s a series "
          f"({cpu / len(outcomes):.2f} s of CPU a series); "
          f"extrapolated to all {total_series:,} city-level series with data: {per * total_series / 60:.0f} min; "
          f"to the {total_series * args.districts:,} district-level series: "
          f"{per * total_series * args.districts / 3600:.1f} h")
    print(f"   chosen model beats seasonal naive on MASE: {beats} of {len(done)} ({beats / len(done):.0%}); "
          f"MASE of seasonal naive undefined (flat training series): {undefined}")
    by_method: dict[str, int] = {}
    for r in done:
        by_method[r.chosen] = by_method.get(r.chosen, 0) + 1
    print(f"   chosen: {by_method}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--occupations", type=int, default=1639)
    parser.add_argument("--districts", type=int, default=20)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--forecast-sample", type=int, default=40, help="occupations whose 2 series are forecast")
    parser.add_argument("--only", choices=["forecast"], help="measure only the forecast")
    parser.add_argument("--keep", action="store_true", help="keep the database for --reuse")
    parser.add_argument("--reuse", action="store_true", help="use the kept database (made and migrated; the world is written when missing)")
    args = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
           "DJANGO_SETTINGS_MODULE": "gongjiang.config.settings"}
    if not args.reuse:
        subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=True)
        subprocess.run(["psql", ADMIN_URL, "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
        subprocess.run([sys.executable, "-m", "gongjiang.manage", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
        # The whole classification (1,639 level-4 occupations); the platform ships a subset.
        shared = Path(os.environ.get("GONGJIANG_SHARED_DATA", "/work/shared/data"))
        subprocess.run([sys.executable, "-m", "gongjiang.manage", "load_occupations",
                        str(shared / "occupations-2022.csv")], env=env, check=True, cwd=ROOT)
    os.environ.update(DATABASE_URL=env["DATABASE_URL"], DJANGO_SETTINGS_MODULE=env["DJANGO_SETTINGS_MODULE"])
    print(f"started {datetime.now():%Y-%m-%d %H:%M:%S}")
    try:
        measure(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=False)


if __name__ == "__main__":
    main()
