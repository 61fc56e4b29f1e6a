"""gunicorn settings for `./run serve` (issue 18 §2; ADR 0012), from `gongjiang.config.env`.

Workers: 2 x cores + 1 synchronous processes (gunicorn's own rule of thumb): a request spends
part of its time waiting on PostgreSQL, so a core has about two processes to alternate between,
and a process that crashes or leaks takes one request with it, not a thread pool. Threads
(GONGJIANG_WEB_THREADS > 1, the gthread worker) are for hosts with little memory per core."""

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
