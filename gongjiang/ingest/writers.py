"""Bulk writers for the registry import kinds (issue 3 §4; ADR 0007).

The rules are those of `gongjiang.registry.services` (one current main employer, certificate
number checks, scope of the importing actor, a registered name must match the ID number, sex and
birth date derived from the ID number, personal data sealed with `Worker.set_id_number` and
friends); only the path to the database is different: one query per batch to find what exists,
then new rows inserted in bulk (PostgreSQL: COPY into a temporary table and INSERT … SELECT …
ON CONFLICT DO NOTHING; other databases: executemany of INSERT … ON CONFLICT DO NOTHING) and
changed rows updated with `bulk_update`. Unchanged rows are not touched, so a re-import changes
nothing (not even `updated_at`).

Each writer returns rows it refuses in `WriteResult.rejected` with `rejected_before_writing=True`:
it has left them out and written the rest."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.accounts.permissions import Scope, scope
from gongjiang.core import crypto
from gongjiang.core.masking import mask_id_number, mask_phone
from gongjiang.identity import certificate_number_check
from gongjiang.ingest.kinds import ImportContext, RowError, WriteResult
from gongjiang.ingest.parsing import resident_id_info
from gongjiang.ingest.sealing import BatchSealer
from gongjiang.registry import selectors
from gongjiang.registry.models import Certificate, Employment, Enterprise, TrainingRecord, Worker

# --- low-level insert ------------------------------------------------------------------------


def _record_update(record, values: dict, changed: list, result, foreign_keys: tuple[str, ...] = ("occupation",)
                   ) -> None:
    """Apply `values` to an existing record if any differs (counted as updated), else count it unchanged.
    Foreign keys (`foreign_keys`) compare by id, so an unchanged re-import touches nothing."""
    if any(getattr(record, f"{n}_id" if n in foreign_keys else n) != (v.pk if hasattr(v, "pk") else v)
           for n, v in values.items()):
        for name, value in values.items():
            setattr(record, name, value)
        changed.append(record)
        result.updated += 1
    else:
        result.unchanged += 1


def rows_insert(model: type, fields: Sequence[str], values: Iterable[Sequence[Any]], conflict: Sequence[str],
                *, direct: bool = True) -> int:
    """Insert `values` (tuples in `fields` order, database values) into `model`'s table, skipping
    rows that conflict on `conflict` (someone else inserted them meanwhile). Returns how many
    rows were inserted."""
    table = model._meta.db_table
    columns = [model._meta.get_field(name).column for name in fields]
    qn = connection.ops.quote_name
    column_sql = ", ".join(qn(c) for c in columns)
    conflict_sql = ", ".join(qn(model._meta.get_field(name).column) for name in conflict)
    values = list(values)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and direct:
            # The caller has just checked, in this transaction, that none of these rows exists:
            # COPY straight into the table. If a concurrent import inserted one meanwhile, the
            # unique index refuses the COPY; fall back to the temporary table and ON CONFLICT.
            try:
                with transaction.atomic(), cursor.cursor.copy(
                        f"COPY {qn(table)} ({column_sql}) FROM STDIN") as copy:  # noqa: S608
                    for row in values:
                        copy.write_row(row)
                return len(values)
            except (IntegrityError, connection.Database.IntegrityError):
                pass
        if connection.vendor == "postgresql":
            temp = qn(f"ingest_tmp_{table}")
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {temp} ON COMMIT DELETE ROWS AS "  # noqa: S608
                           f"SELECT {column_sql} FROM {qn(table)} WITH NO DATA")
            cursor.execute(f"TRUNCATE {temp}")
            with cursor.cursor.copy(f"COPY {temp} ({column_sql}) FROM STDIN") as copy:  # noqa: S608
                for row in values:
                    copy.write_row(row)
            cursor.execute(f"INSERT INTO {qn(table)} ({column_sql}) SELECT {column_sql} FROM {temp} "  # noqa: S608
                           f"ON CONFLICT ({conflict_sql}) DO NOTHING")
            return cursor.rowcount
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {qn(table)} ({column_sql}) VALUES ({marks}) "  # noqa: S608
                           f"ON CONFLICT ({conflict_sql}) DO NOTHING", values)
        return cursor.rowcount if values else 0


def _copy_text(model: type, fields: Sequence[str], text: str) -> None:
    """PostgreSQL: COPY rows already formatted as COPY text lines straight into `model`'s table."""
    qn = connection.ops.quote_name
    column_sql = ", ".join(qn(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {qn(model._meta.db_table)} ({column_sql}) FROM STDIN") as copy:  # noqa: S608
        copy.write(text)


def rows_copy(model: type, fields: Sequence[str], text: str, conflict: Sequence[str]) -> int:
    """PostgreSQL only: `rows_insert` for rows already formatted as COPY text lines (tab-separated,
    escaped, "\\n"-terminated, in `fields` order). Same rule: COPY straight into the table, and if a
    concurrent import inserted one of the rows meanwhile, through a temporary table with
    ON CONFLICT DO NOTHING. Returns how many rows were inserted."""
    table = model._meta.db_table
    qn = connection.ops.quote_name
    column_sql = ", ".join(qn(model._meta.get_field(name).column) for name in fields)
    conflict_sql = ", ".join(qn(model._meta.get_field(name).column) for name in conflict)
    try:
        with transaction.atomic():
            _copy_text(model, fields, text)
        return text.count("\n")
    except (IntegrityError, connection.Database.IntegrityError):
        pass
    with connection.cursor() as cursor:
        temp = qn(f"ingest_tmp_{table}")
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {temp} ON COMMIT DELETE ROWS AS "  # noqa: S608
                       f"SELECT {column_sql} FROM {qn(table)} WITH NO DATA")
        cursor.execute(f"TRUNCATE {temp}")
        with cursor.cursor.copy(f"COPY {temp} ({column_sql}) FROM STDIN") as copy:  # noqa: S608
            copy.write(text)
        cursor.execute(f"INSERT INTO {qn(table)} ({column_sql}) SELECT {column_sql} FROM {temp} "  # noqa: S608
                       f"ON CONFLICT ({conflict_sql}) DO NOTHING")
        return cursor.rowcount


_ALL_NEW = "workers:all_new"  # ctx.lookups: every batch so far held only new workers


def _by_hash(row: dict[str, Any]) -> str:
    return row["_hash"]


def all_seeing(actor: Any) -> bool:
    """The system (no actor), a superuser or a bureau administrator: no scope limits."""
    return actor is None or scope(actor) == Scope.ALL


_all_seeing = all_seeing


def _refuse(result: WriteResult, row: dict[str, Any], column: str, message: str, hint: str = "") -> None:
    result.rejected.append((row, RowError(column, message, hint, value=row.get(column))))


# --- workers -----------------------------------------------------------------------------------

WORKER_FIELDS = ("id_number_sealed", "id_number_hash", "id_number_masked", "name", "sex", "birth_date",
                 "native_region_code", "ss_card_sealed", "ss_card_masked", "phone_sealed", "phone_masked",
                 "residence_district", "discoverable", "created_at", "updated_at")


def _worker_values(row: dict[str, Any], key: str, now: Any, sealer: BatchSealer | None = None) -> tuple:
    sealer = sealer or BatchSealer()
    number = row["id_number"]
    info = resident_id_info(number)
    phone = row.get("phone") or ""
    ss_card = row.get("ss_card") or ""
    district = row.get("residence_district")
    return (sealer.seal(number), key, mask_id_number(number), row["name"], info.sex, info.birth_date,
            info.region_code, sealer.seal(ss_card), mask_id_number(ss_card) if ss_card else "",
            sealer.seal(phone), mask_phone(phone) if phone else "", district.pk if district else None,
            bool(row.get("discoverable")), now, now)


# PostgreSQL COPY text format: backslash, tab, newline and carriage return are escaped; NULL is \N;
# bytea is written in hex (\\x…, the backslash itself escaped for COPY).
_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_ODD = frozenset("13579")


def workers_encode(rows: list[dict[str, Any]], ctx: ImportContext) -> None:
    """`ImportKind.encode_batch` of the worker kinds: the keyed hash of each row's ID number
    ("_hash") and, on PostgreSQL, its sealed COPY line in case it is new ("_copy"). Rows already
    encoded are left as they are."""
    todo = [row for row in rows if "_hash" not in row]
    if not todo:
        return
    sealer = BatchSealer(3 * len(todo))
    lookup_hash = sealer.lookup_hash
    if connection.vendor != "postgresql":
        for row in todo:
            row["_hash"] = lookup_hash(row["id_number"])
        return
    now_text = timezone.now().isoformat()
    seal = sealer.seal_copy_text
    for row in todo:
        # The values of `_worker_values` as one line of COPY text, formatted here rather than by
        # psycopg's generic `write_row` (which costs more than the rest of the row's writing). Sex,
        # birth date and region are read off the number by `resident_id_info`'s rules.
        number = row["id_number"]
        key = row["_hash"] = lookup_hash(number)
        phone = row.get("phone") or ""
        ss_card = row.get("ss_card") or ""
        district = row.get("residence_district")
        row["_copy"] = "\t".join((
            seal(number), key, number[:4] + "**********" + number[14:], row["name"].translate(_COPY_ESCAPE),
            "M" if number[16] in _ODD else "F", f"{number[6:10]}-{number[10:12]}-{number[12:14]}", number[:6],
            seal(ss_card) if ss_card else "\\\\x", mask_id_number(ss_card).translate(_COPY_ESCAPE) if ss_card else "",
            seal(phone) if phone else "\\\\x", mask_phone(phone).translate(_COPY_ESCAPE) if phone else "",
            str(district.pk) if district else "\\N", "t" if row.get("discoverable") else "f", now_text, now_text,
        )) + "\n"


_EXISTING = ("id_number_hash", "id", "name", "phone_masked", "phone_sealed", "ss_card_masked", "ss_card_sealed",
             "residence_district_id", "discoverable")


def _workers_existing(keys: list[str]) -> dict[str, tuple]:
    """(id_number_hash, id, name, phone_masked, phone_sealed, …) of the registered workers among `keys`.
    On PostgreSQL one parameter (`= ANY`) instead of thousands of placeholders."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # The keys are 64 hex digits: one comma-joined text parameter is cheaper to send than an array.
            cursor.execute(f"SELECT {', '.join(_EXISTING)} FROM registry_worker "  # noqa: S608
                           "WHERE id_number_hash = ANY(string_to_array(%s, ','))", [",".join(keys)])
            return {row[0]: row for row in cursor.fetchall()}
    return {row[0]: row for row in Worker.objects.filter(id_number_hash__in=keys).values_list(*_EXISTING)}


def _sealed_equals(sealed: Any, plain: str) -> bool:
    return crypto.unseal(sealed) == plain


def workers_upsert(rows: list[dict[str, Any]], ctx: ImportContext, *, update: bool = True,
                   want_workers: bool = False) -> tuple[WriteResult, dict[str, Worker]]:
    """Register new workers and correct existing ones (blank optional cells leave a value as it is).
    Returns the result and, with `want_workers`, the workers by ID number (existing and new).
    Existing workers outside the actor's scope are refused (worker_update's rule), as is a
    different name when `update` is False (employee_add's guard against a mistyped ID number)."""
    result = WriteResult(rejected_before_writing=True)
    workers_encode(rows, ctx)
    copy_text = connection.vendor == "postgresql"
    if update and copy_text and rows and ctx.lookups.get(_ALL_NEW):
        # The batches so far were all new workers (a first load): COPY straight in without
        # looking up the keys first. A key already registered (a re-import, or another import
        # meanwhile) makes the unique index refuse the COPY; this batch then takes the careful
        # path, and so do the next ones.
        try:
            with transaction.atomic():
                _copy_text(Worker, WORKER_FIELDS, "".join(row["_copy"] for row in sorted(rows, key=_by_hash)))
        except (IntegrityError, connection.Database.IntegrityError):
            ctx.lookups[_ALL_NEW] = False
        else:
            result.created = len(rows)
            ctx.changed_workers.add(hashes=[row["_hash"] for row in rows])
            return result, {}
    sealer = None if copy_text else BatchSealer(3 * len(rows))  # PostgreSQL rows were sealed by workers_encode
    keyed = [(row["_hash"], row) for row in rows]
    existing = _workers_existing([key for key, _row in keyed])
    if update and copy_text:
        ctx.lookups[_ALL_NEW] = not existing
    if existing and update and not _all_seeing(ctx.actor):
        visible = set(selectors.worker_scope(ctx.actor).filter(id_number_hash__in=list(existing))
                      .values_list("id_number_hash", flat=True))
    else:
        visible = set(existing)
    now = timezone.now()
    new_values: list[Any] = []
    new_keys: list[str] = []
    changed: list[Worker] = []
    accepted: list[tuple[str, dict[str, Any]]] = []
    for key, row in keyed:
        found = existing.get(key)
        if found is None:
            new_keys.append(key)
            new_values.append((key, row["_copy"]) if copy_text else _worker_values(row, key, now, sealer))
            accepted.append((key, row))
            result.created += 1
            continue
        _hash, pk, name, phone_masked, phone_sealed, ss_masked, ss_sealed, district_id, discoverable = found
        if not update:
            if name != row["name"]:
                _refuse(result, row, "name", _("该身份证号已登记，但姓名“%(n)s”与登记的不一致。") % {"n": row["name"]},
                        _("请核对身份证号和姓名。"))
            else:
                accepted.append((key, row))
                result.unchanged += 1
            continue
        if key not in visible:
            _refuse(result, row, "id_number", _("该身份证号已在人才库中登记，但不在您的管理范围内，不能修改其信息。"),
                    _("请联系其所在区人社局更正。"))
            continue
        worker = Worker(pk=pk, name=name, phone_masked=phone_masked, phone_sealed=phone_sealed, ss_card_masked=ss_masked,
                        ss_card_sealed=ss_sealed, residence_district_id=district_id, discoverable=discoverable)
        dirty = False
        if row["name"] and name != row["name"]:
            worker.name = row["name"]
            dirty = True
        phone = row.get("phone") or ""
        if phone and (phone_masked != mask_phone(phone) or not _sealed_equals(phone_sealed, phone)):
            worker.set_phone(phone)
            dirty = True
        ss_card = row.get("ss_card") or ""
        if ss_card and (ss_masked != mask_id_number(ss_card) or not _sealed_equals(ss_sealed, ss_card)):
            worker.set_ss_card(ss_card)
            dirty = True
        district = row.get("residence_district")
        if district is not None and district_id != district.pk:
            worker.residence_district_id = district.pk
            dirty = True
        if row.get("discoverable") is not None and discoverable != row["discoverable"]:
            worker.discoverable = row["discoverable"]
            dirty = True
        accepted.append((key, row))
        if dirty:
            worker.updated_at = now
            changed.append(worker)
            result.updated += 1
        else:
            result.unchanged += 1
    if new_values and copy_text:
        # In key order, so the unique index on id_number_hash (random keys) is filled leaf by leaf:
        # measured 20-35% less PostgreSQL CPU per row than file order (ADR 0007 §Speed).
        new_values.sort()
        rows_copy(Worker, WORKER_FIELDS, "".join(line for _key, line in new_values), conflict=("id_number_hash",))
    elif new_values:
        rows_insert(Worker, WORKER_FIELDS, new_values, conflict=("id_number_hash",))
    ctx.changed_workers.add(ids=[worker.pk for worker in changed], hashes=new_keys)
    if changed:
        Worker.objects.bulk_update(changed, ["name", "phone_sealed", "phone_masked", "ss_card_sealed", "ss_card_masked",
                                             "residence_district", "discoverable", "updated_at"], batch_size=500)
    by_number: dict[str, Worker] = {}
    if want_workers and accepted:
        workers = {w.id_number_hash: w for w in Worker.objects.filter(
            id_number_hash__in=[key for key, _row in accepted]).only("id", "name", "id_number_hash")}
        for key, row in accepted:
            if key in workers:
                by_number[row["id_number"]] = workers[key]
    return result, by_number


def workers_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    result, _workers = workers_upsert(rows, ctx)
    return result


# --- enterprises --------------------------------------------------------------------------------

ENTERPRISE_FIELDS = ("name", "district", "township_code", "township_name", "industry", "size", "ownership", "address", "contact_name", "contact_phone")


def enterprises_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    """enterprise_register / enterprise_update in bulk: bureau staff only in their own district."""
    result = WriteResult(rejected_before_writing=True)
    existing = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=[row["uscc"] for row in rows])}
    staff_district = ctx.actor.district_id if ctx.actor is not None and scope(ctx.actor) == Scope.DISTRICT else None
    new: list[Enterprise] = []
    changed: list[Enterprise] = []
    for row in rows:
        district = row["district"]
        enterprise = existing.get(row["uscc"])
        if staff_district is not None and (district.pk != staff_district or (
                enterprise is not None and enterprise.district_id != staff_district)):
            _refuse(result, row, "district", _("只能导入本区的企业。"), _("其他区的企业请由该区人社局导入。"))
            continue
        values = {name: row.get(name) for name in ENTERPRISE_FIELDS}
        values["size"] = values["size"] or ""
        values["ownership"] = values["ownership"] or (enterprise.ownership if enterprise else "private")
        values["township_code"] = values["township_code"] or ""
        values["township_name"] = values["township_name"] or ""
        same_district = enterprise is not None and enterprise.district_id == district.pk
        for name in ("address", "contact_name", "contact_phone", *(("township_code", "township_name") if same_district else ())):
            if not values[name] and enterprise is not None:
                values[name] = getattr(enterprise, name)
        if values["industry"] is None and enterprise is not None:
            values["industry"] = enterprise.industry
        if enterprise is None:
            new.append(Enterprise(uscc=row["uscc"], **values))
            result.created += 1
            continue
        dirty = [name for name, value in values.items()
                 if getattr(enterprise, f"{name}_id" if name in ("district", "industry") else name)
                 != (value.pk if hasattr(value, "pk") else value)]
        if dirty:
            for name in dirty:
                setattr(enterprise, name, values[name])
            changed.append(enterprise)
            result.updated += 1
        else:
            result.unchanged += 1
    Enterprise.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    if changed:
        now = timezone.now()
        for enterprise in changed:
            enterprise.updated_at = now
        Enterprise.objects.bulk_update(changed, [*ENTERPRISE_FIELDS, "updated_at"], batch_size=500)
    return result


# --- archive records (employment, certificates, training) --------------------------------------


def _archive_workers(rows: list[dict[str, Any]], ctx: ImportContext, result: WriteResult) -> dict[str, Worker]:
    """The registered, in-scope worker of each row (archive_record_save's rule); others refused."""
    hashes = {row["id_number"]: crypto.lookup_hash(row["id_number"]) for row in rows}
    workers = {w.id_number_hash: w for w in Worker.objects.filter(id_number_hash__in=list(hashes.values()))}
    if not _all_seeing(ctx.actor):
        visible = set(selectors.worker_scope(ctx.actor).filter(id_number_hash__in=list(workers))
                      .values_list("id_number_hash", flat=True))
    else:
        visible = set(workers)
    found: dict[str, Worker] = {}
    for row in rows:
        key = hashes[row["id_number"]]
        worker = workers.get(key)
        if worker is None or key not in visible:
            _refuse(result, row, "id_number", _("该身份证号未在人才库中登记，或不在您的管理范围内。"),
                    _("请先导入（登记）该人员，或核对身份证号。"))
        elif row.get("name") and worker.name != row["name"]:
            _refuse(result, row, "name", _("姓名“%(n)s”与该身份证号登记的姓名不一致。") % {"n": row["name"]},
                    _("请核对身份证号和姓名。"))
        else:
            found[row["id_number"]] = worker
    return found


def employment_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    """employee_add / archive_record_save(kind="employment") in bulk. A person not yet registered is
    registered (as employee_add does). HR only at their own enterprise; one current main employer."""
    result = WriteResult(rejected_before_writing=True)
    enterprises = {e.uscc: e for e in selectors.enterprise_scope(ctx.actor).filter(uscc__in={r["uscc"] for r in rows})} \
        if ctx.actor is not None else {e.uscc: e for e in Enterprise.objects.filter(uscc__in={r["uscc"] for r in rows})}
    placed = []
    for row in rows:
        if row["uscc"] not in enterprises:
            _refuse(result, row, "uscc", _("统一社会信用代码 %(c)s 的企业未登记，或不是您管理的企业。") % {"c": row["uscc"]},
                    _("请先导入该企业，或核对信用代码；企业人事只能导入本单位的就业记录。"))
        else:
            placed.append(row)
    registered, workers = workers_upsert(placed, ctx, update=False, want_workers=True)
    result.rejected.extend(registered.rejected)
    refused = {id(row) for row, _e in result.rejected}
    placed = [row for row in placed if id(row) not in refused]
    worker_ids = {workers[row["id_number"]].pk for row in placed}
    current = Employment.objects.filter(worker_id__in=worker_ids)
    by_key = {(e.worker_id, e.enterprise_id, e.start_date): e for e in current}
    main_now: dict[int, Employment] = {e.worker_id: e for e in current if e.end_date is None and not e.is_second_job}
    new: list[Employment] = []
    changed: list[Employment] = []
    fields = ("post", "occupation", "is_front_line", "is_second_job", "end_date")
    for row in placed:
        worker = workers[row["id_number"]]
        enterprise = enterprises[row["uscc"]]
        record = by_key.get((worker.pk, enterprise.pk, row["start_date"]))
        values = {"post": row.get("post") or "", "occupation": row.get("occupation"),
                  "is_front_line": bool(row.get("is_front_line")), "is_second_job": bool(row.get("is_second_job")),
                  "end_date": row.get("end_date")}
        if values["end_date"] is None and not values["is_second_job"]:
            other = main_now.get(worker.pk)
            if other is not None and other is not record:
                _refuse(result, row, "is_second_job",
                        _("该人员目前在“%(e)s”有在职的主要就业记录。") % {"e": other.enterprise.name},
                        _("请先填写其离职日期，或把本条的“兼职”填为“是”。"))
                continue
        if record is None:
            record = Employment(worker=worker, enterprise=enterprise, start_date=row["start_date"], **values)
            new.append(record)
            result.created += 1
        else:
            _record_update(record, values, changed, result)
        if values["end_date"] is None and not values["is_second_job"]:
            main_now[worker.pk] = record
        elif main_now.get(worker.pk) is record:
            del main_now[worker.pk]
    if changed:
        Employment.objects.bulk_update(changed, list(fields), batch_size=500)
    Employment.objects.bulk_create(new, batch_size=500)
    ctx.changed_workers.add(ids=[record.worker_id for record in (*new, *changed)])
    return result


def certificate_validate(row: dict[str, Any], ctx: ImportContext) -> dict[str, Any]:
    """_certificate_checks of registry.services, per row."""
    kind = row["kind"]
    if kind != "special_ability" and row.get("grade") is None:
        raise RowError("grade", _("请填写证书等级。"), _("职业资格证书和职业技能等级证书必须有等级。"))
    if kind == "special_ability" and not (row.get("ability_name") or row.get("occupation")):
        raise RowError("ability_name", _("请填写专项职业能力名称。"))
    if kind != "special_ability" and row.get("occupation") is None:
        raise RowError("occupation", _("请填写职业（工种）代码。"), _("例如 6-18-02-04。"))
    if row["issued_on"] > ctx.today:
        raise RowError("issued_on", _("发证日期 %(d)s 晚于今天。") % {"d": row["issued_on"]}, _("请核对发证日期。"))
    problems = certificate_number_check(row["number"], kind=kind, grade=row.get("grade"), issued_on=row["issued_on"])
    if problems:
        raise RowError("number", "；".join(p.message for p in problems), problems[0].hint, value=row["number"])
    return row


def certificates_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    result = WriteResult(rejected_before_writing=True)
    workers = _archive_workers(rows, ctx, result)
    evaluators = {e.uscc: e for e in Enterprise.objects.filter(uscc__in={r["evaluator_uscc"] for r in rows if r.get("evaluator_uscc")})}
    existing = {(c.issuer, c.number): c for c in Certificate.objects.filter(number__in={r["number"] for r in rows})}
    new: list[Certificate] = []
    changed: list[Certificate] = []
    fields = ("worker", "kind", "occupation", "ability_name", "grade", "evaluator_enterprise", "issued_on")
    for row in rows:
        worker = workers.get(row["id_number"])
        if worker is None:
            continue
        evaluator = None
        if row.get("evaluator_uscc"):
            evaluator = evaluators.get(row["evaluator_uscc"])
            if evaluator is None:
                _refuse(result, row, "evaluator_uscc", _("自主评价企业（信用代码 %(c)s）未登记。") % {"c": row["evaluator_uscc"]},
                        _("请核对信用代码，或先导入该企业。"))
                continue
        values = {"worker": worker, "kind": row["kind"], "occupation": row.get("occupation"),
                  "ability_name": row.get("ability_name") or "", "grade": row.get("grade"),
                  "evaluator_enterprise": evaluator, "issued_on": row["issued_on"]}
        record = existing.get((row["issuer"], row["number"]))
        if record is None:
            new.append(Certificate(number=row["number"], issuer=row["issuer"], **values))
            result.created += 1
            continue
        if record.worker_id != worker.pk:
            _refuse(result, row, "number", _("该发证机构已登记过相同编号的证书，持证人不是本行的人员。"), _("请核对证书编号。"))
            continue
        _record_update(record, values, changed, result, ("worker", "occupation", "evaluator_enterprise"))
    Certificate.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    if changed:
        Certificate.objects.bulk_update(changed, list(fields), batch_size=500)
    ctx.changed_workers.add(ids=[record.worker_id for record in (*new, *changed)])
    return result


def trainings_write(rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    result = WriteResult(rejected_before_writing=True)
    workers = _archive_workers(rows, ctx, result)
    ids = {w.pk for w in workers.values()}
    existing = {(t.worker_id, t.institution_name, t.programme, t.start_date): t
                for t in TrainingRecord.objects.filter(worker_id__in=ids)}
    new: list[TrainingRecord] = []
    changed: list[TrainingRecord] = []
    fields = ("occupation", "grade", "end_date", "hours", "completed", "subsidised")
    for row in rows:
        worker = workers.get(row["id_number"])
        if worker is None:
            continue
        values = {"occupation": row.get("occupation"), "grade": row.get("grade"), "end_date": row.get("end_date"),
                  "hours": row.get("hours"), "completed": bool(row.get("completed")),
                  "subsidised": bool(row.get("subsidised"))}
        record = existing.get((worker.pk, row["institution_name"], row["programme"], row["start_date"]))
        if record is None:
            new.append(TrainingRecord(worker=worker, institution_name=row["institution_name"],
                                      programme=row["programme"], start_date=row["start_date"], **values))
            result.created += 1
        else:
            _record_update(record, values, changed, result)
    TrainingRecord.objects.bulk_create(new, batch_size=500)
    if changed:
        TrainingRecord.objects.bulk_update(changed, list(fields), batch_size=500)
    ctx.changed_workers.add(ids=[record.worker_id for record in (*new, *changed)])
    return result
