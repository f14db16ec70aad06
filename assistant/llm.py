"""Answers written by an LLM (llama.cpp, Ollama, an OpenAI-compatible server), every
citation verified before it is shown.

llama-index is imported only here and only when an LLM is configured, so the
default extractive answerer starts fast. The LLM object is always passed in
explicitly; llama-index's global `Settings` is never touched.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import prompts
from assistant.answer import REFUSAL, refusal
from assistant.cite import Numbering, make_citation
from assistant.errors import LLMError
from assistant.settings import Settings
from assistant.types import Answer, Citation, Hit, Sentence
from assistant.verify import answer_spans, check_sentence, render, split_answer
from index.embed import Embedder

SOURCES_GIVEN = 6  # retrieved paragraphs shown to the model, numbered [1]..[6]
MAX_NEW_TOKENS = 320
CONTEXT_WINDOW = 4096
DEFAULT_OLLAMA_URL = "http://localhost:11434"

_TAG = re.compile(r"<\s*/?\s*source", re.IGNORECASE)
_MARKER_AT = re.compile(r"\s*\[\d+(?:\s*,\s*\d+)*\]")
_REFUSAL_WORDS = re.compile(
    r"could not find (this|that|it) in the (loaded )?articles", re.IGNORECASE
)


@dataclass
class Backend:
    """A ready LLM, the name shown as `Answer.backend`, and what to blame on failure."""

    name: str
    llm: Any  # a llama_index.core.llms.LLM
    where: str  # the model file or server, for messages
    lock: threading.Lock | None = None  # llama.cpp models must not run two prompts at once

    def failure(self, exc: BaseException) -> LLMError:
        """An LLMError for a failed generation that names the setting to check."""
        kind = type(exc).__name__
        if self.name == "llamacpp":
            return LLMError(
                f"llama.cpp failed while generating with {self.where} ({kind}: {exc}): "
                "check NEWSDESK_LLM_MODEL_PATH (--model-path)"
            )
        if (
            "Connect" in kind
            or "Timeout" in kind
            or isinstance(exc, (ConnectionError, TimeoutError))
        ):
            return LLMError(
                f"Cannot reach the {self.name} server at {self.where} ({kind}): start it, or set "
                "NEWSDESK_LLM_BASE_URL (--base-url) to where it listens"
            )
        return LLMError(
            f"The {self.name} server at {self.where} failed ({kind}: {exc}): check "
            "NEWSDESK_LLM_MODEL (--model) and NEWSDESK_LLM_BASE_URL (--base-url)"
        )


def _llamacpp(settings: Settings, max_tokens: int) -> Backend:
    path = settings.llm_model_path
    if path is None:
        raise LLMError(
            "NEWSDESK_LLM=llamacpp needs a model file: set NEWSDESK_LLM_MODEL_PATH "
            "(or --model-path) to a .gguf file"
        )
    path = Path(path).expanduser()
    if not path.is_file():
        raise LLMError(
            f"No model file at {path}: set NEWSDESK_LLM_MODEL_PATH (or --model-path) "
            "to an existing .gguf file"
        )
    try:
        from llama_index.llms.llama_cpp import LlamaCPP

        avoid_unusable_amx()
    except ImportError as exc:
        raise LLMError(
            f"NEWSDESK_LLM=llamacpp needs llama-cpp-python ({exc}): pip install 'newsdesk[llm]'"
        ) from exc
    try:
        llm = LlamaCPP(
            model_path=str(path),
            temperature=0.0,
            max_new_tokens=max_tokens,
            context_window=CONTEXT_WINDOW,
            model_kwargs={"n_threads": max(1, os.cpu_count() or 1)},
            verbose=False,
        )
    except Exception as exc:  # noqa: BLE001 - llama.cpp raises ValueError/RuntimeError alike
        raise LLMError(
            f"llama.cpp cannot load {path} ({exc}): set NEWSDESK_LLM_MODEL_PATH (or --model-path) "
            "to a valid .gguf file"
        ) from exc
    formatter = _chat_formatter(llm._model)
    if formatter is not None:
        llm.messages_to_prompt = formatter
    else:
        # Without a chat template llama-index writes "user: ..." turns; a model that
        # goes on to invent the next turn is stopped there.
        llm.generate_kwargs["stop"] = ["\nuser:", "\nsystem:", "\nassistant:", "\nsource:"]
    return Backend("llamacpp", llm, str(path), threading.Lock())


# arch_prctl(ARCH_GET_XCOMP_SUPP): the extended CPU states the kernel enabled; bit 18
# is AMX tile data. Asked in a fresh interpreter: once llama.cpp has started in a
# process, some kernels report the bit there even though the instructions still fault.
_AMX_PROBE = """
import ctypes
mask = ctypes.c_uint64(0)
ok = ctypes.CDLL(None, use_errno=True).syscall(158, 0x1022, ctypes.byref(mask)) == 0
print("unusable" if ok and not (mask.value >> 18) & 1 else "usable")
"""


@cache
def amx_unusable() -> bool:
    """True when the CPU lists AMX but the kernel has not enabled its tile state (some
    virtual machines): llama.cpp's AMX kernels then die with "Illegal instruction"."""
    if sys.platform != "linux" or platform.machine() != "x86_64":
        return False
    try:
        if "amx_tile" not in Path("/proc/cpuinfo").read_text():
            return False
        probe = subprocess.run(
            [sys.executable, "-c", _AMX_PROBE], capture_output=True, text=True, timeout=60
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return probe.stdout.strip() == "unusable"


def avoid_unusable_amx() -> None:
    """Load llama.cpp models without extra buffer types (where the AMX kernels live)
    when AMX cannot run here; harmless elsewhere. Idempotent, process-wide."""
    if not amx_unusable():
        return
    import llama_cpp.llama_cpp as lib

    if getattr(lib.llama_model_default_params, "_newsdesk", False):
        return
    original = lib.llama_model_default_params

    def defaults():
        params = original()
        params.use_extra_bufts = False
        return params

    defaults._newsdesk = True  # type: ignore[attr-defined]
    lib.llama_model_default_params = defaults


def _chat_formatter(model: Any) -> Callable[[Sequence[Any]], str] | None:
    """messages -> prompt with the chat template stored in the GGUF file, if it has one."""
    template = model.metadata.get("tokenizer.chat_template")
    if not template:
        return None
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    bos = model._model.token_get_text(model.token_bos()) if model.token_bos() != -1 else ""
    eos = model._model.token_get_text(model.token_eos()) if model.token_eos() != -1 else ""
    formatter = Jinja2ChatFormatter(template, eos_token=eos, bos_token=bos)

    def messages_to_prompt(messages: Sequence[Any]) -> str:
        rendered = formatter(
            messages=[{"role": m.role.value, "content": m.content or ""} for m in messages]
        ).prompt
        # llama.cpp adds the BOS token itself when it tokenizes the prompt.
        return rendered[len(bos) :] if bos and rendered.startswith(bos) else rendered

    return messages_to_prompt


def _server_url(settings: Settings, default: str | None, *, v1: bool) -> str:
    url = settings.llm_base_url or default
    if not url:
        raise LLMError(
            f"NEWSDESK_LLM={settings.llm} needs a server: set NEWSDESK_LLM_BASE_URL "
            "(or --base-url), e.g. http://127.0.0.1:8000/v1"
        )
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise LLMError(
            f"NEWSDESK_LLM_BASE_URL={url!r} is not a server address: use http://HOST:PORT"
        )
    url = url.rstrip("/")
    # OpenAI-compatible servers serve under /v1; accept the bare address too.
    return url + "/v1" if v1 and parsed.path in ("", "/") else url


def _model_name(settings: Settings) -> str:
    if not settings.llm_model:
        raise LLMError(
            f"NEWSDESK_LLM={settings.llm} needs a model name: set NEWSDESK_LLM_MODEL (or --model)"
        )
    return settings.llm_model


def _ollama(settings: Settings, max_tokens: int) -> Backend:
    url = _server_url(settings, DEFAULT_OLLAMA_URL, v1=False)
    model = _model_name(settings)
    try:
        from llama_index.llms.ollama import Ollama
    except ImportError as exc:
        raise LLMError(f"NEWSDESK_LLM=ollama needs ({exc}): pip install 'newsdesk[llm]'") from exc
    llm = Ollama(
        model=model,
        base_url=url,
        temperature=0.0,
        context_window=CONTEXT_WINDOW,
        request_timeout=settings.llm_timeout_s,
        additional_kwargs={"num_predict": max_tokens},
    )
    return Backend("ollama", llm, url)


def _openai(settings: Settings, max_tokens: int) -> Backend:
    url = _server_url(settings, None, v1=True)
    model = _model_name(settings)
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as exc:
        raise LLMError(f"NEWSDESK_LLM=openai needs ({exc}): pip install 'newsdesk[llm]'") from exc
    # Local servers need no key, but the client insists on one.
    key = os.environ.get(settings.llm_api_key_env) or "no-key"
    llm = OpenAILike(
        model=model,
        api_base=url,
        api_key=key,
        is_chat_model=True,
        context_window=CONTEXT_WINDOW,
        max_tokens=max_tokens,
        temperature=0.0,
        timeout=settings.llm_timeout_s,
        max_retries=0,
    )
    return Backend("openai", llm, url)


_MAKERS: dict[str, Callable[[Settings, int], Backend]] = {
    "llamacpp": _llamacpp,
    "ollama": _ollama,
    "openai": _openai,
}
_BACKENDS: dict[tuple, Backend] = {}
_BACKENDS_LOCK = threading.Lock()


def make_backend(settings: Settings, *, max_tokens: int | None = None) -> Backend:
    """A new backend for `settings.llm` that writes at most `max_tokens` tokens an
    answer; raises LLMError naming the setting to fix."""
    maker = _MAKERS.get(settings.llm)
    if maker is None:
        raise LLMError(
            f"NEWSDESK_LLM={settings.llm!r} is not an LLM backend: use {sorted(_MAKERS)}"
        )
    return maker(settings, max_tokens or MAX_NEW_TOKENS)


def get_backend(settings: Settings) -> Backend:
    """The backend for these settings, loaded once per process (a GGUF file is large)."""
    key = (
        settings.llm,
        settings.llm_model,
        str(settings.llm_model_path),
        settings.llm_base_url,
        settings.llm_api_key_env,
        settings.llm_timeout_s,
    )
    with _BACKENDS_LOCK:
        backend = _BACKENDS.get(key)
        if backend is None:
            backend = _BACKENDS[key] = make_backend(settings)
        return backend


def _attribute(value: str) -> str:
    return _TAG.sub("‹source", value).replace('"', "'").replace("\n", " ").strip()


def format_sources(hits: Sequence[Hit]) -> str:
    """The numbered paragraphs, each between <source> tags that its text cannot close."""
    template = prompts.load("source")
    return "\n\n".join(
        template.format(
            n=n,
            title=_attribute(hit.title) or "untitled",
            outlet=_attribute(hit.source) or "unknown outlet",
            date=_attribute(hit.published[:10]) or "undated",
            text=_TAG.sub("‹source", hit.text).strip(),
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


def is_refusal(text: str) -> bool:
    """True for the fixed refusal sentence (or the model's close copy of it)."""
    return bool(_REFUSAL_WORDS.search(text))


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
        dropped = 0

        def finish(text: str) -> Iterator[Sentence]:
            nonlocal dropped
            for body, numbers in split_answer(text):
                if is_refusal(body):
                    parts.append(Sentence(body, (), True))
                    continue
                checked = check_sentence(body, numbers, sources, self.embedder)
                dropped += len(checked.dropped)
                shown = []
                for local in checked.sentence.citations:
                    n = numbering.number(given[local - 1])
                    citations.setdefault(
                        n, make_citation(n, given[local - 1], checked.quotes[local], verified=True)
                    )
                    shown.append(n)
                sentence = Sentence(body, tuple(shown), checked.sentence.supported)
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
        unsupported = sum(not s.supported for s in parts)
        notes = []
        if unsupported:
            notes.append(
                f"{unsupported} of {len(parts)} sentences are not supported by the paragraphs "
                "they cite and are marked (unsupported)."
            )
        if dropped:
            notes.append(f"{dropped} citation(s) that did not check out were removed.")
        yield Answer(
            text=" ".join(render(s) for s in parts),
            refused=False,
            citations=tuple(sorted(citations.values(), key=lambda c: c.n)),
            sentences=tuple(parts),
            backend=self.name,
            hits=tuple(hits),
            note=" ".join(notes),
        )


def condense_question(backend: Backend, history: Sequence[tuple[str, str]], question: str) -> str:
    """A follow-up rewritten as a standalone question, from (question, answer) turns."""
    from llama_index.core.llms import ChatMessage, MessageRole

    if not history:
        return question
    lines = "\n".join(f"User: {q}\nAssistant: {a}" for q, a in history[-3:])
    prompt = prompts.load("condense").format(history=_TAG.sub("‹source", lines), question=question)
    answerer = LLMAnswerer(backend)
    text = "".join(answerer.deltas([ChatMessage(role=MessageRole.USER, content=prompt)]))
    text = " ".join(text.split())
    return text if any(ch.isalnum() for ch in text) else question
