"""Check that every `[n]` of an answer names a paragraph that says what its sentence says.

Each citation is checked by `check_claim` (assistant/answering/claims.py): a passage
of the paragraph (one sentence or two adjacent ones) must hold enough of the
sentence's words (or, with an embedder, be a close paraphrase), its figures and
names, and agree on direction, polarity and roles. A citation that fails is
dropped with the reason; a sentence left without one is marked unsupported.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.answering.citations import MARKER, parse_markers, with_markers
from assistant.answering.claims import check_claim
from assistant.types import Answer, Sentence
from index.embed import Embedder
from index.split import sentence_spans

UNSUPPORTED_MARK = "(unsupported)"
NO_SOURCE = "names no source given to the answerer"


@dataclass(frozen=True)
class Checked:
    """A verified sentence and, for each citation it kept, the supporting quote."""

    sentence: Sentence
    quotes: dict[int, str]
    dropped: tuple[int, ...]  # numbers removed: not given to the model, or not supporting
    why: tuple[str, ...]  # for each number removed, why ("the paragraph says 'after'")


def check_sentence(
    text: str,
    numbers: Iterable[int],
    sources: Mapping[int, str],
    embedder: Embedder | None = None,
) -> Checked:
    """Keep the citations of one sentence that name a given paragraph that says what it
    says; an unsupported sentence carries the reason (the first dropped citation's)."""
    kept: list[int] = []
    quotes: dict[int, str] = {}
    dropped: list[int] = []
    why: list[str] = []  # for each number dropped
    for n in numbers:
        if n in kept or n in dropped:
            continue
        paragraph = sources.get(n)
        found = check_claim(text, paragraph, embedder=embedder) if paragraph is not None else None
        if found is not None and found.supported:
            kept.append(n)
            quotes[n] = found.quote
        else:
            dropped.append(n)
            why.append(found.reason if found is not None else NO_SOURCE)
    reason = "" if kept else (f"[{dropped[0]}] {why[0]}" if dropped else "it cites no source")
    sentence = Sentence(text, tuple(kept), bool(kept), reason)
    return Checked(sentence, quotes, tuple(dropped), tuple(why))


_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+")


def answer_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of generated text: a line break always ends
    one (models write lists and paragraphs), and so does a sentence end in a line."""
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        bullet = _BULLET.match(line.group())
        start = line.start() + (bullet.end() if bullet else 0)
        spans += [(start + a, start + b) for a, b in sentence_spans(text[start : line.end()])]
    return spans


def split_answer(text: str) -> list[tuple[str, tuple[int, ...]]]:
    """The sentences of a generated answer, each without its `[n]` markers and with
    the numbers they named. Markers written after a full stop ("... Moscow. [1]")
    belong to the sentence before them; list bullets and bold marks are dropped."""
    out: list[tuple[str, tuple[int, ...]]] = []
    for a, b in answer_spans(text):
        leading, rest = _leading_markers(text[a:b])
        if leading and out:
            before, numbers = out[-1]
            out[-1] = (before, numbers + tuple(n for n in leading if n not in numbers))
            leading = ()
        body, numbers = parse_markers(rest.replace("**", ""))
        body = body.strip()
        if any(ch.isalnum() for ch in body):
            out.append((body, tuple(dict.fromkeys(leading + numbers))))
    return out


def _leading_markers(piece: str) -> tuple[tuple[int, ...], str]:
    """The numbers of the `[n]` markers at the very start of `piece`, and the rest."""
    numbers: list[int] = []
    pos = 0
    while (match := MARKER.match(piece, pos)) is not None:
        numbers += [int(p) for p in match.group(1).split(",")]
        pos = match.end()
    return tuple(numbers), piece[pos:]


def verify_text(
    text: str, sources: Mapping[int, str], embedder: Embedder | None = None
) -> list[Checked]:
    """Every sentence of a generated answer checked against the numbered paragraphs."""
    return [
        check_sentence(body, numbers, sources, embedder) for body, numbers in split_answer(text)
    ]


def verify_sentences(
    answer_sentences: Iterable[Sentence],
    sources: Mapping[int, str],
    embedder: Embedder | None = None,
) -> list[Checked]:
    """Already-split sentences (e.g. the extractive answer's) checked the same way."""
    return [check_sentence(s.text, s.citations, sources, embedder) for s in answer_sentences]


def render(sentence: Sentence) -> str:
    """A sentence as shown: its markers, or a visible mark when nothing supports it."""
    if sentence.supported:
        return with_markers(sentence.text, sentence.citations)
    return f"{sentence.text} {UNSUPPORTED_MARK}"


def unsupported_note(sentences: Iterable[Sentence]) -> str:
    """The note an answer carries when some of its sentences failed the check."""
    sentences = list(sentences)
    unsupported = sum(not s.supported for s in sentences)
    return (
        f"{unsupported} of {len(sentences)} sentences are not supported by the paragraphs "
        f"they cite and are marked {UNSUPPORTED_MARK}."
    )


def removed_note(removals: Sequence[str]) -> str:
    """The note an LLM's answer carries when citations it wrote did not check out against
    their paragraphs and were taken out: how many, and why each (`removals`)."""
    why = f" ({'; '.join(removals)})" if removals else ""
    if len(removals) == 1:
        return f"1 citation that did not check out against its paragraph was removed{why}."
    return (
        f"{len(removals)} citations that did not check out against their paragraphs "
        f"were removed{why}."
    )


def verify_answer(answer: Answer, embedder: Embedder | None = None) -> Answer:
    """An answer re-checked against the paragraphs it cites (a self-check for answers
    composed without an LLM): unsupported sentences are marked, and a citation no
    sentence still rests on keeps `verified=False`."""
    if answer.refused or not answer.sentences:
        return answer
    by_number = {c.n: c for c in answer.citations}
    checked = verify_sentences(
        answer.sentences, {n: c.text for n, c in by_number.items()}, embedder
    )
    parts = tuple(c.sentence for c in checked)
    used = {n for s in parts for n in s.citations}
    citations = tuple(replace(c, verified=c.n in used) for c in answer.citations)
    note = answer.note
    if any(not s.supported for s in parts):
        note = f"{note} {unsupported_note(parts)}".strip()
    return replace(
        answer,
        text=" ".join(render(s) for s in parts),
        sentences=parts,
        citations=citations,
        note=note,
    )
