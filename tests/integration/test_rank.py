"""The learned order of the fused candidates (assistant/rank.py)."""

from __future__ import annotations

import pytest

from assistant.retrieval import rank
from assistant.retrieval.search import fuse_lists
from assistant.types import Hit

QUESTION = "Who greeted Xi at the airport in Moscow?"
ONE_SENTENCE = "Xi was greeted at the Moscow airport by Deputy Prime Minister Yuri Trutnev."
SPREAD = "Xi landed on Monday. The airport was cold. Moscow was quiet."


def _hit(article: str, paragraph: int, text: str, title: str = "", score=0.5, similarity=0.5):
    return Hit(article, paragraph, text, title, "Outlet", "", "", "", score, similarity)


@pytest.fixture(scope="module")
def index(sample_settings):
    from assistant.pipeline import Engine

    return Engine(sample_settings.index).retriever.lexical


def _column(table, name):
    return list(table[:, rank.FEATURES.index(name)])


def test_features_measure_the_question_in_the_best_sentence_the_title_and_the_searches(index):
    held = _hit("a", 3, ONE_SENTENCE, similarity=0.7, score=0.9)
    spread = _hit("b", 1, SPREAD, title="Xi in Moscow", similarity=0.6, score=0.4)
    same_article = _hit("b", 2, "Trade talks began.", similarity=0.2, score=0.1)
    head = [spread, held, same_article]
    whole = [held, spread]
    parts = [("Xi greeted", [held]), ("the airport in Moscow", [spread, held])]
    table = rank.features(head, whole, parts, QUESTION, index)
    assert table.shape == (3, len(rank.FEATURES))
    assert _column(table, "fused_rank") == [1.0, 0.5, pytest.approx(1 / 3)]
    assert _column(table, "whole_rank") == [0.5, 1.0, 0.0]
    assert _column(table, "part_rank") == [1.0, 1.0, 0.0]
    assert _column(table, "part_share") == [0.5, 1.0, 0.0]
    assert _column(table, "article_count") == [2.0, 1.0, 2.0]
    assert _column(table, "article_first") == [1.0, 1.0, 0.0]
    assert _column(table, "article_best") == [1.0, 0.5, 1.0]
    # every asked word in one sentence of the first; three of four, one a sentence, in the other
    coverage, best = _column(table, "coverage"), _column(table, "sentence_coverage")
    assert coverage[1] == best[1] == 1.0
    assert 0.0 < best[0] < coverage[0] < 1.0
    assert best[2] == coverage[2] == 0.0
    title = _column(table, "title_coverage")
    assert title[1] == title[2] == 0.0 and 0.0 < title[0] < coverage[0]
    assert _column(table, "part_sentence_coverage")[1] == 1.0


def test_the_paragraph_that_holds_the_question_in_one_sentence_is_put_first(index):
    spread = _hit("b", 1, SPREAD, title="Xi in Moscow")
    held = _hit("a", 3, ONE_SENTENCE)
    other = _hit("c", 5, "Trade talks began in the Kremlin.")
    fused = [spread, other, held]
    ordered = rank.order(fused, fused, [], QUESTION, index)
    assert [h.key for h in ordered] == [("a", 3), ("b", 1), ("c", 5)]
    assert rank.order(fused, fused, [], QUESTION, index, weights={}) == fused  # no model
    by_place = rank.order(fused, fused, [], QUESTION, index, weights={"fused_rank": 2.0})
    assert [h.key for h in by_place] == [h.key for h in fused]
    assert [h.score for h in by_place] == [2.0, 1.0, pytest.approx(2 / 3)]  # the learned score
    ties = {"paragraph": 0.0, "words": 0.0}  # every score 0: the fused order stays
    assert [h.key for h in rank.order(fused, fused, [], QUESTION, index, weights=ties)] == [
        h.key for h in fused
    ]


def test_only_the_first_depth_candidates_are_reordered(index):
    spread = _hit("b", 1, SPREAD)
    held = _hit("a", 3, ONE_SENTENCE)
    other = _hit("c", 5, "Trade talks began in the Kremlin.")
    ordered = rank.order([other, spread, held], [], [], QUESTION, index, depth=2)
    assert [h.key for h in ordered] == [("b", 1), ("c", 5), ("a", 3)]


def test_retrieve_returns_the_learned_order_of_the_fused_searches(sample_settings):
    from assistant.pipeline import Engine

    retriever = Engine(sample_settings.index).retriever
    question = "Who greeted Xi at the airport, and what did Putin call the talks?"
    found = retriever.search(question, rank.DEPTH)
    assert len(found.parts) == 2
    fused = fuse_lists([found.whole, *(hits for _, hits in found.parts)], rank.DEPTH)
    assert [h.key for h in found.fused(rank.DEPTH)] == [h.key for h in fused]
    searched = [(part.query, hits) for part, hits in found.parts]
    args = (fused, found.whole, searched, found.understanding.query, found.index)
    # 13 words: a short question, ordered by the short questions' weights
    assert found.short
    learned = rank.order(*args, weights=rank.SHORT_WEIGHTS)
    assert [h.key for h in learned] != [h.key for h in fused]  # the order is the model's
    assert [h.key for h in learned] != [h.key for h in rank.order(*args)]
    assert [h.key for h in found.ordered(rank.DEPTH)] == [h.key for h in learned]
    retrieval = retriever.retrieve(question, 5)
    assert [h.key for h in retrieval.hits] == [h.key for h in learned[:5]]


def test_a_long_question_is_ordered_by_the_long_questions_weights(sample_settings):
    from assistant.pipeline import Engine

    retriever = Engine(sample_settings.index).retriever
    question = (
        "According to the report on the Chinese leader's visit to Moscow, who greeted Xi "
        "at the airport when he landed, and what did Putin call the talks they held?"
    )
    found = retriever.search(question, rank.DEPTH)
    assert not found.short
    searched = [(part.query, hits) for part, hits in found.parts]
    args = (found.fused(rank.DEPTH), found.whole, searched, found.understanding.query)
    learned = rank.order(*args, found.index, weights=rank.WEIGHTS)
    assert [h.key for h in found.ordered(rank.DEPTH)] == [h.key for h in learned]
    short = rank.order(*args, found.index, weights=rank.SHORT_WEIGHTS)
    assert [h.score for h in found.ordered(rank.DEPTH)] != [h.score for h in short]
