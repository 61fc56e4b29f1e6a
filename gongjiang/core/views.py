from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from gongjiang.accounts.permissions import allowed, can


@allowed("core.home")
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands where its work is."""
    user = request.user
    if can(user, "registry.own_archive"):
        return redirect("registry:my_archive")
    return render(request, "core/home.html", {})


@allowed("public")
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
