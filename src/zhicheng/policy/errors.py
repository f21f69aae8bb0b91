"""The one error the engine raises for bad input."""


class CaseError(ValueError):
    """A case that is not valid input: names the field (dotted path) and why."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
