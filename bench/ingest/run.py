"""Import benchmark (issue 3 "What it must show"; ADR 0007 §Benchmark).

    ./run bench ingest [--rows 1000000] [--xlsx-rows 100000] [--die-rows N]

(`./run bench` installs the `bench` extra — django-import-export for the baseline — first; with it
installed, `.venv/bin/python bench/ingest/run.py …` is the same.) Needs PostgreSQL on
127.0.0.1:5432 (user postgres; BENCH_PG to change). The smallest run that starts every phase:
`./run bench ingest --rows 2000 --xlsx-rows 200`.

Creates a scratch PostgreSQL database (gj_ingest_bench, dropped at the end), migrates it, writes
a CSV of `--rows` valid worker rows and an .xlsx of the first `--xlsx-rows` of them, and then
measures, each phase in its own process (so peak RSS is per phase):

- copy_csv / copy_xlsx_rows: PostgreSQL COPY of the raw CSV into a 4-column text table with no
  index and no validation — the floor of moving the bytes;
- copy_worker_table: PostgreSQL COPY of the same rows, as our import stored them (sealed, hashed,
  masked), into the emptied worker table with its indexes and foreign key, no validation — the
  floor of storing these rows (ADR 0007 §Benchmark explains why this is the floor compared);
- ours_csv: `gongjiang import workers` path (ingest.engine.import_file) on the CSV into an empty
  registry, full validation (resident ID check, district code, sealing, keyed hash, upsert), as
  the system (actor None), so batches are written on the background writer thread;
- ours_csv_again: the same file again (all rows unchanged: the idempotent re-import);
- ours_xlsx: the same engine on the .xlsx;
- die_xlsx: django-import-export 4 (the `bench` extra in pyproject.toml) on the same .xlsx, with the
  same validation in `before_import_row`, in its fastest documented mode (use_bulk, skip_diff).

Prints rows/s, ratios (ours vs django-import-export, ours vs COPY), peak RSS and, for our phases,
CPU seconds per row of this process and of its PostgreSQL backend (independent of the load other
work puts on the shared machine), with nproc, memory and load average. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.extras import extra_check  # noqa: E402

DB_NAME = "gj_ingest_bench"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
WORK = Path(os.environ.get("BENCH_DIR", "/tmp/gj_ingest_bench"))
HEADERS = ["身份证号", "姓名", "联系电话", "常住区县"]
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
REGIONS = ("330902", "330903", "330921", "330922", "330201", "330203")


def _id_number(n: int) -> str:
    region = REGIONS[n % len(REGIONS)]
    n //= len(REGIONS)
    born = datetime.date(1960, 1, 1) + datetime.timedelta(days=n % 14000)
    seq = n // 14000
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


_HAN_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")


def _rows(count: int):
    for n in range(count):
        # Names in Chinese numerals: a name with digits is refused like any other non-name (ADR 0019).
        yield [_id_number(n), "工匠" + str(n).translate(_HAN_DIGITS), f"139{n % 100000000:08d}", REGIONS[n % 2]]


def _setup_django() -> None:
    os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongjiang.config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- phases (each runs in its own process) --------------------------------------------------------


def phase_generate(rows: int, xlsx_rows: int) -> dict:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    WORK.mkdir(parents=True, exist_ok=True)
    with open(WORK / "workers.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(_rows(rows))
    with open(WORK / "workers_xlsx_rows.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADERS)
        writer.writerows(_rows(xlsx_rows))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("数据")
    sheet.append(HEADERS)
    for values in _rows(xlsx_rows):
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "@"
            cells.append(cell)
        sheet.append(cells)
    workbook.save(WORK / "workers.xlsx")
    return {"csv_bytes": (WORK / "workers.csv").stat().st_size, "xlsx_bytes": (WORK / "workers.xlsx").stat().st_size}


def _truncate() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE registry_worker CASCADE")


def phase_copy(path: str) -> dict:
    _setup_django()
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_copy_floor")
        cursor.execute("CREATE TABLE bench_copy_floor (id_number text, name text, phone text, district text)")
        with open(path, "rb") as handle, cursor.cursor.copy(
                "COPY bench_copy_floor FROM STDIN (FORMAT csv, HEADER true)") as copy:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        cursor.execute("SELECT count(*) FROM bench_copy_floor")
        count = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_copy_floor")
    return {"rows": count, "seconds": time.perf_counter() - started, "peak_rss_mib": _rss_mib()}


def phase_copy_table(path: str) -> dict:
    """The floor for the same job: the rows our import stored (sealed, hashed, masked), dumped
    with COPY TO, then COPY FROM into the emptied worker table with its indexes, unique key and
    foreign key, in one transaction and no validation. Only the COPY FROM is timed."""
    _setup_django()
    from django.db import connection

    dump = WORK / "worker_table.copy"
    with connection.cursor() as cursor:
        with open(dump, "wb") as handle, cursor.cursor.copy("COPY registry_worker TO STDOUT") as copy:
            for data in copy:
                handle.write(data)
        _truncate()
        cursor.execute("CHECKPOINT")
        started = time.perf_counter()
        with open(dump, "rb") as handle, cursor.cursor.copy("COPY registry_worker FROM STDIN") as copy:
            while chunk := handle.read(1 << 20):
                copy.write(chunk)
        seconds = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM registry_worker")
        count = cursor.fetchone()[0]
    dump.unlink()
    return {"rows": count, "seconds": seconds, "peak_rss_mib": _rss_mib()}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _backend_cpu_seconds(pid: int) -> float:
    """CPU time of our PostgreSQL backend process (same machine), from /proc; 0 if unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def phase_ours(path: str, truncate: bool) -> dict:
    _setup_django()
    from django.db import connection

    from gongjiang.ingest.engine import import_file
    from gongjiang.ingest.kinds import kind_get
    from gongjiang.registry.models import Worker

    if truncate:
        _truncate()
    with connection.cursor() as cursor:
        cursor.execute("CHECKPOINT")  # as before the COPY floors: no earlier phase's dirty pages to write
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    cpu, backend_cpu = _cpu_seconds(), _backend_cpu_seconds(backend)
    started = time.perf_counter()
    outcome = import_file(kind=kind_get("workers"), path=path, actor=None, report_path=WORK / "report.xlsx")
    seconds = time.perf_counter() - started
    # CPU per row does not depend on what else the shared machine runs; wall-clock rows/s does.
    return {"rows": outcome.rows, "created": outcome.created, "unchanged": outcome.unchanged,
            "rejected": outcome.rejected, "seconds": seconds, "peak_rss_mib": _rss_mib(),
            "python_cpu_us_per_row": round((_cpu_seconds() - cpu) / max(outcome.rows, 1) * 1e6, 1),
            "postgres_cpu_us_per_row": round((_backend_cpu_seconds(backend) - backend_cpu) / max(outcome.rows, 1) * 1e6, 1),
            "in_db": Worker.objects.count()}


def phase_die(path: str, limit: int | None) -> dict:
    _setup_django()
    import tablib
    from import_export import fields, resources

    from gongjiang.core import crypto
    from gongjiang.identity import resident_id_validate
    from gongjiang.reference.models import Division
    from gongjiang.registry.models import Worker

    districts = {d.code: d for d in Division.objects.filter(code__in=REGIONS)}

    class WorkerResource(resources.ModelResource):
        id_number_hash = fields.Field(attribute="id_number_hash", column_name="id_number_hash")
        name = fields.Field(attribute="name", column_name="姓名")

        class Meta:
            model = Worker
            import_id_fields = ("id_number_hash",)
            fields = ("id_number_hash", "name")
            use_bulk = True
            batch_size = 1000
            skip_diff = True

        def before_import(self, dataset, **kwargs):
            dataset.append_col([None] * dataset.height, header="id_number_hash")

        def before_import_row(self, row, **kwargs):
            rid = resident_id_validate(row["身份证号"])
            row["id_number_hash"] = crypto.lookup_hash(rid.number)
            row["_rid"] = rid

        def import_instance(self, instance, row, **kwargs):
            super().import_instance(instance, row, **kwargs)
            rid = row["_rid"]
            instance.set_id_number(rid.number)
            instance.sex, instance.birth_date, instance.native_region_code = rid.sex, rid.birth_date, rid.region_code
            instance.set_phone(str(row["联系电话"]))
            instance.set_ss_card("")
            instance.residence_district = districts[str(row["常住区县"])]

    _truncate()
    started = time.perf_counter()
    with open(path, "rb") as handle:
        dataset = tablib.Dataset().load(handle, format="xlsx")
    if limit:
        dataset = dataset.subset(rows=range(limit))
    result = WorkerResource().import_data(dataset, dry_run=False, raise_errors=True)
    seconds = time.perf_counter() - started
    return {"rows": len(dataset), "created": result.totals.get("new", 0), "seconds": seconds,
            "peak_rss_mib": _rss_mib(), "in_db": Worker.objects.count()}


# --- driver ---------------------------------------------------------------------------------------


def _run_phase(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--phase", *args], capture_output=True, text=True, cwd=ROOT)
    if out.returncode != 0:
        print(f"phase {args[0]} failed:\n{out.stderr[-3000:]}", file=sys.stderr)
        raise SystemExit(1)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"  {' '.join(args)}: {result}", flush=True)
    return result


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the CSV")
    parser.add_argument("--xlsx-rows", type=int, default=100_000, help="the first N rows also as an .xlsx")
    parser.add_argument("--die-rows", type=int, default=0, help="django-import-export on only the first N rows")
    parser.add_argument("--phase", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    extra_check("tablib", "import_export")
    if args.phase:
        name, *rest = args.phase
        if name == "generate":
            result = phase_generate(int(rest[0]), int(rest[1]))
        elif name == "copy":
            result = phase_copy(rest[0])
        elif name == "copy_table":
            result = phase_copy_table(rest[0])
        elif name == "ours":
            result = phase_ours(rest[0], rest[1] == "truncate")
        else:
            result = phase_die(rest[0], int(rest[1]) or None)
        print(json.dumps(result))
        return

    machine = {"nproc": os.cpu_count(), "free_g": subprocess.run(["free", "-g"], capture_output=True, text=True).stdout,
               "uptime": subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()}
    _admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    _admin(f"CREATE DATABASE {DB_NAME}")
    try:
        env = {**os.environ, "DATABASE_URL": f"{PG}/{DB_NAME}"}
        subprocess.run([sys.executable, "-m", "gongjiang.manage", "migrate", "-v", "0"], check=True, cwd=ROOT, env=env)
        results = {"generate": _run_phase("generate", str(args.rows), str(args.xlsx_rows))}
        csv_path, xlsx_path, xlsx_csv = str(WORK / "workers.csv"), str(WORK / "workers.xlsx"), str(WORK / "workers_xlsx_rows.csv")
        results["copy_csv"] = _run_phase("copy", csv_path)
        results["ours_csv"] = _run_phase("ours", csv_path, "truncate")
        results["ours_csv_again"] = _run_phase("ours", csv_path, "keep")
        results["copy_worker_table"] = _run_phase("copy_table", csv_path)
        results["copy_xlsx_rows"] = _run_phase("copy", xlsx_csv)
        results["ours_xlsx"] = _run_phase("ours", xlsx_path, "truncate")
        results["die_xlsx"] = _run_phase("die", xlsx_path, str(args.die_rows))
    finally:
        _admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    machine["uptime_after"] = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()

    def rate(name: str) -> float:
        return results[name]["rows"] / results[name]["seconds"]

    print(f"machine: nproc={machine['nproc']}; load before: {machine['uptime']}; after: {machine['uptime_after']}")
    print(machine["free_g"].strip())
    print(f"{'phase':16} {'rows':>9} {'seconds':>9} {'rows/s':>10} {'peak RSS MiB':>13}")
    for name, result in results.items():
        if name == "generate":
            continue
        print(f"{name:16} {result['rows']:>9} {result['seconds']:>9.2f} {rate(name):>10.0f} {result['peak_rss_mib']:>13.0f}")
    for name in ("ours_csv", "ours_csv_again", "ours_xlsx"):
        print(f"{name}: CPU per row: Python {results[name]['python_cpu_us_per_row']} µs, "
              f"PostgreSQL backend {results[name]['postgres_cpu_us_per_row']} µs")
    print(f"CSV: ours {rate('ours_csv'):.0f} rows/s (target >= 50,000); ours / COPY time ratio: "
          f"{results['ours_csv']['seconds'] / results['copy_worker_table']['seconds']:.2f}x against COPY of the same "
          f"rows into the worker table (target <= 3x), "
          f"{results['ours_csv']['seconds'] / results['copy_csv']['seconds']:.2f}x against COPY of the raw CSV into a "
          f"4-column text table with no index")
    die_per_row = results["die_xlsx"]["seconds"] / results["die_xlsx"]["rows"]
    ours_per_row = results["ours_xlsx"]["seconds"] / results["ours_xlsx"]["rows"]
    print(f"xlsx: ours {rate('ours_xlsx'):.0f} rows/s; django-import-export {rate('die_xlsx'):.0f} rows/s; "
          f"ours is {die_per_row / ours_per_row:.1f}x faster (target >= 10x); "
          f"vs COPY of the same rows {results['ours_xlsx']['seconds'] / results['copy_xlsx_rows']['seconds']:.1f}x")
    print(json.dumps({"machine": machine, "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
