"""Chroma server mode: a real `chroma run` server shared by Newsdesk processes.

Several app processes, each with its own data directory (its own BM25 cache),
use one Chroma server; what one ingests the others must find.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.cli import main
from assistant.engine import Engine
from assistant.settings import get_settings
from index.store import Store

from .conftest import SAMPLE, free_port, wait_for_http

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


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory):
    """A real Chroma server on a free local port, stopped after the module's tests."""
    chroma = str(Path(sys.executable).with_name("chroma"))
    if not Path(chroma).exists():
        chroma = shutil.which("chroma") or "chroma"
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    log = open(path.parent / f"chroma-{port}.log", "w")  # noqa: SIM115 - closed at teardown
    server = subprocess.Popen(
        [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    if not wait_for_http(f"{url}/api/v2/heartbeat", server, 60):
        server.kill()
        log.close()
        pytest.fail(f"chroma run did not start: {(path.parent / f'chroma-{port}.log').read_text()}")
    yield url
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
    log.close()


def _unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return vector / np.linalg.norm(vector)


def test_store_round_trip_on_the_server(chroma_url, tmp_path):
    store = Store("round-trip-model", data_dir=tmp_path, url=chroma_url)
    assert store.location == chroma_url
    assert not (tmp_path / "chroma").exists()  # nothing embedded on local disk
    start = store.generation
    vectors = np.stack([_unit(1), _unit(2), _unit(3)])
    metas = [{"article_id": a, "paragraph": n} for a, n in (("a", 1), ("a", 2), ("b", 1))]
    store.add(["a:1", "a:2", "b:1"], ["one", "two", "three"], metas, vectors)
    assert store.count() == 3
    assert [c.text for c in store.get(["b:1", "a:1", "missing"])] == ["three", "one"]
    nearest = store.nearest(_unit(2), k=2)
    assert [i for i, _ in nearest] == ["a:2", nearest[1][0]] and nearest[1][0] != "a:2"
    assert nearest[0][1] == pytest.approx(0.0, abs=1e-4)
    assert [i for i, _ in store.nearest(_unit(2), k=3, where={"article_id": "b"})] == ["b:1"]
    assert len(store.nearest(_unit(2), k=10)) == 3  # more than stored: all of them
    store.delete_articles(["a"])
    assert [c.id for c in store.get(["a:1", "a:2", "b:1"])] == ["b:1"]
    assert store.bump_generation() == start + 1
    # Another client of the same server sees the new generation.
    assert Store("round-trip-model", data_dir=tmp_path / "other", url=chroma_url).generation == (
        start + 1
    )


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
    writer = Engine(get_settings(data_dir=tmp_path / "writer", chroma_url=chroma_url))
    reader = Engine(get_settings(data_dir=tmp_path / "reader", chroma_url=chroma_url))
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

    from .conftest import launch_window

    settings = get_settings(data_dir=tmp_path / "window", chroma_url=chroma_url)
    Engine(settings).ingest([SAMPLE])
    demo, url = launch_window(settings)
    try:
        reply = Client(url, verbose=False).predict(QUESTION, api_name="/chat")
    finally:
        demo.close()
    assert "Chernyshenko" in reply
    assert "paragraph 11" in reply
