"""bench/train_refusal.py's fit: a model per kind of question, as answerability reads it."""

import json
import math
import random
import sys

import pytest

from assistant.answering.answerability import FEATURES, load_model
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import train_refusal  # noqa: E402


def _rows(short: bool, n: int, seed: int, size: float = 2.5, source: str = "test") -> list[dict]:
    """Answerable questions close to their paragraphs, nulls far from them."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        answerable = i % 2
        close = 0.6 if answerable else 0.3
        x = [close + rng.gauss(0, 0.1) for _ in range(3)] + [0.0, 0, 0, 2.0 if short else 3.8]
        x.append(rng.gauss(1.0 if answerable else -1.0, 1.0) if short else math.nan)
        x.append(size + rng.gauss(0, 0.05))
        rows.append({"x": x, "y": answerable, "source": source, "short": short})
    return rows


def test_each_kind_is_fitted_on_its_own_questions_and_loads(tmp_path):
    rows = _rows(True, 200, 0) + _rows(False, 300, 1)
    fitted = train_refusal.fit(rows, 0.01)
    assert fitted["short"]["questions"] == 200 and fitted["long"]["questions"] == 300
    # no long question is read: the reader's signal is constant there and weighs nothing
    reader = FEATURES.index("reader")
    assert fitted["long"]["weights"][reader] == 0.0 and fitted["short"]["weights"][reader] > 0
    # each threshold refuses 1 % of its own kind's answerable questions
    for kind, mine in (("short", rows[:200]), ("long", rows[200:])):
        answerable = [r for r in mine if r["y"]]
        refused = [r for r in answerable if train_refusal.refuses(fitted[kind], r["x"])]
        assert len(refused) == int(0.01 * len(answerable))
        # and 5 % fall below its doubt: their answers come with a caution
        doubted = [r for r in answerable if train_refusal.probability(fitted[kind], r["x"])
                   < fitted[kind]["doubt"]]  # fmt: skip
        assert len(doubted) == int(0.05 * len(answerable))
        assert fitted[kind]["doubt"] > fitted[kind]["threshold"]
    path = tmp_path / "answerability.json"
    path.write_text(json.dumps(fitted))
    decision = load_model(path)
    assert decision.short.threshold == pytest.approx(fitted["short"]["threshold"])
    assert decision.long.threshold == pytest.approx(fitted["long"]["threshold"])


def test_the_long_model_reads_no_corpus_size_and_leaves_out_squad_inside_multihop():
    # long questions at one size per source: the size would only tell the sources apart
    rows = _rows(True, 200, 0) + _rows(False, 300, 1, size=4.5, source="multihop")
    rows += _rows(False, 100, 2, size=2.5, source="squad")
    rows += _rows(False, 80, 3, size=4.5, source="squad-in-multihop")
    fitted = train_refusal.fit(rows, 0.01)
    size = FEATURES.index("corpus_size")
    assert fitted["long"]["questions"] == 400 and fitted["long"]["weights"][size] == 0.0
    assert fitted["short"]["questions"] == 200
