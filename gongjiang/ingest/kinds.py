"""What can be imported: the declaration interface every domain uses (issue 3 §1; ADR 0007).

A domain declares its import kinds in `<app>/import_kinds.py`, which `IngestConfig.ready()`
autodiscovers::

    from gongjiang.ingest.kinds import Column, ImportKind, RowError, WriteResult, register

    register(ImportKind(
        name="income_record", label=_("收入记录"),
        columns=[Column("id_number", _("身份证号"), required=True, kind="id_number"),
                 Column("year", _("年度"), required=True, kind="int"),
                 Column("amount", _("年收入（元）"), required=True, kind="decimal")],
        natural_key=("id_number", "year"),
        validate_row=income_validate_row,     # (row, ctx) -> row; raise RowError(...)
        write_batch=income_write_batch,       # (rows, ctx) -> WriteResult
        prepare=income_prepare,               # optional (ctx) -> None; fill ctx.lookups
        permission=lambda actor: can(actor, "income.records_import"),
    ))

The framework does, before `validate_row` is called:

- find the header row (it need not be the first row), map headers and `aliases` to column keys
  (any order; extra columns are ignored and reported once);
- parse every cell by its column `kind` (see `COLUMN_KINDS` and `gongjiang.ingest.parsing`):
  full-width characters, spaces, Excel-mangled ID numbers, dates as Excel serials or 2024.3.5 /
  2024/03/05 / 2024年3月5日, codes against reference data. The parsed values reach
  `validate_row` as Python values (str, date, int, Decimal, bool, model instances); an empty
  optional cell is None ("" for text);
- refuse a row missing a required value, and a row whose `natural_key` repeats an earlier row of
  the same file.

`validate_row` does the domain's own checks and returns the row to write (it may add keys). It
raises `RowError(column_key, message, hint)` to reject the row: the report shows row, column,
value, message and hint. `write_batch` writes up to `batch_size` validated rows in one
transaction opened by the framework and must be idempotent (upsert by natural key). Rows it
finds it cannot write after all are returned in `WriteResult.rejected` as (row, RowError);
the framework rolls the batch back to a savepoint and writes the others again.

Every row dict also holds `"_line"`: the row number in the file as the clerk sees it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

COLUMN_KINDS = (
    "text",  # str, cleaned of surrounding spaces; "" when empty
    "id_number",  # str: the 18-character resident ID number (15-digit upgraded, X upper-case);
    #               `parsing.resident_id_info(number)` gives its sex, birth date and region
    "uscc",  # str: the 18-character unified social credit code
    "date",  # datetime.date
    "int",  # int
    "decimal",  # decimal.Decimal (money is never float)
    "choice",  # the stored value of `choices` ((value, label) pairs); label or value accepted
    "bool",  # bool: 是/否, Y/N, 1/0, √, true/false
    "occupation",  # reference.Occupation (code such as 6-18-02-04, or exact name)
    "division",  # reference.Division (GB/T 2260 code, or name such as 定海区)
    "industry",  # reference.Industry (GB/T 4754 code, or name)
    "grade",  # int: reference.grades.Grade (高级工, 三级, 3级, or 1..8)
    "certificate_number",  # str: the certificate number, cleaned
    "person_name",  # str: a person's name, checked and cleaned by identity.person_name_clean (ADR 0019)
    "phone",  # str: a phone number in its stored form, identity.phone_validate (13800001234, 0580-2021234)
)
# Kinds whose blank cell is "" (not None).
TEXT_VALUED_KINDS = frozenset({"text", "person_name", "phone"})


class RowError(Exception):
    """A row (or a value in it) that cannot be accepted, explained for the clerk.

    `column_key` names the offending column ("" for the row as a whole); `message` says what is
    wrong, `hint` how to fix it; both Chinese (source language, translatable)."""

    def __init__(self, column_key: str, message: str, hint: str = "", *, value: Any = None) -> None:
        self.column_key = column_key
        self.message = str(message)
        self.hint = str(hint)
        self.value = value
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message + (f"（{self.hint}）" if self.hint else "")


@dataclass(frozen=True)
class Column:
    """One column of an import template. `header` is the Chinese column title printed in the
    template; `aliases` are other titles accepted when reading (e.g. 公民身份号码 for 身份证号)."""

    key: str
    header: str
    required: bool = False
    kind: str = "text"
    choices: Sequence[tuple[Any, str]] | None = None
    example: str = ""
    help: str = ""
    aliases: tuple[str, ...] = ()
    max_length: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind {self.kind!r} for column {self.key!r}")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"choice column {self.key!r} needs choices")


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[dict[str, Any], RowError]] = field(default_factory=list)
    # True when the writer left the rejected rows out and wrote the others: the framework keeps
    # the write. False (default): the framework rolls the batch back and writes the others again.
    rejected_before_writing: bool = False

    def __iadd__(self, other: WriteResult) -> WriteResult:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.rejected.extend(other.rejected)
        return self


# Past this many changed workers an import only says "many" (and search rebuilds everything).
CHANGED_LIST_MAX = 20000


@dataclass
class ChangedWorkers:
    """The registry workers an import created or changed, for the data derived from them (search
    documents): by id, or by keyed ID-number hash for rows COPYed in; past CHANGED_LIST_MAX, only
    `many`."""
    ids: set[int] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    many: bool = False

    def add(self, *, ids: Iterable[int] = (), hashes: Iterable[str] = ()) -> None:
        if self.many:
            return
        self.ids.update(ids)
        self.hashes.update(hashes)
        if len(self.ids) + len(self.hashes) > CHANGED_LIST_MAX:
            self.many, self.ids, self.hashes = True, set(), set()


@dataclass
class ImportContext:
    """Passed to `prepare`, `validate_row` and `write_batch`. `lookups` is the kind's own cache
    (filled by `prepare`); `actor` is who imports (None for a system job); `today` is the date
    "now" for date checks."""

    kind: ImportKind
    actor: Any
    today: date
    dry_run: bool = False
    lookups: dict[str, Any] = field(default_factory=dict)
    job: Any = None
    # Writers of kinds that change workers or their records say which (`changed_workers.add`).
    changed_workers: ChangedWorkers = field(default_factory=ChangedWorkers)


def _bureau_only(actor: Any) -> bool:
    from gongjiang.accounts.permissions import can

    return actor is not None and can(actor, "ingest.import_bureau_data")


@dataclass(frozen=True)
class ImportKind:
    name: str
    label: str
    columns: Sequence[Column]
    natural_key: tuple[str, ...] | str
    validate_row: Callable[[dict[str, Any], ImportContext], dict[str, Any]]
    write_batch: Callable[[list[dict[str, Any]], ImportContext], WriteResult]
    prepare: Callable[[ImportContext], None] | None = None
    permission: Callable[[Any], bool] = _bureau_only
    description: str = ""
    batch_size: int = 2000
    # Largest file of this kind in MB (issue 18 §2); None: settings.GONGJIANG_UPLOAD_LIMITS["import_mb"].
    max_mb: int | None = None
    # Optional (actor) -> bool. True lets the framework write each batch on a background thread that
    # shares the database connection, while the next batch is read and checked (PostgreSQL only;
    # ADR 0007 §Speed). Only for a kind whose `validate_row` does not use the database and whose
    # `write_batch` refuses no row for that actor, so the outcome is the same as writing in line.
    background_write: Callable[[Any], bool] | None = None
    # Optional (rows, ctx) -> None, run on each batch in the reading thread just before the batch
    # goes to the background writer: pure computation the writer would otherwise do while holding
    # the interpreter (keyed hashes, sealing, COPY text), stored in the rows under "_" keys.
    encode_batch: Callable[[list[dict[str, Any]], ImportContext], None] | None = None

    @property
    def key_columns(self) -> tuple[str, ...]:
        return (self.natural_key,) if isinstance(self.natural_key, str) else tuple(self.natural_key)

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


_REGISTRY: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    """Make `kind` importable (pages, API, `gongjiang import <name> FILE`). Re-registering the
    same name replaces the earlier declaration (autoreload imports modules twice)."""
    keys = {column.key for column in kind.columns}
    missing = [key for key in kind.key_columns if key not in keys]
    if missing:
        raise ValueError(f"natural key {missing} of import kind {kind.name!r} is not a column")
    _REGISTRY[kind.name] = kind
    from gongjiang.audit.labels import object_kind_register

    object_kind_register(kind.name, kind.label)  # the audit log says 数据导入（人员）, not import:workers
    return kind


def kind_get(name: str) -> ImportKind | None:
    return _REGISTRY.get(name)


def kinds_all() -> list[ImportKind]:
    return sorted(_REGISTRY.values(), key=lambda k: k.name)


def kinds_for(actor: Any) -> Iterable[ImportKind]:
    return [kind for kind in kinds_all() if kind.permission(actor)]
