"""Hits -> Answer without an LLM: the sentences that answer, each cited.

The extractive answerer scores every sentence of the retrieved paragraphs by
how much of the question it covers (words weighted by their rarity in the
corpus), picks a few that together cover the question, preferring different
articles for multi-part questions, and cites each. When nothing covers
enough of the question, it refuses with a fixed sentence instead of guessing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from assistant.cite import Numbering, make_citation, with_markers
from assistant.types import Answer, Citation, Hit, Sentence, final_answer
from assistant.understand import OutletMatcher, understand
from index.split import sentences
from index.text import terms

REFUSAL = "I could not find this in the loaded articles."

MAX_SENTENCES = 3
PARAGRAPHS_READ = 6  # how many retrieved paragraphs the answer draws from
MIN_COVERAGE = 0.12  # share of the question's weight the evidence must cover
MIN_GAIN = 0.12  # a further sentence must add at least this much coverage
PART_PARAGRAPHS = 3  # paragraphs of each part's own results that its sentence may come from
RANK_PRIOR = 0.15  # how much a part's top-ranked paragraph is preferred
MIN_PART_COVERAGE = 0.2  # a part's sentence must cover this much of the part
SAME_TERMS = 0.8  # two sentences answer the same thing when they share this much coverage
# ... and when what they share is this much of the question. Without it, on a quarter
# of MultiHop-RAG's dev queries, 12 of 13 sentences quoted as disagreeing shared only
# 14-33 % of the question (a team name and a week number) and were not evidence.
SHARED_COVERAGE = 0.4
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")


@dataclass(frozen=True)
class Candidate:
    sentence: str
    hit: Hit
    rank: int
    terms: frozenset[str]


def term_weights(
    question: str, document_frequency: Callable[[str], int], n_docs: int
) -> dict[str, float]:
    """Question terms weighted by inverse document frequency; unknown terms weigh most."""
    weights: dict[str, float] = {}
    for term in terms(question):
        df = document_frequency(term)
        weights[term] = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    return weights


def coverage(weights: dict[str, float], found: frozenset[str] | set[str]) -> float:
    """The share of the question's weight that `found` covers."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in found) / total if total else 0.0


def candidates(hits: list[Hit]) -> list[Candidate]:
    """Every sentence of the top paragraphs, with the terms it contains."""
    out = []
    for rank, hit in enumerate(hits[:PARAGRAPHS_READ]):
        for sentence in sentences(hit.text):
            out.append(Candidate(sentence, hit, rank, frozenset(terms(sentence))))
    return out


def best_for_part(
    weights: dict[str, float], hits: list[Hit], paragraphs: int = PART_PARAGRAPHS
) -> tuple[Candidate | None, float]:
    """The sentence that best answers one part of a question, and how much of the
    part it covers. The part's retrieval rank counts: its first paragraph is
    the likeliest, a later one must cover clearly more to win."""
    best, best_value, best_cover = None, 0.0, 0.0
    for cand in candidates(hits[:paragraphs]):
        own = coverage(weights, cand.terms)
        context = coverage(weights, cand.terms | frozenset(terms(cand.hit.title)))
        value = own + 0.3 * context + RANK_PRIOR / (1 + cand.rank)
        if value > best_value:
            best, best_value, best_cover = cand, value, max(own, context * 0.8)
    return best, best_cover


def select(weights: dict[str, float], found: list[Candidate]) -> list[Candidate]:
    """Greedily pick sentences that together cover the question best."""
    chosen: list[Candidate] = []
    covered: set[str] = set()
    for _ in range(MAX_SENTENCES):
        best, best_value, best_gain = None, 0.0, 0.0
        used_articles = {c.hit.article_id for c in chosen}
        for cand in found:
            if cand in chosen:
                continue
            gain = coverage(weights, covered | cand.terms) - coverage(weights, covered)
            own = coverage(weights, cand.terms)
            value = gain + 0.5 * own + 0.08 / (1 + cand.rank)
            if chosen and cand.hit.article_id not in used_articles:
                value += 0.05
            if value > best_value:
                best, best_value, best_gain = cand, value, gain
        if best is None or (chosen and best_gain < MIN_GAIN):
            break
        chosen.append(best)
        covered |= best.terms
    return chosen


def numbers(sentence: str) -> frozenset[str]:
    """The figures a sentence gives (years left out: they date, they do not count)."""
    found = (n.replace(",", "") for n in _NUMBER.findall(sentence))
    return frozenset(n for n in found if not _YEAR.fullmatch(n))


def disagreeing(
    weights: dict[str, float], chosen: list[Candidate], found: list[Candidate]
) -> list[Candidate]:
    """`chosen`, each sentence followed by one from another article that covers the same
    question terms with different figures, so a disagreement between sources shows."""
    out: list[Candidate] = []
    for cand in chosen:
        out.append(cand)
        mine, figures = cand.terms & weights.keys(), numbers(cand.sentence)
        if not figures:
            continue
        for other in found:
            theirs = other.terms & weights.keys()
            shared = coverage(weights, mine & theirs)
            if (
                other.hit.article_id != cand.hit.article_id
                and other not in chosen
                and other not in out
                and numbers(other.sentence)
                and numbers(other.sentence) != figures
                and shared >= SHARED_COVERAGE
                and shared >= SAME_TERMS * max(coverage(weights, mine), coverage(weights, theirs))
            ):
                out.append(other)
                break
    return out


def by_date(chosen: list[Candidate]) -> list[Candidate]:
    """Sentences in order of their articles' publication dates; undated ones last."""
    return sorted(chosen, key=lambda c: (not c.hit.published, c.hit.published[:10]))


@lru_cache(maxsize=1)
def _no_outlets() -> OutletMatcher:
    return OutletMatcher(())


def asks_about_time(question: str) -> bool:
    """Does the question ask about time order or a period ('latest', 'before', 'in March 2023')?"""
    understanding = understand(question, _no_outlets())
    return (
        understanding.temporal or understanding.since is not None or understanding.until is not None
    )


def refusal(hits: tuple[Hit, ...] = (), note: str = "") -> Answer:
    """The fixed refusal: no citations; `note` may say why."""
    return Answer(text=REFUSAL, refused=True, hits=hits, note=note)


class ExtractiveAnswerer:
    """Composes a grounded answer from the supporting sentences, each cited."""

    name = "extractive"

    def __init__(self, document_frequency: Callable[[str], int], n_docs: int) -> None:
        self.document_frequency = document_frequency
        self.n_docs = n_docs

    def weights(self, text: str) -> dict[str, float]:
        return term_weights(text, self.document_frequency, self.n_docs)

    def plan(
        self,
        question: str,
        hits: list[Hit],
        temporal: bool | None = None,
        parts: tuple[tuple[str, list[Hit]], ...] = (),
    ) -> list[Candidate]:
        """The sentences the answer will quote, in answer order; [] means refuse.

        A question in several parts (`parts`: each part's text and its own
        results) gets one sentence per part, so every part is cited. Sources
        that give different figures for the same thing are both quoted. When
        the question asks about time (`temporal`; read from the question when
        None), the sentences are ordered by their articles' publication dates.
        """
        weights = self.weights(question)
        if not weights or not hits:
            return []
        found = candidates(hits)
        if len(parts) > 1:
            chosen = []
            for text, part_hits in parts:
                best, cover = best_for_part(self.weights(text), part_hits)
                if best is not None and cover >= MIN_PART_COVERAGE and best not in chosen:
                    chosen.append(best)
            if not chosen:  # no part is answered on its own: read the question whole
                chosen = select(weights, found)
        else:
            chosen = select(weights, found)
        covered = set().union(*(c.terms for c in chosen)) if chosen else set()
        if not chosen or coverage(weights, covered) < MIN_COVERAGE:
            return []
        chosen = disagreeing(weights, chosen, found)
        if temporal is None:
            temporal = asks_about_time(question)
        return by_date(chosen) if temporal else chosen

    def stream(
        self,
        question: str,
        hits: list[Hit],
        numbering: Numbering | None = None,
        temporal: bool | None = None,
        parts: tuple[tuple[str, list[Hit]], ...] = (),
    ) -> Iterator[Sentence | Answer]:
        """Yield each answer sentence as it is composed, then the whole Answer."""
        numbering = Numbering() if numbering is None else numbering
        chosen = self.plan(question, hits, temporal, parts)
        if not chosen:
            yield refusal(tuple(hits))
            return
        citations: dict[int, Citation] = {}
        parts: list[Sentence] = []
        for cand in chosen:
            n = numbering.number(cand.hit)
            citations.setdefault(n, make_citation(n, cand.hit, cand.sentence))
            sentence = Sentence(cand.sentence, (n,))
            parts.append(sentence)
            yield sentence
        yield Answer(
            text=" ".join(with_markers(s.text, s.citations) for s in parts),
            refused=False,
            citations=tuple(citations.values()),
            sentences=tuple(parts),
            backend=self.name,
            hits=tuple(hits),
        )

    def answer(
        self,
        question: str,
        hits: list[Hit],
        numbering: Numbering | None = None,
        temporal: bool | None = None,
    ) -> Answer:
        """The whole answer at once."""
        return final_answer(self.stream(question, hits, numbering, temporal))
