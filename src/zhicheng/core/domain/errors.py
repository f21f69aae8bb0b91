"""Errors that domain functions raise; views turn them into pages, the API into JSON."""


class DomainError(Exception):
    """A refused action, with a plain Chinese message for the user."""

    code = "refused"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class NotFound(DomainError):
    """The object does not exist — or is outside the actor's scope, which looks the same."""

    code = "not_found"

    def __init__(self, message: str = "未找到该记录，或您无权查看。"):
        super().__init__(message)


class Refused(DomainError):
    """The actor may see the object, but this action is not allowed now."""
