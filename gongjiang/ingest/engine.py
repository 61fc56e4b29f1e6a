"""The import pipeline (issue 3 §2-§4; ADR 0007): read → find the header → parse each cell by its
column kind → the kind's `validate_row` → cross-row duplicate check on the natural key → write in
batches, one transaction per batch. Rejected rows go to the report as they are found.

Transaction semantics (ADR 0007): each batch of `kind.batch_size` valid rows is written in one
transaction, so a crash or a kill mid-file leaves only whole batches, and because every writer
upserts by natural key, running the same file again completes it and changes nothing else."""

from __future__ import annotations

import contextlib
import datetime
import gc
import queue
import resource
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongjiang.ingest.columnar import chunk_parse
from gongjiang.ingest.kinds import TEXT_VALUED_KINDS, Column, ImportContext, ImportKind, RowError, WriteResult
from gongjiang.ingest.parsing import column_parser, text_clean
from gongjiang.ingest.readers import UnreadableFile, rows_read
from gongjiang.ingest.report import ReportWriter
from gongjiang.registry.hooks import workers_imported

HEADER_SEARCH_ROWS = 30
CHUNK_ROWS = 5000  # rows read before the columnar lane checks them (and progress is reported)
_HEADER_NOISE = str.maketrans("", "", " \t\r\n*＊:：")


def header_normalise(text: Any) -> str:
    cleaned = text_clean(text).translate(_HEADER_NOISE)
    for mark in ("（必填）", "(必填)", "（选填）", "(选填)"):
        cleaned = cleaned.replace(mark, "")
    return cleaned.lower()


@dataclass
class ImportOutcome:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    ignored_columns: list[str] = field(default_factory=list)
    rejected_lines: list[int] = field(default_factory=list)
    rejections: list[dict[str, Any]] = field(default_factory=list)  # the first REJECTIONS_KEPT, for pages
    report_path: Path | None = None
    peak_rss_kib: int = 0
    header_line: int = 0

    REJECTIONS_KEPT = 200

    @property
    def accepted(self) -> int:
        return self.created + self.updated + self.unchanged


def _header_find(rows: Iterable[tuple[int, list[Any]]], kind: ImportKind) -> tuple[int, list[Any], dict[int, Column]]:
    """The first row, among the first HEADER_SEARCH_ROWS, holding every required column's header."""
    names: dict[str, Column] = {}
    for column in kind.columns:
        for title in (column.header, column.key, *column.aliases):
            names[header_normalise(title)] = column
    required = {column.key for column in kind.columns if column.required}
    best: tuple[int, int, list[str]] | None = None
    for line, cells in rows:
        mapping: dict[int, Column] = {}
        for index, cell in enumerate(cells):
            column = names.get(header_normalise(cell)) if cell is not None else None
            if column is not None and column not in mapping.values():
                mapping[index] = column
        found = {column.key for column in mapping.values()}
        if mapping and required <= found:
            return line, cells, mapping
        if mapping and (best is None or len(mapping) > best[1]):
            best = (line, len(mapping), sorted(required - found))
        if line >= HEADER_SEARCH_ROWS:
            break
    if best is not None:
        missing = "、".join(str(kind.column(key).header) for key in best[2])
        raise UnreadableFile(_("第 %(line)d 行像是表头，但缺少必填列：%(missing)s。") % {"line": best[0], "missing": missing},
                             _("请下载最新的导入模板，按模板的列名填写（列的顺序可以不同）。"))
    raise UnreadableFile(_("在文件的前 %(n)d 行中没有找到表头。") % {"n": HEADER_SEARCH_ROWS},
                         _("请使用“%(label)s”导入模板，第一张工作表的表头行写明列名。") % {"label": str(kind.label)})


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


_gc_lock = threading.Lock()
_gc_users = 0
_gc_threshold: tuple[int, int, int] | None = None
GC_YOUNG_THRESHOLD = 50_000


@contextlib.contextmanager
def fewer_gc_passes() -> Iterator[None]:
    """Run the cyclic garbage collector's young pass every 50,000 allocations instead of 700 while
    imports run. An import allocates a dict and a list per row that live until their batch is
    written, and each pass re-scans them: measured on 1M rows, 3.5-4 µs of the ~16 µs of Python per
    row (20.0 -> 16.1 s). Reference counting still frees everything as before; only cycles wait a
    little longer. The setting is process-wide, so concurrent imports share one counter."""
    global _gc_users, _gc_threshold
    with _gc_lock:
        if _gc_users == 0:
            _gc_threshold = gc.get_threshold()
            gc.set_threshold(max(_gc_threshold[0], GC_YOUNG_THRESHOLD), *_gc_threshold[1:])
        _gc_users += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_users -= 1
            if _gc_users == 0 and _gc_threshold is not None:
                gc.set_threshold(*_gc_threshold)


def batch_write(kind: ImportKind, rows: list[dict[str, Any]], ctx: ImportContext) -> WriteResult:
    """Write one batch in one transaction. Rows the writer returns as rejected are taken out and the
    rest written again from a savepoint, so the batch never half-commits. A dry run rolls back."""
    with transaction.atomic():
        pending = rows
        refused: list[tuple[dict[str, Any], RowError]] = []
        for _attempt in range(len(rows) + 1):
            savepoint = transaction.savepoint()
            result = kind.write_batch(pending, ctx) if pending else WriteResult()
            if not result.rejected or result.rejected_before_writing:
                transaction.savepoint_commit(savepoint)
                refused.extend(result.rejected)
                break
            transaction.savepoint_rollback(savepoint)
            bad = {id(row) for row, _error in result.rejected}
            refused.extend(result.rejected)
            pending = [row for row in pending if id(row) not in bad]
        result.rejected = refused
        if ctx.dry_run:
            transaction.set_rollback(True)
    return result


class KeyIndex:
    """The natural keys met so far in a file (hash of the key -> line), for the duplicate check.

    Recent keys live in a dict; every FREEZE_AT of them are frozen into sorted numpy arrays — 16
    bytes a key instead of ~100 in a dict — and arrays of similar size are merged, so a file of n
    rows keeps about log2(n / FREEZE_AT) arrays. Looking a key up in the arrays one by one would
    cost a numpy call per row and array, so `screen` looks up a whole chunk's keys at once before
    its rows are admitted; a key that was not screened (a row of the per-row lane) is looked up
    alone."""

    FREEZE_AT = 100_000

    def __init__(self) -> None:
        self._recent: dict[int, int] = {}
        self._frozen: list[tuple[np.ndarray, np.ndarray]] = []  # (sorted keys, lines; line 0 = dropped)
        self._screened: dict[int, int] = {}  # keys of this chunk found frozen -> line
        self._screened_keys: set[int] = set()

    def __len__(self) -> int:
        return len(self._recent) + sum(len(keys) for keys, _lines in self._frozen)

    def screen(self, keys: list[int]) -> None:
        """Look up these keys in the frozen arrays at once (the next `get` calls read the result)."""
        self._screened, self._screened_keys = {}, set(keys)
        if not self._frozen or not keys:
            return
        wanted = np.array(keys, dtype=np.int64)
        for frozen_keys, lines in self._frozen:
            at = np.minimum(np.searchsorted(frozen_keys, wanted), len(frozen_keys) - 1)
            hit = (frozen_keys[at] == wanted) & (lines[at] > 0)
            for key, line in zip(wanted[hit].tolist(), lines[at[hit]].tolist(), strict=True):
                self._screened.setdefault(key, line)

    def get(self, key: int) -> int | None:
        line = self._recent.get(key)
        if line is not None or not self._frozen:
            return line
        if key in self._screened_keys:
            return self._screened.get(key)
        for frozen_keys, lines in self._frozen:
            at = int(np.searchsorted(frozen_keys, key))
            if at < len(frozen_keys) and frozen_keys[at] == key and lines[at] > 0:
                return int(lines[at])
        return None

    def add(self, key: int, line: int) -> None:
        self._recent[key] = line
        if len(self._recent) >= self.FREEZE_AT:
            self._freeze()

    def drop(self, key: int) -> None:
        """Forget a key (its row was refused by the writer after all)."""
        if self._recent.pop(key, None) is not None:
            return
        self._screened.pop(key, None)
        for frozen_keys, lines in self._frozen:
            at = int(np.searchsorted(frozen_keys, key))
            if at < len(frozen_keys) and frozen_keys[at] == key:
                lines[at] = 0

    def _freeze(self) -> None:
        keys = np.fromiter(self._recent.keys(), dtype=np.int64, count=len(self._recent))
        lines = np.fromiter(self._recent.values(), dtype=np.int64, count=len(self._recent))
        order = np.argsort(keys, kind="stable")
        self._frozen.append((keys[order], lines[order]))
        self._recent = {}
        self._screened, self._screened_keys = {}, set()  # the rest of this chunk looks keys up alone
        while len(self._frozen) > 1 and len(self._frozen[-1][0]) * 2 >= len(self._frozen[-2][0]):
            (keys_b, lines_b), (keys_a, lines_a) = self._frozen.pop(), self._frozen.pop()
            keys, lines = np.concatenate((keys_a, keys_b)), np.concatenate((lines_a, lines_b))
            order = np.argsort(keys, kind="stable")
            self._frozen.append((keys[order], lines[order]))


class _BackgroundWriter:
    """Runs tasks (batch writes, progress reports) in order on one thread that uses the caller's
    database connection — Django's LiveServerThread pattern, the same connection and transaction
    state, never two threads on it at once because the caller does not use the database while the
    writer runs. So PostgreSQL's work on batch N (COPY, index upkeep, commit) overlaps the reading
    and checking of batch N+1 here. At most `depth` tasks wait (bounded memory); after an error the
    thread drops the remaining tasks and the error is raised in the caller at its next call."""

    def __init__(self, depth: int = 1) -> None:
        self._connection = connections[DEFAULT_DB_ALIAS]
        self._tasks: queue.Queue[Callable[[], Any] | None] = queue.Queue(maxsize=depth)
        self._results: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._connection.inc_thread_sharing()
        self._thread = threading.Thread(target=self._run, name="ingest-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        connections[DEFAULT_DB_ALIAS] = self._connection
        while (task := self._tasks.get()) is not None:
            if self._error is not None:
                continue
            try:
                result = task()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                self._error = exc
            else:
                if result is not None:
                    self._results.put(result)

    def submit(self, task: Callable[[], Any]) -> None:
        self.raise_error()
        self._tasks.put(task)

    def done(self) -> list[Any]:
        """Results of the tasks finished so far, in order."""
        results = []
        while True:
            try:
                results.append(self._results.get_nowait())
            except queue.Empty:
                return results

    def stop(self) -> None:
        """Wait for the submitted tasks and end the thread (idempotent)."""
        if self._thread.is_alive():
            self._tasks.put(None)
            self._thread.join()
            self._connection.dec_thread_sharing()

    def raise_error(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error


def _background(kind: ImportKind, actor: Any) -> bool:
    return (kind.background_write is not None and connections[DEFAULT_DB_ALIAS].vendor == "postgresql"
            and bool(kind.background_write(actor)))


@fewer_gc_passes()
def import_file(*, kind: ImportKind, path: str | Path, actor: Any, name: str = "", dry_run: bool = False,
                report_path: str | Path | None = None, job: Any = None, today: datetime.date | None = None,
                progress: Callable[[int], None] | None = None) -> ImportOutcome:
    """Import one file of `kind`. Raises `UnreadableFile` when the file (or its header) cannot be read;
    otherwise every row ends up either written (created / updated / unchanged) or in the report.
    Callers check `kind.permission(actor)` first (`services.import_job_run` does)."""
    ctx = ImportContext(kind=kind, actor=actor, today=today or timezone.localdate(), dry_run=dry_run, job=job)
    outcome = ImportOutcome(kind=kind.name)
    rows = iter(rows_read(path, name))
    header_line, header_cells, mapping = _header_find(rows, kind)
    outcome.header_line = header_line
    outcome.ignored_columns = [_cell_text(cell) for index, cell in enumerate(header_cells)
                               if index not in mapping and cell not in (None, "")]
    if kind.prepare is not None:
        kind.prepare(ctx)
    plan = [(index, column, column_parser(column, ctx)) for index, column in sorted(mapping.items())]
    absent = [column for column in kind.columns if column not in mapping.values()]
    key_columns = kind.key_columns
    headers = {column.key: str(column.header) for column in kind.columns}
    report = ReportWriter(kind, header_cells, mapping, enabled=report_path is not None)
    seen = KeyIndex()  # hash of the natural key -> line
    single_key, first_key = len(key_columns) == 1, key_columns[0]
    absent_values = {column.key: "" if column.kind in TEXT_VALUED_KINDS else None for column in absent}
    validate_row, batch_size = kind.validate_row, kind.batch_size
    batch: list[dict[str, Any]] = []
    width = max(mapping) + 1

    writer = _BackgroundWriter() if _background(kind, actor) else None

    def written(result: WriteResult) -> None:
        outcome.created += result.created
        outcome.updated += result.updated
        outcome.unchanged += result.unchanged
        for row, error in result.rejected:
            reject(row["_line"], row["_cells"], [error])
            seen.drop(row["_key"])

    def flush() -> None:
        if writer is None:
            written(batch_write(kind, batch, ctx))
        else:
            rows = batch.copy()
            if kind.encode_batch is not None:
                kind.encode_batch(rows, ctx)  # here, so the writer thread only waits on the database
            writer.submit(lambda: batch_write(kind, rows, ctx))
            for result in writer.done():
                written(result)
        batch.clear()

    def report_progress(done: int) -> None:
        if progress is None:
            return
        if writer is None:
            progress(done)
        else:
            writer.submit(lambda: progress(done))

    def reject(line: int, cells: list[Any], errors: list[RowError]) -> None:
        outcome.rejected += 1
        outcome.rejected_lines.append(line)
        report.add(line, cells, errors)
        if len(outcome.rejections) < ImportOutcome.REJECTIONS_KEPT:
            for error in errors:
                outcome.rejections.append({"line": line, "column": headers.get(error.column_key, ""),
                                           "value": _cell_text(error.value), "message": error.message,
                                           "hint": error.hint})

    def admit(line: int, cells: list[Any], row: dict[str, Any], errors: list[RowError]) -> None:
        """The cross-row part for a parsed row: duplicates of the natural key, the kind's own
        checks, then into the batch; or the row's errors into the report."""
        if not errors:
            if absent_values:
                row.update(absent_values)
            key = hash(row[first_key] if single_key else tuple(row[k] for k in key_columns))
            earlier = seen.get(key)
            if earlier is not None:
                errors.append(RowError(key_columns[0], _("与本文件第 %(line)d 行重复（%(cols)s 相同）。") % {
                    "line": earlier, "cols": "、".join(headers[k] for k in key_columns)},
                    _("同一条记录只保留一行；请删除重复的行，或核对号码是否输错。"), value=row[key_columns[0]]))
            else:
                try:
                    row = validate_row(row, ctx)
                except RowError as exc:
                    errors.append(exc)
                else:
                    seen.add(key, line)
                    row["_key"] = key
                    row["_cells"] = cells
                    batch.append(row)
        if errors:
            reject(line, cells, errors)
        if len(batch) >= batch_size:
            flush()

    def row_parse(line: int, cells: list[Any]) -> tuple[dict[str, Any], list[RowError]]:
        """The per-row lane: every cell through its parser, every problem worded."""
        row: dict[str, Any] = {"_line": line}
        errors: list[RowError] = []
        for index, column, parse in plan:
            raw = cells[index]
            if raw is None or (raw.__class__ is str and (not raw or raw.isspace())):
                if column.required:
                    errors.append(RowError(column.key, _("“%(h)s”没有填写。") % {"h": column.header},
                                           _("此列必填，请补充后重新导入。")))
                row[column.key] = "" if column.kind in TEXT_VALUED_KINDS else None
                continue
            try:
                row[column.key] = parse(raw)
            except RowError as exc:
                errors.append(exc)
        return row, errors

    pending: list[tuple[int, list[Any]]] = []
    plan_keys = [column.key for _index, column, _parse in plan]
    key_positions = [plan_keys.index(k) for k in key_columns] if set(key_columns) <= set(plan_keys) else None

    def chunk_run() -> None:
        """The columnar lane for the clean rows of the chunk, the per-row lane for the others,
        in file order (so duplicates and rejections are found as if row by row)."""
        columns, clean = chunk_parse(plan, [cells for _line, cells in pending])
        if key_positions is not None:
            flags = clean.tolist()
            if single_key:
                seen.screen([hash(value) for value, ok in zip(columns[key_positions[0]], flags, strict=True) if ok])
            else:
                seen.screen([hash(tuple(columns[i][at] for i in key_positions))
                             for at, ok in enumerate(flags) if ok])
        for (line, cells), is_clean, values in zip(pending, clean.tolist(), zip(*columns, strict=True), strict=True):
            if is_clean:
                row = dict(zip(plan_keys, values, strict=True))
                row["_line"] = line
                admit(line, cells, row, [])
            else:
                admit(line, cells, *row_parse(line, cells))
        pending.clear()

    try:
        for line, cells in rows:
            if len(cells) < width:
                cells = [*cells, *([None] * (width - len(cells)))]
            first = cells[0]
            if (first is None or (first.__class__ is str and (not first or first.isspace()))) and all(
                    cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue  # blank rows between and after the data
            outcome.rows += 1
            pending.append((line, cells))
            if len(pending) >= CHUNK_ROWS:
                chunk_run()
                report_progress(outcome.rows)
        if pending:
            chunk_run()
        if batch:
            flush()
        report_progress(outcome.rows)
        if writer is not None:
            writer.stop()
            writer.raise_error()
            for result in writer.done():
                written(result)
    finally:
        if writer is not None:
            writer.stop()
    changed = ctx.changed_workers
    if not dry_run and (changed.many or changed.ids or changed.hashes):
        # Search documents and other data derived from the registry follow (registry.hooks).
        workers_imported(ids=changed.ids, id_number_hashes=changed.hashes, many=changed.many)
    outcome.rejected_lines.sort()
    if outcome.rejected and report_path is not None:
        outcome.report_path = report.save(report_path)
    else:
        report.discard()
    outcome.peak_rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return outcome
