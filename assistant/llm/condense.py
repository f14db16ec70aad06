"""Follow-up questions rewritten by the LLM as standalone questions."""

from __future__ import annotations

from collections.abc import Sequence

import prompts
from assistant.llm.answerer import SOURCE_TAG, LLMAnswerer
from assistant.llm.backends import Backend


def condense_question(backend: Backend, history: Sequence[tuple[str, str]], question: str) -> str:
    """A follow-up rewritten as a standalone question, from (question, answer) turns."""
    from llama_index.core.llms import ChatMessage, MessageRole

    if not history:
        return question
    lines = "\n".join(f"User: {q}\nAssistant: {a}" for q, a in history[-3:])
    prompt = prompts.load("condense").format(
        history=SOURCE_TAG.sub("‹source", lines), question=question
    )
    answerer = LLMAnswerer(backend)
    text = "".join(answerer.deltas([ChatMessage(role=MessageRole.USER, content=prompt)]))
    text = " ".join(text.split())
    return text if any(ch.isalnum() for ch in text) else question
