import time

from django.conf import settings
from django.utils import translation


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose otherwise (language cookie set by the switch on every page).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so a bureau PC with an
    English-language browser would get English screens; our users read Chinese first."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class SessionRefreshMiddleware:
    """Idle expiry without a database write on every request (issue 18 §2, load test; ADR 0012).

    Sessions end after SESSION_COOKIE_AGE idle seconds (ADR 0004). Django's
    SESSION_SAVE_EVERY_REQUEST does that by an UPDATE and a commit of the session row on every
    request — half the time of a small API call. Here the session is re-saved (and its expiry moved
    on) only when the last save is SESSION_REFRESH_SECONDS old, so an idle session ends between
    AGE - REFRESH and AGE seconds after the last request. Sits right after SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.every = settings.GONGJIANG_SESSION_REFRESH_SECONDS

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.modified and session.accessed:
            now = int(time.time())
            if now - int(session.get("_refreshed", 0)) >= self.every:
                session["_refreshed"] = now
        return response
