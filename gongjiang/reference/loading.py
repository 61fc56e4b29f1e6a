"""Building blocks of the reference-data loaders in `services.py`: the error they raise, the
counts they return, code helpers, and the generic upsert-by-code on a model with self-references.

Functions here take the model class as an argument, so the data migration can pass historical
models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _

BATCH_SIZE = 500


class ReferenceDataError(ValueError):
    """A row of reference data that cannot be loaded; `line` is its line in the source file."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        self.line = line
        self.message = str(message)
        text = str(_("第 {line} 行：{message}").format(line=line, message=message)) if line else self.message
        super().__init__(text)


@dataclass(frozen=True)
class LoadResult:
    """Counts of one load, by what happened to each code."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        """Rows in the input (created + updated + unchanged)."""
        return self.created + self.updated + self.unchanged


# --- Codes ---------------------------------------------------------------------------------


def occupation_code_level(code: str) -> int:
    """Level of an occupation code: 6 → 1, 6-18 → 2, 6-18-02 → 3, 6-18-02-04 → 4."""
    return code.count("-") + 1


def occupation_code_parent(code: str) -> str | None:
    """The code one level up (6-18-02-04 → 6-18-02), None for a major group (大类)."""
    return code.rsplit("-", 1)[0] if "-" in code else None


def cell_clean(value: Any) -> str:
    return "" if value is None else str(value).strip()


def row_line(row: Mapping[str, Any], index: int) -> int:
    """Line of `row` in its source file: its own `line` key, else header + position."""
    line = row.get("line")
    return int(line) if line else index + 2


def int_or_none(value: Any, *, line: int, field: str) -> int | None:
    text = cell_clean(value)
    if not text:
        return None
    try:
        return int(float(text))
    except ValueError:
        raise ReferenceDataError(
            _("{field}“{value}”不是数字").format(field=field, value=text), line=line
        ) from None


# --- Generic upsert by code ----------------------------------------------------------------


def codes_upsert(
    model: Any,
    values: dict[str, dict[str, Any]],
    links: dict[str, dict[str, str | None]],
    *,
    replace: bool = False,
) -> LoadResult:
    """Create or update `model` rows keyed by `code`.

    `values[code]` holds plain field values; `links[code]` holds self-referencing foreign keys by
    the code they point to (`{"parent": "6-18-02"}`), set in a second pass once every code has a
    row. With `replace`, rows whose code is absent from `values` are deleted, children first.
    Reference tables are small (a few thousand rows), so each pass reads the whole table once.
    """
    existing = {obj.code: obj for obj in model.objects.all()}
    to_create = []
    changed: set[str] = set()
    for code, fields in values.items():
        obj = existing.get(code)
        if obj is None:
            to_create.append(model(code=code, **fields))
            continue
        for name, value in fields.items():
            if getattr(obj, name) != value:
                setattr(obj, name, value)
                changed.add(code)
    model.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    field_names = sorted({name for fields in values.values() for name in fields})
    if changed and field_names:
        model.objects.bulk_update([existing[c] for c in sorted(changed)], field_names, batch_size=BATCH_SIZE)

    link_fields = sorted({name for targets in links.values() for name in targets})
    if link_fields:
        objects = {obj.code: obj for obj in model.objects.all()}
        relinked = []
        for code, targets in links.items():
            obj = objects[code]
            dirty = False
            for name, target in targets.items():
                wanted = objects[target].pk if target else None
                if getattr(obj, f"{name}_id") != wanted:
                    setattr(obj, f"{name}_id", wanted)
                    dirty = True
            if dirty:
                relinked.append(obj)
                if code in existing:
                    changed.add(code)
        model.objects.bulk_update(relinked, link_fields, batch_size=BATCH_SIZE)

    deleted = _codes_delete(model, sorted(set(existing) - set(values))) if replace else 0
    return LoadResult(
        created=len(to_create),
        updated=len(changed),
        unchanged=len(values) - len(to_create) - len(changed),
        deleted=deleted,
    )


def _codes_delete(model: Any, codes: list[str]) -> int:
    """Delete the rows with `codes`, deepest level first; refuse while other records use them."""
    deleted = 0
    doomed = model.objects.filter(code__in=codes)
    try:
        for level in sorted(set(doomed.values_list("level", flat=True)), reverse=True):
            _count, per_model = model.objects.filter(code__in=codes, level=level).delete()
            deleted += per_model.get(model._meta.label, 0)  # not the rows that cascaded with them
    except (ProtectedError, RestrictedError) as exc:
        code_by_id = dict(model.objects.filter(code__in=codes).values_list("pk", "code"))
        used = set()
        for obj in exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects:
            for field in obj._meta.concrete_fields:
                if field.is_relation and field.related_model is model:
                    target = getattr(obj, field.attname)
                    if target in code_by_id:
                        used.add(code_by_id[target])
        used_sorted = sorted(used) or codes
        raise ReferenceDataError(
            _("以下代码不在文件中，但仍被其他记录引用，不能删除：{codes}{more}").format(
                codes="、".join(used_sorted[:10]), more="……" if len(used_sorted) > 10 else ""
            )
        ) from exc
    return deleted
