"""Benchmark of income monitoring (issue 6 "What it must show"): 10,000,000 worker-year income
records, one year of a large city.

    ./run bench income [--rows 10000000] [--dir /tmp/gj_income_bench]

(`./run bench` installs the `bench` extra — DuckDB for the baseline — first; with it installed,
`.venv/bin/python bench/income/run.py …` is the same.) Runs on files and SQLite, no server. The
snapshot file is kept in --dir for the next run. The smallest run that starts every measurement:
`./run bench income --rows 20000`.

Measured, each in its own subprocess so that peak memory (VmHWM of that process) is its own:
1. ours: the full publication table — every occupation × grade × district cell with P10/P25/P50/
   P75/P90, mean, the Zhejiang tails, enterprise counts, primary and secondary suppression —
   `gongjiang.income.analysis.wage_table(by="district")` over the columnar snapshot;
2. pandas: `groupby([occupation, grade, district])["pay"].quantile([...])` plus mean and count;
3. DuckDB: `quantile_cont(pay, [...])`, avg, count GROUP BY the same keys, on an in-memory table;
4. the interactive API: GET /api/v1/income/wage-levels with an occupation subtree and a district,
   through Django's test client (URL routing, auth, selector, JSON), 200 random queries, p50/p95;
   the rows of the year's jointly protected by-district table (issue 11 §2);
4b. protection (issue 11 §2, ADR 0020): the cost of the cross-table suppression — every table the
   year publishes (occupation levels × city, district, industry) and their joint protection, as
   `wages build` runs it once per snapshot;
5. with `--spark` (issue 18 §5, ADR 0015): the same publication table on Spark in local mode
   (`gongjiang.income.spark.wage_table`, local[2] by default, `--spark-master` to change), from the
   same file, checked cell by cell against ours (statuses, counts, quantiles, means).
Compute times: median and minimum of 5-7 runs after one warm-up (Spark: 3); load times are reported
separately. `--only ours,spark` runs only the measurements named.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.extras import extra_check  # noqa: E402

PS = [0.1, 0.25, 0.5, 0.75, 0.9]


def generate(rows: int, path: Path) -> dict:
    """Synthetic city: 1,500 occupations (Zipf sizes), grades 0-6, 16 districts, 300,000 enterprises
    (each in one district and industry), log-normal pay with overtime."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjiang.config.settings")
    import django

    django.setup()
    from gongjiang.income.store import snapshot_write

    rng = np.random.default_rng(2026)
    majors = ["1", "2", "3", "4", "5", "6", "7", "8"]
    codes = sorted({f"{rng.choice(majors)}-{rng.integers(1, 40):02d}-{rng.integers(1, 20):02d}-{i % 99 + 1:02d}"
                    for i in range(1600)})[:1500]
    weights = 1 / np.arange(1, len(codes) + 1) ** 0.8
    occ = rng.choice(len(codes), rows, p=weights / weights.sum())
    n_ent = 300_000
    ent_district = rng.integers(0, 16, n_ent)
    ent_industry = rng.integers(0, 20, n_ent)
    enterprise = (rng.pareto(1.1, rows) * 1000).astype(np.int64) % n_ent
    grade = rng.choice(7, rows, p=[0.5, 0.02, 0.15, 0.15, 0.12, 0.04, 0.02]).astype(np.int8)
    pay = (rng.lognormal(11.6, 0.45, rows) * (1 + 0.12 * grade) * 100).astype(np.int64)
    overtime = (pay * rng.uniform(0, 0.1, rows)).astype(np.int64)
    districts = np.asarray([f"3101{d:02d}" for d in range(1, 17)])
    industries = np.asarray(list("ABCDEFGHIJKLMNOPQRST"))
    t = time.perf_counter()
    snapshot_write({
        "worker": np.arange(rows, dtype=np.int64), "occupation_code": np.asarray(codes)[occ], "grade": grade,
        "district_code": districts[ent_district[enterprise]], "industry_code": industries[ent_industry[enterprise]],
        "enterprise": enterprise, "soe": rng.random(rows) < 0.1, "pay": pay, "overtime": overtime,
        "bonus": np.zeros(rows, dtype=np.int64), "months": np.full(rows, 12, dtype=np.int8),
        "weight": np.ones(rows), "survey": np.zeros(rows, dtype=bool), "manager": occ < 0,
    }, year=2024, path=path)
    return {"build_seconds": round(time.perf_counter() - t, 1), "file_mb": round(path.stat().st_size / 2**20, 1)}


def _timed(fn, repeat=7):
    """Median and minimum of `repeat` runs after one warm-up (the machine is shared: the minimum
    shows the cost without other processes' interference, the median what a user sees)."""
    fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return (statistics.median(times), min(times)), result


def measure_ours(path: Path) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjiang.config.settings")
    import django

    django.setup()
    from gongjiang.income.analysis import wage_table
    from gongjiang.income.store import snapshot_read

    t = time.perf_counter()
    snap = snapshot_read(path)
    for name in ("occ_idx", "grade", "district_idx", "pay", "base_monthly_cellsorted", "weight", "survey",
                 "ent_first", "ent_rows"):
        snap.columns[name]
    load = time.perf_counter() - t
    (seconds, best), table = _timed(lambda: wage_table(snap, by="district"))
    hidden = int(sum(1 for s in table.status if s not in ("published", "caution")))
    cells = ~table.is_total
    np.save(path.parent / "ours_p50.npy", np.sort(table.quantiles[cells, 2]))
    _save_table(path.parent / "ours_table.npz", table)
    return {"load_seconds": load, "seconds": seconds, "min_seconds": best, "cells": len(table), "hidden": hidden}


def measure_protection(path: Path) -> dict:
    """Issue 11 §2: the year's published family (occupation as recorded and at levels 3–1 × city,
    district, industry; level 4 is the table as recorded) and its joint secondary suppression, as
    `wages build` runs it once per snapshot."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjiang.config.settings")
    import django

    django.setup()
    from gongjiang.income import analysis, disclosure, protection
    from gongjiang.income.store import snapshot_read

    snap = snapshot_read(path)
    for name in ("occ_idx", "grade", "district_idx", "industry_idx", "pay", "base_monthly", "base_monthly_cellsorted",
                 "weight", "survey", "ent_first", "ent_rows", "ent_pay", "enterprise"):
        snap.columns[name]
    t = time.perf_counter()
    tables = protection.family_compute(lambda **kw: analysis.wage_table(snap, **kw), snap.occupation_codes)
    family = time.perf_counter() - t
    t = time.perf_counter()
    base = protection.base_cells(snap)
    joint = protection.protect(tables, base)
    protect = time.perf_counter() - t
    names = list({id(table): name for name, table in reversed(tables.items())}.values())  # level 4 = as recorded
    hidden_alone = sum(int(np.isin(tables[n].status, list(disclosure.HIDDEN)).sum()) for n in names)
    rows = sum(len(tables[n]) for n in names)
    hidden_joint = sum(int(np.isin(joint[n].status, list(disclosure.HIDDEN)).sum()) for n in names)
    district = joint[(None, "district")]
    return {"family_seconds": family, "protect_seconds": protect, "tables": len(names), "rows": rows,
            "base_cells": len(base.occupation), "hidden_tables_alone": hidden_alone, "hidden_joint": hidden_joint,
            "district_table_hidden_joint": int(np.isin(district.status, list(disclosure.HIDDEN)).sum()),
            "district_table_rows": len(district)}


def _save_table(target: Path, table) -> None:
    np.savez(target, status=table.status.astype(str), count=table.count, quantiles=table.quantiles,
             mean=table.mean, zj_low=table.zj_low, zj_high=table.zj_high, occupation=table.occupation.astype(str),
             group=table.group.astype(str), grade=table.grade)


def measure_spark(path: Path) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjiang.config.settings")
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    import django

    django.setup()
    from gongjiang.income import spark as spark_engine

    master = os.environ.get("BENCH_SPARK_MASTER", "local[2]")
    t = time.perf_counter()
    session = spark_engine.session(master=master, conf={
        "spark.ui.enabled": "false", "spark.driver.memory": "4g", "spark.sql.shuffle.partitions": "8",
        "spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"})
    startup = time.perf_counter() - t
    (seconds, best), table = _timed(lambda: spark_engine.wage_table(str(path), by="district", spark=session),
                                    repeat=3)
    _save_table(path.parent / "spark_table.npz", table)
    session.stop()
    return {"master": master, "startup_seconds": startup, "seconds": seconds, "min_seconds": best,
            "cells": len(table), "shuffle_partitions": 8, "driver_memory": "4g"}


def measure_pandas(path: Path) -> dict:
    import pyarrow.parquet as pq

    t = time.perf_counter()
    df = pq.read_table(path, columns=["occ_idx", "grade", "district_idx", "pay"]).to_pandas()
    load = time.perf_counter() - t

    def run():
        g = df.groupby(["occ_idx", "grade", "district_idx"], sort=True)["pay"]
        return g.quantile(PS), g.mean(), g.size()

    (seconds, best), (_q, _mean, size) = _timed(run, repeat=5)
    return {"load_seconds": load, "seconds": seconds, "min_seconds": best, "cells": int(len(size))}


def measure_duckdb(path: Path) -> dict:
    import duckdb

    con = duckdb.connect()
    t = time.perf_counter()
    con.execute(f"CREATE TABLE t AS SELECT occ_idx, grade, district_idx, pay FROM read_parquet('{path}')")
    load = time.perf_counter() - t
    sql = ("SELECT occ_idx, grade, district_idx, quantile_cont(pay, [0.1, 0.25, 0.5, 0.75, 0.9]) AS q, "
           "avg(pay), count(*) FROM t GROUP BY occ_idx, grade, district_idx")
    (seconds, best), rows = _timed(lambda: con.execute(sql).fetchall(), repeat=5)
    np.save(path.parent / "duckdb_p50.npy", np.sort(np.asarray([r[3][2] for r in rows], dtype=np.float64)))
    return {"load_seconds": load, "seconds": seconds, "min_seconds": best, "cells": len(rows), "threads": con.execute(
        "SELECT current_setting('threads')").fetchone()[0]}


def measure_api(path: Path) -> dict:
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="gj_income_api_"))
    os.environ["GONGJIANG_SQLITE_PATH"] = str(scratch / "db.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjiang.config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from gongjiang.accounts.models import Role, User
    from gongjiang.income.store import snapshot_read

    call_command("migrate", verbosity=0)
    settings.INCOME_DATA_DIR = str(path.parent)
    settings.ALLOWED_HOSTS = ["*"]
    (path.parent / "income_2024.parquet").unlink(missing_ok=True)
    (path.parent / "income_2024.protection.npz").unlink(missing_ok=True)
    (path.parent / "income_2024.parquet").symlink_to(path)
    user = User.objects.create_user(username="stat", password="x-Passw0rd!", role=Role.BUREAU_ADMIN)
    client = Client()
    client.force_login(user)
    snap = snapshot_read(path.parent / "income_2024.parquet")
    prefixes = sorted({"-".join(c.split("-")[:2]) for c in snap.occupation_codes})
    rng = np.random.default_rng(1)
    urls = [f"/api/v1/income/wage-levels?year=2024&by=district&occupation={rng.choice(prefixes)}"
            f"&district={rng.choice(snap.district_codes)}" for _ in range(200)]
    t = time.perf_counter()
    client.get(urls[0])  # warm-up: loads the columns once, as a running server holds them (and builds the
    warm_up = time.perf_counter() - t  # year's joint protection when `wages build` has not stored it)
    times, sizes = [], []
    for url in urls:
        t = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t)
        assert response.status_code == 200, response.content[:200]
        sizes.append(len(response.json()))
    times.sort()
    return {"p50": times[len(times) // 2], "p95": times[int(len(times) * 0.95) - 1], "max": times[-1],
            "mean_rows": statistics.mean(sizes), "queries": len(urls), "warm_up_seconds": warm_up}


def peak_rss_mb() -> float:
    """Peak resident set of this process: VmHWM from /proc/self/status (reset at exec, unlike
    ru_maxrss, which Linux carries over from the parent across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(kind: str, path: Path) -> None:
    result = {"ours": measure_ours, "pandas": measure_pandas, "duckdb": measure_duckdb, "api": measure_api,
              "spark": measure_spark, "protection": measure_protection}[kind](path)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def _same_tables(a: Path, b: Path) -> bool:
    """Cell by cell: codes, counts and statuses equal; figures equal (NaN = NaN)."""
    x, y = np.load(a), np.load(b)
    return all(np.array_equal(x[k], y[k], equal_nan=x[k].dtype.kind == "f") for k in x.files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000, help="worker-year income records")
    parser.add_argument("--dir", default="/tmp/gj_income_bench", help="where the snapshot file is written")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--spark", action="store_true", help="also the table on Spark local[2] (the spark extra)")
    parser.add_argument("--spark-master", default="local[2]", help="Spark master for --spark (default local[2])")
    parser.add_argument("--only", default="", help="comma-separated: ours,pandas,duckdb,protection,api,spark")
    args = parser.parse_args()
    os.environ["BENCH_SPARK_MASTER"] = args.spark_master
    only = set(filter(None, args.only.split(",")))
    if not args.child and (not only or only & {"pandas", "duckdb"}):
        extra_check(*[m for m in ("duckdb", "pandas") if not only or m in only])
    folder = Path(args.dir)
    path = folder / f"city_{args.rows}.parquet"
    if args.child:
        child(args.child, path)
        return
    folder.mkdir(parents=True, exist_ok=True)
    facts = {"rows": args.rows}
    if not path.exists():
        facts.update(generate(args.rows, path))
    facts["machine"] = {"nproc": os.cpu_count(),
                        "free_g": subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.split("\n")[1],
                        "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}
    results = {}
    kinds = ["ours", "pandas", "duckdb", "protection", "api"] + (["spark"] if args.spark else [])
    if args.only:
        kinds = [k for k in args.only.split(",") if k]
    for kind in kinds:
        out = subprocess.run([sys.executable, __file__, "--rows", str(args.rows), "--dir", str(folder), "--child", kind],
                             capture_output=True, text=True, cwd=ROOT)
        if out.returncode:
            print(out.stderr[-3000:])
            raise SystemExit(f"{kind} failed")
        results[kind] = json.loads(out.stdout.strip().splitlines()[-1])
    if {"ours", "duckdb"} <= set(results):
        ours_p50, duck_p50 = (np.load(folder / f"{k}_p50.npy") for k in ("ours", "duckdb"))
        facts["same_medians_as_duckdb"] = bool(len(ours_p50) == len(duck_p50) and np.allclose(ours_p50, duck_p50))
    if {"ours", "spark"} <= set(results):
        facts["spark_same_table_as_ours"] = _same_tables(folder / "ours_table.npz", folder / "spark_table.npz")
    facts["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(json.dumps({**facts, **results}, indent=2, ensure_ascii=False))
    if "spark" in results and "ours" in results:
        spark, ours = results["spark"], results["ours"]
        print(f"\nSpark {spark['master']}: full table median {spark['seconds']:.1f} s (min {spark['min_seconds']:.1f} s), "
              f"session start {spark['startup_seconds']:.1f} s; ours {ours['seconds']:.3f} s: Spark is "
              f"×{spark['seconds'] / ours['seconds']:.0f} slower on this machine")
    if not {"ours", "pandas", "duckdb", "api"} <= set(results):
        return
    ours = results["ours"]["seconds"]
    print(f"\nfull publication table (median): {ours:.3f} s (target ≤ 0.5 s); "
          f"pandas {results['pandas']['seconds']:.3f} s (×{results['pandas']['seconds'] / ours:.1f}); "
          f"DuckDB {results['duckdb']['seconds']:.3f} s (×{results['duckdb']['seconds'] / ours:.1f})")
    best = results["ours"]["min_seconds"]
    print(f"full publication table (min): {best:.3f} s; pandas {results['pandas']['min_seconds']:.3f} s; "
          f"DuckDB {results['duckdb']['min_seconds']:.3f} s")
    print(f"interactive API p95: {results['api']['p95'] * 1000:.0f} ms (target ≤ 200 ms)")
    if "protection" in results:
        p = results["protection"]
        print(f"cross-table suppression (once per snapshot, at wages build): family of {p['tables']} tables "
              f"{p['family_seconds']:.1f} s + joint protection {p['protect_seconds']:.1f} s; hidden rows "
              f"{p['hidden_tables_alone']} (each table alone) → {p['hidden_joint']} (together) of {p['rows']}")
    print("peak RSS per process (MB, VmHWM): " + ", ".join(f"{k} {v['peak_rss_mb']:.0f}" for k, v in results.items()))


if __name__ == "__main__":
    main()
