from functools import wraps

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404

from gongjiang.core.errors import NotFound, PermissionDenied


def domain_errors_to_http(view):
    """NotFound → 404 and PermissionDenied → 403 for page views."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc)) from exc

    return wrapper
