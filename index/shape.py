"""What shapes an index: the embedding model, the vector recipe and the chunk limits.

The index (its Chroma collection and BM25 cache) is named after all of them, so an
index built one way is never searched as if it were built another: changing any of
them asks for a new ingestion instead of silently reusing the old vectors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from index.split import MAX_CHUNK_CHARS, MAX_CHUNK_WORDS
from index.types import content_id

# Which text a vector stands for. Changing what is embedded changes this string,
# and with it every index name. History: docs/tuning-log.md ("Vectors").
VECTOR_RECIPE = "paragraph text alone, no title"
NAME_PREFIX = "newsdesk-"


@dataclass(frozen=True)
class IndexShape:
    """The settings an index was built with; its `name` derives from all of them."""

    model: str
    max_chunk_words: int = MAX_CHUNK_WORDS
    max_chunk_chars: int = MAX_CHUNK_CHARS
    recipe: str = VECTOR_RECIPE

    @property
    def name(self) -> str:
        """A Chroma collection name: the model's slug and a digest of the whole shape."""
        model = Path(self.model).name if "/" in self.model else self.model
        slug = re.sub(r"[^a-zA-Z0-9]+", "-", model).strip("-").lower()
        digest = content_id(
            self.model, self.recipe, str(self.max_chunk_words), str(self.max_chunk_chars)
        )[:10]
        return f"{NAME_PREFIX}{slug}"[:50].rstrip("-") + f"-{digest}"

    def describe(self) -> str:
        """The shape in words, for messages."""
        return (
            f"model {self.model}, chunks of at most {self.max_chunk_words} words "
            f"and {self.max_chunk_chars} characters"
        )
