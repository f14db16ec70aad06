"""The answerability decision's signals, computed from the real index and embedder."""

from dataclasses import replace

import pytest

from assistant.answering.answerability import load_model, signals
from assistant.pipeline import Engine

QUESTION = "How long is Xi's trip to Russia?"


@pytest.fixture(scope="module")
def engine(sample_settings):
    return Engine(sample_settings.index)


def test_a_paragraph_found_by_its_words_alone_is_scored_by_meaning(engine):
    found = engine.retrieve(QUESTION)
    scored = signals(QUESTION, found.understanding, found.hits, found.index, engine.embedder)
    # as when the leading paragraphs came from the word search only, without a cosine
    unscored = [replace(hit, similarity=0.0) for hit in found.hits]
    recomputed = signals(QUESTION, found.understanding, unscored, found.index, engine.embedder)
    assert 0.3 < scored.similarity < 0.9
    assert recomputed.similarity == pytest.approx(scored.similarity, abs=0.02)
    # the same sentences scored again; float32 sums may differ in the last bits by batch
    assert recomputed.sentence_similarity == pytest.approx(scored.sentence_similarity, abs=1e-5)


def test_the_question_kind_picks_the_model(engine):
    long = (
        "Which Chinese leader, according to the article that reported the visit, arrived "
        "in Moscow for talks with the Russian president about the war in Ukraine?"
    )
    for question, short in ((QUESTION, True), (long, False)):
        found = engine.retrieve(question)
        got = signals(question, found.understanding, found.hits, found.index, engine.embedder)
        assert got.short is short
        decision = load_model()
        assert decision.model(got) is (decision.short if short else decision.long)


@pytest.mark.parametrize(
    "question, names",
    [
        ("Roughly how many people has the fighting killed?", ()),  # a first word, not a name
        ("How many people has Borodino's siege killed?", ("Borodino's",)),
        ("Borodino's siege killed how many people?", ()),  # first: an unknown word instead
    ],
)
def test_a_questions_first_word_is_not_a_missing_name(engine, question, names):
    found = engine.retrieve(question)
    got = signals(question, found.understanding, found.hits, found.index, engine.embedder)
    assert got.names == names and got.missing_names == len(names)
    if question.startswith("Borodino"):
        assert "borodino's" in got.unknown
