from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from gongjiang.accounts.models import Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands where its work is."""
    user = request.user
    if user.role == Role.WORKER and user.worker_id:
        return redirect("registry:my_archive")
    return render(request, "core/home.html", {})


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
