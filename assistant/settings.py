"""One Settings tree: defaults, NEWSDESK_* environment variables and CLI flags.

Settings are grouped (index, retrieval, answer, llm, server). Each field is also
known by one flat name, which is its environment variable without the prefix:
`retrieval.top_k` is NEWSDESK_TOP_K, `llm.backend` is NEWSDESK_LLM. `get_settings`
is the one place that reads the environment and applies overrides.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import SettingsError
from index.embed import DEFAULT_MODEL
from index.split import MAX_CHUNK_CHARS, MAX_CHUNK_WORDS

ENV_PREFIX = "NEWSDESK_"


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    # A field's flat name is `flat_prefix + field name`, unless FLAT_NAMES says otherwise.
    flat_prefix: ClassVar[str] = ""
    flat_names: ClassVar[dict[str, str]] = {}

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        # An empty environment variable means "not set" for optional text settings.
        return None if isinstance(value, str) and not value.strip() else value

    @classmethod
    def flat_name(cls, field: str) -> str:
        return cls.flat_names.get(field, cls.flat_prefix + field)


class IndexSettings(_Group):
    """Where the index lives and what shapes it (changing a shaping setting needs a new
    ingestion: the index name derives from them)."""

    data_dir: Path = Field(Path(".newsdesk"), description="index folder (and BM25 cache)")
    embedding_model: str = Field(
        DEFAULT_MODEL, description="sentence-transformers model name or local folder"
    )
    embedding_precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto", description="bfloat16 where the CPU has it natively (auto), or forced"
    )
    chroma_url: str | None = Field(
        None, description="a Chroma server, e.g. http://127.0.0.1:8000 (default: embedded)"
    )
    max_file_mb: int = Field(100, ge=1, description="largest article file read")
    max_chunk_words: int = Field(
        MAX_CHUNK_WORDS, ge=20, description="a longer paragraph is cut into chunks of this size"
    )
    max_chunk_chars: int = Field(
        MAX_CHUNK_CHARS, ge=100, description="... and of at most this many characters"
    )


class RetrievalSettings(_Group):
    """How paragraphs are found for a question."""

    top_k: int = Field(8, ge=1, le=100, description="paragraphs retrieved per question")
    max_question_chars: int = Field(2000, ge=10, description="longer questions are cut")
    reranker: str | None = Field(
        None, description="optional local cross-encoder folder (or cached model name)"
    )
    reader_depth: int = Field(
        8,  # "Reader's depth" in docs/tuning-log.md
        ge=0,
        le=20,
        description="leading paragraphs the reader reads with the question (0: off)",
    )
    respell: bool = Field(
        True,  # "Misspelt words" in docs/tuning-log.md
        description="read a misspelt question word as the articles spell it",
    )


class AnswerSettings(_Group):
    """How the extractive answer chooses what it cites."""

    max_cited: int = Field(4, ge=1, le=20, description="most paragraphs one answer cites")
    cite_gap: float = Field(
        2.0,
        ge=0.0,
        description="cite a paragraph scored within this many log-odds of the first",
    )


class LLMSettings(_Group):
    """Who writes the answer: none (extractive), llama.cpp, Ollama or an OpenAI-compatible
    server; every citation an LLM writes is checked."""

    flat_prefix: ClassVar[str] = "llm_"
    flat_names: ClassVar[dict[str, str]] = {"backend": "llm"}

    backend: Literal["none", "llamacpp", "ollama", "openai"] = Field(
        "none", description="none: the extractive answerer, no LLM"
    )
    model: str | None = Field(None, description="model name for ollama / openai")
    model_path: Path | None = Field(None, description="GGUF file for llamacpp")
    base_url: str | None = Field(None, description="server for ollama / openai")
    api_key_env: str = Field(
        "OPENAI_API_KEY", description="environment variable that holds the API key"
    )
    timeout_s: float = Field(120.0, gt=0, description="seconds to wait for a server")
    max_new_tokens: int = Field(320, ge=16, le=4096, description="longest answer written")


class ServerSettings(_Group):
    """The chat window's server."""

    host: str = Field("127.0.0.1", description="address to bind")
    port: int = Field(7860, ge=0, le=65535, description="port to listen on")
    auth: str | None = Field(None, description="user:password for the chat window")
    upload_mb: int = Field(50, ge=1, description="largest upload accepted")


class Settings(BaseModel):
    """Everything a user can set, in groups. Build it with `get_settings`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    index: IndexSettings = Field(default_factory=IndexSettings)
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    server: ServerSettings = Field(default_factory=ServerSettings)

    @property
    def data_dir(self) -> Path:
        """The index folder (used everywhere, so it has a short name)."""
        return self.index.data_dir


def flat_fields() -> dict[str, tuple[str, str]]:
    """Every flat setting name -> (group, field)."""
    table: dict[str, tuple[str, str]] = {}
    for group, info in Settings.model_fields.items():
        model: type[_Group] = info.annotation  # type: ignore[assignment]
        for field in model.model_fields:
            table[model.flat_name(field)] = (group, field)
    return table


def _from_environment(environ: Mapping[str, str]) -> dict[str, Any]:
    known = flat_fields()
    found: dict[str, Any] = {}
    for key, value in environ.items():
        if not key.startswith(ENV_PREFIX):
            continue
        name = key[len(ENV_PREFIX) :].lower()
        if name not in known:
            raise SettingsError(f"Unknown setting {key}: known are {_env_names(known)}")
        found[name] = value
    return found


def _env_names(known: Mapping[str, object]) -> str:
    return ", ".join(ENV_PREFIX + name.upper() for name in sorted(known))


def get_settings(settings: Settings | None = None, **overrides: object) -> Settings:
    """Settings from the environment (or from `settings`), with the non-None flat
    overrides applied (`top_k=4`, `llm="llamacpp"`, `data_dir=...`)."""
    known = flat_fields()
    unknown = sorted(set(overrides) - set(known))
    if unknown:
        raise SettingsError(f"Unknown setting {unknown[0]}: known are {', '.join(sorted(known))}")
    flat = _from_environment(os.environ) if settings is None else {}
    flat.update({k: v for k, v in overrides.items() if v is not None})
    tree = settings.model_dump() if settings is not None else {}
    for name, value in flat.items():
        group, field = known[name]
        tree.setdefault(group, {})[field] = value
    try:
        return Settings.model_validate(tree)
    except ValidationError as exc:
        problems = "; ".join(_problem(e, known) for e in exc.errors())
        raise SettingsError(f"Invalid setting: {problems}") from None


def _problem(error: Any, known: Mapping[str, tuple[str, str]]) -> str:
    """One validation error, named by its environment variable."""
    loc = tuple(str(p) for p in error["loc"])
    flat = next((name for name, where in known.items() if where == loc[:2]), None)
    where = ".".join(loc) or "settings"
    env = f" ({ENV_PREFIX}{flat.upper()})" if flat else ""
    return f"{where}{env}: {error['msg']}"
