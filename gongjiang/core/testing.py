"""What tests of several apps share: whether they run on PostgreSQL, and two threads racing for the
same rows (the never-twice guarantees of the ledger and of quotas, R6.2)."""

import threading
from collections.abc import Callable

from django.db import connection, connections

ON_POSTGRES = connection.vendor == "postgresql"


def race(work: Callable[[int], object]) -> list:
    """Run `work(i)` in two threads with their own database connections, started together; each
    result, or the exception it raised, in thread order."""
    barrier, results = threading.Barrier(2), [None, None]

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - collected and asserted by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results
