"""Tell the domains that derive data from the registry (the search documents, …) that workers changed.

Consumers register a callback in their AppConfig.ready(); the registry imports none of them, so
data still flows one way (ingest → registry → search/analytics) and the import contracts hold.
Callbacks run after the transaction commits, with the ids of the workers that changed."""

from collections.abc import Callable, Iterable

from django.db import transaction

WorkerChanged = Callable[[list[int]], object]
_worker_changed: list[WorkerChanged] = []


def on_worker_changed(callback: WorkerChanged) -> WorkerChanged:
    """Register `callback(worker_ids)`; returns it, so it can be used as a decorator."""
    if callback not in _worker_changed:
        _worker_changed.append(callback)
    return callback


def worker_changed(worker_ids: Iterable[int]) -> None:
    """Called by registry services after any write that changes what a worker's record says."""
    ids = sorted(set(worker_ids))
    if ids and _worker_changed:
        transaction.on_commit(lambda: [callback(ids) for callback in _worker_changed])
