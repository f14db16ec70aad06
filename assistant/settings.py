"""One Settings object: defaults, NEWSDESK_* environment variables and CLI flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.errors import SettingsError
from index.embed import DEFAULT_MODEL


class Settings(BaseSettings):
    """Everything a user can set. Environment: NEWSDESK_<NAME>, e.g. NEWSDESK_DATA_DIR."""

    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", extra="forbid")

    data_dir: Path = Field(Path(".newsdesk"), description="index folder (and BM25 cache)")
    embedding_model: str = Field(DEFAULT_MODEL, description="sentence-transformers model")
    embedding_precision: Literal["auto", "float32", "bfloat16"] = Field(
        "auto", description="bfloat16 where the CPU has it natively (auto), or forced"
    )
    chroma_url: str | None = Field(None, description="Chroma server, e.g. http://127.0.0.1:8000")
    top_k: int = Field(8, ge=1, le=100, description="paragraphs retrieved per question")
    max_file_mb: int = Field(100, ge=1, description="largest article file read")
    max_question_chars: int = Field(2000, ge=10, description="longer questions are cut")
    reranker: str | None = Field(None, description="optional cross-encoder model name")

    llm: Literal["none", "llamacpp", "ollama", "openai"] = "none"
    llm_model: str | None = None
    llm_model_path: Path | None = None
    llm_base_url: str | None = None
    llm_api_key_env: str = "OPENAI_API_KEY"
    llm_timeout_s: float = Field(120.0, gt=0)

    host: str = "127.0.0.1"
    port: int = Field(7860, ge=0, le=65535)
    auth: str | None = Field(None, description="user:password for the chat window")
    upload_mb: int = Field(50, ge=1, description="largest upload accepted")

    @field_validator("chroma_url", "reranker", "auth", "llm_model", "llm_base_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value


def get_settings(settings: Settings | None = None, **overrides: object) -> Settings:
    """Settings from the environment (or `settings`), with non-None overrides applied."""
    changes = {k: v for k, v in overrides.items() if v is not None}
    try:
        if settings is None:
            return Settings(**changes)
        return settings.model_validate({**settings.model_dump(), **changes})
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}"
            f" (NEWSDESK_{str(e['loc'][0]).upper() if e['loc'] else ''}): {e['msg']}"
            for e in exc.errors()
        )
        raise SettingsError(f"Invalid setting: {problems}") from None
