"""The WSGI application for `./run serve` (issue 18 §2): Django's, with the lazy parts loaded in
the gunicorn master before it forks (URL patterns, the API schema's modules, translations), so
each worker — including one restarted after `max_requests` — answers its first request in
milliseconds instead of ~3 s."""

from django.urls import get_resolver
from django.utils import translation

from gongjiang.config.wsgi import application

get_resolver().url_patterns  # noqa: B018 - imports every app's views and the API
for _language in ("zh-hans", "en"):
    with translation.override(_language):
        translation.gettext("工匠")

__all__ = ["application"]
