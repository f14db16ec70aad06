"""A learned order for the fused candidates: a linear model over what the searches found.

The searches (the whole question and each part) are fused by rank (see
retrieve.fuse_lists); the best DEPTH paragraphs of that list are then ordered by a
weighted sum of features: their ranks and scores in each search, how much of the
question and of each part their best sentence holds, their length and place in the
article, and how many paragraphs of their article were found. The weights are a
logistic regression fitted by bench/train_ranker.py, which checks them on held-out
articles and writes them to rank_weights.json beside this file. A short question, as
people type it, has weights of its own (rank_weights_short.json, fitted on short
questions only): fitted together, long generated questions and short ones pulled the
weights apart ("Learned order for short questions" in docs/tuning-log.md).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

from assistant.types import Hit
from index.lexical import LexicalIndex
from index.split import sentences
from index.text import coverage, term_weights, terms

DEPTH = 30  # fused paragraphs ordered: gold is in the top 30 far more often ("Learned order")

FEATURES = (
    "fused_rank",
    "whole_rank",
    "whole_score",
    "part_rank",
    "part_share",
    "part_score",
    "similarity",
    "coverage",
    "sentence_coverage",
    "part_sentence_coverage",
    "title_coverage",
    "paragraph",
    "words",
    "article_first",
    "article_best",
    "article_count",
)

WEIGHTS_FILE = Path(__file__).with_name("rank_weights.json")  # bench/train_ranker.py writes it
SHORT_WEIGHTS_FILE = Path(__file__).with_name("rank_weights_short.json")  # ... with --short


def load_weights(path: Path = WEIGHTS_FILE) -> dict[str, float]:
    """The fitted weights of the learned order, by feature name (a feature the file does
    not name weighs nothing)."""
    weights = json.loads(path.read_text(encoding="utf-8"))["weights"]
    unknown = set(weights) - set(FEATURES)
    if unknown:
        raise ValueError(f"{path}: weights for unknown features {sorted(unknown)}")
    return {name: float(value) for name, value in weights.items()}


WEIGHTS = load_weights()
SHORT_WEIGHTS = load_weights(SHORT_WEIGHTS_FILE)


def order(
    fused: list[Hit],
    whole: list[Hit],
    parts: list[tuple[str, list[Hit]]],
    question: str,
    index: LexicalIndex,
    weights: dict[str, float] | None = None,
    depth: int = DEPTH,
) -> list[Hit]:
    """The first `depth` of `fused` by the learned score (ties keep the fused order),
    each with that score (log-odds, no intercept: only differences tell), then the
    rest as they were. `whole` is the whole question's search, `parts` each
    part's (searched text, its list), `question` the whole question as searched."""
    weights = WEIGHTS if weights is None else weights
    head = fused[:depth]
    if len(head) < 2 or not weights:
        return list(fused)
    table = features(head, whole, parts, question, index)
    vector = np.array([weights.get(name, 0.0) for name in FEATURES])
    scores = table @ vector
    ranked = sorted(range(len(head)), key=lambda i: (-scores[i], i))
    return [replace(head[i], score=float(scores[i])) for i in ranked] + fused[depth:]


def features(
    head: list[Hit],
    whole: list[Hit],
    parts: list[tuple[str, list[Hit]]],
    question: str,
    index: LexicalIndex,
) -> np.ndarray:
    """One row of FEATURES per candidate (see `order`); a term weighs its rarity in
    the BM25 index."""
    n_chunks = max(len(index.ids), 1)

    def weighted(text: str) -> dict[str, float]:
        """The text's terms that the corpus holds, weighed as the answerer weighs them."""
        weights = term_weights(text, index.document_frequency, n_chunks)
        return {t: w for t, w in weights.items() if index.document_frequency(t)}

    asked = weighted(question)
    part_terms = [weighted(text) for text, _ in parts]
    # each search lists a paragraph once (Retriever._fuse keeps its best chunk)
    whole_at = {h.key: (i, h) for i, h in enumerate(whole)}
    part_at = [{h.key: (i, h) for i, h in enumerate(found)} for _, found in parts]
    article_best: dict[str, int] = {}
    for i, hit in enumerate(head):
        article_best.setdefault(hit.article_id, i)
    article_count = Counter(hit.article_id for hit in head)
    rows = []
    for i, hit in enumerate(head):
        in_whole = whole_at.get(hit.key)
        in_parts = [at[hit.key] for at in part_at if hit.key in at]
        copies = [hit, *(h for _, h in in_parts), *([in_whole[1]] if in_whole else [])]
        said = [set(terms(s)) for s in sentences(hit.text)] or [set(terms(hit.text))]
        row = {
            "fused_rank": 1 / (i + 1),
            "whole_rank": 1 / (in_whole[0] + 1) if in_whole else 0.0,
            "whole_score": in_whole[1].score if in_whole else 0.0,
            "part_rank": max((1 / (r + 1) for r, _ in in_parts), default=0.0),
            "part_share": len(in_parts) / len(parts) if parts else 0.0,
            "part_score": max((h.score for _, h in in_parts), default=0.0),
            "similarity": max(h.similarity for h in copies),
            "coverage": coverage(asked, set().union(*said)),
            "sentence_coverage": max(coverage(asked, s) for s in said),
            "part_sentence_coverage": max(
                (max(coverage(wanted, s) for s in said) for wanted in part_terms), default=0.0
            ),
            "title_coverage": coverage(asked, set(terms(hit.title))),
            "paragraph": math.log(hit.paragraph),
            "words": math.log(1 + len(hit.text.split())),
            "article_first": float(article_best[hit.article_id] == i),
            "article_best": 1 / (article_best[hit.article_id] + 1),
            "article_count": float(article_count[hit.article_id]),
        }
        rows.append(row)
    table = [[row[name] for name in FEATURES] for row in rows]
    return np.array(table, dtype=np.float64).reshape(len(rows), len(FEATURES))
