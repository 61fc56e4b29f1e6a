"""Benchmark of the monthly incentive run (issue 5 "What it must show").

    ./run bench incentives [--workers 1000000] [--month 2025-12] [--sample 500] [--keep] [--reuse]

(`./run bench` installs the `bench` extra first; with it installed, `.venv/bin/python
bench/incentives/run.py …` is the same.) Needs PostgreSQL on 127.0.0.1:5432 (user postgres).
Creates the scratch database gj_incentives_bench, migrates it and loads the demo district with
`demo_load --workers N` (1,000,000: about 15 minutes), or with --reuse takes the one a --keep run
left. Dropped at the end unless --keep. The smallest run that starts every step:
`./run bench incentives --workers 2000 --sample 5`. It then measures, in one run:

1. the whole monthly run: facts read, every published automatic policy decided, decisions and
   claims written (COPY), the month's found claims treated as confirmed, reviewed and past their
   public notice (one UPDATE — people's steps are not what is measured), and the payment batch
   with its ledger entries written;
2. the decision step alone (facts read + conditions + amounts, no writes), set-based;
3. the same decisions record by record through the single-case path (`worker_ids=[one]`) for a
   random sample of candidates, extrapolated to all candidates; the sampled outcomes are compared
   with the set-based ones.

Prints the figures, the ratio against the record-by-record baseline, and nproc / free -g / uptime.
Only ever writes to gj_incentives_bench (it empties that database's incentive tables first).
"""

import argparse
import os
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "gj_incentives_bench"

TABLES = ["incentives_ledgerentry", "incentives_claimevent", "incentives_objection", "incentives_claim",
          "incentives_decision", "incentives_decisionrun", "incentives_paymentbatch"]


def machine() -> str:
    def run(*cmd):
        return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603

    return f"nproc={run('nproc')}\n{run('free', '-g')}\nuptime: {run('uptime')}"


def prepare(args, env: dict) -> None:
    subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=True)
    subprocess.run(["psql", ADMIN_URL, "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
    manage = [sys.executable, "-m", "gongjiang.manage"]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    started = time.perf_counter()
    subprocess.run([*manage, "demo_load", "--workers", str(args.workers), "--quiet", "--no-search-index"], env=env, check=True, cwd=ROOT)
    print(f"demo_load --workers {args.workers}: {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=1_000_000, help="demo workers to load (default 1,000,000)")
    parser.add_argument("--month", default="2025-12", help="month decided (YYYY-MM)")
    parser.add_argument("--sample", type=int, default=500, help="workers decided record by record")
    parser.add_argument("--keep", action="store_true", help=f"keep {DB_NAME} for a later --reuse")
    parser.add_argument("--reuse", action="store_true", help=f"use the {DB_NAME} a --keep run left")
    args = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
           "DJANGO_SETTINGS_MODULE": "gongjiang.config.settings"}
    if not args.reuse:
        prepare(args, env)
    os.environ.update(DATABASE_URL=env["DATABASE_URL"], DJANGO_SETTINGS_MODULE=env["DJANGO_SETTINGS_MODULE"])
    try:
        measure(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=False)


def measure(args) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from gongjiang.incentives import services
    from gongjiang.incentives.decide import decisions_compute
    from gongjiang.incentives.models import Claim, ClaimMode, ClaimStatus, LedgerEntry, PolicyVersion
    from gongjiang.registry.models import Worker

    assert connection.settings_dict["NAME"] == DB_NAME  # never empties another database
    year, month = (int(x) for x in args.month.split("-"))
    period = date(year, month, 1)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")  # noqa: S608
    workers = Worker.objects.count()
    print(f"workers in the registry: {workers:,}; month {period:%Y-%m}")
    print("machine before:\n" + machine())
    versions = list(PolicyVersion.objects.filter(status="published", policy__mode=ClaimMode.AUTOMATIC)
                    .select_related("policy", "policy__document"))
    versions = [v for v in versions if v.policy.document.applies_from <= period
                and (v.policy.document.expires_on is None or v.policy.document.expires_on >= period)]

    # 1. the whole run
    started = time.perf_counter()
    runs = [services.decisions_record(version=v, period_start=period) for v in versions]
    t_decided = time.perf_counter()
    found = Claim.objects.filter(status=ClaimStatus.AWAITING_CONFIRMATION).update(
        status=ClaimStatus.PAYABLE, account_masked="6222****0000")
    batch = services.claims_pay_due(today=date(year, month, 28))
    whole = time.perf_counter() - started
    decisions = sum(r.decisions for r in runs)
    entries = LedgerEntry.objects.count()
    print(f"\n1. whole run: {whole:.1f} s — {decisions:,} decisions, {found:,} claims, {entries:,} ledger entries "
          f"({batch.total if batch else 0} 元); deciding+writing {t_decided - started:.1f} s, paying "
          f"{whole - (t_decided - started):.1f} s")
    for v, r in zip(versions, runs, strict=True):
        print(f"   {v.policy.code:42s} {r.decisions:>9,} decisions {r.eligible:>8,} eligible {r.amount:>14} 元")

    # 2. the decision step alone, set-based
    started = time.perf_counter()
    bulk = {v.pk: decisions_compute(v, period) for v in versions}
    t_bulk = time.perf_counter() - started
    candidates = sum(len(o) for o in bulk.values())
    print(f"\n2. decision step, set-based: {t_bulk:.1f} s for {candidates:,} decisions")

    # 3. record by record, single-case path, on a sample of candidate workers
    by_worker = {}
    for v in versions:
        for o in bulk[v.pk]:
            if o.row.worker_id:
                by_worker.setdefault(o.row.worker_id, []).append((v.pk, o))
    rng = random.Random(5)
    sample = rng.sample(sorted(by_worker), min(args.sample, len(by_worker)))
    mismatches = 0
    started = time.perf_counter()
    for worker_id in sample:
        for v in versions:
            single = decisions_compute(v, period, worker_ids=[worker_id])
            expected = {(o.row.period, o.eligible, o.entitled) for vpk, o in by_worker[worker_id] if vpk == v.pk}
            got = {(o.row.period, o.eligible, o.entitled) for o in single}
            mismatches += expected != got
    t_sample = time.perf_counter() - started
    per_record = t_sample / len(sample)
    extrapolated = per_record * len(by_worker)
    print(f"\n3. record by record: {len(sample)} sampled workers in {t_sample:.1f} s = {per_record * 1000:.1f} ms "
          f"per worker (all {len(versions)} policies); × {len(by_worker):,} candidate workers ≈ {extrapolated:,.0f} s")
    print(f"   sampled outcomes differing from the set-based run: {mismatches}")
    print(f"\nratio decision step (record by record ÷ set-based): {extrapolated / t_bulk:,.0f}×  (target ≥ 20×)")
    print(f"whole run: {whole:.1f} s  (target ≤ 60 s)")
    print("machine after:\n" + machine())


if __name__ == "__main__":
    main()
