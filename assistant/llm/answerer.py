"""The LLM answerer: the model writes from numbered paragraphs, and each sentence is
shown only once its citations are checked against the paragraphs they name."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from typing import Any

import prompts
from assistant.answering.citations import Numbering, make_citation
from assistant.answering.refusal import REFUSAL, is_refusal, refusal
from assistant.answering.verify import (
    answer_spans,
    check_sentence,
    removed_note,
    render,
    split_answer,
    unsupported_note,
)
from assistant.errors import LLMError
from assistant.llm.backends import Backend
from assistant.types import Answer, Citation, Hit, Sentence
from index.embed import Embedder

SOURCES_GIVEN = 6  # retrieved paragraphs shown to the model, numbered [1]..[6]

SOURCE_TAG = re.compile(r"<\s*/?\s*source", re.IGNORECASE)  # a paragraph cannot close its tag
_MARKER_AT = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")


def _attribute(value: str) -> str:
    return SOURCE_TAG.sub("‹source", value).replace('"', "'").replace("\n", " ").strip()


def format_sources(hits: Sequence[Hit]) -> str:
    """The numbered paragraphs, each between <source> tags that its text cannot close."""
    template = prompts.load("source")
    return "\n\n".join(
        template.format(
            n=n,
            title=_attribute(hit.title) or "untitled",
            outlet=_attribute(hit.source) or "unknown outlet",
            date=_attribute(hit.published[:10]) or "undated",
            text=SOURCE_TAG.sub("‹source", hit.text).strip(),
        ).strip()
        for n, hit in enumerate(hits, start=1)
    )


def build_messages(question: str, hits: Sequence[Hit]) -> list[Any]:
    """The system and user messages for one question over numbered paragraphs."""
    from llama_index.core.llms import ChatMessage, MessageRole

    system = prompts.load("system").format(refusal=REFUSAL)
    user = prompts.load("answer").format(
        sources=format_sources(hits), question=question, refusal=REFUSAL
    )
    return [
        ChatMessage(role=MessageRole.SYSTEM, content=system),
        ChatMessage(role=MessageRole.USER, content=user),
    ]


def _ready(buffer: str) -> tuple[str, str]:
    """Split streamed text into the sentences that are complete and the rest.

    The last sentence may still grow, and `[n]` markers written after a full
    stop belong to the sentence before them, so text is held back until the
    next sentence has begun with words."""
    spans = answer_spans(buffer)
    if len(spans) < 2:
        return "", buffer
    start = spans[-1][0]
    tail = buffer[start:]
    pos = 0
    while (match := _MARKER_AT.match(tail, pos)) is not None:
        pos = match.end()
    rest = tail[pos:]
    if not rest.strip() or rest.lstrip().startswith("["):
        return "", buffer  # markers still coming
    return buffer[: start + pos], buffer[start + pos :]


class LLMAnswerer:
    """Streams an LLM's answer sentence by sentence, each citation checked first."""

    def __init__(self, backend: Backend, embedder: Embedder | None = None) -> None:
        self.backend = backend
        self.name = backend.name
        self.embedder = embedder

    def deltas(self, messages: list[Any]) -> Iterator[str]:
        """The model's text as it is generated; failures become LLMError."""
        lock = self.backend.lock
        if lock is not None:
            lock.acquire()
        try:
            for chunk in self.backend.llm.stream_chat(messages):
                if chunk.delta:
                    yield chunk.delta
        except LLMError:
            raise
        except Exception as exc:  # noqa: BLE001 - every client error means the same to a user
            raise self.backend.failure(exc) from exc
        finally:
            if lock is not None:
                lock.release()

    def stream(
        self,
        question: str,
        hits: list[Hit],
        numbering: Numbering | None = None,
        on_delta: Callable[[str], None] | None = None,
    ) -> Iterator[Sentence | Answer]:
        """Yield each verified sentence as the model finishes it, then the whole Answer.

        `on_delta` sees every raw piece of text as the model writes it."""
        numbering = Numbering() if numbering is None else numbering
        given = hits[:SOURCES_GIVEN]
        if not given:
            yield replace(refusal(tuple(hits)), backend=self.name)
            return
        sources = {n: hit.text for n, hit in enumerate(given, start=1)}
        citations: dict[int, Citation] = {}
        parts: list[Sentence] = []
        removals: list[str] = []  # each citation the check removed: its paragraph, and why

        def finish(text: str) -> Iterator[Sentence]:
            for body, numbers in split_answer(text):
                if is_refusal(body):
                    parts.append(Sentence(body, (), True))
                    continue
                checked = check_sentence(body, numbers, sources, self.embedder)
                for local, why in zip(checked.dropped, checked.why, strict=True):
                    hit = given[local - 1] if local in sources else None
                    where = f"“{hit.title}”, paragraph {hit.paragraph}" if hit else f"[{local}]"
                    removals.append(f"{where}: {why}")
                shown = []
                for local in checked.sentence.citations:
                    n = numbering.number(given[local - 1])
                    citations.setdefault(
                        n, make_citation(n, given[local - 1], checked.quotes[local], verified=True)
                    )
                    shown.append(n)
                sentence = replace(checked.sentence, citations=tuple(shown))
                parts.append(sentence)
                yield sentence

        buffer = ""
        for delta in self.deltas(build_messages(question, given)):
            if on_delta is not None:
                on_delta(delta)
            buffer += delta
            done, buffer = _ready(buffer)
            if done:
                yield from finish(done)
        yield from finish(buffer)

        if not parts or all(is_refusal(s.text) for s in parts):
            yield replace(refusal(tuple(hits)), backend=self.name)
            return
        notes = [unsupported_note(parts)] if any(not s.supported for s in parts) else []
        if removals:
            notes.append(removed_note(removals))
        yield Answer(
            text=" ".join(render(s) for s in parts),
            refused=False,
            citations=tuple(sorted(citations.values(), key=lambda c: c.n)),
            sentences=tuple(parts),
            backend=self.name,
            hits=tuple(hits),
            note=" ".join(notes),
            removals=tuple(removals),
        )
