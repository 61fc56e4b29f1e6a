"""A paginator for lists that can hold a million rows (issue 18 §2, load test).

Django's Paginator runs COUNT(*) over the whole list for "共 N 条"; for a district clerk's list
of 1,000,000 workers that count alone takes 1.7 s on PostgreSQL. `CappedPaginator` counts at most
`cap` + 1 rows (COUNT over a LIMIT sub-query, which stops early) and says "10,000 条以上" beyond;
the first cap / per_page pages stay reachable, and filters narrow the rest."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

LIST_COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap or LIST_COUNT_CAP
        self.capped = False

    @cached_property
    def count(self) -> int:
        counted = self.object_list.order_by().values("pk")[: self.cap + 1].count()
        self.capped = counted > self.cap
        return min(counted, self.cap)
