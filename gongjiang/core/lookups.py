"""`field__any_of=[…]`: "the field equals one of these values" as `field = ANY(%s)` with the list
bound as ONE array parameter (PostgreSQL; ADR 0032). `field__in=[…]` binds one parameter per value:
for a few thousand ids the statement text, its parsing and planning grow with the list, and a page
that runs the count and the rows with the same list pays it twice. SQLite has no arrays: callers
use `__in` there."""

from __future__ import annotations

from typing import Any

from django.db import models


@models.Field.register_lookup
class AnyOf(models.Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list]:
        if connection.vendor != "postgresql":  # pragma: no cover - guarded by the callers
            raise NotImplementedError("__any_of needs PostgreSQL arrays; use __in")
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]
