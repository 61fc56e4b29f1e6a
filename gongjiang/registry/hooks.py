"""Tell the domains that derive data from the registry (the search documents, …) that workers changed.

Consumers register a callback in their AppConfig.ready(); the registry imports none of them, so
data still flows one way (ingest → registry → search/analytics) and the import contracts hold.
Callbacks run after the transaction commits, with the ids of the workers that changed."""

from collections.abc import Callable, Iterable

from django.db import transaction

WorkerChanged = Callable[[list[int]], object]
_worker_changed: list[WorkerChanged] = []
_many_changed: list[Callable[[], object]] = []


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


def on_many_workers_changed(callback: Callable[[], object]) -> Callable[[], object]:
    """Register `callback()` for bulk loads too large to list (consumers rebuild everything)."""
    if callback not in _many_changed:
        _many_changed.append(callback)
    return callback


def workers_imported(*, ids: Iterable[int] = (), id_number_hashes: Iterable[str] = (), many: bool = False) -> None:
    """Called by bulk imports after their last batch: the workers they created or changed, by id or
    by keyed ID-number hash (rows COPYed in have no id yet), or `many` when there were too many
    to list. Unchanged rows are not listed."""
    if many:
        transaction.on_commit(lambda: [callback() for callback in _many_changed])
        return
    found = set(ids)
    hashes = list(set(id_number_hashes))
    if hashes:
        from gongjiang.registry.models import Worker

        for start in range(0, len(hashes), 5000):
            found.update(Worker.objects.filter(id_number_hash__in=hashes[start:start + 5000]).values_list("pk", flat=True))
    worker_changed(found)
