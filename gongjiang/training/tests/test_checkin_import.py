"""The fast check-in import (issue 12 "Measure"; ADR 0022): one pass in one transaction, bulk
insert (COPY on PostgreSQL, executemany elsewhere), still all or nothing across batches, still
idempotent, still worded row by row."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from gongjiang.ingest.tests.factories import csv_write, xlsx_write
from gongjiang.registry.tests.factories import WorkerFactory
from gongjiang.training import services
from gongjiang.training.import_kinds import datetime_parse
from gongjiang.training.models import CheckIn
from gongjiang.training.tests.factories import aware

pytestmark = pytest.mark.django_db
HEADERS = ["班级编号", "身份证号", "姓名", "签到时间", "签退时间", "设备编号"]


@pytest.fixture
def trainees(trainer, approved_class):
    people = [WorkerFactory(name=f"学员{i}") for i in range(3)]
    for person in people:
        services.trainee_enrol(actor=trainer, training_class=approved_class, id_number=person.id_number_plain(),
                               name=person.name)
    return people


def _rows(training_class, people, count, *, start_minute=0):
    """`count` check-ins spread over the people, one minute apart within the class's first day."""
    day = datetime.combine(training_class.start_date, datetime.min.time())
    rows = []
    for i in range(count):
        moment = day + timedelta(hours=6, seconds=(start_minute + i) * 7)
        person = people[i % len(people)]
        rows.append([training_class.pk, person.id_number_plain(), person.name, f"{moment:%Y-%m-%d %H:%M:%S}",
                     f"{moment + timedelta(minutes=50):%Y-%m-%d %H:%M:%S}", "FACE-01"])
    return rows


@pytest.mark.parametrize(("text", "expected"), [
    ("2025-03-01 08:30", (2025, 3, 1, 8, 30, 0)), ("2025-03-01 08:30:15", (2025, 3, 1, 8, 30, 15)),
    ("2025/3/1 8:30", (2025, 3, 1, 8, 30, 0)), ("2025年3月1日 8时30分", (2025, 3, 1, 8, 30, 0)),
    (datetime(2025, 3, 1, 8, 30, 15), (2025, 3, 1, 8, 30, 15)),  # noqa: DTZ001 — a spreadsheet cell is naive
])
def test_datetime_forms_of_devices_and_spreadsheets_are_read_as_local_time(text, expected):
    value = datetime_parse(text)
    assert value == timezone.make_aware(datetime(*expected))  # noqa: DTZ001
    assert value.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("text", ["2025-02-30 08:30", "2025-03-01 25:00", "08:30", "", "2025-13-01 08:30", "2025/2/29 8:00"])
def test_impossible_datetimes_are_not_read(text):
    assert datetime_parse(text) is None


def test_a_file_longer_than_a_batch_with_one_bad_row_at_the_end_writes_nothing(trainer, approved_class, trainees,
                                                                                tmp_path):
    rows = _rows(approved_class, trainees, 5200)  # the writer's batch is 5,000: the first batch is written
    rows.append([approved_class.pk, trainees[0].id_number_plain(), trainees[0].name, "2025-03-03 13:00",
                 "2025-03-03 12:00", ""])
    outcome = services.checkins_import(actor=trainer, path=str(csv_write(tmp_path / "c.csv", [HEADERS, *rows])),
                                       name="c.csv")
    assert (outcome.rows, outcome.rejected, outcome.created) == (5201, 1, 0)
    assert outcome.rejections[0]["line"] == 5202
    assert outcome.rejections[0]["column"] == "签退时间"
    assert "早于签到时间" in outcome.rejections[0]["message"]
    assert not CheckIn.objects.exists()


def test_a_clean_long_file_writes_every_row_with_its_trainee_and_minutes(trainer, approved_class, trainees, tmp_path):
    rows = _rows(approved_class, trainees, 5200)
    outcome = services.checkins_import(actor=trainer, path=str(csv_write(tmp_path / "c.csv", [HEADERS, *rows])),
                                       name="c.csv")
    assert (outcome.created, outcome.unchanged, outcome.rejected) == (5200, 0, 0)
    assert CheckIn.objects.count() == 5200
    assert set(CheckIn.objects.values_list("minutes", flat=True)) == {50}
    first = CheckIn.objects.get(checked_in_at=aware(2025, 3, 3, 6, 0))
    assert (first.worker_id, first.site_id, first.device, first.source) == (
        trainees[0].pk, approved_class.site_id, "FACE-01", "device")
    assert first.enrolment.worker_id == trainees[0].pk


def test_a_file_partly_imported_before_adds_only_the_new_rows(trainer, approved_class, trainees, tmp_path):
    services.checkins_import(actor=trainer, path=str(csv_write(tmp_path / "a.csv", [HEADERS, *_rows(
        approved_class, trainees, 30)])), name="a.csv")
    # The second file repeats the first 30 rows and adds 20: the bulk insert meets the unique
    # index (PostgreSQL: its straight COPY is refused and the batch goes through ON CONFLICT).
    outcome = services.checkins_import(actor=trainer, path=str(csv_write(tmp_path / "b.csv", [HEADERS, *_rows(
        approved_class, trainees, 50)])), name="b.csv")
    assert (outcome.created, outcome.unchanged) == (20, 30)
    assert CheckIn.objects.count() == 50


def test_spreadsheet_datetime_cells_are_imported(trainer, approved_class, trainees, tmp_path):
    person = trainees[1]
    path = xlsx_write(tmp_path / "c.xlsx", [HEADERS, [approved_class.pk, person.id_number_plain(), person.name,
                                                      datetime(2025, 3, 4, 8, 2), datetime(2025, 3, 4, 11, 57), ""]])  # noqa: DTZ001
    outcome = services.checkins_import(actor=trainer, path=str(path), name="c.xlsx")
    assert outcome.created == 1
    checkin = CheckIn.objects.get()
    assert (checkin.checked_in_at, checkin.minutes) == (aware(2025, 3, 4, 8, 2), 235)


def test_a_checkin_outside_the_class_dates_names_the_dates(trainer, approved_class, trainees, tmp_path):
    person = trainees[0]
    path = csv_write(tmp_path / "c.csv", [HEADERS, [approved_class.pk, person.id_number_plain(), person.name,
                                                    "2025-04-01 08:00", "2025-04-01 12:00", ""]])
    outcome = services.checkins_import(actor=trainer, path=str(path), name="c.csv")
    assert outcome.rejected == 1
    assert outcome.rejections[0]["column"] == "签到时间"
    assert "2025-03-03 至 2025-03-07" in outcome.rejections[0]["message"]
    assert not CheckIn.objects.exists()


def test_a_successful_import_is_audited(trainer, approved_class, trainees, tmp_path):
    from gongjiang.audit.models import AuditEvent

    services.checkins_import(actor=trainer, path=str(csv_write(tmp_path / "c.csv", [HEADERS, *_rows(
        approved_class, trainees, 4)])), name="考勤.csv")
    event = AuditEvent.objects.get(object_type="training_checkin")
    assert "新增 4 条" in event.summary
