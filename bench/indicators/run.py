"""Benchmark of the indicators (issue 16 "Measure"; ADR 0025).

    flock /tmp/gj-bench.lock .venv/bin/python bench/indicators/run.py [--source gj_bench]
          [--copy gj_indicators_bench] [--requests 100] [--reuse]

Reads the 1,000,000-worker PostgreSQL demo (`--source`, built by another process; waits for
/tmp/gj_bench.ready) through a copy of its own (`CREATE DATABASE --copy TEMPLATE --source`, then
this branch's migrations: the indicator tables and the shipped targets), so the source is never
written. Then, in one run:

1. every base quantity of every area recomputed (`indicators.services.snapshot_refresh`, what the
   background job runs), each query timed on its own as well;
2. the bureau's home page at `/` (bureau_staff of the demo district, then bureau_admin), Django
   test client in process, `--requests` warm requests each after 10 warm-ups: p50 / p95 / max;
3. the first view of the year with no snapshot stored (the page computes and stores it): why the
   page reads a snapshot rather than the records;
4. the monthly bulletin of the demo district for last month, PDF and Excel, `--bulletins` each.

Prints nproc, memory and `uptime` beside the figures. Target: p95 <= 300 ms warm; recompute <= 30 s; bulletin PDF <= 15 s.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def sh(cmd: str) -> str:
    return subprocess.run(cmd, shell=True, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S602


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def copy_database(source: str, copy: str) -> None:
    ready = Path("/tmp/gj_bench.ready")
    waited = 0
    while source == "gj_bench" and not ready.exists():
        if waited % 60 == 0:
            print(f"waiting for {ready} …", flush=True)
        time.sleep(10)
        waited += 10
    t0 = time.perf_counter()
    subprocess.run(["psql", ADMIN_URL, "-c", f"DROP DATABASE IF EXISTS {copy}"], check=True, capture_output=True)
    subprocess.run(["psql", ADMIN_URL, "-c", f"CREATE DATABASE {copy} TEMPLATE {source}"], check=True,
                   capture_output=True)
    print(f"copied {source} → {copy} in {time.perf_counter() - t0:.1f} s", flush=True)


SYNTHETIC_SQL = """
INSERT INTO registry_enterprise (uscc, name, district_id, size, ownership, address, contact_name, contact_phone,
                                 created_at, updated_at)
SELECT 'B' || lpad(g::text, 17, '0'), '舟山基准企业' || g,
       (SELECT id FROM reference_division WHERE code = (ARRAY['330902','330902','330902','330902','330902',
        '330902','330902','330903','330921','330922'])[1 + g % 10]),
       'medium', 'private', '', '', '', now(), now()
FROM generate_series(1, __ENTERPRISES__) g;
INSERT INTO registry_worker (id_number_sealed, id_number_hash, id_number_masked, name, sex, birth_date,
                             native_region_code, ss_card_sealed, ss_card_masked, phone_sealed, phone_masked,
                             residence_district_id, discoverable, created_at, updated_at)
SELECT ''::bytea, md5(g::text) || md5((g * 7)::text), '330902********' || lpad((g % 10000)::text, 4, '0'),
       '基准' || g, CASE WHEN g % 2 = 0 THEN 'M' ELSE 'F' END, date '1970-01-01' + (g % 12000),
       '330902', ''::bytea, '', ''::bytea, '',
       (SELECT id FROM reference_division WHERE code = '330902'), false, now(), now()
FROM generate_series(1, __WORKERS__) g;
-- 90% in a main job (5% of those ended last year), enterprise by worker id
INSERT INTO registry_employment (worker_id, enterprise_id, post, is_front_line, is_second_job, start_date, end_date)
SELECT w.id, (SELECT min(id) FROM registry_enterprise) + (w.id % __ENTERPRISES__), '', true, false,
       date '2015-01-01' + (w.id % 3000)::int, CASE WHEN w.id % 20 = 0 THEN date '2025-06-30' END
FROM registry_worker w WHERE w.id % 10 <> 0;
-- 45% hold a certificate (grade 2..6, issued 2016..2026), 15% a second one of a higher grade
INSERT INTO registry_certificate (worker_id, number, kind, grade, issuer, issued_on, created_at, ability_name)
SELECT w.id, 'B' || w.id, 'skill_grade', 2 + (w.id % 5), '基准评价机构', date '2016-01-01' + (w.id % 3990)::int, now(), ''
FROM registry_worker w WHERE w.id % 20 < 9;
INSERT INTO registry_certificate (worker_id, number, kind, grade, issuer, issued_on, created_at, ability_name)
SELECT w.id, 'C' || w.id, 'skill_grade', 5 + (w.id % 2), '基准评价机构', date '2024-01-01' + (w.id % 1060)::int, now(), ''
FROM registry_worker w WHERE w.id % 20 < 3;
-- subsidised training: 40% of workers, dates over 2023..2026
INSERT INTO registry_trainingrecord (worker_id, institution_name, programme, start_date, end_date, completed,
                                     subsidised)
SELECT w.id, '基准培训机构', '焊工', date '2023-01-01' + (w.id % 1400)::int, date '2023-01-10' + (w.id % 1400)::int,
       true, true
FROM registry_worker w WHERE w.id % 5 < 2;
"""


def synthetic_build(url: str, name: str, workers: int, env: dict) -> None:
    """A database of `workers` workers written with SQL (no sealing: the indicators never read it)."""
    t0 = time.perf_counter()
    subprocess.run(["psql", ADMIN_URL, "-c", f"DROP DATABASE IF EXISTS {name}"], check=True, capture_output=True)
    subprocess.run(["psql", ADMIN_URL, "-c", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "gongjiang.manage", "migrate", "--noinput"], env=env, check=True,
                   capture_output=True, cwd=ROOT)
    sql = SYNTHETIC_SQL.replace("__WORKERS__", str(workers)).replace("__ENTERPRISES__", str(max(10, workers // 100)))
    done = subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-c", sql], capture_output=True, text=True)
    if done.returncode:
        sys.exit(done.stderr)
    code = ("from gongjiang.accounts.models import User, Role; from gongjiang.reference.models import Division; "
            "d = Division.objects.get(code='330902'); "
            "User.objects.create_user('bureau_admin', password='x', role=Role.BUREAU_ADMIN, is_staff=True); "
            "User.objects.create_user('bureau_staff', password='x', role=Role.BUREAU_STAFF, district=d)")
    subprocess.run([sys.executable, "-m", "gongjiang.manage", "shell", "-c", code], env=env, check=True,
                   capture_output=True, cwd=ROOT)
    print(f"built {name} with {workers:,} workers in {time.perf_counter() - t0:.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", default="gj_bench")
    parser.add_argument("--copy", default="gj_indicators_bench")
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--live-requests", type=int, default=1)
    parser.add_argument("--bulletins", type=int, default=3, help="bulletins of each format made and timed")
    parser.add_argument("--bulletin-area", default="", help="area code (default: bureau_staff's district)")
    parser.add_argument("--reuse", action="store_true", help="use the copy as it is (no new copy, no migrate)")
    parser.add_argument("--synthetic", type=int, default=0, metavar="N",
                        help="instead of copying --source, build a database of N workers with SQL (for when the "
                             "demo database is not there): Zhoushan's four districts, 70%% in Dinghai")
    args = parser.parse_args()

    url = f"postgres://postgres@127.0.0.1:5432/{args.copy}"
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    print(f"nproc {sh('nproc')}; {sh('free -g | sed -n 2p')}; load before: {sh('uptime')}", flush=True)
    if args.synthetic and not args.reuse:
        synthetic_build(url, args.copy, args.synthetic, env)
    elif not args.reuse:
        copy_database(args.source, args.copy)
        subprocess.run([sys.executable, "-m", "gongjiang.manage", "migrate", "--noinput"], env=env, check=True,
                       capture_output=True, cwd=ROOT)
        subprocess.run(["psql", url, "-c", "ANALYZE"], check=True, capture_output=True)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="gongjiang.config.settings")
    os.environ.setdefault("GONGJIANG_FAST_PASSWORD_HASHER", "1")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client
    from django.utils import timezone

    from gongjiang.accounts.models import User
    from gongjiang.indicators import queries
    from gongjiang.indicators.catalogue import DESIGNATION_TITLES
    from gongjiang.indicators.models import IndicatorSnapshot
    from gongjiang.indicators.services import snapshot_refresh
    from gongjiang.registry.models import Certificate, TrainingRecord, Worker

    on = timezone.localdate()
    print(f"workers {Worker.objects.count():,}; certificates {Certificate.objects.count():,}; "
          f"training records {TrainingRecord.objects.count():,}; reference date {on}", flush=True)

    print("\n1. recompute every indicator of every area", flush=True)
    for name, call in [("people (skilled, high-skilled, by area)", lambda: queries.people(on)),
                       ("employed in the registry", lambda: queries.employed_in_registry(on)),
                       ("training person-times / persons", lambda: queries.training(on)),
                       ("certificates by year and grade", lambda: queries.certificates(on)),
                       ("designations", lambda: queries.designations(on, DESIGNATION_TITLES)),
                       ("subsidy paid (ledger)", lambda: queries.subsidy(on)),
                       ("middle-income share (income snapshot)", lambda: queries.middle_income(on.year)),
                       ("bureau-entered figures", lambda: queries.figures(on.year))]:
        t0 = time.perf_counter()
        call()
        print(f"  {name:42s} {time.perf_counter() - t0:7.2f} s", flush=True)
    t0 = time.perf_counter()
    snapshot_refresh(on=on)
    total = time.perf_counter() - t0
    print(f"  snapshot_refresh (all of it, stored)       {total:7.2f} s   target <= 30 s   load: {sh('uptime')}",
          flush=True)

    print("\n2. bureau home page at / (reads the snapshot)", flush=True)
    results = {}
    for username in ("bureau_staff", "bureau_admin"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for _ in range(10):
            assert client.get("/").status_code == 200
        times = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            response = client.get("/")
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        results[username] = times
        print(f"  {username:14s} n={len(times)} p50 {statistics.median(times):7.1f} ms  p95 {pct(times, 95):7.1f} ms"
              f"  max {max(times):7.1f} ms   load: {sh('uptime')}", flush=True)

    print("\n3. the first view with no snapshot stored (computes and stores it)", flush=True)
    client = Client()
    client.force_login(User.objects.get(username="bureau_staff"))
    live = []
    for _ in range(args.live_requests):
        IndicatorSnapshot.objects.all().delete()
        t0 = time.perf_counter()
        client.get("/")
        live.append((time.perf_counter() - t0) * 1000)
    print(f"  first view    n={len(live)} median {statistics.median(live):9.1f} ms", flush=True)

    print("\n4. the monthly bulletin of the demo district (what `gongjiang bulletin` and the job run)", flush=True)
    from gongjiang.indicators.bulletin import bulletin_content, render

    snapshot_refresh(on=on)
    month = (on.year, on.month - 1) if on.month > 1 else (on.year - 1, 12)
    area = args.bulletin_area or User.objects.get(username="bureau_staff").district.code
    for file_format in ("pdf", "xlsx"):
        times = []
        for _ in range(args.bulletins):
            t0 = time.perf_counter()
            data = render(bulletin_content(area, *month), file_format)
            times.append(time.perf_counter() - t0)
        print(f"  {file_format:5s} {area} {month[0]}-{month[1]:02d}  n={len(times)} median {statistics.median(times):6.2f} s"
              f"  max {max(times):6.2f} s  {len(data):,} bytes  target (PDF) <= 15 s   load: {sh('uptime')}", flush=True)
    print(f"\nload after: {sh('uptime')}")


if __name__ == "__main__":
    main()
