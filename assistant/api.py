"""The Python API: query() and query_stream()."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from assistant.errors import SettingsError
from assistant.pipeline import get_engine
from assistant.settings import Settings, get_settings
from assistant.types import Answer, Filters, Sentence, final_answer


def _date(value: date | str | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a date: use YYYY-MM-DD") from None


def make_filters(
    sources: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Filters:
    """Filters from user-facing values (outlet names, ISO dates)."""
    return Filters(tuple(sources or ()), _date(since, "since"), _date(until, "until"))


def query_stream(
    question: str,
    *,
    data_dir: str | Path | None = None,
    settings: Settings | None = None,
    top_k: int | None = None,
    sources: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Iterator[Sentence | Answer]:
    """Yield answer sentences as they are composed, then the final Answer."""
    settings = get_settings(settings, data_dir=Path(data_dir) if data_dir else None)
    filters = make_filters(sources, since, until)
    yield from get_engine(settings).stream(question, settings, top_k=top_k, filters=filters)


def query(
    question: str,
    *,
    data_dir: str | Path | None = None,
    settings: Settings | None = None,
    top_k: int | None = None,
    sources: Iterable[str] | None = None,
    since: date | str | None = None,
    until: date | str | None = None,
) -> Answer:
    """Answer a question from the loaded articles, citing the paragraphs used.

    `answer.refused` is True (and `answer.citations` empty) when the articles
    do not contain the answer.
    """
    return final_answer(
        query_stream(
            question,
            data_dir=data_dir,
            settings=settings,
            top_k=top_k,
            sources=sources,
            since=since,
            until=until,
        )
    )
