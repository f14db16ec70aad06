"""bench/train_ranker.py on the fixture corpus: the features it fits on and the weights it prints."""

from __future__ import annotations

import json
import sys

import numpy as np
import pytest

from assistant.retrieval import rank
from tests.conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "bench"))
import train_ranker  # noqa: E402


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    from assistant.pipeline import Engine
    from assistant.settings import get_settings
    from index.sources.files import load_paths

    articles = list(load_paths([FIXTURES / "eval" / "corpus.json"]))
    engine = Engine(get_settings(data_dir=tmp_path_factory.mktemp("ranker")).index, create=True)
    engine.ingest_articles(articles)
    queries = json.loads((FIXTURES / "eval" / "queries.json").read_text())
    return train_ranker.collect(engine, queries, {a.url: a for a in articles})


def test_every_answerable_query_gives_its_candidates_features_and_gold(rows):
    assert [r["type"] for r in rows] == ["inference_query", "inference_query", "comparison_query"]
    for r in rows:
        assert r["x"].shape == (len(r["keys"]), len(rank.FEATURES))
        gold = set().union(*r["facts"])
        assert list(r["y"]) == [key in gold for key in r["keys"]]
    assert [int(r["y"].sum()) for r in rows] == [1, 1, 2]  # every gold paragraph is a candidate


def test_the_fitted_weights_name_every_feature_and_put_the_gold_first(rows):
    weights = train_ranker.fit(rows)
    assert list(weights) == list(rank.FEATURES)
    assert all(np.isfinite(list(weights.values())))
    assert train_ranker.scored(rows, weights)["mrr@10"] == 1.0
    reversed_weights = {name: -value for name, value in weights.items()}
    assert train_ranker.scored(rows, reversed_weights)["mrr@10"] < 0.5  # the order is the model's
    # 5 article splits, both ways; 2 of the 10 leave one side without a query to test
    assert train_ranker.held_out(rows).shape == (8, len(train_ranker.METRICS))


def test_written_weights_load_as_the_learned_order_reads_them(rows, tmp_path):
    weights = train_ranker.fit(rows)
    path = tmp_path / "weights.json"
    train_ranker.write_weights(path, weights, "the fixture corpus")
    loaded = rank.load_weights(path)
    assert list(loaded) == list(rank.FEATURES)
    assert loaded == {name: round(value, 4) for name, value in weights.items()}
    assert json.loads(path.read_text())["fitted_on"] == "the fixture corpus"


def test_the_shipped_weights_name_only_known_features(tmp_path):
    assert set(rank.WEIGHTS) == set(rank.FEATURES)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"weights": {"colour": 1.0}}))
    with pytest.raises(ValueError, match="weights for unknown features \\['colour'\\]"):
        rank.load_weights(bad)


def test_the_spread_that_scales_the_short_questions_order_follows_the_weights(rows):
    weights = train_ranker.fit(rows)
    one = train_ranker.spread(rows, weights)
    # the first candidate's score less the fourth's, median over the queries
    vector = np.array([weights[name] for name in rank.FEATURES])
    gaps = [np.sort(r["x"] @ vector)[::-1] for r in rows if len(r["keys"]) >= 4]
    assert one == pytest.approx(float(np.median([g[0] - g[3] for g in gaps])))
    assert one > 0
    doubled = {name: 2 * value for name, value in weights.items()}
    assert train_ranker.spread(rows, doubled) == pytest.approx(2 * one)
