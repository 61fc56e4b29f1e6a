"""Talent search benchmark (issue 4): PostgreSQL, N workers from the demo generator, a mixed set of
realistic queries through the API (Django test Client → /api/v1/search/workers, full request with
session, scope, facets and audit), against the same queries done the naive way (Django ORM
`icontains` / join filters on the registry tables) in the same run.

    ./run bench search --workers 1000000 [--queries 240] [--keep] [--reuse]

(`./run bench` sets up .venv with the `bench` extra first; with it installed, `.venv/bin/python
bench/search/run.py …` is the same.) Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and
psql. The smallest run that starts every step: `./run bench search --workers 2000 --queries 10`.

Creates a scratch database gj_search_bench (dropped at the end unless --keep; --reuse skips
creation, loading and indexing). Prints machine, load, index sizes, p50/p95 and the ratio.
Naive queries are cut off at --naive-timeout seconds (statement_timeout); a cut-off counts as the
timeout, so the reported ratio is a lower bound.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "gj_search_bench"


def sh(cmd: str) -> str:
    return subprocess.run(cmd, shell=True, capture_output=True, text=True).stdout.strip()


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "gongjiang.manage", *args], env=env, check=True, cwd=ROOT)


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def prepare(args, env: dict) -> None:
    subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=True)
    subprocess.run(["psql", ADMIN_URL, "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
    manage(env, "migrate", "-v0")
    t0 = time.perf_counter()
    manage(env, "demo_load", "--workers", str(args.workers), "--seed", "7", "--quiet", "--no-search-index")
    print(f"demo_load --workers {args.workers}: {time.perf_counter() - t0:.0f} s")
    t0 = time.perf_counter()
    manage(env, "search_reindex", "--rebuild-index", "--quiet", "--batch-size", "5000")
    print(f"search_reindex (documents + GIN index): {time.perf_counter() - t0:.0f} s")


def queries_make(n: int, seed: int) -> list[tuple[str, dict]]:
    """(actor username, API parameters): what HR clerks and bureau staff type, drawn from the data."""
    from django.db.models import Count

    from gongjiang.reference.models import Occupation
    from gongjiang.registry.models import Certificate, Enterprise, Honour, Worker
    from gongjiang.search.terms import name_initials

    rng = random.Random(seed)
    top_occ = [c for c, _ in Certificate.objects.filter(occupation__isnull=False).values_list("occupation__code")
               .annotate(n=Count("*")).order_by("-n")[:40]]
    occ_names = dict(Occupation.objects.filter(code__in=top_occ).values_list("code", "name"))
    groups = sorted({c.rsplit("-", 1)[0] for c in top_occ} | {"-".join(c.split("-")[:2]) for c in top_occ})
    max_id = Worker.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    names = [Worker.objects.filter(pk__gte=rng.randint(1, max_id)).values_list("name", flat=True).first() or "张伟"
             for _ in range(40)]
    # Drawn with the seeded generator (not ORDER BY random()), so every run asks the same queries.
    max_firm = Enterprise.objects.order_by("-pk").values_list("pk", flat=True).first() or 1
    firms = [name for name in (Enterprise.objects.filter(pk__gte=rng.randint(1, max_firm)).order_by("pk")
                               .values_list("name", flat=True).first() for _ in range(40)) if name]
    firm_words = []
    for firm in firms:
        core = firm.replace("舟山", "").replace("定海", "").replace("有限公司", "").replace("市", "")
        if len(core) >= 4:
            start = rng.randint(0, len(core) - 4)
            firm_words.append(core[start:start + rng.choice([2, 3, 4])])
    honours = list(Honour.objects.values_list("title", flat=True).distinct()[:10]) or ["技术能手"]
    industries = list(Enterprise.objects.exclude(industry=None).values_list("industry__code", flat=True)
                      .distinct()[:20]) or [""]
    text_words = ["焊工", "数控车床", "电工", "维修电工", "钳工", "船舶", "焊接", "数控", "电焊工", "装配",
                  "养殖", "水产", "厨师", "汽车维修", "叉车"]
    grades = ["3", "4", "4", "5", "6"]
    district = "330902"

    def one() -> tuple[str, dict]:
        kind = rng.randrange(12)
        hr = rng.random() < 0.6
        actor = "hr" if hr else rng.choice(["bureau_staff", "bureau_admin"])
        occ = rng.choice(top_occ) if top_occ else ""
        if kind == 0:
            return actor, {"occupation": occ, "grade_min": rng.choice(grades), "district": district}
        if kind == 1:
            return actor, {"q": f"{occ_names.get(occ, '焊工')} {rng.choice(['高级工', '技师', '中级工'])}"}
        if kind == 2:
            return actor, {"q": rng.choice(text_words)}
        if kind == 3:
            return actor, {"q": rng.choice(firm_words or ["船舶"])}
        if kind == 4:
            return "bureau_staff", {"q": name_initials(rng.choice(names))[:3]}
        if kind == 5:
            return actor, {"occupation": rng.choice(groups), "years_min": rng.choice(["3", "5", "10"])}
        if kind == 6:
            return "bureau_staff", {"grade_min": rng.choice(["5", "6"]), "honours": True}
        if kind == 7:
            return actor, {"occupation": occ, "age_min": "25", "age_max": str(rng.choice([35, 40, 45])),
                           "district": district, "nearby": True}
        if kind == 8:
            return actor, {"industry": rng.choice(industries), "grade_min": rng.choice(grades)}
        if kind == 9:
            return actor, {"occupation": occ, "certificate_kind": "skill_grade", "grade_min": "4"}
        if kind == 10:
            return actor, {"q": f"{rng.choice(text_words)} {rng.choice(['船舶', '修造', '定海', '技师'])}"}
        return "bureau_admin", {"q": rng.choice(honours)}

    return [one() for _ in range(n)]


def naive(actor, params: dict) -> int:
    """The same query the naive way: icontains and joins over the registry, distinct, count and the
    first page ordered by top grade (no facets: the baseline is spared that work)."""
    from django.db.models import Max, Q

    from gongjiang.accounts.models import Role
    from gongjiang.reference.grades import grade_parse
    from gongjiang.reference.selectors import division_neighbours
    from gongjiang.registry.models import Worker
    from gongjiang.registry.selectors import worker_scope

    if actor.role == Role.ENTERPRISE_HR:
        qs = Worker.objects.filter(Q(discoverable=True) | Q(employments__enterprise_id=actor.enterprise_id,
                                                            employments__end_date__isnull=True))
    else:
        qs = worker_scope(actor)
    occ = params.get("occupation", "")
    grade = params.get("grade_min")
    if occ:
        cert = Q(certificates__occupation__code=occ) | Q(certificates__occupation__code__startswith=occ + "-")
        if grade:
            cert &= Q(certificates__grade__gte=int(grade))
        qs = qs.filter(cert | Q(employments__occupation__code__startswith=occ))
    elif grade:
        qs = qs.filter(certificates__grade__gte=int(grade))
    if params.get("district"):
        codes = [params["district"]] + ([d.code for d in division_neighbours(params["district"])]
                                        if params.get("nearby") else [])
        qs = qs.filter(Q(employments__end_date__isnull=True, employments__enterprise__district__code__in=codes)
                       | Q(residence_district__code__in=codes))
    if params.get("industry"):
        qs = qs.filter(employments__end_date__isnull=True, employments__enterprise__industry__code=params["industry"])
    if params.get("certificate_kind"):
        qs = qs.filter(certificates__kind=params["certificate_kind"])
    if params.get("honours"):
        qs = qs.filter(honours__isnull=False)
    for word in params.get("q", "").split():
        g = grade_parse(word)
        if g:
            qs = qs.filter(certificates__grade__gte=g)
            continue
        qs = qs.filter(Q(name__icontains=word) | Q(employments__post__icontains=word)
                       | Q(employments__enterprise__name__icontains=word)
                       | Q(certificates__occupation__name__icontains=word)
                       | Q(certificates__occupation__aliases__icontains=word)
                       | Q(employments__occupation__name__icontains=word)
                       | Q(achievements__title__icontains=word) | Q(honours__title__icontains=word))
    if params.get("age_min"):
        from datetime import date

        this_year = date.today().year
        qs = qs.filter(birth_date__year__lte=this_year - int(params["age_min"]),
                       birth_date__year__gte=this_year - int(params["age_max"]))
    qs = qs.distinct()
    total = qs.count()
    list(qs.annotate(top=Max("certificates__grade")).order_by("-top", "pk").values_list("pk", flat=True)[:20])
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=1_000_000, help="demo workers to load")
    parser.add_argument("--queries", type=int, default=240, help="queries in the mixed set")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--naive-timeout", type=float, default=15.0, help="seconds before a naive query is cut off")
    parser.add_argument("--skip-naive", action="store_true", help="measure the search API only")
    parser.add_argument("--keep", action="store_true", help=f"keep {DB_NAME} for a later --reuse")
    parser.add_argument("--reuse", action="store_true", help=f"use the {DB_NAME} a --keep run left")
    parser.add_argument("--cold", action="store_true", help="do not read the working set into the page cache first")
    args = parser.parse_args()

    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}"}
    os.environ.update(DATABASE_URL=env["DATABASE_URL"], DJANGO_SETTINGS_MODULE="gongjiang.config.settings")
    print(f"nproc {sh('nproc')}; {sh('free -g | sed -n 2p')}; load before: {sh('uptime')}")
    if not args.reuse:
        prepare(args, env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from gongjiang.accounts.models import User
    from gongjiang.registry.models import Worker
    from gongjiang.search.models import WorkerSearchDoc

    print(f"workers {Worker.objects.count():,}; search documents {WorkerSearchDoc.objects.count():,}")
    with connection.cursor() as cur:
        cur.execute("""SELECT c.relname, pg_relation_size(c.oid), pg_total_relation_size(c.oid)
                       FROM pg_class c WHERE (c.relname LIKE 'search_doc%' OR c.relname LIKE 'search_workersearch%')
                       AND c.relkind IN ('r', 'i')
                       ORDER BY 2 DESC""")
        for name, size, total in cur.fetchall():
            print(f"  {name:45s} {size / 2**20:9.1f} MiB  (with TOAST/indexes {total / 2**20:9.1f} MiB)")
        cur.execute("SELECT current_setting('shared_buffers'), current_setting('work_mem')")
        print("  shared_buffers {}, work_mem {}".format(*cur.fetchone()))
        if not args.cold:
            # Steady state of a server whose memory holds the working set (ADR 0008 §Memory): the
            # search's hot table and indexes, and the registry tables the naive way reads, are read
            # into the OS page cache first (pg_prewarm 'read'; not query-specific). This machine's
            # idle memory reclaim otherwise empties that cache between runs.
            cur.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
            cur.execute("""SELECT c.relname, pg_prewarm(c.oid, 'read') FROM pg_class c
                           JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
                           WHERE c.relkind IN ('r', 'i') AND c.relname NOT LIKE 'search_workersearchdetail%'
                           AND (c.relname LIKE 'search_doc%' OR c.relname LIKE 'search_workersearchdoc%'
                                OR c.relname LIKE 'registry_%' OR c.relname LIKE 'reference_%')""")
            warmed = cur.fetchall()
            print(f"  prewarmed {len(warmed)} relations, {sum(b for _n, b in warmed) * 8 / 1024:,.0f} MiB "
                  "(search hot table and indexes, registry and reference tables; --cold to skip)")

    queries = queries_make(args.queries, args.seed)
    # "hr" also measures the framework floor below, whether or not a (small) query set drew it.
    users = {u.username: u for u in User.objects.filter(username__in={a for a, _ in queries} | {"hr"})}
    clients = {}
    for username, user in users.items():
        clients[username] = Client()
        clients[username].force_login(user)

    def api(username: str, params: dict) -> tuple[float, int, int]:
        t0 = time.perf_counter()
        response = clients[username].get("/api/v1/search/workers", params)
        elapsed = time.perf_counter() - t0
        return elapsed, response.status_code, response.json().get("total", -1) if response.status_code == 200 else -1

    for username, params in queries[:20]:  # warm-up (caches, connections)
        api(username, params)
    floor = []
    for _ in range(50):  # the framework's own cost: session, auth, a one-row query, JSON
        t0 = time.perf_counter()
        clients["hr"].get("/api/v1/search/shortlists")
        floor.append((time.perf_counter() - t0) * 1000)
    fast, totals = [], []
    for username, params in queries:
        elapsed, status, total = api(username, params)
        if status != 200:
            print("  !", status, username, params)
        fast.append(elapsed * 1000)
        totals.append(total)
    print(f"load after search run: {sh('uptime')}")
    print(f"  search API : p50 {pct(fast, 50):8.1f} ms   p95 {pct(fast, 95):8.1f} ms (naive run follows)", flush=True)

    slow, timeouts = [], 0
    with connection.cursor() as cur:
        cur.execute(f"SET statement_timeout = {int(args.naive_timeout * 1000)}")
    from django.db import OperationalError
    from django.db.utils import DatabaseError

    for username, params in [] if args.skip_naive else queries:
        t0 = time.perf_counter()
        try:
            naive(users[username], params)
            slow.append((time.perf_counter() - t0) * 1000)
        except (OperationalError, DatabaseError):
            timeouts += 1
            slow.append(args.naive_timeout * 1000)
    print(f"load after naive run: {sh('uptime')}")
    slow = slow or [float("nan")]

    print(f"\n{len(queries)} queries (matches per query: median {statistics.median(totals):,.0f}, "
          f"max {max(totals):,})")
    print(f"  search API : p50 {pct(fast, 50):8.1f} ms   p95 {pct(fast, 95):8.1f} ms   max {max(fast):8.1f} ms")
    print(f"  naive ORM  : p50 {pct(slow, 50):8.1f} ms   p95 {pct(slow, 95):8.1f} ms   max {max(slow):8.1f} ms"
          f"   ({timeouts} cut off at {args.naive_timeout:g} s)")
    print(f"  floor      : p50 {pct(floor, 50):8.1f} ms   p95 {pct(floor, 95):8.1f} ms   (GET /api/v1/search/shortlists)")
    print(f"  ratio      : p50 {pct(slow, 50) / pct(fast, 50):6.1f}×   p95 {pct(slow, 95) / pct(fast, 95):6.1f}×")
    worst = sorted(zip(fast, queries, strict=True), reverse=True)[:5]
    print("  slowest search queries:", *[f"{ms:.0f} ms {q}" for ms, q in worst], sep="\n    ")

    if not args.keep:
        connection.close()
        subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=True)
        print(f"dropped {DB_NAME}")


if __name__ == "__main__":
    main()
