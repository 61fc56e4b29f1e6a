"""Benchmark of certificate issuing and verification (issue 13 "Measure").

    ./run bench certificates [--issue 10000] [--parallel 1000] [--stored 1000000] [--samples 2000]
                             [--pdfs 30] [--job-pdfs 200] [--offline-files 300] [--db NAME]
                             [--phases credentials,issue,parallel,pdf,pdfjob,verify] [--keep]
                             [--only credentials|issue|parallel ...] [--repeat N]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres). Creates the scratch database
gj_certificates_bench (or `--db`), migrates it, and measures:

1. **credentials**: `--issue` credentials built and signed with the agency's own key
   (services.credential_claims + credential_sign), per second (bar: ≥ 2,000/s);
2. **issue**: `services.batch_issue` of one batch of `--issue` passed candidates — the national
   numbers under the serial lock, the registry's copies through the set-based registry service
   (checks, one insert, one worker UPDATE, audit rows), the signed credentials with their
   status-list indexes in one insert — certificates per second without, and with, the search
   refresh it hands on (timed separately: after the commit it is a background job for many
   workers), and the check that every number is distinct and passes the national-format check;
   `--only issue --repeat 3` issues three batches in turn (the later ones into fuller tables);
3. **parallel**: two batches of `--parallel` issued at the same moment from two connections of
   the same agency, year and level: no number shared;
4. **pdf**: `--pdfs` certificate PDFs (Chinese font, QR code, file signature), per second, three
   ways in the same run: *before* (the whole Noto CJK face read and subset by fpdf2 for each PDF,
   as until 2026-12-07), *on request now* (each PDF its own subset font, as a single download
   without a stored file), and *one font per batch* (the batch's characters subset once, as the
   background job does);
4b. **pdfjob**: a batch of `--job-pdfs` certificates issued, its PDF job queued as the batch page
   does and run by a real `gongjiang db_worker` process; the progress row polled as the page's bar
   polls it; PDFs per second from queueing to done, and each stored PDF verified;
5. **verify**: `--stored` issued certificates written with COPY (each a real credential signed
   with the agency key, 1 % revoked), then `--samples` random requests to each of the public
   verification API (`/api/v1/evaluation/verify`), the page by QR link (`/evaluation/verify/?c=`)
   and the page by number + name: p50 / p95 / p99 (bar: API p95 ≤ 20 ms); the status list of
   the whole installation, signed;
6. **offline**: the command's work per file (keys.json, status-list.jws and revocations.jws read
   once, then `--offline-files` credential files) and, separately, whole `gongjiang certificates
   verify` processes (interpreter and Django start-up included).

The baseline ratio printed beside each figure is the figure against its bar (how many times the
bar it does). Prints nproc / free -g / uptime and /proc/loadavg around the phases. Only ever
writes to its own scratch database (never gj_bench).
"""

import argparse
import csv
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "gj_certificates_bench"


def sh(*cmd) -> str:
    return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603


def load() -> str:
    return sh("cat", "/proc/loadavg")


def _copy(cursor, table: str, columns: list[str], rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(["\\N" if v is None else v for v in row])
    buffer.seek(0)
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')") as copy:
        while data := buffer.read(1 << 20):
            copy.write(data)


def _workers(raw, count: int, prefix: str, offset: int) -> list[int]:
    """`count` registry workers written with COPY (sealed fields empty, a unique look-up hash)."""
    from django.utils import timezone

    now = timezone.now().isoformat()
    _copy(raw, "registry_worker", ["id_number_sealed", "id_number_hash", "id_number_masked", "name", "sex",
                                   "birth_date", "native_region_code", "ss_card_sealed", "ss_card_masked",
                                   "phone_sealed", "phone_masked", "discoverable", "created_at", "updated_at"],
          (("\\x", f"{prefix}{offset + w:012d}", "3309**********1234", f"{prefix}持证{offset + w}", "M",
            date(1970 + w % 30, 1 + w % 12, 1 + w % 28).isoformat(), "330902", "\\x", "", "\\x", "", "f", now, now)
           for w in range(count)))
    raw.execute("SELECT id FROM registry_worker WHERE id_number_hash LIKE %s ORDER BY id", [f"{prefix}%"])
    return [r[0] for r in raw.fetchall()]


def _passed_batch(agency, occupation, worker_ids, exam_date):
    from gongjiang.evaluation.models import Batch, BatchStatus, Candidate, ResultStatus

    batch = Batch.objects.create(agency=agency, occupation=occupation, grade=4, exam_date=exam_date, site="基准考点",
                                 status=BatchStatus.IN_NOTICE, notice_start=exam_date, notice_until=date(2025, 9, 8))
    Candidate.objects.bulk_create([Candidate(batch=batch, worker_id=w, eligible=True, eligibility_reason="基准",
                                             theory_score=Decimal("80"), practical_score=Decimal("85"),
                                             result=ResultStatus.PASSED) for w in worker_ids], batch_size=5000)
    return batch


def world():
    from gongjiang.accounts.models import Role, User
    from gongjiang.evaluation.models import Agency, AgencyScope
    from gongjiang.reference.models import Division, Occupation

    district = Division.objects.get(code="330902")
    occupation = Occupation.objects.get(code="6-18-02-04")
    agency = Agency.objects.create(name="基准评价中心", kind="social", site_code="090101", district=district,
                                   filed_on=date(2024, 1, 5))
    AgencyScope.objects.create(agency=agency, occupation=occupation, grade=4)  # 高级工（三级）
    staff = User.objects.create_user("bench_evaluator", role=Role.EVALUATION_AGENCY, agency=agency)
    admin = User.objects.create_user("bench_admin", role=Role.BUREAU_ADMIN)
    return agency, occupation, staff, admin


def measure_credentials(args, agency, occupation) -> float:
    from gongjiang.evaluation import keys, services

    key = keys.agency_signing_key(agency)  # read once, as batch_issue does
    started = time.perf_counter()
    for i in range(args.issue):
        claims = services.credential_claims(number=f"S00003309010125300{i:04d}", name=f"持证人{i}",
                                            occupation=occupation, grade=4, issued_on=date(2025, 9, 9),
                                            agency=agency, status_index=i + 1)
        services.credential_sign(agency=agency, claims=claims, key=key)
    seconds = time.perf_counter() - started
    rate = args.issue / seconds
    print(f"credentials: {args.issue} built and signed (agency key) in {seconds:.2f} s = {rate:,.0f}/s "
          f"(bar >= 2,000/s; {rate / 2000:.1f}x the bar)   load: {load()}")
    return rate


def measure_issue(args, agency, occupation, staff, raw, run: int = 0) -> None:
    """`batch_issue` of one batch, end to end, in its own transaction as a request makes it; then the
    search refresh it hands on (after the commit: inline for a few workers, a background job for
    more, ADR 0008) run here and timed, so the figure is given without and with it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongjiang.evaluation import services
    from gongjiang.evaluation.models import IssuedCertificate
    from gongjiang.identity import certificate_number_check
    from gongjiang.registry import hooks
    from gongjiang.registry.models import Certificate
    from gongjiang.search.services import search_docs_refresh

    worker_ids = _workers(raw, args.issue, f"i{run}", 0)
    batch = _passed_batch(agency, occupation, worker_ids, date(2025, 8, 20))
    told: list[list[int]] = []
    subscribers = hooks._worker_changed[:]
    hooks._worker_changed[:] = [told.append]  # the search refresh is timed on its own below
    try:
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            issued = services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))
            seconds = time.perf_counter() - started
    finally:
        hooks._worker_changed[:] = subscribers
    started = time.perf_counter()
    refreshed = sum(search_docs_refresh(ids) for ids in told)
    search_seconds = time.perf_counter() - started
    numbers = [c.number for c in issued]
    bad = [n for n in numbers if certificate_number_check(n, kind="skill_grade", grade=4, issued_on=date(2025, 9, 9))]
    rate, with_search = len(issued) / seconds, len(issued) / (seconds + search_seconds)
    print(f"issue: batch_issue of {len(issued)} certificates in {seconds:.2f} s = {rate:,.0f}/s end to end without "
          f"the search refresh ({rate / 2000:.2f}x the 2,000/s credential bar), {len(queries)} queries; "
          f"search refresh of {refreshed} documents {search_seconds:.2f} s; with it {with_search:,.0f}/s "
          f"({with_search / 2000:.2f}x); distinct numbers {len(set(numbers))}, failing the national-format check "
          f"{len(bad)}; in the tables {IssuedCertificate.objects.count()} issued, {Certificate.objects.count()} "
          f"in archives   load: {load()}  /proc/loadavg: {Path('/proc/loadavg').read_text().strip()}")
    by_table: dict[str, float] = {}
    for query in queries.captured_queries:
        words = query["sql"].split()
        key = " ".join(words[:3] if words[0] in ("INSERT", "UPDATE") else words[:1])[:60]
        by_table[key] = by_table.get(key, 0.0) + float(query["time"])
    print("issue: database time by statement: " + "; ".join(
        f"{key} {took:.2f} s" for key, took in sorted(by_table.items(), key=lambda kv: -kv[1])[:8]))


def measure_parallel(args, agency, occupation, staff, raw) -> None:
    from django.db import connection

    from gongjiang.evaluation import services
    from gongjiang.evaluation.models import IssuedCertificate

    batches = [_passed_batch(agency, occupation, _workers(raw, args.parallel, f"p{b}", 0), date(2025, 8, 21))
               for b in range(2)]
    barrier, errors, took = threading.Barrier(2), [], []

    def issue(batch):
        try:
            barrier.wait()
            started = time.perf_counter()
            services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 9))
            took.append(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(b,)) for b in batches]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    numbers = list(IssuedCertificate.objects.filter(candidate__batch__in=batches).values_list("number", flat=True))
    everything = list(IssuedCertificate.objects.values_list("number", flat=True))
    print(f"parallel: 2 x {args.parallel} issued at once in {wall:.1f} s wall; errors {errors or 'none'}; "
          f"{len(numbers)} numbers, distinct {len(set(numbers))}; all {len(everything)} numbers distinct: "
          f"{len(set(everything)) == len(everything)}   load: {load()}")


def measure_pdfs(args) -> None:
    from gongjiang.evaluation import keys, pdf
    from gongjiang.evaluation.models import IssuedCertificate
    from gongjiang.evaluation.views import _claims_of

    certs = list(IssuedCertificate.objects.select_related("worker").order_by("id")[: args.pdfs])
    claims = {c.pk: _claims_of(c) for c in certs}
    batch_chars = set().union(*(pdf.page_chars(pdf.CERTIFICATE_TITLE, pdf.certificate_rows(claims[c.pk], c.worker.name))
                                for c in certs))
    key = keys.private_key_for(certs[0].key_id)
    whole_face = pdf.font_for

    def before(chars):  # the whole face, read and subset by fpdf2 for each PDF (until 2026-12-07)
        return pdf.FontFile(*pdf._font(), subset=False)

    forget = pdf.fonts_forget  # no subset font kept

    rates = {}
    for label, font_for, chars, fresh in (
            ("before: whole face per PDF", before, (), False),
            ("on request now: a subset font made for each PDF (real names differ)", whole_face, (), True),
            ("one font per batch (the background job's way)", whole_face, batch_chars, False)):
        pdf.font_for = font_for
        forget()
        started = time.perf_counter()
        size = 0
        try:
            for cert in certs:
                if fresh:  # the bench's names share their characters; a real download's do not
                    forget()
                data = pdf.certificate_pdf(claims=claims[cert.pk], holder=cert.worker.name, credential=cert.credential,
                                           link="https://localhost/evaluation/verify/?c=" + cert.credential, key=key,
                                           font_chars=chars)
                size += len(data)
        finally:
            pdf.font_for = whole_face
        seconds = time.perf_counter() - started
        rates[label] = len(certs) / seconds
        print(f"pdf {label}: {len(certs)} certificate PDFs in {seconds:.1f} s = {len(certs) / seconds:.2f}/s, "
              f"{size / len(certs) / 1024:.0f} KB each   load: {load()}")
    first, *_rest, last = rates.values()
    print(f"pdf: one font per batch is {last / first:.1f}x the PDFs/s of before, in the same run")


def measure_pdf_job(args, agency, occupation, staff, raw) -> None:
    """A batch's PDFs through the background job: queued as the page queues them, run by a real
    db_worker process, progress polled as the batch page's bar polls it."""
    from gongjiang.evaluation import credentials, keys, services
    from gongjiang.evaluation.models import CertificatePdf, CertificatePdfJob

    batch = _passed_batch(agency, occupation, _workers(raw, args.job_pdfs, "j", 0), date(2025, 8, 22))
    services.batch_issue(actor=staff, batch=batch, today=date(2025, 9, 10))
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below)
    worker = subprocess.Popen([sys.executable, "-m", "gongjiang.manage", "db_worker", "--queue-name", "*",  # noqa: S603
                               "--no-reload", "--interval", "0.5"], cwd=ROOT, env=os.environ.copy(),
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        time.sleep(5)  # the worker's start-up (Django, checks) is not the job's time
        started = time.perf_counter()
        job = services.certificate_pdfs_enqueue(actor=staff, batch=batch,
                                                verify_url="https://localhost/evaluation/verify/")
        samples, deadline = [], time.monotonic() + max(600, args.job_pdfs * 10)
        while True:
            job.refresh_from_db()
            samples.append((time.perf_counter() - started, job.done))
            if job.is_finished or time.monotonic() > deadline or worker.poll() is not None:
                break
            time.sleep(1)
        seconds = time.perf_counter() - started
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    stored = list(CertificatePdf.objects.filter(certificate__candidate__batch=batch).values_list("content", flat=True))
    trusted = keys.published_keys()
    valid = sum(credentials.any_verify(bytes(c), trusted).status == "valid" for c in stored)
    steps = ", ".join(f"{t:.0f}s:{d}" for t, d in samples[:: max(1, len(samples) // 8)])
    print(f"pdfjob: batch of {job.total} through the background job (db_worker): status {job.status}"
          f"{' (' + job.error + ')' if job.error else ''}; {job.done} stored in {seconds:.1f} s from queueing = "
          f"{job.done / seconds:.2f}/s; {valid} of {len(stored)} stored PDFs verify; "
          f"{sum(len(c) for c in stored) / max(1, len(stored)) / 1024:.0f} KB each; progress {steps}   "
          f"load: {load()}")
    log.seek(0)
    tail = log.read().decode(errors="replace")[-2000:]
    log.close()
    assert CertificatePdfJob.objects.get(pk=job.pk).status == "done", tail


def store(args, agency, occupation, raw) -> list[tuple]:
    """`--stored` issued certificates with COPY: real credentials, ids given (the status index)."""
    from django.db import connection

    from gongjiang.evaluation import keys, services
    from gongjiang.evaluation.models import IssuedCertificate

    key = keys.agency_signing_key(agency)
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM evaluation_issuedcertificate")
        first = cur.fetchone()[0] + 1
    started = time.perf_counter()
    worker_ids = _workers(raw, args.stored, "v", 0)
    print(f"stored: {len(worker_ids)} workers written in {time.perf_counter() - started:.0f} s")
    rows, sample, signing, copying = [], [], 0.0, 0.0
    per_year = 900_000
    columns = ["id", "agency_id", "worker_id", "number", "occupation_id", "grade", "name_masked", "issued_on",
               "credential", "key_id", "status", "revoked_at", "revoked_reason"]
    every = max(1, args.stored // (args.samples * 3))
    with connection.cursor() as cur:
        copier = cur.connection.cursor()
        started = time.perf_counter()
        for i, worker_id in enumerate(worker_ids):
            year = 10 + i // per_year  # 2010, 2011, ...: a serial per agency × year × level
            number = f"S0000{agency.province_code}{agency.site_code}{year:02d}3{i % per_year + 1:06d}"
            issued_on = date(2000 + year, 6, 1)
            cert_id = first + i
            claims = services.credential_claims(number=number, name=f"v持证{i}", occupation=occupation, grade=4,
                                                issued_on=issued_on, agency=agency, status_index=cert_id)
            token, kid = services.credential_sign(agency=agency, claims=claims, key=key)
            revoked = i % 100 == 37
            rows.append((cert_id, agency.pk, worker_id, number, occupation.pk, 4, claims["name"],
                         issued_on.isoformat(), token, kid, "revoked" if revoked else "valid",
                         "2025-10-01T00:00:00+08:00" if revoked else None, "基准：撤销" if revoked else ""))
            if i % every == 0:
                sample.append((number, f"v持证{i}", token, revoked))
            if len(rows) == 50_000 or i == len(worker_ids) - 1:
                signing += time.perf_counter() - started
                started = time.perf_counter()
                _copy(copier, "evaluation_issuedcertificate", columns, rows)
                rows = []
                copying += time.perf_counter() - started
                started = time.perf_counter()
        cur.execute("SELECT setval(pg_get_serial_sequence('evaluation_issuedcertificate', 'id'), "
                    "(SELECT MAX(id) FROM evaluation_issuedcertificate))")
        cur.execute("ANALYZE")
    print(f"stored: {len(worker_ids)} credentials built and signed in {signing:.0f} s "
          f"({len(worker_ids) / signing:,.0f}/s), COPY in {copying:.0f} s; "
          f"table now {IssuedCertificate.objects.count()} certificates   load: {load()}")
    return sample


def _percentiles(times: list[float]) -> str:
    q = statistics.quantiles(times, n=100)
    return f"p50 {q[49] * 1000:.1f} ms, p95 {q[94] * 1000:.1f} ms, p99 {q[98] * 1000:.1f} ms"


def measure_verify(args, sample) -> None:
    from django.test import Client

    from gongjiang.evaluation import services

    rng = random.Random(13)
    chosen = rng.sample(sample, min(args.samples, len(sample)))
    client = Client()
    for label, call in (
        ("API /api/v1/evaluation/verify", lambda s: client.get("/api/v1/evaluation/verify", {"credential": s[2]})),
        ("page by QR link", lambda s: client.get("/evaluation/verify/", {"c": s[2]})),
        ("page by number + name", lambda s: client.post("/evaluation/verify/", {"number": s[0], "name": s[1]})),
    ):
        call(chosen[0])  # warm: the key set is checked once
        times, wrong = [], 0
        for s in chosen:
            started = time.perf_counter()
            response = call(s)
            times.append(time.perf_counter() - started)
            body = response.content.decode()
            expected = "revoked" if s[3] else "valid"
            if response.status_code != 200 or (f'"{expected}"' not in body and f'data-status="{expected}"' not in body):
                wrong += 1
        p95 = statistics.quantiles(times, n=100)[94] * 1000
        print(f"verify {label}: {len(chosen)} requests over the stored certificates: {_percentiles(times)}; "
              f"wrong answers {wrong}; bar p95 <= 20 ms: {20 / p95:.1f}x the bar   load: {load()}")
    started = time.perf_counter()
    token = services.status_list_sign()
    print(f"status list: signed over the whole table in {(time.perf_counter() - started) * 1000:.0f} ms, "
          f"{len(token) / 1024:.0f} KB")


def measure_offline(args, sample) -> None:
    from gongjiang.evaluation import credentials, keys, services

    directory = Path(tempfile.mkdtemp(prefix="gj_cert_bench_"))
    (directory / "keys.json").write_text(__import__("json").dumps(keys.jwks()), encoding="utf-8")
    (directory / "status.jws").write_text(services.status_list_sign(), encoding="utf-8")
    (directory / "revocations.jws").write_text(services.revocation_list_sign(), encoding="utf-8")
    files = []
    for index, s in enumerate(sample[: args.offline_files]):
        path = directory / f"{index}.jwt"
        path.write_text(s[2], encoding="utf-8")
        files.append((path, s[3]))
    started = time.perf_counter()
    trusted = credentials.keys_from_jwks(__import__("json").loads((directory / "keys.json").read_text()))
    status = credentials.status_list_open((directory / "status.jws").read_text(), trusted)
    revoked = credentials.revocations_open((directory / "revocations.jws").read_text(), trusted)
    opening = time.perf_counter() - started
    times, wrong = [], 0
    for path, is_revoked in files:
        started = time.perf_counter()
        result = credentials.any_verify(path.read_bytes(), trusted, revoked, status)
        times.append(time.perf_counter() - started)
        wrong += result.status != ("revoked" if is_revoked else "valid")
    print(f"offline: keys + status list + revocation list ({len(revoked)} numbers) read and checked once in "
          f"{opening * 1000:.0f} ms; then per file {statistics.mean(times) * 1000:.2f} ms mean, "
          f"{_percentiles(times)}; wrong {wrong}")
    env = {"PATH": "/usr/bin:/bin", "GONGJIANG_SQLITE_PATH": str(directory / "absent.sqlite3"),
           "GONGJIANG_CERTIFICATE_KEY": "22" * 32, "PYTHONPATH": str(ROOT)}
    runs = []
    for path, is_revoked in files[:5]:
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "gongjiang.manage", "certificates", "verify", str(path),  # noqa: S603
                               "--keys", str(directory / "keys.json"), "--status-list", str(directory / "status.jws"),
                               "--revocations", str(directory / "revocations.jws")],
                              cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        runs.append(time.perf_counter() - started)
        assert done.returncode == (1 if is_revoked else 0), done.stdout + done.stderr
    print(f"offline command, whole process per file (start-up included): {statistics.mean(runs):.2f} s mean over "
          f"{len(runs)} runs   load: {load()}")
    for path in directory.iterdir():
        path.unlink()
    directory.rmdir()


def measure(args) -> None:
    import django

    django.setup()
    from django.db import connection

    phases = set(args.phases.split(","))
    print(f"machine: nproc={sh('nproc')}\n{sh('free', '-g')}\nload before: {load()}")
    agency, occupation, staff, _admin = world()
    with connection.cursor() as cur:
        raw = cur.connection.cursor()
        if "credentials" in phases:
            measure_credentials(args, agency, occupation)
        if "issue" in phases:
            for run in range(args.repeat):
                measure_issue(args, agency, occupation, staff, raw, run)
        if args.parallel and "parallel" in phases:
            measure_parallel(args, agency, occupation, staff, raw)
        try:
            if args.pdfs and "pdf" in phases:
                measure_pdfs(args)
            if args.job_pdfs and "pdfjob" in phases:
                measure_pdf_job(args, agency, occupation, staff, raw)
        except FileNotFoundError as exc:
            print(f"pdf: skipped, no Chinese font: {exc}")
        sample = store(args, agency, occupation, raw) if "verify" in phases else []
    if sample:
        measure_verify(args, sample)
        measure_offline(args, sample)
    connection.close()
    print(f"load after: {load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--issue", type=int, default=10_000)
    parser.add_argument("--parallel", type=int, default=1_000)
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--pdfs", type=int, default=30)
    parser.add_argument("--job-pdfs", type=int, default=200)
    parser.add_argument("--db", default=DB_NAME, help="the scratch database (dropped and made again; never gj_bench)")
    parser.add_argument("--phases", default="credentials,issue,parallel,pdf,pdfjob,verify")
    parser.add_argument("--offline-files", type=int, default=300)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--only", choices=["credentials", "issue", "parallel"], action="append",
                        help="measure only this phase (repeatable; the same as --phases with these)")
    parser.add_argument("--repeat", type=int, default=1, help="with --only issue: issue this many batches in turn")
    args = parser.parse_args()
    if args.only:  # the earlier spelling of --phases for the issue measures
        args.phases = ",".join(args.only)
    if not args.db.isidentifier() or args.db.startswith("gj_bench"):
        parser.error("--db: a scratch database name of letters, digits and _, not gj_bench or a copy of it")
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{args.db}",
           "DJANGO_SETTINGS_MODULE": "gongjiang.config.settings"}
    subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {args.db}"], check=True)  # noqa: S607
    subprocess.run(["psql", ADMIN_URL, "-qc", f"CREATE DATABASE {args.db}"], check=True)  # noqa: S607
    subprocess.run([sys.executable, "-m", "gongjiang.manage", "migrate", "-v0"], env=env, check=True, cwd=ROOT)  # noqa: S603
    os.environ.update(DATABASE_URL=env["DATABASE_URL"], DJANGO_SETTINGS_MODULE=env["DJANGO_SETTINGS_MODULE"])
    try:
        measure(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {args.db}"], check=False)  # noqa: S607


if __name__ == "__main__":
    main()
