"""The one error the experiment functions raise for bad input; its text is for the user."""

from __future__ import annotations


class ExperimentInputError(ValueError):
    """The data cannot be analysed as asked (missing column, one variant, non-numeric metric).
    `hint` says what to do."""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint


class ExperimentUsageError(ExperimentInputError):
    """The request names something the data lacks (a column, a variant): a usage error."""
