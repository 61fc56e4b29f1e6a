"""Small, fast sampling helpers on a caller-supplied `random.Random` (never the global one)."""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from itertools import accumulate
from typing import Generic, TypeVar

T = TypeVar("T")


class Pick(Generic[T]):
    """Weighted choice with precomputed cumulative weights (one `random()` call per pick)."""

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items = [(item, weight) for item, weight in pairs if weight > 0]
        if not items:
            raise ValueError("nothing to pick from")
        self.items: list[T] = [item for item, _weight in items]
        self.cumulative = list(accumulate(weight for _item, weight in items))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        index = bisect_right(self.cumulative, rng.random() * self.total)
        return self.items[min(index, len(self.items) - 1)]

    def __len__(self) -> int:
        return len(self.items)


def between(rng: random.Random, low: int, high: int) -> int:
    """A uniform integer in [low, high) — `randrange(low, high)` at a fraction of its cost."""
    return low + int(rng.random() * (high - low))


def poisson_small(rng: random.Random, mean: float) -> int:
    """A Poisson draw for a small mean (inverse transform; a handful of `random()` calls)."""
    if mean <= 0:
        return 0
    threshold, count, product = math.exp(-mean), 0, rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


def pareto_size(rng: random.Random, exponent: float, upper: int) -> int:
    """A firm headcount from a Pareto (Zipf) law with minimum 1, truncated at `upper`."""
    tail = upper ** (-exponent)
    u = rng.random() * (1 - tail)
    return max(1, min(upper, int((1 - u) ** (-1 / exponent))))


def date_between(rng: random.Random, first: date, last: date) -> date:
    """A uniformly random date in [first, last] (first if the range is empty)."""
    span = (last - first).days
    return first if span <= 0 else first + timedelta(days=int(rng.random() * (span + 1)))


def years_after(day: date, years: int) -> date:
    """The same calendar day `years` later (28 February for 29 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def pick_uniform(rng: random.Random, items: Sequence[T]) -> T:
    return items[int(rng.random() * len(items))]
