"""Article, Chunk and Skipped: the data that flows through ingestion. No I/O here."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

_SPACE = re.compile(r"\s+")


def content_id(*parts: str) -> str:
    """A short, stable id derived from text (16 hex digits of SHA-256)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def normalise_space(text: str) -> str:
    """Collapse runs of white space (including no-break spaces) to one space."""
    return _SPACE.sub(" ", text).strip()


def title_from(paragraph: str) -> str:
    """A title for an article that has none: its first paragraph, cut to 80 characters."""
    return paragraph if len(paragraph) <= 80 else paragraph[:77].rstrip() + "..."


@dataclass(frozen=True)
class Skipped:
    """A file, record or URL that was not loaded, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass(frozen=True)
class Article:
    """One news article: metadata and its paragraphs in reading order."""

    title: str
    paragraphs: tuple[str, ...]
    source: str = ""
    url: str = ""
    author: str = ""
    published: str = ""  # ISO 8601 date or date-time, "" when unknown
    origin: str = ""  # where it was loaded from: "path" or "path:line"
    id: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.id:
            body = "\n".join(self.paragraphs)
            object.__setattr__(self, "id", content_id(self.title, body))

    @property
    def key(self) -> str:
        """Identity across edits: the URL when there is one, else outlet and title.

        A new version of an article keeps its key but gets a new content id, so
        ingestion can replace the old version instead of storing both.
        """
        if self.url:
            return "url:" + self.url.strip().lower()
        return "title:" + normalise_space(f"{self.source} {self.title}").lower()


@dataclass(frozen=True)
class Chunk:
    """The stored and embedded unit: a paragraph, or one part of a long paragraph."""

    article_id: str
    paragraph: int  # 1-based, as a reader counts
    part: int  # 0-based part within the paragraph
    text: str  # what is embedded and searched

    @property
    def id(self) -> str:
        return f"{self.article_id}:{self.paragraph}:{self.part}"
