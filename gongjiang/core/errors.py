"""Errors that services raise and views/API turn into messages a clerk understands (Chinese first)."""


class DomainError(Exception):
    """A rule of the domain refused the request. `message` is shown to the user as it is."""

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = str(message)
        self.code = code
        self.field = field


class NotFound(Exception):
    """The record does not exist *or* the caller may not see it: the two are not distinguished,
    so guessing ids reveals nothing."""


class PermissionDenied(Exception):
    """The caller may see the record but not do this to it."""
