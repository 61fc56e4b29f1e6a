"""Structured logs (issue 18 §2; ADR 0012): one line per request on `gongjiang.request` and one per
background job on `gongjiang.job`. The fields travel as `extra`, so the JSON formatter of
python-json-logger (production) writes them as keys and the text formatter shows the message.

What is logged and what is not: the method, the path (ids in paths are row numbers), the names of
the query parameters but never their values (a search for 张三 or an ID number is personal data),
the status, the duration, the user's id and role, and a request id (the proxy's X-Request-ID when
it sends a sane one, else a new one, echoed back in the response)."""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

request_log = logging.getLogger("gongjiang.request")
job_log = logging.getLogger("gongjiang.job")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


def request_id_for(request: Any) -> str:
    given = request.META.get("HTTP_X_REQUEST_ID", "")
    return given if _REQUEST_ID.match(given) else uuid.uuid4().hex


class RequestLogMiddleware:
    """Outermost middleware: every request, including those refused by the middleware below it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = request_id_for(request)
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        response.headers.setdefault("X-Request-ID", request.request_id)
        if request_log.isEnabledFor(logging.INFO):
            user = getattr(request, "user", None)
            authenticated = bool(user is not None and user.is_authenticated)
            match = getattr(request, "resolver_match", None)
            fields = {
                "request_id": request.request_id,
                "method": request.method,
                "path": request.path,
                "route": match.route if match is not None else None,
                "query_keys": sorted(request.GET.keys()),
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user.pk if authenticated else None,
                "role": getattr(user, "role", None) if authenticated else None,
            }
            request_log.info("%s %s %s %.1fms", request.method, request.path, response.status_code,
                             duration_ms, extra=fields)
        return response


_job_started: dict[str, float] = {}


def job_started(sender: Any, task_result: Any, **kwargs: Any) -> None:
    _job_started[str(task_result.id)] = time.perf_counter()


def job_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """One line per finished background job: task name, duration, outcome (SUCCESSFUL / FAILED)."""
    started = _job_started.pop(str(task_result.id), None)
    if started is not None:
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
    elif task_result.started_at and task_result.finished_at:
        duration_ms = round((task_result.finished_at - task_result.started_at).total_seconds() * 1000, 1)
    else:
        duration_ms = None
    outcome = str(getattr(task_result.status, "value", task_result.status))
    errors = getattr(task_result, "errors", None) or []
    fields = {
        "job_id": str(task_result.id),
        "task": task_result.task.module_path,
        "outcome": outcome,
        "duration_ms": duration_ms,
        "attempts": getattr(task_result, "attempts", None),
        "error": errors[-1].exception_class_path if errors else None,
    }
    level = logging.ERROR if outcome == "FAILED" else logging.INFO
    job_log.log(level, "job %s %s %sms", fields["task"], outcome, duration_ms, extra=fields)
