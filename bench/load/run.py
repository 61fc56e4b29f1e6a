"""Load test (issue 18 §2): N concurrent clients for D seconds against the main read pages and API
calls of every demo role, through `./run serve` (gunicorn + db_worker) and, as the baseline,
through Django's `runserver`, on the same PostgreSQL database.

    .venv/bin/python bench/load/run.py --database-url postgres://postgres@127.0.0.1:5432/gj_bench
        [--server both|serve|runserver|external --base-url http://127.0.0.1:8000]
        [--clients 100] [--duration 60] [--think 0] [--out bench/load/last.json]

Clients: an asyncio client (aiohttp; installed with `pip install -e ".[bench]"`, this script does it
when missing), one connection and one session per client, closed loop. Each client logs in once
(the demo password, GONGJIANG_DEMO_PASSWORD, default Gongjiang@2025; django-axes and Argon2 make
log-ins deliberately slow, so they are outside the measured window) and then requests its role's
pages in a shuffled cycle until the time is up. `--think S` waits a random 0..2S seconds between
requests (a person reading the page); `--think 0` (default) is the strict version: no think time.
Clients are spread over the roles round-robin. An error is any status other than the page's
expected one, or a failed connection. Traffic goes to 127.0.0.1 only.

The servers are started with GONGJIANG_ENV=development: the demo database was sealed with the
development data key, which the production profile refuses (on purpose). The server stack —
gunicorn workers, WhiteNoise, DEBUG off — is the production one; only HTTPS redirect, HSTS and
secure cookies are off, which cost nothing measurable.

The load generator runs on the same machine as the server and PostgreSQL and takes CPU from them:
the figures are a lower bound for a server with its own cores."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEMO_USERS = ("bureau_admin", "bureau_staff", "hr", "hr2", "worker", "trainer", "evaluator", "organiser", "public")
# "public" is no account: the portal's pages without log-in (ADR 0026).
ANONYMOUS = "public"

# Each role's main read pages and API calls (GET). "{worker}" / "{enterprise}" are filled with ids
# the role can see, found through the API at log-in; "{year}" with the latest income year.
PAGES: dict[str, list[tuple[str, str]]] = {
    "bureau_admin": [
        ("home", "/"), ("worker list", "/registry/workers/"), ("worker search q", "/registry/workers/?q=王"),
        ("worker detail", "/registry/workers/{worker}/"), ("enterprise list", "/registry/enterprises/"),
        ("enterprise detail", "/registry/enterprises/{enterprise}/"),
        ("talent search", "/search/?occupation=6-18&grade_min=3"), ("policies", "/incentives/"),
        ("claims", "/incentives/claims/"), ("notice", "/incentives/notice/"), ("wage levels", "/income/"),
        ("distribution", "/income/distribution/"), ("imports", "/ingest/"), ("audit log", "/audit/"),
        ("api workers", "/api/v1/registry/workers?limit=20"),
        ("api worker", "/api/v1/registry/workers/{worker}"),
        ("api enterprises", "/api/v1/registry/enterprises?limit=20"),
        ("api search", "/api/v1/search/workers?grade_min=3&page_size=20"),
        ("api wage levels", "/api/v1/income/wage-levels?year={year}"),
        ("api claims", "/api/v1/incentives/claims"),
        ("indicators", "/indicators/"), ("ranking", "/indicators/ranking/"), ("bulletins", "/indicators/bulletins/"),
        ("training classes", "/training/classes/"), ("evaluation batches", "/evaluation/batches/"),
        ("competitions", "/competitions/"), ("demand filings", "/demand/filings/"),
    ],
    "bureau_staff": [
        ("home", "/"), ("worker list", "/registry/workers/"), ("worker detail", "/registry/workers/{worker}/"),
        ("enterprise list", "/registry/enterprises/"), ("talent search", "/search/?grade_min=3"),
        ("claims", "/incentives/claims/"), ("notice", "/incentives/notice/"), ("wage levels", "/income/"),
        ("api workers", "/api/v1/registry/workers?limit=20"),
        ("api search", "/api/v1/search/workers?q=焊工&page_size=20"),
        ("api claims", "/api/v1/incentives/claims"),
    ],
    "hr": [
        ("home", "/"), ("employees", "/registry/workers/"), ("employee detail", "/registry/workers/{worker}/"),
        ("enterprise", "/registry/enterprises/{enterprise}/"), ("talent search", "/search/?grade_min=3"),
        ("shortlists", "/search/shortlists/"), ("mine", "/incentives/mine/"), ("imports", "/ingest/"),
        ("api workers", "/api/v1/registry/workers?limit=20"),
        ("api search", "/api/v1/search/workers?grade_min=3&page_size=20"),
        ("api decisions", "/api/v1/incentives/decisions/mine"),
    ],
    "worker": [
        ("my archive", "/registry/me/"), ("mine", "/incentives/mine/"), ("my requests", "/search/me/requests/"),
        ("api archive", "/api/v1/registry/workers/{worker}"),
        ("api decisions", "/api/v1/incentives/decisions/mine"),
        ("api contact requests", "/api/v1/search/contact-requests/mine"),
    ],
    "trainer": [("home", "/"), ("classes", "/training/classes/"), ("training catalogue", "/training/public/"),
                ("policies api", "/api/v1/incentives/policies"),
                ("grades api", "/api/v1/reference/grades"), ("shortage api", "/api/v1/demand/shortage-occupations")],
    "evaluator": [("home", "/"), ("batches", "/evaluation/batches/"), ("certificates", "/evaluation/certificates/"),
                  ("rules", "/evaluation/rules/"), ("policies api", "/api/v1/incentives/policies"),
                  ("occupations api", "/api/v1/reference/occupations?q=焊"),
                  ("divisions api", "/api/v1/reference/divisions")],
    "organiser": [("home", "/"), ("competitions", "/competitions/"), ("honour list", "/competitions/honours/"),
                  ("plan", "/competitions/plan/")],
    "public": [("portal", "/public/"), ("policies", "/incentives/public/"), ("notice", "/incentives/notice/"),
               ("verify", "/evaluation/verify/"), ("results notice", "/evaluation/notice/"),
               ("training catalogue", "/training/public/"), ("training map", "/training/public/map/"),
               ("shortage catalogue", "/demand/catalogue/"), ("wage levels", "/income/public/"),
               ("competition plan", "/competitions/plan/"), ("honour list", "/competitions/honours/")],
}
PAGES["hr2"] = PAGES["hr"]


@dataclass
class Sample:
    role: str
    page: str
    status: int
    ms: float


@dataclass
class Run:
    label: str
    samples: list[Sample] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    seconds: float = 0.0


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1)))))]


class Client:
    """One user: one connection, one session cookie, one role."""

    def __init__(self, http: Any, base: str, username: str, password: str) -> None:
        self.http, self.base, self.username, self.password = http, base, username, password
        self.cookies: dict[str, str] = {}
        self.fill: dict[str, str] = {}

    def _headers(self, **extra: str) -> dict[str, str]:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"Cookie": cookie, "X-Forwarded-Proto": "https", **extra}

    def _keep(self, response: Any) -> None:
        for value in response.headers.getall("Set-Cookie", []):
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    async def get(self, path: str) -> tuple[int, bytes]:
        async with self.http.get(self.base + path, headers=self._headers(), allow_redirects=False) as response:
            body = await response.read()
            self._keep(response)
            return response.status, body

    async def login(self) -> None:
        if self.username == ANONYMOUS:
            return
        status, body = await self.get("/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if status != 200 or token is None:
            raise RuntimeError(f"{self.username}: log-in page answered {status}")
        data = {"username": self.username, "password": self.password, "csrfmiddlewaretoken": token.group(1).decode()}
        async with self.http.post(self.base + "/accounts/login/", data=data, allow_redirects=False,
                                  headers=self._headers(Referer=self.base.replace("http://", "https://") + "/accounts/login/")) as response:
            answer = await response.read()
            self._keep(response)
            if response.status != 302 or "sessionid" not in self.cookies:
                text = re.sub(r"<[^>]+>|\s+", " ", answer.decode(errors="replace"))[:300]
                raise RuntimeError(f"{self.username}: log-in answered {response.status}: {text}")
        await self._discover()

    async def _discover(self) -> None:
        """Ids this role may see, for the detail pages."""
        status, body = await self.get("/api/v1/registry/workers?limit=50")
        if status == 200:
            items = json.loads(body).get("items", [])
            if items:
                self.fill["worker"] = str(random.choice(items)["id"])
        status, body = await self.get("/api/v1/registry/enterprises?limit=50")
        if status == 200 and (items := json.loads(body)):
            self.fill["enterprise"] = str(random.choice(items)["id"])
        status, body = await self.get("/api/v1/income/years")
        if status == 200 and (years := json.loads(body)):
            self.fill["year"] = str(max(years))
        if self.username == "worker":
            status, body = await self.get("/registry/me/")
            found = re.search(rb"/registry/workers/(\d+)/", body)
            if found:
                self.fill["worker"] = found.group(1).decode()

    def pages(self, skip: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
        out = []
        for label, path in PAGES[self.username]:
            if label in skip or f"{self.username}:{label}" in skip:
                continue
            try:
                out.append((label, path.format(**self.fill)))
            except KeyError:
                continue  # nothing of that kind in this role's scope
        return out


async def client_loop(client: Client, run: Run, stop_at: float, think: float, skip: frozenset[str]) -> None:
    pages = client.pages(skip)
    if think:
        # People do not all click at the same instant: with think time each client starts after
        # its own random pause, as if it had just read a page. (Without it the 100 clients' first
        # requests arrive together, a burst no real office makes, and queue 2-3 s behind it.)
        await asyncio.sleep(random.uniform(0, 2 * think))
    while True:
        random.shuffle(pages)
        for label, path in pages:
            if time.monotonic() >= stop_at:
                return
            started = time.perf_counter()
            try:
                status, _ = await client.get(path)
            except Exception as exc:  # noqa: BLE001 - a failed connection is an error of the run
                status = 0
                run.errors[f"{client.username} {label}: {type(exc).__name__}"] += 1
            ms = (time.perf_counter() - started) * 1000
            # A request that ends in the window counts; a failed one (status 0: timeout, refused
            # connection) counts even when it fails after the window.
            if time.monotonic() <= stop_at or status == 0:
                run.samples.append(Sample(client.username, label, status, ms))
                if status != 200 and status != 0:
                    run.errors[f"{client.username} {label} {path}: HTTP {status}"] += 1
            if think:
                await asyncio.sleep(random.uniform(0, 2 * think))


async def load(base: str, clients: int, duration: float, think: float, password: str, label: str,
               skip: frozenset[str] = frozenset()) -> Run:
    import aiohttp

    run = Run(label)
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()) as http:
        users = [Client(http, base, DEMO_USERS[i % len(DEMO_USERS)], password) for i in range(clients)]
        # Log-ins, a few at a time (each is an Argon2 hash on the server), outside the measured window.
        gate = asyncio.Semaphore(4)

        async def login(client: Client) -> None:
            async with gate:
                await client.login()

        started = time.monotonic()
        await asyncio.gather(*(login(c) for c in users))
        print(f"  {clients} clients logged in in {time.monotonic() - started:.1f} s", flush=True)
        start = time.monotonic()
        await asyncio.gather(*(client_loop(c, run, start + duration, think, skip) for c in users))
        run.seconds = duration  # the window; requests still running at its end are not counted
    return run


def summary(run: Run) -> dict[str, Any]:
    ok = [s for s in run.samples if s.status == 200]
    groups: dict[tuple[str, str], list[Sample]] = defaultdict(list)
    roles: dict[str, list[Sample]] = defaultdict(list)
    for s in run.samples:
        groups[(s.role, s.page)].append(s)
        roles[s.role].append(s)

    def stats(samples: list[Sample]) -> dict[str, float]:
        ms = [s.ms for s in samples]
        return {"requests": len(samples), "errors": sum(1 for s in samples if s.status != 200),
                "rps": round(len(samples) / run.seconds, 1), "p50_ms": round(pct(ms, 50), 1),
                "p95_ms": round(pct(ms, 95), 1), "max_ms": round(max(ms), 1) if ms else None}

    return {"label": run.label, "seconds": round(run.seconds, 1), "overall": stats(run.samples),
            "ok_requests": len(ok), "errors": dict(run.errors),
            "roles": {role: stats(samples) for role, samples in sorted(roles.items())},
            "pages": {f"{role} · {page}": stats(samples) for (role, page), samples in sorted(groups.items())}}


def print_summary(result: dict[str, Any]) -> None:
    o = result["overall"]
    print(f"\n== {result['label']}: {o['requests']} requests in {result['seconds']} s, {o['rps']} req/s, "
          f"p50 {o['p50_ms']} ms, p95 {o['p95_ms']} ms, errors {o['errors']}")
    print(f"  {'role / page':44} {'req':>6} {'req/s':>7} {'p50':>8} {'p95':>8} {'err':>5}")
    for name, s in [*result["roles"].items(), ("", None), *result["pages"].items()]:
        if s is None:
            print()
            continue
        print(f"  {name:44} {s['requests']:6d} {s['rps']:7.1f} {s['p50_ms']:8.1f} {s['p95_ms']:8.1f} {s['errors']:5d}")
    for error, count in list(result["errors"].items())[:20]:
        print(f"  ! {count} x {error}")


def wait_healthy(base: str, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit(f"server at {base} did not become healthy in {seconds:.0f} s")


def start_server(kind: str, port: int, database_url: str) -> subprocess.Popen:
    environ = {**os.environ, "DATABASE_URL": database_url, "GONGJIANG_ENV": "development", "PORT": str(port),
               "GONGJIANG_ALLOWED_HOSTS": "127.0.0.1,localhost", "GONGJIANG_LOG_LEVEL": "WARNING"}
    environ.pop("GONGJIANG_DEBUG", None)
    if kind == "runserver":
        # A thread per request; kept connections would pile up to one per client on a PostgreSQL
        # shared with others (max_connections 100 here).
        environ["GONGJIANG_DB_CONN_MAX_AGE"] = "0"
    if kind == "serve":
        command = ["./run", "serve"]
    else:
        command = [str(ROOT / ".venv/bin/gongjiang"), "runserver", f"127.0.0.1:{port}", "--noreload"]
    log = open(ROOT / "var" / f"load-{kind}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, cwd=ROOT, env=environ, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def machine() -> str:
    load1, load5, _ = os.getloadavg()
    return f"{os.cpu_count()} cores, load average {load1:.2f} / {load5:.2f} (1 / 5 min)"


def database_settle(database_url: str, seconds: float = 180) -> None:
    """Wait until the previous server's queries have finished in PostgreSQL (a client that timed out
    leaves its query running), so one run does not slow the next."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    deadline = time.monotonic() + seconds
    with psycopg.connect(database_url, autocommit=True) as connection:
        while time.monotonic() < deadline:
            busy = connection.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND state = 'active'"
                                      " AND pid <> pg_backend_pid()", [name]).fetchone()[0]
            if busy == 0:
                return
            time.sleep(2)
    print(f"  (PostgreSQL still had {busy} active queries after {seconds:.0f} s)")


def one_run(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    base = args.base_url if kind == "external" else f"http://127.0.0.1:{args.port}"
    if args.database_url:
        database_settle(args.database_url)
    process = None if kind == "external" else start_server(kind, args.port, args.database_url)
    try:
        wait_healthy(base)
        print(f"\n{kind}: healthy at {base}; {machine()}", flush=True)
        run = asyncio.run(load(base, args.clients, args.duration, args.think, args.password,
                               f"{kind}, {args.clients} clients, {args.duration:.0f} s, think {args.think} s"
                               + (f", without {', '.join(sorted(args.skip))}" if args.skip else ""), args.skip))
        result = summary(run)
        result["machine_after"] = machine()
        print_summary(result)
        return result
    finally:
        if process is not None:
            stop_server(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="PostgreSQL database with the demo loaded (e.g. the 1,000,000-worker gj_bench)")
    parser.add_argument("--server", choices=["both", "serve", "runserver", "external"], default="both",
                        help="both: runserver (baseline) then ./run serve, and the ratio (default)")
    parser.add_argument("--base-url", default="http://127.0.0.1:8000", help="for --server external")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--duration", type=float, default=60.0, help="measured seconds (after the log-ins)")
    parser.add_argument("--think", type=float, default=0.0, help="mean think time in seconds (0: none, strict)")
    parser.add_argument("--password", default=os.environ.get("GONGJIANG_DEMO_PASSWORD", "Gongjiang@2025"))
    parser.add_argument("--skip", default="", help="comma-separated page labels (or role:label) to leave out")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    args.skip = frozenset(item.strip() for item in args.skip.split(",") if item.strip())
    if not re.match(r"^http://(127\.0\.0\.1|localhost)(:\d+)?$", args.base_url):
        parser.error("--base-url must be on 127.0.0.1 (this load test never leaves the machine)")
    if args.server != "external" and not args.database_url.startswith("postgres"):
        parser.error("--database-url postgres://… is required (the demo on PostgreSQL)")
    try:
        import aiohttp  # noqa: F401
    except ModuleNotFoundError:
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[bench]"], check=True)

    kinds = ["runserver", "serve"] if args.server == "both" else [args.server]
    results = {kind: one_run(kind, args) for kind in kinds}
    if len(results) == 2:
        base, prod = results["runserver"]["overall"], results["serve"]["overall"]
        print(f"\nserve / runserver: {prod['rps'] / base['rps']:.2f}x requests/s; "
              f"p95 {prod['p95_ms']} ms vs {base['p95_ms']} ms ({base['p95_ms'] / prod['p95_ms']:.2f}x faster); "
              f"errors {prod['errors']} vs {base['errors']}")
    if args.out:
        args.out.write_text(json.dumps(results, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
