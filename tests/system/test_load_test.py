"""Concurrent users: 16 gradio_client clients against the real chat server on loopback,
240 questions in all, while articles are uploaded through the window's own upload handler.

Run it alone with `pytest -s tests/test_load_test.py` to see the latency report.
"""

from __future__ import annotations

import random
import re
import shutil
import statistics
import threading
import time
from pathlib import Path

import pytest

from assistant import REFUSAL
from assistant.settings import get_settings
from tests.conftest import launch_window

CLIENTS = 16
QUESTIONS_PER_CLIENT = 15  # 240 in all
TIME_CAP_S = 600
REQUEST_TIMEOUT_S = 180

TITLE = "China's Xi arrives in Moscow for first visit since Russia invaded Ukraine"
# (question, a paragraph it must cite, or REFUSAL, or None: any stored paragraphs). None is
# a follow-up, so a conversation's earlier questions change only the [n] numbering.
QUESTIONS: list[tuple[str, int | str | None]] = [
    ("Who greeted Xi Jinping when he arrived in Moscow?", 11),
    ("What did John Kirby say a ceasefire would do?", 19),
    ("When did Putin and Xi declare a “no limits” partnership?", 15),
    ("Where did Xi Jinping land?", None),
    ("What is the boiling point of tungsten?", REFUSAL),
    ("How many times have Putin and Xi met?", None),
]
_SOURCE_LINE = re.compile(r"^\[(\d+)\] (.+) \(([^()]*)\), paragraph (\d+)$")


_WORDS = (  # noqa: SIM905 - a word list reads best as words
    "harbour council budget railway bridge vineyard drought glacier museum orchestra "
    "festival telescope reactor library forest stadium hospital tariff farmer satellite"
).split()


UPLOAD_PARAGRAPHS = 30  # an article: long enough that answers come back while it is stored


def _upload_files(folder: Path, batch: int) -> list[Path]:
    """Two articles on nothing the questions ask about, unlike each other (their words
    carry the article's number, so none is folded into another as a near-duplicate)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(batch)
    files = []
    for i in range(2):
        path = folder / f"local-news-{batch}-{i}.txt"
        paragraphs = [
            " ".join(f"{rng.choice(_WORDS)}{batch}{i}" for _ in range(40)).capitalize() + "."
            for _ in range(UPLOAD_PARAGRAPHS)
        ]
        path.write_text(f"Local news {batch}-{i}\n\n" + "\n\n".join(paragraphs) + "\n")
        files.append(path)
    return files


@pytest.fixture(scope="module")
def load_window(sample_dir, tmp_path_factory):
    """The real window over a private copy of the sample index, and its event handlers."""
    data_dir = tmp_path_factory.mktemp("load") / "index"
    shutil.copytree(sample_dir, data_dir)
    demo, url = launch_window(get_settings(data_dir=data_dir))
    handlers = {f.name: f.fn for f in demo.fns.values() if f.name}
    yield url, data_dir, handlers
    demo.close()


def _parse(text: str) -> tuple[str, list[tuple[int, str, int]]]:
    """(answer, [(n, title, paragraph)]) from the /chat endpoint's text."""
    answer, _, sources = text.partition("\n\nSources:\n")
    cited = []
    for line in sources.splitlines():
        match = _SOURCE_LINE.match(line)
        if match:
            cited.append((int(match[1]), match[2], int(match[4])))
    return answer, cited


@pytest.mark.slow
def test_sixteen_clients_ask_240_questions_while_articles_are_uploaded(load_window, tmp_path):
    from gradio_client import Client

    from assistant.pipeline import get_engine

    url, data_dir, handlers = load_window
    latencies: list[float] = []
    failures: list[str] = []
    results: list[tuple[str, int | str | None, str]] = []
    done = threading.Event()
    lock = threading.Lock()
    started = time.monotonic()
    deadline = started + TIME_CAP_S

    def user(number: int) -> None:
        try:
            client = Client(url, verbose=False)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and shown
            with lock:
                failures.extend([f"client {number}: {exc!r}"] * QUESTIONS_PER_CLIENT)
            return
        for i in range(QUESTIONS_PER_CLIENT):
            if time.monotonic() > deadline:
                with lock:
                    failures.append(f"client {number}: time cap reached")
                return
            question, expected = QUESTIONS[(number + i) % len(QUESTIONS)]
            asked = time.monotonic()
            try:
                text = client.submit(question, api_name="/chat").result(timeout=REQUEST_TIMEOUT_S)
            except Exception as exc:  # noqa: BLE001
                with lock:
                    failures.append(f"client {number}, {question!r}: {exc!r}")
                continue
            with lock:
                answered.append(time.monotonic())
                latencies.append(answered[-1] - asked)
                results.append((question, expected, text))

    uploads: list[tuple[float, float, str]] = []  # (started, ended, what the window showed)
    answered: list[float] = []

    def uploader() -> None:
        """Two uploads through the window's upload handler while questions are answered."""
        for batch, after in enumerate((40, 120)):
            while len(latencies) < after and not done.is_set():
                time.sleep(0.2)
            if done.is_set():
                return
            files = _upload_files(tmp_path / "incoming", batch)
            began = time.monotonic()
            report_html, *_ = handlers["upload"]([str(f) for f in files])
            uploads.append((began, time.monotonic(), report_html))

    threads = [threading.Thread(target=user, args=(n,)) for n in range(CLIENTS)]
    upload_thread = threading.Thread(target=uploader)
    upload_thread.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=TIME_CAP_S + REQUEST_TIMEOUT_S)
    done.set()
    upload_thread.join(timeout=300)
    elapsed = time.monotonic() - started

    assert failures == []
    assert len(latencies) == CLIENTS * QUESTIONS_PER_CLIENT == 240
    p50 = statistics.median(latencies)
    p95 = statistics.quantiles(latencies, n=20)[18]
    print(
        f"\nload test: {len(latencies)} questions from {CLIENTS} clients in {elapsed:.1f}s "
        f"({len(latencies) / elapsed:.2f}/s); latency p50 {p50:.2f}s, p95 {p95:.2f}s, "
        f"max {max(latencies):.2f}s; {len(uploads)} uploads during the run"
    )
    assert elapsed < TIME_CAP_S

    # Both uploads went in while questions were being answered: answers came back during
    # each upload and after it.
    assert len(uploads) == 2
    for began, ended, report in uploads:
        assert f"Added 2 articles ({2 * UPLOAD_PARAGRAPHS} paragraphs)" in report
        assert any(began < t < ended for t in answered) and any(t > ended for t in answered)

    # Every citation names a stored paragraph; every answer is the one it must be.
    catalog = get_engine(get_settings(data_dir=data_dir)).retriever.lexical.catalog
    stored = {(m["title"], m["paragraph"]) for m in catalog}
    assert len({m["article_id"] for m in catalog}) == 5
    for question, expected, text in results:
        answer, cited = _parse(text)
        if expected == REFUSAL:
            assert text == REFUSAL
            continue
        assert cited, (question, text)
        assert {(title, paragraph) for _, title, paragraph in cited} <= stored, text
        markers = {int(n) for n in re.findall(r"\[(\d+)\]", answer)}
        assert markers == {n for n, _, _ in cited}, text
        if expected is not None:
            assert (TITLE, expected) in {(t, p) for _, t, p in cited}, (question, text)
