"""Benchmark of training supervision and the check-in import (issue 12 "Measure").

    ./run bench training [--classes 2000] [--per-class 25] [--checkins-per 20] [--sample 40]
                         [--import-rows 1000000] [--xlsx-rows 100000] [--import-only] [--keep] [--reuse]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres). Creates the scratch database gj_training_bench,
migrates it and writes, with COPY: one institution per 20 classes, `--classes` approved classes
with a timetable of two sessions a day, `--per-class` trainees each (registry workers written
directly, sealed fields empty), `--checkins-per` check-ins per trainee (1,000,000 by default),
completions, and planted machine-clicking and evening check-ins. Then it measures, in one run:

1. `supervision.supervision_run()` — every rule, set-based, findings written;
2. the same rules written the obvious way (`naive_rules`: per class, ORM queries per trainee and
   check-in) on a random sample of `--sample` classes, extrapolated to all classes; the ratio;
3. the check-in import of a CSV of `--import-rows` rows, and of an .xlsx of `--xlsx-rows` rows,
   through `services.checkins_import` (the ingest machinery, validation included, all or nothing:
   one pass in one transaction), rows per second; then the same CSV again (every row already
   imported: the idempotent path). `--import-only` skips 1 and 2.

Prints the figures and nproc / free -g / uptime. Only ever writes to gj_training_bench.
"""

import argparse
import csv
import io
import os
import random
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
DB_NAME = "gj_training_bench"


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


def populate(args) -> dict:
    """Write the world with COPY; returns what the import phase needs."""
    from django.db import connection
    from django.utils import timezone

    from gongjiang.reference.models import Division, Occupation
    from gongjiang.registry.tests.factories import id_number_make, uscc_make
    from gongjiang.training.models import Institution, Programme, Site, TrainingClass

    rng = random.Random(12)
    district = Division.objects.get(code="330902")
    occupation = Occupation.objects.get(code="6-18-02-04")
    programme = Programme.objects.create(code="bench", name="焊工（高级工）", occupation=occupation, grade=3,
                                         hours=80, subsidy_standard=1800)
    n_inst = max(1, args.classes // 20)
    institutions = [Institution(name=f"基准机构{i}", uscc=uscc_make(i + 1), kind="for_profit", licence_number=f"L{i}",
                                district=district, admitted_on=date(2024, 1, 1)) for i in range(n_inst)]
    Institution.objects.bulk_create(institutions)
    sites = Site.objects.bulk_create([Site(institution=inst, name=f"场地{i}", longitude=122.1, latitude=30.0)
                                      for i, inst in enumerate(institutions)])
    days = args.checkins_per // 2
    classes = TrainingClass.objects.bulk_create([TrainingClass(
        institution=institutions[c // 20], programme=programme, name=f"班{c}", site=sites[c // 20], teacher="师",
        start_date=date(2024, 1, 1) + timedelta(days=(c * 3) % 600),
        end_date=date(2024, 1, 1) + timedelta(days=(c * 3) % 600 + days - 1), planned_hours=days * 8, capacity=100,
        status="approved") for c in range(args.classes)], batch_size=5000)
    tz = timezone.get_current_timezone()

    def at(day, hour, second=0):
        return datetime(day.year, day.month, day.day, hour, 0, 0, tzinfo=tz) + timedelta(seconds=second)

    people = args.classes * args.per_class
    numbers = {}
    with connection.cursor() as cur:
        raw = cur.connection.cursor()  # psycopg 3: COPY
        started = time.perf_counter()
        worker_rows = []
        for w in range(people):
            born = date(1970 + w % 30, 1 + w % 12, 1 + w % 28)
            numbers[w] = id_number_make(born=born, seq=w % 499)
            worker_rows.append(("\\x", f"h{w:012d}", "3309**********1234", f"学员{w}", "M",
                                born.isoformat(), "330902", "\\x", "", "\\x", "", "f", timezone.now().isoformat(),
                                timezone.now().isoformat()))
        _copy(raw, "registry_worker", ["id_number_sealed", "id_number_hash", "id_number_masked", "name", "sex",
                                       "birth_date", "native_region_code", "ss_card_sealed", "ss_card_masked",
                                       "phone_sealed", "phone_masked", "discoverable", "created_at", "updated_at"],
              worker_rows)
        cur.execute("SELECT id FROM registry_worker ORDER BY id")
        worker_ids = [r[0] for r in cur.fetchall()]
        sessions, enrolments = [], []
        for c, klass in enumerate(classes):
            for d in range(days):
                day = klass.start_date + timedelta(days=d)
                sessions.append((klass.pk, at(day, 8).isoformat(), at(day, 12).isoformat(), ""))
                sessions.append((klass.pk, at(day, 13).isoformat(), at(day, 17).isoformat(), ""))
            for t in range(args.per_class):
                enrolments.append((klass.pk, worker_ids[c * args.per_class + t], timezone.now().isoformat()))
        _copy(raw, "training_session", ["training_class_id", "starts_at", "ends_at", "topic"], sessions)
        _copy(raw, "training_enrolment", ["training_class_id", "worker_id", "enrolled_at"], enrolments)
        cur.execute("SELECT id, training_class_id, worker_id FROM training_enrolment ORDER BY id")
        enrolled = cur.fetchall()
        by_class = {k.pk: k for k in classes}
        checkins = []
        for index, (enrolment_id, class_id, worker_id) in enumerate(enrolled):
            klass = by_class[class_id]
            clicked = index % 5000 < 3  # three machine-clicked trainees every 5,000
            for d in range(days):
                day = klass.start_date + timedelta(days=d)
                for a, b in ((8, 12), (13, 17)):
                    jin, jout = (0, 0) if clicked else (rng.randint(-600, 300), rng.randint(-300, 600))
                    if index % 9973 == 0 and d == 0 and a == 8:
                        jin, jout = 13 * 3600, 13 * 3600 + 600  # evening: outside the timetable
                    checkins.append((enrolment_id, class_id, worker_id, klass.site_id, at(day, a, jin).isoformat(),
                                     at(day, b, jout).isoformat(), (4 * 3600 + jout - jin) // 60, "device", ""))
        _copy(raw, "training_checkin", ["enrolment_id", "training_class_id", "worker_id", "site_id", "checked_in_at",
                                        "checked_out_at", "minutes", "source", "device"], checkins)
        _copy(raw, "training_completion", ["enrolment_id", "completed_on", "hours_attended", "exam_passed"],
              [(e, by_class[c].end_date.isoformat(), days * 8, "t" if rng.random() < 0.85 else "f")
               for e, c, _w in enrolled])
        cur.execute("ANALYZE")
        print(f"written: {len(worker_ids)} workers, {len(enrolled)} enrolments, {len(checkins)} check-ins, "
              f"{len(sessions)} sessions in {time.perf_counter() - started:.0f} s")
    return {"classes": classes, "enrolled": enrolled, "numbers": numbers, "worker_ids": worker_ids}


def naive_rules(class_ids) -> int:
    """The same rules the obvious way: per class, ORM queries per trainee and per check-in."""
    from django.db.models import Q, Sum

    from gongjiang.training import supervision
    from gongjiang.training.models import CheckIn, Completion, Enrolment, Session, TrainingClass

    found = 0
    for klass in TrainingClass.objects.filter(pk__in=class_ids):
        sequences = {}
        for enrolment in Enrolment.objects.filter(training_class=klass).select_related("worker"):
            checkins = list(CheckIn.objects.filter(enrolment=enrolment).order_by("checked_in_at"))
            for checkin in checkins:
                if not Session.objects.filter(training_class=klass,
                                              starts_at__lte=checkin.checked_in_at + supervision.TIMETABLE_TOLERANCE,
                                              ends_at__gte=checkin.checked_out_at - supervision.TIMETABLE_TOLERANCE
                                              ).exists():
                    found += 1
                if CheckIn.objects.filter(worker_id=enrolment.worker_id, checked_in_at__lte=checkin.checked_out_at,
                                          checked_out_at__gte=checkin.checked_in_at).exclude(site_id=checkin.site_id).exists():
                    found += 1
            minutes = CheckIn.objects.filter(enrolment=enrolment).aggregate(t=Sum("minutes"))["t"] or 0
            if Completion.objects.filter(enrolment=enrolment).exists() and \
                    minutes / 60 < float(klass.planned_hours * supervision.ATTENDANCE_MIN_SHARE):
                found += 1
            born = enrolment.worker.birth_date
            if klass.start_date.year - born.year >= supervision.RETIREMENT_AGE.get(enrolment.worker.sex, 60):
                found += 1
            if Enrolment.objects.filter(Q(worker_id=enrolment.worker_id), training_class__programme=klass.programme
                                        ).exclude(pk=enrolment.pk).exists():
                found += 1
            sequences[enrolment.pk] = tuple((c.checked_in_at, c.checked_out_at) for c in checkins)
        seen = {}
        for key, sequence in sequences.items():
            if sequence and sequence in seen:
                found += 1
            seen[sequence] = key
    return found


def measure(args) -> None:
    import django

    django.setup()
    from django.db import connection

    from gongjiang.training import supervision
    from gongjiang.training.models import CheckIn, Finding, TrainingClass

    if not args.reuse:
        world = populate(args)
    else:
        world = None
    checkins = CheckIn.objects.count()
    if not args.import_only:
        started = time.perf_counter()
        counts = supervision.supervision_run()
        set_based = time.perf_counter() - started
        print(f"supervision_run (all rules, set-based) over {checkins} check-ins: {set_based:.1f} s; findings {counts}")
        ids = list(TrainingClass.objects.values_list("id", flat=True))
        sample = random.Random(3).sample(ids, min(args.sample, len(ids)))
        started = time.perf_counter()
        naive_rules(sample)
        naive = (time.perf_counter() - started) * len(ids) / len(sample)
        print(f"naive per-class ORM rules: {len(sample)} classes in {naive * len(sample) / len(ids):.1f} s, "
              f"extrapolated to {len(ids)} classes: {naive:.0f} s; ratio {naive / set_based:.0f}x")
        print(f"findings recorded: {Finding.objects.count()}")
    if world is not None and args.import_rows:
        import_measure(args, world)
    connection.close()
    print(machine())


def import_measure(args, world) -> None:
    """A CSV of check-ins for already enrolled trainees (new times on the class's last day) imported
    through services.checkins_import as the institution's account."""
    from django.db import connection

    from gongjiang.accounts.models import Role, User
    from gongjiang.core import crypto
    from gongjiang.training import services
    from gongjiang.training.models import CheckIn, Institution

    institution = Institution.objects.order_by("id").first()
    trainer = User.objects.create_user("bench_trainer", role=Role.TRAINING_INSTITUTION, training_institution=institution)
    # Give the institution's trainees their real keyed hashes, so the import can match them.
    with connection.cursor() as cur:
        mine = [(e, c, w) for e, c, w in world["enrolled"] if c in {k.pk for k in world["classes"]
                                                                    if k.institution_id == institution.pk}]
        index = {w: i for i, w in enumerate(world["worker_ids"])}
        for _e, _c, w in mine:
            cur.execute("UPDATE registry_worker SET id_number_hash = %s WHERE id = %s",
                        [crypto.lookup_hash(world["numbers"][index[w]]), w])
    by_class = {k.pk: k for k in world["classes"]}

    def rows(count, offset=0):
        """`count` rows: new check-in times on each class's last day, one trainee after another."""
        made, minute = 0, offset
        while True:
            for _e, c, w in mine:
                moment = datetime.combine(by_class[c].end_date, datetime.min.time()) + timedelta(
                    minutes=minute % 1400, seconds=minute // 1400)
                yield [c, world["numbers"][index[w]], "", f"{moment:%Y-%m-%d %H:%M:%S}",
                       f"{moment + timedelta(minutes=1):%Y-%m-%d %H:%M:%S}", "B"]
                made += 1
                if made >= count:
                    return
            minute += 1

    headers = ["班级编号", "身份证号", "姓名", "签到时间", "签退时间", "设备编号"]
    path = Path("/tmp/gj_training_bench_checkins.csv")  # noqa: S108 — a scratch file of the benchmark
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(headers)
        writer.writerows(rows(args.import_rows))

    def backend_cpu() -> float | None:
        """CPU seconds the PostgreSQL backend of this connection has used (it runs on this machine)."""
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = cur.fetchone()[0]
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def timed(label, file, name):
        before = CheckIn.objects.count()
        pg_before = backend_cpu()
        cpu = os.times()
        started = time.perf_counter()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            outcome = profiler.runcall(services.checkins_import, actor=trainer, path=str(file), name=name)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(20)
        else:
            outcome = services.checkins_import(actor=trainer, path=str(file), name=name)
        seconds = time.perf_counter() - started
        python_cpu = (os.times().user - cpu.user) + (os.times().system - cpu.system)
        pg_after = backend_cpu()
        pg = (f"{(pg_after - pg_before) / max(outcome.rows, 1) * 1e6:.1f} µs/row"
              if pg_before is not None and pg_after is not None else "n/a")
        written = CheckIn.objects.count() - before
        print(f"{label}: {outcome.rows} rows, {outcome.created} created, {outcome.unchanged} unchanged, "
              f"{outcome.rejected} rejected, {written} written, in {seconds:.1f} s = {outcome.rows / seconds:,.0f} rows/s "
              f"(CPU: Python {python_cpu / max(outcome.rows, 1) * 1e6:.1f} µs/row, PostgreSQL backend {pg}); "
              f"load {os.getloadavg()[0]:.2f}")

    print(f"load before the import: {os.getloadavg()}")
    timed("check-in import, CSV, new rows", path, "checkins.csv")
    timed("check-in import, the same CSV again (all already imported)", path, "checkins.csv")
    path.unlink()
    if args.xlsx_rows:
        import openpyxl

        xlsx = Path("/tmp/gj_training_bench_checkins.xlsx")  # noqa: S108
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(headers)
        for row in rows(args.xlsx_rows, offset=5_000):
            sheet.append(row)
        book.save(xlsx)
        timed("check-in import, .xlsx, new rows", xlsx, "checkins.xlsx")
        xlsx.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--classes", type=int, default=2000)
    parser.add_argument("--per-class", type=int, default=25)
    parser.add_argument("--checkins-per", type=int, default=20)
    parser.add_argument("--sample", type=int, default=40, help="classes checked the naive way")
    parser.add_argument("--import-rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=100_000)
    parser.add_argument("--import-only", action="store_true", help="skip the supervision measures")
    parser.add_argument("--profile", action="store_true", help="profile the imports (cProfile, slower)")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB_NAME}",
           "DJANGO_SETTINGS_MODULE": "gongjiang.config.settings"}
    if not args.reuse:
        subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=True)
        subprocess.run(["psql", ADMIN_URL, "-qc", f"CREATE DATABASE {DB_NAME}"], check=True)
        subprocess.run([sys.executable, "-m", "gongjiang.manage", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    os.environ.update(DATABASE_URL=env["DATABASE_URL"], DJANGO_SETTINGS_MODULE=env["DJANGO_SETTINGS_MODULE"])
    try:
        measure(args)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            subprocess.run(["psql", ADMIN_URL, "-qc", f"DROP DATABASE IF EXISTS {DB_NAME}"], check=False)


if __name__ == "__main__":
    main()
