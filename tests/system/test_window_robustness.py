"""The chat window under bad input: the real window's API and handlers, and where it listens."""

from __future__ import annotations

import json

import pytest

from assistant import REFUSAL
from assistant.settings import get_settings
from tests.integration.test_robustness import _IDS, BAD_QUESTIONS, ERROR


@pytest.mark.slow
@pytest.mark.parametrize(("_name", "question", "expected"), BAD_QUESTIONS, ids=_IDS)
def test_bad_questions_through_the_chat_window_api(window_url, _name, question, expected):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    if _has_surrogate(question):  # gradio_client cannot encode it; a raw request can
        text = _chat_over_http(window_url, question)
    else:
        client = Client(window_url, verbose=False)
        if expected == "error":
            with pytest.raises(AppError, match=ERROR):
                client.predict(question, api_name="/chat")
            return
        text = client.predict(question, api_name="/chat")
    if expected == "refused":
        assert text == REFUSAL
    else:
        sources = text.split("\n\nSources:\n")[1]
        assert sources.startswith("[1] China's Xi arrives in Moscow") and (
            f"paragraph {expected}\n" in sources
        )


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def _chat_over_http(url: str, question: str) -> str:
    """The /chat endpoint called with plain HTTP and ASCII-escaped JSON, as any client may."""
    import httpx

    body = json.dumps({"data": [question]})  # ensure_ascii: "\\ud800" stays an escape
    started = httpx.post(
        f"{url}gradio_api/call/chat",
        content=body,
        headers={"content-type": "application/json"},
        timeout=60,
    )
    started.raise_for_status()
    events = httpx.get(f"{url}gradio_api/call/chat/{started.json()['event_id']}", timeout=300)
    lines = events.text.splitlines()
    assert "event: complete" in lines, events.text
    return json.loads(lines[lines.index("event: complete") + 1].removeprefix("data: "))[0]


@pytest.fixture(scope="module")
def window_handlers(sample_settings):
    """The chat window's own event handlers, by name, as the browser's events call them."""
    from assistant.ui import window

    demo = window.build_app(sample_settings)
    return {f.name: f.fn for f in demo.fns.values() if f.name} | {
        "markdown_text": window.markdown_text
    }


@pytest.mark.parametrize(("_name", "question", "expected"), BAD_QUESTIONS, ids=_IDS)
def test_bad_questions_typed_into_the_chat_window_get_a_message(
    window_handlers, _name, question, expected
):
    updates = list(window_handlers["respond"](question, [], None))
    messages = [u[0] for u in updates if isinstance(u[0], list)]
    reply = messages[-1][-1]["content"]
    assert messages[-1][-2]["role"] == "user"
    if expected == "error":
        assert reply == f"⚠️ {window_handlers['markdown_text'](ERROR)}"
        return
    assert "Something went wrong" not in reply
    sources_panel = updates[-1][1]
    if expected == "refused":
        assert reply.startswith("_I could not find this in the loaded articles\\._")
        assert "No sources: the loaded articles do not answer this." in sources_panel
    else:
        assert f"paragraph {expected}</div>" in sources_panel


@pytest.mark.slow
def test_the_window_listens_on_loopback_only(window_url):
    import socket
    from urllib.parse import urlparse

    port = urlparse(window_url).port
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass
    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    with pytest.raises(OSError), socket.create_connection((address, port), timeout=5):
        pass


def _outside_address() -> str | None:
    """An address of this machine other than loopback, if it has one."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            address = sock.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.mark.slow
def test_the_server_refuses_uploads_over_the_limit(sample_dir, tmp_path):
    import httpx

    from tests.conftest import launch_window

    demo, url = launch_window(get_settings(data_dir=sample_dir, upload_mb=1))
    try:
        small = ("small.txt", b"Title\n\nBody.\n" * 1000, "text/plain")
        big = ("big.txt", b"x" * (2 * 2**20), "text/plain")
        ok = httpx.post(f"{url}gradio_api/upload", files={"files": small}, timeout=60)
        refused = httpx.post(f"{url}gradio_api/upload", files={"files": big}, timeout=60)
    finally:
        demo.close()
    assert ok.status_code == 200
    assert refused.status_code == 413
    assert "File size exceeded maximum allowed size" in refused.text
