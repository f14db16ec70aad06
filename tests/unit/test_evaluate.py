import json

import pytest

from assistant.cli import main
from assistant.evaluation import Outcome, evaluate, load_corpus, load_queries, report, score
from assistant.settings import get_settings
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "eval" / "corpus.json"
QUERIES = FIXTURES / "eval" / "queries.json"


def _o(kind, facts, retrieved, cited=(), refused=False):
    return Outcome(
        kind, tuple(frozenset(f) for f in facts), tuple(retrieved), tuple(cited), refused
    )


def test_score_follows_the_paragraph_protocol():
    a, b, c, x = ("A", 1), ("B", 2), ("C", 3), ("X", 9)
    outcomes = [
        # two facts; the first found at rank 5, the second at rank 2; one gold and one wrong cited
        _o("comparison", [{a}, {b}], [x, b, x, x, a], cited=[b, x]),
        # one fact, found at rank 1, refused anyway
        _o("inference", [{c}], [c], refused=True),
        # a null question answered, one refused
        _o("null_query", [], [x], cited=[x]),
        _o("null_query", [], [], refused=True),
    ]
    assert score(outcomes) == {
        "hits@4": 0.75,  # (1/2 + 1) / 2
        "hits@10": 1.0,
        "mrr@10": 0.75,  # (1/2 + 1) / 2
        "citation_precision": 0.5,  # only the first was answered: 1 of 2 cited is gold
        "citation_recall": 0.25,  # (1/2 + 0) / 2
        "null_refusal": 0.5,
        "false_refusal": 0.5,
    }


def test_fixture_benchmark_gives_exact_metrics(tmp_path):
    from assistant.pipeline import Engine

    settings = get_settings(data_dir=tmp_path / "index")
    articles = load_corpus(CORPUS)
    engine = Engine(settings.index, create=True)
    engine.ingest_articles(articles)
    result = report(evaluate(engine, articles, load_queries(QUERIES), settings))
    assert result["n_queries"] == 4
    assert result["overall"] == {
        "hits@4": 1.0,
        "hits@10": 1.0,
        "mrr@10": 1.0,
        # the comparison question cites its first part's paragraph only: the second
        # part's scored more than the citation gap below it (recall (1 + 1 + 1/2) / 3)
        "citation_precision": 1.0,
        "citation_recall": 0.8333,
        "null_refusal": 1.0,
        "false_refusal": 0.0,
    }
    assert result["by_type"]["comparison_query"]["citation_recall"] == 0.5
    assert result["by_type"]["null_query"]["null_refusal"] == 1.0


def test_eval_command_writes_json_and_reuses_the_index(tmp_path, capsys):
    out = tmp_path / "metrics.json"
    args = [
        "eval",
        "--corpus",
        str(CORPUS),
        "--queries",
        str(QUERIES),
        "--data-dir",
        str(tmp_path / "i"),
    ]
    assert main([*args, "--out", str(out), "--limit", "2"]) == 0
    table = capsys.readouterr().out
    assert "hits@4" in table and "inference_query" in table
    written = json.loads(out.read_text())
    assert written["n_queries"] == 2 and set(written["overall"]) == {
        "hits@4",
        "hits@10",
        "mrr@10",
        "citation_precision",
        "citation_recall",
        "null_refusal",
        "false_refusal",
    }
    assert main(args + ["--limit", "1"]) == 0  # second run: nothing to ingest again


def test_queries_file_of_the_wrong_shape_is_a_clear_error(tmp_path):
    bad = tmp_path / "q.json"
    bad.write_text('{"query": "x"}')
    from assistant.errors import NewsdeskError

    with pytest.raises(NewsdeskError, match="expected a JSON array of objects with a 'query'"):
        load_queries(bad)
