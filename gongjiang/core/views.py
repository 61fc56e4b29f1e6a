import functools

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from gongjiang.accounts.permissions import allowed, can


@allowed("core.home")
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands where its work is."""
    if can(request.user, "indicators.read"):  # issue 16: the bureau lands on its targets and what needs action today
        from gongjiang.indicators.views import home as bureau_home

        return bureau_home(request)
    from gongjiang.core.home import role_home

    page = role_home(request)  # issue 16: HR, worker, trainer, evaluator, organiser (core/home.py)
    if page is not None:
        return page
    return render(request, "core/home.html", {})


@functools.cache
def _migration_leaves() -> frozenset[tuple[str, str]]:
    """The last migration of each app as shipped with this code (read from disk once a process)."""
    from django.db.migrations.loader import MigrationLoader

    return frozenset(MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes())


@allowed("public")
def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer (issue 18 §2): 200 when the database answers and every migration of
    this code is applied, 503 otherwise. No log-in, no personal data, no versions or host names.
    Exempt from the HTTPS redirect (settings.SECURE_REDIRECT_EXEMPT): probes come over plain HTTP."""
    from django.db.migrations.recorder import MigrationRecorder

    try:
        applied = set(MigrationRecorder(connection).applied_migrations())
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    pending = _migration_leaves() - applied
    if pending:
        return JsonResponse({"status": "unavailable", "database": "ok", "migrations": "pending",
                             "pending": len(pending)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})
