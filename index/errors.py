"""The exceptions library code raises; the CLI and the UI turn them into messages."""


class NewsdeskError(Exception):
    """Base of every error Newsdesk raises on purpose. The message says how to fix it."""


class IndexMissingError(NewsdeskError):
    """There is no index yet where one was expected."""


class IndexBusyError(NewsdeskError):
    """Another process is writing to the same index."""


class EmbeddingModelError(NewsdeskError):
    """The embedding model cannot be loaded (offline) or does not match the index."""


class StoreError(NewsdeskError):
    """The vector store cannot be opened or reached."""
