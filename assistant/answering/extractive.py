"""Hits -> Answer without an LLM: the sentences that answer, each cited.

The extractive answerer cites the leading retrieved paragraphs (the first, and
those the retrieval scored nearly as high), and quotes from each the sentence
that holds the most of the question (words weighted by their rarity in the
corpus), helped, in a paragraph the retrieval's reader read, by the reader's score
of each sentence (assistant/retrieval/reader.py). Whether the articles answer at all
is decided before it runs (answerability.py); it refuses only when there is nothing
to quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import pairwise

from assistant.answering.citations import Numbering, compose
from assistant.answering.claims import check_claim
from assistant.answering.figures import figures
from assistant.answering.refusal import refusal
from assistant.retrieval.asked import describes, gives, kind_asked, who_is
from assistant.retrieval.reader import Reader
from assistant.retrieval.understand import OutletMatcher, understand
from assistant.retrieval.wording import asked_weights, unframed
from assistant.settings import AnswerSettings
from assistant.types import Answer, Hit, Sentence, final_answer
from index.split import sentence_spans
from index.text import coverage, terms

# Tuned constants; docs/tuning-log.md has their measurements under the heading named.
# (How many paragraphs are cited, and within what gap, are settings: AnswerSettings.)
PARAGRAPHS_READ = 6  # retrieved paragraphs read for quotes and for sources that disagree
# Every quoted sentence after the first must hold this share of the question's weight
# ("Refusal coverage"; whether to answer at all is answerability.py's decision).
MIN_SENTENCE_COVERAGE = 0.08
# Two sentences answer the same thing when they share this much of their coverage, and
# what they share is at least SHARED_COVERAGE of the question ("Disagreeing sources").
SAME_TERMS = 0.8
SHARED_COVERAGE = 0.4
# A sentence that gives the kind of answer asked for ("Answer kinds").
KIND_BONUS = 0.25
# Weight of the reader's log-odds that a sentence answers, beside its share of the
# question, when the question was read ("Sentences chosen by the reader").
SENTENCE_READ_WEIGHT = 0.5
# In a paragraph the reader read, two neighbouring sentences may be quoted together
# when they answer better than either alone ("That damage has a name: ..." after the
# sentence that names the damage); the pair pays this for its length ("Quoted passages").
PAIR_COST = 0.5
# ... except when it gives a kind of answer that no chance word gives (a duration, a
# number, a date, a score) only through its sentence that holds less of the question ("Pairs
# that complete the kind asked")
EXACT_KINDS = frozenset({"duration", "number", "date", "score"})
# Kinds of answer looked for beyond the cited paragraphs when none of them gives one
# ("A paragraph further down that gives the kind asked")
GIVEN_FURTHER = EXACT_KINDS
_CLOSING = "\"'”’)]"  # marks that may close a sentence after its "?"
# A sentence that opens by pointing back ("Those will be the nation's busiest airports.",
# "She was born in Kuwait.") says what it says of the sentence before it
_POINTS_BACK = re.compile(
    r"^[“\"'‘(]?(?:(?:He|She|It|They|His|Her|Its|Their)\b|(?:This|That|These|Those)\s+"
    r"(?:is|was|are|were|will|would|has|had|have|may|might|could|can|should|must)\b)"
)
_IT_OPENS = re.compile(  # ... but "It's recommended that ...", "It was the second time" do not
    r"^[“\"'‘(]?It(?:['’]s|\s+is|\s+was)\s+(?:(?:not\s+)?\w+\s+(?:to|that|whether|how|why|what|"
    r"who|when|if)\b|the\s+\w+\s+time\b)"
)
_DEFAULTS = AnswerSettings()  # how many paragraphs are cited, and within what gap


@dataclass(frozen=True)
class Candidate:
    sentence: str
    hit: Hit
    terms: frozenset[str]
    # other paragraphs that say the same, each with its own supporting passage
    also: tuple[Candidate, ...] = field(default=(), compare=False)
    paired: bool = False  # two neighbouring sentences quoted together (`pairs`)


def candidates(hits: list[Hit]) -> list[Candidate]:
    """Every sentence of the paragraphs, with the terms it contains."""
    return [
        Candidate(hit.text[a:b], hit, frozenset(terms(hit.text[a:b])))
        for hit in hits
        for a, b in sentence_spans(hit.text)
    ]


def pairs(hit: Hit) -> list[Candidate]:
    """Every two neighbouring sentences of the paragraph, each pair an exact passage of it."""
    spans = sentence_spans(hit.text)
    passages = [hit.text[a:d] for (a, _), (_, d) in pairwise(spans)]
    return [Candidate(text, hit, frozenset(terms(text)), paired=True) for text in passages]


def with_antecedent(cand: Candidate) -> Candidate:
    """A sentence that opens by pointing back (`_POINTS_BACK`) quoted together with the
    sentence before it in its paragraph, which says what "those" or "she" is: the pair,
    an exact passage of the paragraph. Any other candidate as it is, and so is one whose
    sentence before points back too ("Then he left. He ...": it says nothing more)."""
    if cand.paired or not _POINTS_BACK.match(cand.sentence) or _IT_OPENS.match(cand.sentence):
        return cand
    text = cand.hit.text
    for (start, end), (a, b) in pairwise(sentence_spans(text)):
        if text[a:b] == cand.sentence and not _POINTS_BACK.match(text[start:end]):
            passage = text[start:b]  # the paragraphs cited beside it (`also`) stay
            return replace(cand, sentence=passage, terms=frozenset(terms(passage)), paired=True)
    return cand


def leading(
    hits: list[Hit],
    max_cited: int = _DEFAULTS.max_cited,
    cite_gap: float = _DEFAULTS.cite_gap,
) -> list[Hit]:
    """The paragraphs an answer cites: the first, and those among the first `max_cited`
    that scored within `cite_gap` of it (log-odds in the learned order: "Citation gap")."""
    return [hit for hit in hits[:max_cited] if hit.score >= hits[0].score - cite_gap]


def best_sentence(
    weights: dict[str, float],
    said: list[Candidate],
    kind: str = "",
    question: str = "",
    read: dict[str, float] | None = None,
) -> Candidate | None:
    """Of one paragraph's sentences (`said`), the one that holds the most of the
    question; its article's title counts a little, as context, and so does giving the
    kind of answer asked for (a duration for "how long": assistant/retrieval/asked.py).
    `read` holds the reader's log-odds that a sentence answers, when it read them; a
    pair of sentences (`pairs`) among `said` pays PAIR_COST. A sentence that asks a
    question (`asks`) answers none, nor does one without a word the question lacks (a
    photo credit "Fred Ruckel" for "Who is Fred Ruckel?"): each is quoted only when
    nothing else is there."""
    if not said:
        return None
    title = frozenset(terms(said[0].hit.title))
    read = read or {}

    def value(cand: Candidate) -> float:
        found = coverage(weights, cand.terms) + 0.3 * coverage(weights, cand.terms | title)
        found += SENTENCE_READ_WEIGHT * read.get(cand.sentence, 0.0)
        given = bool(kind) and gives(cand.sentence, kind, question)
        completed = cand.paired and given and kind in EXACT_KINDS and completes(cand)
        found -= PAIR_COST if cand.paired and not completed else 0.0
        return found + (KIND_BONUS if given else 0.0)

    def completes(pair: Candidate) -> bool:
        """Does the pair give the kind asked only through its sentence that holds less
        of the question ("... the time needed to process checks." + "... within one to
        five days.")? Then its length is what answers, and costs nothing."""
        halves = [pair.sentence[i:j] for i, j in sentence_spans(pair.sentence)]
        asked = max(halves, key=lambda text: coverage(weights, frozenset(terms(text))))
        return len(halves) > 1 and not gives(asked, kind, question)

    return max(
        said,
        key=lambda cand: (not asks(cand.sentence), bool(cand.terms - weights.keys()), value(cand)),
    )


def giving(
    weights: dict[str, float], found: list[Candidate], kind: str, question: str
) -> list[Candidate]:
    """The best sentence of the first paragraph among `found` (those retrieved and not cited,
    of the stories cited, in retrieval order) that gives the kind of answer asked and
    holds MIN_SENTENCE_COVERAGE of the question, as a list of it; [] when none does. When
    no cited paragraph gives a number for "how much did they pay?", one further down the
    same story that does answers it ("Bought for £47.2m, ...")."""
    for key in dict.fromkeys(c.hit.key for c in found):
        said = [c for c in found if c.hit.key == key]
        best = best_sentence(weights, said, kind, question)
        if (
            best
            and gives(best.sentence, kind, question)
            and coverage(weights, best.terms) >= MIN_SENTENCE_COVERAGE
        ):
            return [best]
    return []


def asks(passage: str) -> bool:
    """Does every sentence of the passage ask a question? "So who would make a good
    dealer?" repeats the words of a question about dealers and answers nothing; a pair
    that asks and answers ("How much is owed? About $80 million.") says something, and
    so does a sentence that puts a question after a colon ("Consider this instance: is
    there a route of at most 2000 kilometres ...?")."""
    return all(_asks(passage[a:b]) for a, b in sentence_spans(passage))


def _asks(sentence: str) -> bool:
    return sentence.rstrip().rstrip(_CLOSING).endswith("?") and ":" not in sentence


def answer_first(chosen: list[Candidate], kind: str, question: str) -> list[Candidate]:
    """`chosen` with the first sentence that gives the kind of answer asked for moved to
    the front: the answer leads with what was asked."""
    if not kind:
        return chosen
    for i, cand in enumerate(chosen):
        if gives(cand.sentence, kind, question):
            return [cand, *chosen[:i], *chosen[i + 1 :]]
    return chosen


def lede_first(chosen: list[Candidate], question: str, first: Hit) -> list[Candidate]:
    """For "who is X?", when the retrieval's `first` paragraph is a lede that describes X
    before its article names X ("A 47-year-old charity worker ...": asked.describes;
    Retriever puts it first), its first sentence leads: it says who X is. `chosen` as it
    was otherwise."""
    person = who_is(unframed(question))
    if not person or first.paragraph != 1 or not describes(first.text, person):
        return chosen
    for i, cand in enumerate(chosen):
        if cand.hit.key == first.key:
            a, b = sentence_spans(cand.hit.text)[0]
            said = cand.hit.text[a:b]
            return [
                Candidate(said, cand.hit, frozenset(terms(said))),
                *chosen[:i],
                *chosen[i + 1 :],
            ]
    return chosen


def read_first(chosen: list[Candidate], read: dict[str, float]) -> list[Candidate]:
    """`chosen` with the sentence the reader finds most answering (`read`: its log-odds
    by sentence) moved to the front; as it was when no sentence was read."""
    scored = [i for i, cand in enumerate(chosen) if cand.sentence in read]
    if not scored:
        return chosen
    best = max(scored, key=lambda i: read[chosen[i].sentence])
    return [chosen[best], *chosen[:best], *chosen[best + 1 :]]


def with_sentence(
    chosen: list[Candidate], cand: Candidate, weights: dict[str, float]
) -> list[Candidate]:
    """`chosen` and `cand`. When a quoted sentence already holds every question term of
    `cand`, and `cand`'s paragraph says what that sentence says (check_claim: its words,
    figures, names, direction and polarity), the paragraph is cited for it too instead
    of being quoted again."""
    asked = cand.terms & weights.keys()
    for i, quoted in enumerate(chosen):
        if asked <= quoted.terms:
            found = check_claim(quoted.sentence, cand.hit.text)
            if found.supported:
                passage = found.quote
                same = Candidate(passage, cand.hit, frozenset(terms(passage)))
                return [*chosen[:i], replace(quoted, also=(*quoted.also, same)), *chosen[i + 1 :]]
    return [*chosen, cand]


def disagreeing(
    weights: dict[str, float], chosen: list[Candidate], found: list[Candidate], room: int
) -> list[Candidate]:
    """`chosen`, each sentence followed by one from another article that covers the same
    question terms with different figures, so a disagreement between sources shows; at
    most `room` such sentences are added."""
    out: list[Candidate] = []
    added = 0
    for cand in chosen:
        out.append(cand)
        mine, given = cand.terms & weights.keys(), figures(cand.sentence)
        if not given or added >= room:
            continue
        for other in found:
            theirs = other.terms & weights.keys()
            shared = coverage(weights, mine & theirs)
            if (
                other.hit.article_id != cand.hit.article_id
                and other not in chosen
                and other not in out
                and figures(other.sentence)
                and figures(other.sentence) != given
                and shared >= SHARED_COVERAGE
                and shared >= SAME_TERMS * max(coverage(weights, mine), coverage(weights, theirs))
            ):
                out.append(other)
                added += 1
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


class ExtractiveAnswerer:
    """Composes a grounded answer from the supporting sentences, each cited."""

    name = "extractive"

    def __init__(
        self,
        document_frequency: Callable[[str], int],
        n_docs: int,
        *,
        max_cited: int = _DEFAULTS.max_cited,
        cite_gap: float = _DEFAULTS.cite_gap,
        reader: Reader | None = None,
    ) -> None:
        self.document_frequency = document_frequency
        self.n_docs = n_docs
        self.max_cited = max_cited
        self.cite_gap = cite_gap
        self.reader = reader  # reads the sentences of paragraphs the retrieval read

    def sentences_read(self, question: str, found: list[Candidate]) -> dict[str, float]:
        """The reader's log-odds for each sentence (or pair) of the paragraphs it read in
        retrieval (a short question's leading paragraphs), by sentence; {} without it."""
        texts = list(dict.fromkeys(c.sentence for c in found if c.hit.read is not None))
        if self.reader is None or not texts:
            return {}
        return dict(zip(texts, map(float, self.reader.scores(question, texts)), strict=True))

    def weights(self, question: str) -> dict[str, float]:
        """The question's terms by rarity ("long" of "how long" only if an article holds it)."""
        return asked_weights(question, self.document_frequency, self.n_docs)

    def plan(self, question: str, hits: list[Hit], temporal: bool | None = None) -> list[Candidate]:
        """The sentences the answer will quote, in answer order; [] means refuse.

        Each leading paragraph (see `leading`) gives its best sentence. Sources that
        give different figures for the same thing are both quoted. When the question
        asks about time (`temporal`; read from the question when None), the
        sentences are ordered by their articles' publication dates; otherwise the one
        the reader finds most answering leads, when it read them. Before either, a
        sentence that gives the kind of answer asked for leads.
        """
        weights = self.weights(question)
        if not weights or not hits:
            return []
        kind = kind_asked(question)
        depth = max(PARAGRAPHS_READ, self.max_cited)
        found = candidates(hits[:depth])
        chosen: list[Candidate] = []
        cited = leading(hits, self.max_cited, self.cite_gap)
        keys = {hit.key for hit in cited}
        joined = [c for hit in cited if hit.read is not None and self.reader for c in pairs(hit)]
        read = self.sentences_read(question, [c for c in found if c.hit.key in keys] + joined)
        for hit in cited:
            said = [c for c in (*found, *joined) if c.hit.key == hit.key]
            best = best_sentence(weights, said, kind, question, read)
            if best and (not chosen or coverage(weights, best.terms) >= MIN_SENTENCE_COVERAGE):
                chosen = with_sentence(chosen, best, weights)
        if not chosen:
            return []
        if kind in GIVEN_FURTHER and not any(gives(c.sentence, kind, question) for c in chosen):
            stories = {hit.article_id for hit in cited}  # another story may be of another day
            beyond = candidates([hit for hit in hits[depth:] if hit.article_id in stories])
            further = [  # every paragraph retrieved, not only those read
                c
                for c in (*found, *beyond)
                if c.hit.key not in keys and c.hit.article_id in stories
            ]
            chosen += giving(weights, further, kind, question)
        chosen = disagreeing(weights, chosen, found, self.max_cited - len(chosen))
        if temporal is None:
            temporal = asks_about_time(question)
        chosen = by_date(chosen) if temporal else read_first(chosen, read)
        chosen = lede_first(answer_first(chosen, kind, question), question, hits[0])
        return [with_antecedent(cand) for cand in chosen]  # each quote stands alone

    def stream(
        self,
        question: str,
        hits: list[Hit],
        numbering: Numbering | None = None,
        temporal: bool | None = None,
    ) -> Iterator[Sentence | Answer]:
        """Yield each answer sentence as it is composed, then the whole Answer."""
        numbering = Numbering() if numbering is None else numbering
        chosen = self.plan(question, hits, temporal)
        if not chosen:
            yield refusal(tuple(hits))
            return
        quoted = [
            (cand.sentence, tuple((source.hit, source.sentence) for source in (cand, *cand.also)))
            for cand in chosen
        ]
        yield from compose(quoted, numbering, self.name, tuple(hits))

    def answer(
        self,
        question: str,
        hits: list[Hit],
        numbering: Numbering | None = None,
        temporal: bool | None = None,
    ) -> Answer:
        """The whole answer at once."""
        return final_answer(self.stream(question, hits, numbering, temporal))
