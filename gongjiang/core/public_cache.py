"""Caching what the public pages show (R9.2, ADR 0026): anyone may hit them, so the figures are
computed once per published edition and served from Django's cache until the edition changes.

An *edition stamp* is a small value read cheaply (one aggregate query, a file's mtime) that
changes whenever what is published changes: a new policy version, a claim entering or leaving
notice, a rebuilt wage snapshot. The stamp is part of the key, so a new edition is a cache miss
and the old entry simply ages out; there is no invalidation to forget. The language is part of
the key too: the cached rows carry screen words (gettext) in the reader's language.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import translation

T = TypeVar("T")

#: Seconds an entry lives at most; an edition that changes without its stamp changing (a worker's
#: name corrected while their claim is in notice) is seen after this long.
PUBLIC_CACHE_SECONDS = 600


def edition_key(namespace: str, *stamp: Any) -> str:
    digest = hashlib.sha256(repr(stamp).encode()).hexdigest()[:24]
    return f"public:{namespace}:{translation.get_language() or ''}:{digest}"


def published_cached(namespace: str, stamp: tuple, build: Callable[[], T], *,
                     timeout: int = PUBLIC_CACHE_SECONDS) -> T:
    """`build()`'s value for this edition (`stamp`), from the cache when it is there."""
    key = edition_key(namespace, *stamp)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, timeout)
    return found
