"""gunicorn settings for `./run serve` (issue 18 §2; ADR 0012), from `gongjiang.config.env`.

Workers: one process per core, 8 threads each (the gthread worker). A request spends much of its
time waiting on PostgreSQL, and a waiting thread releases the interpreter, so threads give the
concurrency; processes beyond the cores only contend with PostgreSQL and each other. Measured
with 100 clients on the 2-core machine (bench/load/RESULTS.md): 2 x 8 threads served 59 req/s at
p95 2.5 s where gunicorn's classic 2 x cores + 1 (5 processes) served 41 req/s at p95 6.1 s with
4 threads each (and worse with sync workers, where one slow page holds a whole process).
GONGJIANG_WEB_WORKERS / GONGJIANG_WEB_THREADS override, e.g. more processes when PostgreSQL has
its own machine."""

import os

from gongjiang.config import env

bind = env.WEB_BIND
workers = env.WEB_WORKERS or (os.cpu_count() or 1)
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
