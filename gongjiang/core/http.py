from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None
