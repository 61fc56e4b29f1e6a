"""Programme filters other domains supply (ADR 0008 §Pluggable filters), resolved at the edge —
pages and API — into `SearchQuery.worker_ids`, so the search core depends on none of them.

- `subsidy_ends_year`: workers whose monthly post subsidy reaches its cap that year
  (incentives; issue 4 "all 技师 in shortage occupations whose post subsidy ends this year").
  Bureau staff only: enterprises see nothing of other people's subsidies."""

from dataclasses import replace
from typing import Any

from gongjiang.accounts.permissions import can
from gongjiang.core.errors import PermissionDenied
from gongjiang.search.query import SearchQuery


def programme_filters_apply(*, actor: Any, query: SearchQuery) -> SearchQuery:
    if query.subsidy_ends_year is None:
        return query
    if not can(actor, "search.programme_filters"):
        raise PermissionDenied("只有人社局工作人员可以按岗位补贴到期年份检索")
    from gongjiang.incentives.selectors import post_subsidy_ending

    ids = frozenset(post_subsidy_ending(year=query.subsidy_ends_year))
    return replace(query, worker_ids=ids if query.worker_ids is None else query.worker_ids & ids)
