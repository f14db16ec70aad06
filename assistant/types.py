"""Filters, Hit, Citation, Sentence and Answer: what a question is limited to, what
retrieval finds and what an answer shows. Data only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from datetime import date


@dataclass(frozen=True)
class Filters:
    """Restrict a search to some outlets and a date range (inclusive)."""

    sources: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def __bool__(self) -> bool:
        return bool(self.sources or self.since or self.until)

    def narrowed(self, since: date | None, until: date | None) -> Filters:
        """These filters, within the days from `since` to `until` too (either open)."""
        firsts = [day for day in (self.since, since) if day]
        lasts = [day for day in (self.until, until) if day]
        return Filters(self.sources, max(firsts, default=None), min(lasts, default=None))


@dataclass(frozen=True)
class Hit:
    """One retrieved paragraph with its article's metadata."""

    article_id: str
    paragraph: int
    text: str  # the whole paragraph
    title: str
    source: str
    url: str
    author: str
    published: str
    score: float  # the learned order's score, higher is better (see Retriever.retrieve)
    similarity: float = 0.0  # cosine similarity of the best chunk to the question
    also_in: str = ""  # other outlets that carried the same story: "Outlet B (2023-10-02); ..."
    read: float | None = None  # the reader's log-odds that it answers (leading hits only)

    @property
    def key(self) -> tuple[str, int]:
        return (self.article_id, self.paragraph)


@dataclass(frozen=True)
class Citation:
    """A numbered source: one paragraph and the sentence that supports the claim."""

    n: int
    article_id: str
    title: str
    source: str
    url: str
    published: str
    paragraph: int
    text: str
    quote: str
    verified: bool = True
    also_in: str = ""  # other outlets that carried the same story: "Outlet B (2023-10-02); ..."

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Sentence:
    """One sentence of an answer, the sources it cites, and whether they support it."""

    text: str
    citations: tuple[int, ...]
    supported: bool = True
    reason: str = ""  # why no cited paragraph supports it ("" when one does)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "citations": list(self.citations),
            "supported": self.supported,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Answer:
    """An answer with numbered citations, or a refusal with none."""

    text: str
    refused: bool
    citations: tuple[Citation, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    backend: str = "extractive"
    hits: tuple[Hit, ...] = field(default=(), repr=False, compare=False)
    note: str = ""  # e.g. why the LLM was not used
    # answered with a caution ("" for none): the refusal decision doubts the articles answer
    # (refusal.CAUTION), or no sentence gives the kind of answer asked (refusal.kind_caution)
    caution: str = ""
    # the question's misspelt words and what they were read as (retrieval/spelling.py)
    respelt: tuple[tuple[str, str], ...] = ()
    # why the configured LLM was not used, so that the extractive answer stands in ("" if it was)
    llm_skipped: str = ""
    # citations the LLM wrote that did not check out against their paragraphs, removed:
    # for each, its paragraph and why ("“Title”, paragraph 6: the paragraph says 'after'")
    removals: tuple[str, ...] = ()
    # what an answer about the articles as a whole is drawn from (retrieval/about.py):
    # "348 articles are loaded: here are the newest 5. ...", "From the article's details ..."
    about: str = ""

    @property
    def citations_removed(self) -> int:
        """How many citations the LLM wrote were removed by the check."""
        return len(self.removals)

    @property
    def doubtful(self) -> bool:
        """Answered, though the articles may not answer: it comes with a caution."""
        return bool(self.caution)

    def to_dict(self) -> dict:
        return {
            "answer": self.text,
            "refused": self.refused,
            "citations": [c.to_dict() for c in self.citations],
            "backend": self.backend,
            "sentences": [s.to_dict() for s in self.sentences],
            "note": self.note,
            "doubtful": self.doubtful,
            "caution": self.caution,
            "respelt": [list(pair) for pair in self.respelt],
            "llm_skipped": self.llm_skipped,
            "citations_removed": self.citations_removed,
            "removals": list(self.removals),
            "about": self.about,
        }


def final_answer(items: Iterable[Sentence | Answer]) -> Answer:
    """Run an answer stream to its end and return the Answer it closes with."""
    final = None
    for item in items:
        final = item
    if not isinstance(final, Answer):
        raise TypeError("an answer stream must end with an Answer")
    return final


def noted(answer: Answer, said: str, **changes) -> Answer:
    """The answer with `said` before its note, and the field `changes`."""
    return replace(answer, note=f"{said} {answer.note}".strip(), **changes)
