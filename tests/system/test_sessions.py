"""Sessions share one engine per index, never its settings: each answer has its own backend."""

from __future__ import annotations

import threading

import pytest

from assistant import ChatSession
from assistant.pipeline import get_engine
from assistant.settings import get_settings

QUESTIONS = (
    "Who greeted Xi Jinping when he arrived in Moscow?",
    "What did John Kirby say a ceasefire would do?",
)


@pytest.mark.llm
@pytest.mark.slow
def test_two_sessions_on_one_index_at_once_keep_their_own_answerer(sample_dir, gguf, monkeypatch):
    monkeypatch.setenv("NEWSDESK_LLM_MAX_NEW_TOKENS", "48")  # short answers: quick on 2 cores
    plain = ChatSession(settings=get_settings(data_dir=sample_dir, top_k=4))
    with_llm = ChatSession(
        settings=get_settings(data_dir=sample_dir, llm="llamacpp", llm_model_path=gguf)
    )
    assert plain.engine is with_llm.engine is get_engine(plain.settings)  # shared per index
    start = threading.Barrier(2)
    answers: dict[str, list] = {"plain": [], "llm": []}
    failures: list[BaseException] = []

    def converse(name: str, session: ChatSession) -> None:
        try:
            start.wait(timeout=60)
            for question in QUESTIONS:
                answers[name].append(session.ask(question))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)

    threads = [
        threading.Thread(target=converse, args=("plain", plain)),
        threading.Thread(target=converse, args=("llm", with_llm)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not failures and all(len(a) == 2 for a in answers.values())
    assert [a.backend for a in answers["plain"]] == ["extractive", "extractive"]
    assert [a.backend for a in answers["llm"]] == ["llamacpp", "llamacpp"]
    # the extractive session's own settings held throughout: top_k 4, its citations
    assert [len(a.hits) for a in answers["plain"]] == [4, 4]
    assert [a.citations[0].paragraph for a in answers["plain"]] == [11, 19]
    assert plain.settings.llm.backend == "none" and with_llm.settings.llm.backend == "llamacpp"
