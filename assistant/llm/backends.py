"""LLM backends: llama.cpp (a GGUF file), Ollama, an OpenAI-compatible server.

llama-index is imported only in assistant/llm and only when an LLM is configured,
so the default extractive answerer starts fast. The LLM object is always passed
in explicitly; llama-index's global `Settings` is never touched.
"""

from __future__ import annotations

import atexit
import os
import platform
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from assistant.errors import LLMError
from assistant.settings import LLMSettings

CONTEXT_WINDOW = 4096  # tokens: six paragraphs, the prompt and an answer fit
DEFAULT_OLLAMA_URL = "http://localhost:11434"


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


def _llamacpp(settings: LLMSettings) -> Backend:
    path = settings.model_path
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
        only_llama_errors()
    except ImportError as exc:
        raise LLMError(
            f"NEWSDESK_LLM=llamacpp needs llama-cpp-python ({exc}): pip install 'newsdesk[llm]'"
        ) from exc
    try:
        llm = LlamaCPP(
            model_path=str(path),
            temperature=0.0,
            max_new_tokens=settings.max_new_tokens,
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


# ggml's log levels (ggml.h); llama-cpp-python's own callback reads them as the older
# enum, one off, and so prints warnings as errors (gemma3's "using full-size SWA cache"
# on every load).
_LOG_ERROR, _LOG_CONTINUED = 4, 5
_log_callback = None  # kept referenced: llama.cpp holds only a C pointer to it


def llama_error(level: int, in_error: bool) -> bool:
    """Whether a llama.cpp log line is (part of) an error: what a user should see."""
    return in_error if level == _LOG_CONTINUED else level == _LOG_ERROR


def only_llama_errors() -> None:
    """Let llama.cpp print its errors only, to stderr. Idempotent, process-wide."""
    global _log_callback
    if _log_callback is not None:
        return
    import ctypes

    import llama_cpp

    in_error = False

    @llama_cpp.llama_log_callback
    def callback(level: int, text: bytes, _user_data: ctypes.c_void_p) -> None:
        nonlocal in_error
        in_error = llama_error(level, in_error)
        if in_error:
            print(text.decode("utf-8", "replace"), end="", file=sys.stderr, flush=True)

    llama_cpp.llama_log_set(callback, ctypes.c_void_p(0))
    _log_callback = callback


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


def _server_url(settings: LLMSettings, default: str | None, *, v1: bool) -> str:
    url = settings.base_url or default
    if not url:
        raise LLMError(
            f"NEWSDESK_LLM={settings.backend} needs a server: set NEWSDESK_LLM_BASE_URL "
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


def _model_name(settings: LLMSettings) -> str:
    if not settings.model:
        raise LLMError(
            f"NEWSDESK_LLM={settings.backend} needs a model name: set NEWSDESK_LLM_MODEL "
            "(or --model)"
        )
    return settings.model


def _ollama(settings: LLMSettings) -> Backend:
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
        request_timeout=settings.timeout_s,
        additional_kwargs={"num_predict": settings.max_new_tokens},
    )
    return Backend("ollama", llm, url)


def _openai(settings: LLMSettings) -> Backend:
    url = _server_url(settings, None, v1=True)
    model = _model_name(settings)
    try:
        from llama_index.llms.openai_like import OpenAILike
    except ImportError as exc:
        raise LLMError(f"NEWSDESK_LLM=openai needs ({exc}): pip install 'newsdesk[llm]'") from exc
    # Local servers need no key, but the client insists on one.
    key = os.environ.get(settings.api_key_env) or "no-key"
    llm = OpenAILike(
        model=model,
        api_base=url,
        api_key=key,
        is_chat_model=True,
        context_window=CONTEXT_WINDOW,
        max_tokens=settings.max_new_tokens,
        temperature=0.0,
        timeout=settings.timeout_s,
        max_retries=0,
    )
    return Backend("openai", llm, url)


_MAKERS: dict[str, Callable[[LLMSettings], Backend]] = {
    "llamacpp": _llamacpp,
    "ollama": _ollama,
    "openai": _openai,
}
_BACKENDS: dict[LLMSettings, Backend] = {}
_BACKENDS_LOCK = threading.Lock()


def make_backend(settings: LLMSettings) -> Backend:
    """A new backend for `settings.backend`; raises LLMError naming the setting to fix."""
    maker = _MAKERS.get(settings.backend)
    if maker is None:
        raise LLMError(
            f"NEWSDESK_LLM={settings.backend!r} is not an LLM backend: use {sorted(_MAKERS)}"
        )
    return maker(settings)


def get_backend(settings: LLMSettings) -> Backend:
    """The backend for these settings, loaded once per process (a GGUF file is large)."""
    with _BACKENDS_LOCK:
        backend = _BACKENDS.get(settings)
        if backend is None:
            backend = _BACKENDS[settings] = make_backend(settings)
        return backend


@atexit.register
def close_backends() -> None:
    """Free the loaded GGUF models while llama.cpp is still there: freed later, in the
    interpreter's teardown, llama-cpp-python fails ("Exception ignored in
    Llama.__del__")."""
    with _BACKENDS_LOCK:
        for backend in _BACKENDS.values():
            model = getattr(backend.llm, "_model", None)  # llama-index's LlamaCPP holds it
            if backend.name != "llamacpp" or model is None or backend.lock is None:
                continue
            # not under a prompt still running in a thread of the window: it keeps it
            if backend.lock.acquire(timeout=5):
                try:
                    model.close()
                finally:
                    backend.lock.release()
        _BACKENDS.clear()
