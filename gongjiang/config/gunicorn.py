"""gunicorn settings for `./run serve` (issue 18 §2; ADR 0012), from `gongjiang.config.env`.

Workers: 2 x cores + 1 processes (gunicorn's rule of thumb), each with 4 threads (the gthread
worker). A request spends much of its time waiting on PostgreSQL — a list of a million workers
waits a second or more — and a waiting thread releases the interpreter, so with threads a slow
page no longer holds a whole process while small requests queue behind it (the load test:
bench/load/RESULTS.md). Processes still isolate crashes and leaks, and use both cores."""

import os

from gongjiang.config import env

bind = env.WEB_BIND
workers = env.WEB_WORKERS or 2 * (os.cpu_count() or 1) + 1
threads = max(env.WEB_THREADS, 1)
worker_class = "gthread" if threads > 1 else "sync"
timeout = env.WEB_TIMEOUT_SECONDS
graceful_timeout = 30
# Load Django once in the master, then fork: less memory, and a refusal of the production profile
# stops the master with its message instead of every worker failing to boot.
preload_app = True
# Every request is logged as one JSON line by gongjiang.core.logs; gunicorn's access log would repeat it.
accesslog = None
errorlog = "-"
# A long-running process returns the memory a worker grew to after a large export.
max_requests = 5000
max_requests_jitter = 500
forwarded_allow_ips = "127.0.0.1"
wsgi_app = "gongjiang.config.serve:application"
