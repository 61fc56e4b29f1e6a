"""The public portal (一站式服务, issue 16, R9.2; ADR 0026): one page that gathers every app's
public pages. No log-in; it reads no data of its own, so it costs a template render."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongjiang.accounts.permissions import allowed
from gongjiang.portal.pages import SECTIONS


@allowed("portal.read")
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/index.html", {"sections": SECTIONS})
