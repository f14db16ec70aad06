"""Chroma server mode: a real `chroma run` server shared by Newsdesk processes.

Several app processes, each with its own data directory (its own BM25 cache),
use one Chroma server; what one ingests the others must find.
"""

from __future__ import annotations

import json

import pytest

from assistant.cli import main
from assistant.pipeline import Engine
from assistant.settings import get_settings
from tests.conftest import SAMPLE

pytestmark = pytest.mark.slow

QUESTION = "Who greeted Xi Jinping when he arrived in Moscow?"

BRIDGE = """\
Kestrel Bay harbour bridge reopens after repairs

The Kestrel Bay harbour bridge reopened on Monday after repairs that cost 40 million\
 dollars, the city council said.

Engineers had closed the bridge in March when inspectors found corroded cables under\
 the northern span.

source: Kestrel Bay Courier
date: 2024-05-06
"""


def test_ingest_ask_and_stats_against_the_server(chroma_url, tmp_path, capsys):
    data_dir = tmp_path / "app"
    common = ["--data-dir", str(data_dir), "--chroma-url", chroma_url]
    assert main(["ingest", str(SAMPLE), "--quiet", *common]) == 0
    assert not (data_dir / "chroma").exists()
    capsys.readouterr()

    assert main(["ask", QUESTION, "--json", *common]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["citations"][0]["paragraph"] == 11
    assert "Chernyshenko" in answer["answer"]

    assert main(["stats", "--json", *common]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert (stats["articles"], stats["paragraphs"]) == (1, 33)


def test_a_second_process_sees_what_the_first_ingested(chroma_url, tmp_path):
    writer = Engine(get_settings(data_dir=tmp_path / "writer", chroma_url=chroma_url).index)
    reader = Engine(get_settings(data_dir=tmp_path / "reader", chroma_url=chroma_url).index)
    writer.ingest([SAMPLE])
    before = reader.retriever.lexical  # the reader's own BM25 cache, built now
    assert "Kestrel" not in " ".join(m["title"] for m in before.catalog)

    article = tmp_path / "bridge.txt"
    article.write_text(BRIDGE, encoding="utf-8")
    report = writer.ingest([article])
    assert len(report.added) == 1

    answer = reader.ask("How much did the repairs of the Kestrel Bay harbour bridge cost?")
    assert not answer.refused
    assert (answer.citations[0].title, answer.citations[0].paragraph) == (
        "Kestrel Bay harbour bridge reopens after repairs",
        1,
    )
    # The reader rebuilt its BM25 cache for the server's new generation, on its own disk.
    cache = tmp_path / "reader" / "bm25" / reader.store.name / "meta.json"
    saved = json.loads(cache.read_text())
    assert saved["generation"] == reader.store.generation == writer.store.generation
    assert saved["generation"] > before.generation
    assert reader.stats()["articles"] >= 2


def test_the_chat_window_answers_from_the_server(chroma_url, tmp_path):
    from gradio_client import Client

    from tests.conftest import launch_window

    settings = get_settings(data_dir=tmp_path / "window", chroma_url=chroma_url)
    Engine(settings.index).ingest([SAMPLE])
    demo, url = launch_window(settings)
    try:
        reply = Client(url, verbose=False).predict(QUESTION, api_name="/chat")
    finally:
        demo.close()
    assert "Chernyshenko" in reply
    assert "paragraph 11" in reply
