"""Pure citation helpers: number sources, parse `[n]` markers, format source lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.types import Answer, Citation, Hit, Sentence

MARKER = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")


class Numbering:
    """Stable citation numbers: a paragraph keeps its number for the whole conversation."""

    def __init__(self) -> None:
        self._numbers: dict[tuple[str, int], int] = {}

    def number(self, hit: Hit) -> int:
        """The number of this paragraph, giving it the next free one the first time."""
        return self._numbers.setdefault(hit.key, len(self._numbers) + 1)

    def __len__(self) -> int:
        return len(self._numbers)


def make_citation(n: int, hit: Hit, quote: str, verified: bool = True) -> Citation:
    """A citation of one paragraph with the sentence that supports the claim."""
    return Citation(
        n=n,
        article_id=hit.article_id,
        title=hit.title,
        source=hit.source,
        url=hit.url,
        published=hit.published,
        paragraph=hit.paragraph,
        text=hit.text,
        quote=quote,
        verified=verified,
        also_in=hit.also_in,
    )


def compose(
    quoted: list[tuple[str, tuple[tuple[Hit, str], ...]]],
    numbering: Numbering,
    backend: str,
    hits: tuple[Hit, ...],
) -> Iterator[Sentence | Answer]:
    """Each answer sentence, with the paragraphs it cites (each with its supporting
    quote), as it is composed; then the whole Answer."""
    citations: dict[int, Citation] = {}
    parts: list[Sentence] = []
    for text, sources in quoted:
        cited = []
        for hit, quote in sources:
            n = numbering.number(hit)
            citations.setdefault(n, make_citation(n, hit, quote))
            cited.append(n)
        sentence = Sentence(text, tuple(dict.fromkeys(cited)))
        parts.append(sentence)
        yield sentence
    yield Answer(
        text=" ".join(with_markers(s.text, s.citations) for s in parts),
        refused=False,
        citations=tuple(citations.values()),
        sentences=tuple(parts),
        backend=backend,
        hits=hits,
    )


def parse_markers(sentence: str) -> tuple[str, tuple[int, ...]]:
    """A sentence without its `[n]` markers, and the numbers they named, in order."""
    numbers: list[int] = []
    for match in MARKER.finditer(sentence):
        for part in match.group(1).split(","):
            n = int(part)
            if n not in numbers:
                numbers.append(n)
    return MARKER.sub("", sentence).strip(), tuple(numbers)


def with_markers(sentence: str, numbers: tuple[int, ...]) -> str:
    """A sentence followed by its `[n]` markers."""
    return sentence + "".join(f" [{n}]" for n in numbers)


def describe(citation: Citation) -> str:
    """`Title (outlet, date), paragraph N` for source lists."""
    details = ", ".join(x for x in (citation.source, citation.published[:10]) if x)
    head = f"{citation.title} ({details})" if details else citation.title
    return f"{head}, paragraph {citation.paragraph}"


def format_sources(citations: tuple[Citation, ...] | list[Citation]) -> str:
    """A numbered source list in Markdown, each with its supporting quote."""
    lines = []
    for c in sorted(citations, key=lambda c: c.n):
        link = f" <{c.url}>" if c.url else ""
        also = f"\n    also in: {c.also_in}" if c.also_in else ""
        lines.append(f"[{c.n}] {describe(c)}{link}{also}\n    “{c.quote}”")
    return "\n".join(lines)
