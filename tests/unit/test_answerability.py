"""The answerability decision: its fitted model file, the probability and the reasons."""

import json

import pytest

from assistant.answering.answerability import (
    FEATURES,
    MODEL_FILE,
    Signals,
    load_model,
    why_not,
)


def _signals(**changed) -> Signals:
    values = dict(
        similarity=0.6,
        sentence_similarity=0.7,
        coverage=0.6,
        unknown_share=0.0,
        rare_unknown=0,
        missing_names=0,
        length=2.0,
        reader=1.0,
        corpus_size=2.5,
    )
    return Signals(**(values | changed))


def test_the_shipped_model_answers_a_close_match_and_refuses_a_far_one():
    decision = load_model()
    model = decision.short
    assert 0.0 < model.threshold < 1.0
    close, far = _signals(), _signals(similarity=0.2, sentence_similarity=0.25, coverage=0.1)
    assert not decision.refuses(close) and decision.refuses(far)
    # a name no loaded article holds makes a question less likely answerable
    assert decision.probability(_signals(missing_names=1)) < decision.probability(close)
    # the reader's doubt lowers it too; a question it did not read is taken at its mean
    assert decision.probability(_signals(reader=-4.0)) < decision.probability(close)
    unread = decision.probability(_signals(reader=float("nan")))
    at_mean = decision.probability(_signals(reader=float(model.mean[FEATURES.index("reader")])))
    assert unread == pytest.approx(at_mean)


def test_the_same_match_is_worth_less_among_more_paragraphs_for_a_short_question():
    # among 30,000 paragraphs a null's best match comes closer than among 30
    decision = load_model()
    assert decision.probability(_signals(corpus_size=4.5)) < decision.probability(
        _signals(corpus_size=1.5)
    )
    # the long model reads no size: its training questions came at one size per source
    long = dict(short=False, length=3.8, reader=float("nan"))
    assert decision.probability(_signals(corpus_size=4.5, **long)) == decision.probability(
        _signals(corpus_size=1.5, **long)
    )


def test_a_long_question_is_decided_by_the_long_questions_model():
    decision = load_model()
    long = _signals(short=False, length=3.8, reader=float("nan"))
    assert decision.model(long) is decision.long and decision.model(_signals()) is decision.short
    assert decision.probability(long) == decision.long.probability(long)
    assert decision.probability(long) != decision.short.probability(long)


def test_a_model_file_of_other_features_is_refused_by_name(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": ["similarity"], "mean": [0], "std": [1]}))
    with pytest.raises(ValueError, match=r"model.json: fitted on features \['similarity'\]"):
        load_model(path)
    assert len(FEATURES) == len(_signals().vector())


def test_between_refusal_and_doubt_an_answer_is_doubted():
    import numpy as np

    from assistant.answering.answerability import Model

    # the probability is sigmoid(coverage) alone: 0.12, 0.5 and 0.88 at -2, 0 and 2
    weights = np.array([1.0 if name == "coverage" else 0.0 for name in FEATURES])
    zeros, ones = np.zeros(len(FEATURES)), np.ones(len(FEATURES))
    model = Model(zeros, ones, weights, 0.0, threshold=0.2, doubt=0.6)
    low, middle, high = (_signals(coverage=c) for c in (-2.0, 0.0, 2.0))
    assert (model.refuses(low), model.doubts(low)) == (True, False)
    assert (model.refuses(middle), model.doubts(middle)) == (False, True)
    assert (model.refuses(high), model.doubts(high)) == (False, False)
    shipped = load_model()
    for kind in (shipped.short, shipped.long):
        assert kind.threshold < kind.doubt < 1.0


def test_a_model_file_without_a_doubt_level_is_refused_by_name(tmp_path):
    fitted = json.loads(MODEL_FILE.read_text())
    del fitted["long"]["doubt"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(fitted))
    with pytest.raises(ValueError, match=r"old.json: has no doubt level; refit it"):
        load_model(path)


def test_a_model_file_without_both_kinds_of_question_is_refused(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps({"features": list(FEATURES), "short": {}}))
    with pytest.raises(ValueError, match=r"model.json: needs a model for short and for long"):
        load_model(path)


def test_the_reason_names_what_the_articles_lack():
    assert why_not(_signals(names=("Sergei Lavrov",))) == (
        "No loaded article mentions Sergei Lavrov."
    )
    unknown = _signals(unknown=("sourdough", "bread"), unknown_share=0.7)
    assert why_not(unknown) == (
        "No loaded article uses these words of the question: sourdough, bread."
    )
    assert (
        why_not(_signals()) == "No loaded paragraph comes close enough to what the question asks."
    )
