"""Errors raised by the assistant; all derive from NewsdeskError."""

from index.errors import (
    EmbeddingModelError,
    IndexBusyError,
    IndexMissingError,
    NewsdeskError,
    StoreError,
)


class QuestionError(NewsdeskError):
    """A question that cannot be asked as given (empty, too long)."""


class SettingsError(NewsdeskError):
    """A setting with a value that cannot work; the message names the setting."""


class LLMError(NewsdeskError):
    """The configured LLM cannot be reached or loaded."""


__all__ = [
    "EmbeddingModelError",
    "IndexBusyError",
    "IndexMissingError",
    "LLMError",
    "NewsdeskError",
    "QuestionError",
    "SettingsError",
    "StoreError",
]
