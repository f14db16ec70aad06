"""`newsdesk eval` end to end on the fixture benchmark: the real model and Chroma."""

import json

from assistant.cli import main
from assistant.evaluation import evaluate, load_corpus, load_queries, report
from assistant.settings import get_settings
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "eval" / "corpus.json"
QUERIES = FIXTURES / "eval" / "queries.json"


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
