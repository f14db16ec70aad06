"""Files and records -> Articles. The only module that reads article files.

Problems with one file or record never stop the others: they come out of
`load_paths` as `Skipped(path, reason)` beside the articles that loaded.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from index.sources.html import PageError, parse_html
from index.types import Article, Skipped, normalise_space, title_from

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES | HTML_SUFFIXES
DEFAULT_MAX_BYTES = 100 * 1024 * 1024

_META_LINE = re.compile(
    r"^\s*(source|outlet|url|author|by|date|published|published_at)\s*:\s*(\S.*?)\s*$", re.I
)
_META_KEYS = {
    "source": "source",
    "outlet": "source",
    "url": "url",
    "author": "author",
    "by": "author",
    "date": "published",
    "published": "published",
    "published_at": "published",
}
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")  # white space includes no-break spaces
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’)]*\s*$")
_SURROGATE = re.compile("[\ud800-\udfff]")  # half a UTF-16 pair: JSON escapes allow one
_TOO_DEEP = "JSON nested too deeply to read"
_SKIP_BLOCK = 1 << 20  # bytes read at a time past an over-long JSONL line


class RecordError(ValueError):
    """A record (JSON object) that is not an article: the message says why."""


def load_paths(
    paths: Iterable[str | os.PathLike[str]], max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Skipped]:
    """Articles from files and folders (recursively), with what was skipped."""
    seen_dirs: set[str] = set()
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield Skipped(str(path), "no such file or folder")
        elif path.is_dir():
            yield from _load_dir(path, max_bytes, seen_dirs)
        else:
            yield from load_file(path, max_bytes)


def _load_dir(folder: Path, max_bytes: int, seen: set[str]) -> Iterator[Article | Skipped]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop, or the same folder named twice
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        yield Skipped(str(folder), f"cannot list folder ({exc.strerror or exc})")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _load_dir(entry, max_bytes, seen)
        elif entry.suffix.lower() in SUPPORTED_SUFFIXES:
            yield from load_file(entry, max_bytes)
        elif entry.is_file():
            yield Skipped(str(entry), f"unsupported file type {entry.suffix or '(no suffix)'}")


def load_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Skipped]:
    """The articles in one file; any problem comes out as Skipped."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield Skipped(str(path), f"unsupported file type {suffix or '(no suffix)'} ({supported})")
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Skipped(str(path), f"cannot read ({exc.strerror or exc})")
        return
    if size > max_bytes and suffix not in JSONL_SUFFIXES:
        yield Skipped(
            str(path),
            f"file is {size / 2**20:.0f} MB, over the {max_bytes / 2**20:.0f} MB limit "
            "(setting NEWSDESK_MAX_FILE_MB)",
        )
        return
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _load_jsonl(path, max_bytes)
            return
        data = path.read_bytes()
        if suffix in HTML_SUFFIXES:
            yield _load_html(path, data)
            return
        text = decode(data)
    except (OSError, UnicodeError) as exc:
        yield Skipped(str(path), _reason(exc))
        return
    if not text.strip():
        yield Skipped(str(path), "empty file")
    elif suffix in JSON_SUFFIXES:
        yield from _load_json(path, text)
    else:
        try:
            yield parse_text_article(text, origin=str(path))
        except RecordError as exc:
            yield Skipped(str(path), str(exc))


def _load_html(path: Path, data: bytes) -> Article | Skipped:
    # The bytes go to trafilatura as they are: it honours the page's declared charset.
    if looks_binary(data):
        return Skipped(str(path), "binary data, not text")
    if not data.strip():
        return Skipped(str(path), "empty file")
    try:
        return parse_html(data, origin=str(path))
    except PageError as exc:
        return Skipped(str(path), str(exc))


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return f"cannot read ({exc.strerror or exc})"
    return str(exc)


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else Windows-1252 or Latin-1.

    Raises UnicodeError for data that is not text at all (a PNG renamed .txt).
    """
    if looks_binary(data):
        raise UnicodeError("binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def looks_binary(data: bytes) -> bool:
    """True when the start of `data` has NUL bytes or many control bytes."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and control / len(head) > 0.05


def parse_text_article(text: str, origin: str = "") -> Article:
    """A plain-text article: title on the first line, paragraphs between blank lines.

    Short dateline fragments before the first paragraph (a lone `CNN`, `—`)
    are dropped; `key: value` lines (source, url, author, date) at the start
    or the end are read as metadata.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise RecordError("empty file")
    title, _, rest = text.partition("\n")
    raw_blocks = [b for b in _BLANK_LINE.split(rest) if b.strip()]
    meta: dict[str, str] = {}
    kept: list[str] = []
    for index, raw in enumerate(raw_blocks):
        block = normalise_space(raw)
        matches = [_META_LINE.match(line) for line in raw.split("\n") if line.strip()]
        if all(matches) and (not kept or index == len(raw_blocks) - 1):
            for m in matches:
                assert m is not None
                meta.setdefault(_META_KEYS[m.group(1).lower()], m.group(2))
            continue
        if not kept and _is_dateline(block):
            continue
        kept.append(block)
    title = normalise_space(title)
    if not kept:
        raise RecordError("no paragraphs after the title")
    return Article(
        title=title,
        paragraphs=tuple(kept),
        source=meta.get("source", ""),
        url=meta.get("url", ""),
        author=meta.get("author", ""),
        published=normalise_date(meta.get("published", "")),
        origin=origin,
    )


def _is_dateline(block: str) -> bool:
    """A short fragment such as `CNN —` or `WASHINGTON (Reuters) -`."""
    stripped = block.strip(" —–-|·•")
    return len(stripped) <= 40 and not _SENTENCE_END.search(stripped)


def _load_json(path: Path, text: str) -> Iterator[Article | Skipped]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}"
        yield Skipped(str(path), f"invalid JSON at {where}: {exc.msg}")
        return
    except RecursionError:
        yield Skipped(str(path), _TOO_DEEP)
        return
    if isinstance(data, dict) and "body" in data:
        data = [data]
    if not isinstance(data, list):
        yield Skipped(
            str(path), f"expected a JSON array of article records, got {_json_type(data)}"
        )
        return
    if not data:
        yield Skipped(str(path), "empty JSON array: no articles")
        return
    for i, record in enumerate(data, start=1):
        where = f"{path}: record {i}"
        try:
            yield parse_record(record, origin=where)
        except RecordError as exc:
            yield Skipped(where, str(exc))


def _load_jsonl(path: Path, max_line_bytes: int) -> Iterator[Article | Skipped]:
    any_line = False
    with path.open("rb") as handle:
        head = handle.read(8192)
        if b"\n" not in head and looks_binary(head):  # no line at all: a sparse file, an image
            yield Skipped(str(path), "binary data, not text")
            return
        handle.seek(0)
        for number, raw in _lines(handle, max_line_bytes):
            where = f"{path}:{number}"
            if raw is None:
                any_line = True
                yield Skipped(where, "line over the size limit (setting NEWSDESK_MAX_FILE_MB)")
                continue
            try:
                line = decode(raw)
            except UnicodeError as exc:
                yield Skipped(where, str(exc))
                continue
            if not line.strip():
                continue
            any_line = True
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Skipped(where, f"invalid JSON at column {exc.colno}: {exc.msg}")
                continue
            except RecursionError:
                yield Skipped(where, _TOO_DEEP)
                continue
            try:
                yield parse_record(record, origin=where)
            except RecordError as exc:
                yield Skipped(where, str(exc))
    if not any_line:
        yield Skipped(str(path), "empty file")


def _lines(handle: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(number, bytes) for each line of a file; None for a line over `limit` bytes,
    which is read past in blocks and never held whole (a file without newlines)."""
    number = 0
    while raw := handle.readline(limit + 1):
        number += 1
        if len(raw) <= limit:
            yield number, raw
            continue
        while not raw.endswith(b"\n"):
            raw = handle.readline(_SKIP_BLOCK)
            if not raw:
                break
        yield number, None


def parse_record(record: object, origin: str = "") -> Article:
    """An article from a JSON record with `body` and optional metadata fields.

    Paragraphs in `body` are separated by newlines.
    """
    if not isinstance(record, dict):
        raise RecordError(f"expected an object with a 'body', got {_json_type(record)}")
    body = record.get("body")
    if body is None:
        raise RecordError("record has no 'body'")
    if not isinstance(body, str):
        raise RecordError(f"'body' must be text, got {_json_type(body)}")
    body = _valid_text(body)
    paragraphs = tuple(p for p in (normalise_space(line) for line in body.split("\n")) if p)
    if not paragraphs:
        raise RecordError("'body' is empty")
    fields = {}
    for name in ("title", "source", "url", "author", "published_at"):
        value = record.get(name)
        if value is not None and not isinstance(value, str):
            raise RecordError(f"'{name}' must be text, got {_json_type(value)}")
        fields[name] = normalise_space(_valid_text(value or ""))
    title = fields["title"] or title_from(paragraphs[0])
    return Article(
        title=title,
        paragraphs=paragraphs,
        source=fields["source"],
        url=fields["url"],
        author=fields["author"],
        published=normalise_date(fields["published_at"]),
        origin=origin,
    )


def _valid_text(text: str) -> str:
    """Text that can be encoded: JSON allows lone surrogates (`"\\ud800"`), which the
    tokenizer and the store refuse, so each becomes U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "an array", str: "text", bool: "a boolean"}
    if value is None:
        return "null"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def normalise_date(value: str) -> str:
    """An ISO 8601 date-time as `YYYY-MM-DDTHH:MM:SS+00:00`, a bare date as
    `YYYY-MM-DD`; text that is not a date is kept as it was."""
    value = value.strip()
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if len(value) <= 10:
        return parsed.date().isoformat()
    return parsed.isoformat()
