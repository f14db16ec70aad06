"""Can the loaded articles answer this question? One calibrated decision from several signals.

Signals that hold at any corpus size: how close in meaning the best passages are
(the best chunk's cosine similarity, and the best sentence's among the leading
paragraphs), how much of the question the best sentence holds in words, which of the
question's words and names no loaded paragraph holds (a word the embedder's
vocabulary lacks, a rare one, counts apart from a common word that a small corpus
happens not to use), the question's length, how sure the reader is that a leading
paragraph answers (assistant/retrieval/reader.py reads question and paragraph
together), and how many paragraphs are loaded: among 30,000 the best match of a
question no article answers comes closer than among 30, so the same similarity is
worth less. A logistic model, fitted by bench/train_refusal.py on MultiHop-RAG and
SQuAD 2.0 (never on the NewsQA queries it is scored on), turns them into the
probability that the question is answerable; below the threshold stored with its
weights, the answer is a refusal; below its `doubt`, among the least likely 5 % of the
training's answerable questions, the answer comes with a caution (refusal.CAUTION) that the
articles may not answer. Short questions, as people type them, and long ones,
as generated benchmarks write them, weigh the signals differently (a long question's
words cover less of any one sentence), so each kind has its own model, fitted on the
training questions of that kind (assistant/retrieval/search.py, is_short).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from assistant.answering.evidence import missing_names, unknown_words
from assistant.retrieval.search import is_short
from assistant.retrieval.understand import Understanding
from assistant.retrieval.wording import asked_weights
from assistant.types import Hit
from index.embed import Embedder, model_location
from index.lexical import LexicalIndex
from index.split import sentences
from index.text import coverage, terms, words

MODEL_FILE = Path(__file__).with_name("answerability.json")  # bench/train_refusal.py writes it
LEADING = 3  # paragraphs whose sentences are read
FEATURES = (
    "similarity",
    "sentence_similarity",
    "coverage",
    "unknown_share",
    "rare_unknown",
    "missing_names",
    "length",
    "reader",
    "corpus_size",
)


@dataclass(frozen=True)
class Signals:
    """What the decision reads of one question and what it retrieved."""

    similarity: float  # cosine of the best retrieved chunk
    sentence_similarity: float  # best cosine of a sentence of the leading paragraphs
    coverage: float  # the best such sentence's share of the question's weighted terms
    unknown_share: float  # the question's weight in terms no loaded paragraph holds
    rare_unknown: int  # such terms that the embedder's vocabulary lacks too (at most 2)
    missing_names: int  # names no loaded paragraph holds (at most 2)
    length: float  # log of the question's word count
    reader: float  # the reader's best log-odds for a leading paragraph (nan: not read)
    corpus_size: float  # log10 of the chunks loaded: the best of more means less
    short: bool = True  # a question as people type it: decided by the short questions' model
    unknown: tuple[str, ...] = ()  # the unknown words, for the reason shown
    names: tuple[str, ...] = ()  # the missing names, for the reason shown

    def vector(self) -> np.ndarray:
        return np.array([float(getattr(self, name)) for name in FEATURES])


@dataclass(frozen=True)
class Model:
    """Standardised logistic regression: P(answerable) = sigmoid(w . (x - mean) / std + b)."""

    mean: np.ndarray
    std: np.ndarray
    weights: np.ndarray
    bias: float
    threshold: float  # refuse below this probability
    doubt: float  # answer with a caution below this one

    @classmethod
    def from_fitted(cls, fitted: dict) -> Model:
        """A model as bench/train_refusal.py writes one (a kind's block of MODEL_FILE)."""
        return cls(
            np.array(fitted["mean"]),
            np.array(fitted["std"]),
            np.array(fitted["weights"]),
            float(fitted["bias"]),
            float(fitted["threshold"]),
            float(fitted["doubt"]),
        )

    def probability(self, signals: Signals) -> float:
        """How likely the loaded articles answer the question, by the fitted model."""
        return self.probability_of(signals.vector())

    def probability_of(self, x: np.ndarray) -> float:
        """The same for the signals' vector (in FEATURES order)."""
        x = np.where(np.isnan(x), self.mean, x)  # a signal not measured tells nothing
        z = (x - self.mean) / self.std
        return 1.0 / (1.0 + math.exp(-(float(z @ self.weights) + self.bias)))

    def refuses(self, signals: Signals) -> bool:
        """True when the question is less likely answerable than the threshold."""
        return self.probability(signals) < self.threshold

    def doubts(self, signals: Signals) -> bool:
        """True when the question is answered, but less likely answerable than the doubt."""
        return self.threshold <= self.probability(signals) < self.doubt


@dataclass(frozen=True)
class Decision:
    """The two fitted models: one for short questions, one for long ones."""

    short: Model
    long: Model

    def model(self, signals: Signals) -> Model:
        return self.short if signals.short else self.long

    def probability(self, signals: Signals) -> float:
        """How likely the loaded articles answer the question, by its kind's model."""
        return self.model(signals).probability(signals)

    def refuses(self, signals: Signals) -> bool:
        """True when the question is less likely answerable than its model's threshold."""
        return self.model(signals).refuses(signals)

    def doubts(self, signals: Signals) -> bool:
        """True when the answer should come with a caution (refusal.CAUTION)."""
        return self.model(signals).doubts(signals)


KINDS = ("short", "long")


def load_model(path: Path = MODEL_FILE) -> Decision:
    """The fitted decision, by feature name; raises ValueError for a file of other features
    or without a model for each kind of question."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: fitted on features {data['features']}, not {list(FEATURES)}")
    if not all(kind in data for kind in KINDS):
        raise ValueError(f"{path}: needs a model for short and for long questions")
    if not all("doubt" in data[kind] for kind in KINDS):
        raise ValueError(f"{path}: has no doubt level; refit it with bench/train_refusal.py")
    return Decision(**{kind: Model.from_fitted(data[kind]) for kind in KINDS})


@cache
def default_model() -> Decision:
    """The shipped decision (MODEL_FILE), read once."""
    return load_model()


@cache
def _vocabulary(model: str) -> frozenset[str]:
    """The whole words of the embedder's WordPiece vocabulary (empty for another kind)."""
    path = Path(model_location(model)) / "vocab.txt"
    if not path.is_file():
        return frozenset()
    return frozenset(w for w in path.read_text(encoding="utf-8").split() if w.isalpha())


def signals(
    question: str,
    understanding: Understanding,
    hits: list[Hit],
    index: LexicalIndex,
    embedder: Embedder,
) -> Signals:
    """The decision's signals for a question and its retrieved paragraphs."""
    weights = asked_weights(question, index.document_frequency, max(len(index.ids), 1))
    stems: dict[str, str] = {}  # stemmed term -> the word the question wrote
    for word in words(question):
        for term in terms(word):
            stems.setdefault(term, word)
    unknown, unknown_share = unknown_words(weights, index)
    vocabulary = _vocabulary(getattr(embedder, "name", ""))
    rare = [t for t in unknown if stems.get(t, t) not in vocabulary]
    missing = missing_names(question, understanding, index)
    said = [s for hit in hits[:LEADING] for s in sentences(hit.text)]
    # a paragraph found by its words alone was not scored by meaning: score it here
    unscored = [hit.text for hit in hits[:LEADING] if not hit.similarity]
    similarity = max((h.similarity for h in hits[:LEADING]), default=0.0)
    best_sentence = 0.0
    if said:
        vectors = np.asarray(embedder.encode([question, *said, *unscored]))
        cosines = vectors[1:] @ vectors[0]
        best_sentence = float(np.max(cosines[: len(said)]))
        similarity = max([similarity, *map(float, cosines[len(said) :])])
    return Signals(
        similarity=similarity,
        sentence_similarity=best_sentence,
        coverage=max((coverage(weights, set(terms(s))) for s in said), default=0.0),
        unknown_share=unknown_share,
        rare_unknown=min(len(rare), 2),
        missing_names=min(len(missing), 2),
        length=math.log(max(len(words(question)), 1)),
        reader=max((h.read for h in hits[:LEADING] if h.read is not None), default=math.nan),
        corpus_size=math.log10(max(len(index.ids), 1)),
        short=is_short(question),
        unknown=tuple(stems.get(t, t) for t in unknown),
        names=tuple(missing),
    )


def why_not(found: Signals) -> str:
    """The reason given with a refusal, in words a reader understands."""
    if found.names:
        return f"No loaded article mentions {', '.join(dict.fromkeys(found.names))}."
    if found.unknown and found.unknown_share >= 0.3:
        return f"No loaded article uses these words of the question: {', '.join(found.unknown)}."
    return "No loaded paragraph comes close enough to what the question asks."
