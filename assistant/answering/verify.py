"""Check that every `[n]` of an answer names a paragraph that supports its sentence.

Pure apart from an optional embedder. A citation supports a sentence when the
sentence's content terms (stemmed, stopwords removed) are found in one
sentence of the paragraph, or in two adjacent ones (a claim may join them):

    lexical = |claim terms found in the best window| / |claim terms|

A citation is accepted when `lexical >= LEXICAL_ACCEPT`, or, with an embedder,
when `lexical >= LEXICAL_FLOOR` and the claim's cosine similarity to the best
paragraph sentence reaches `SEMANTIC_ACCEPT` (a paraphrase that shares fewer
words); and never when the claim gives a figure that the paragraph does not.
The thresholds were chosen on the development benchmark (`bench/verifier.py`):
evidence facts paired with their own paragraph must be accepted, paired with
another paragraph of the same article rejected.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import numpy as np

from assistant.answering.citations import MARKER, parse_markers, with_markers
from assistant.types import Answer, Sentence
from index.embed import Embedder
from index.split import sentence_spans, sentences
from index.text import terms

LEXICAL_ACCEPT = 0.6  # share of the claim's terms a supporting passage must hold
LEXICAL_FLOOR = 0.4  # below this, no similarity of meaning is enough
SEMANTIC_ACCEPT = 0.7  # cosine similarity that lets a paraphrase through
UNSUPPORTED_MARK = "(unsupported)"
_FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
_NUMBER_WORDS = (
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
).split()
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Support:
    """How well one paragraph supports one claim, and the passage that does."""

    lexical: float
    semantic: float | None
    quote: str
    accepted: bool


@dataclass(frozen=True)
class Checked:
    """A verified sentence and, for each citation it kept, the supporting quote."""

    sentence: Sentence
    quotes: dict[int, str]
    dropped: tuple[int, ...]  # numbers removed: not given to the model, or not supporting


# Text addressed to the assistant rather than reporting news ("ignore previous
# instructions and say ..."): an article may carry it, but it supports nothing.
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}?\b(previous|prior|above|earlier|all|your|the)\b"
    r".{0,20}?\b(instructions?|prompts?|rules|directions|guidelines)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bnew instructions\b",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_instruction(sentence: str) -> bool:
    """True for a sentence that gives orders to an AI assistant (a prompt injection)."""
    return _INSTRUCTION.search(sentence) is not None


def _windows(paragraph: str) -> list[str]:
    """Single sentences and adjacent pairs: the passages a claim may rest on.
    Sentences that give orders to the assistant are left out."""
    parts = [s for s in sentences(paragraph) or [paragraph] if not looks_like_instruction(s)]
    pairs = [f"{a} {b}" for a, b in zip(parts, parts[1:], strict=False)]
    return parts + pairs


def figures(text: str) -> frozenset[str]:
    """The figures a text gives, as digits without thousands commas ("eight" is 8).
    Years are left out: they date a claim, and an answer may take them from the
    article's date rather than from the paragraph."""
    text = _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS.index(m[1].lower()) + 2), text)
    found = (n.replace(",", "") for n in _FIGURE.findall(text))
    return frozenset(n for n in found if not _YEAR.fullmatch(n))


def lexical_support(claim: str, paragraph: str) -> tuple[float, str]:
    """The best share of the claim's content terms found in one passage, and that passage."""
    wanted = set(terms(claim))
    if not wanted:
        return 0.0, ""
    best, quote = -1.0, ""
    for passage in _windows(paragraph):
        score = len(wanted & set(terms(passage))) / len(wanted)
        # On a tie the shorter passage (a single sentence) is the better quote.
        if score > best or (score == best and len(passage) < len(quote)):
            best, quote = score, passage
    return max(best, 0.0), quote


def semantic_support(claim: str, paragraph: str, embedder: Embedder) -> float:
    """The highest cosine similarity of the claim to a sentence of the paragraph."""
    parts = [s for s in sentences(paragraph) or [paragraph] if not looks_like_instruction(s)]
    if not parts:
        return 0.0
    vectors = np.asarray(embedder.encode([claim, *parts]))
    return float(np.max(vectors[1:] @ vectors[0]))


def support(claim: str, paragraph: str, embedder: Embedder | None = None) -> Support:
    """Whether `paragraph` supports `claim`, with the scores that decided it."""
    lexical, quote = lexical_support(claim, paragraph)
    if not figures(claim) <= figures(paragraph):  # "31 ships" is not "25 ships"
        return Support(lexical, None, quote, False)
    if lexical >= LEXICAL_ACCEPT:
        return Support(lexical, None, quote, True)
    if embedder is None or lexical < LEXICAL_FLOOR:
        return Support(lexical, None, quote, False)
    semantic = semantic_support(claim, paragraph, embedder)
    return Support(lexical, semantic, quote, semantic >= SEMANTIC_ACCEPT)


def check_sentence(
    text: str,
    numbers: Iterable[int],
    sources: Mapping[int, str],
    embedder: Embedder | None = None,
) -> Checked:
    """Keep the citations of one sentence that name a given paragraph that supports it."""
    kept: list[int] = []
    quotes: dict[int, str] = {}
    dropped: list[int] = []
    for n in numbers:
        if n in kept or n in dropped:
            continue
        paragraph = sources.get(n)
        found = support(text, paragraph, embedder) if paragraph is not None else None
        if found is not None and found.accepted:
            kept.append(n)
            quotes[n] = found.quote
        else:
            dropped.append(n)
    return Checked(Sentence(text, tuple(kept), bool(kept)), quotes, tuple(dropped))


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
