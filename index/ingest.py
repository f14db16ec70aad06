"""load -> split -> embed -> store, idempotent, with progress.

An article already stored (same content id, all its chunks present) is
skipped; a new version of a stored article (same URL, or same outlet and
title) replaces the old one; an article left half-written by an interrupted
run is removed and written again. One ingestion at a time per data directory.
"""

from __future__ import annotations

import fcntl
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from index import lexical
from index.embed import Embedder
from index.errors import IndexBusyError
from index.load import DEFAULT_MAX_BYTES, Skipped, load_paths
from index.split import split_article
from index.store import Store
from index.types import Article, Chunk

EMBED_BATCH = 256  # chunks embedded together: long enough to batch by length


@dataclass
class IngestReport:
    """What one ingestion did."""

    added: list[str] = field(default_factory=list)  # article titles
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    chunks_added: int = 0
    paragraphs_added: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.skipped


def published_timestamp(published: str) -> int:
    """Seconds since 1970 for an ISO date, -1 when unknown (Chroma needs a number)."""
    if not published:
        return -1
    try:
        parsed = datetime.fromisoformat(published)
    except ValueError:
        return -1
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return int(parsed.timestamp())


def chunk_metadata(article: Article, chunk: Chunk, n_parts: int, n_chunks: int) -> dict[str, Any]:
    """What the store keeps beside each chunk's vector."""
    return {
        "article_id": article.id,
        "key": article.key,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "author": article.author,
        "published": article.published,
        "published_ts": published_timestamp(article.published),
        "paragraph": chunk.paragraph,
        "part": chunk.part,
        "n_parts": n_parts,
        "n_chunks": n_chunks,
        "origin": article.origin,
    }


def embedding_text(article: Article, chunk: Chunk) -> str:
    """What the dense model reads: the title gives a paragraph its context."""
    return f"{article.title}\n{chunk.text}"


@contextmanager
def ingest_lock(data_dir: Path, wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the data directory's ingestion lock; call `wait` once if it is busy."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = open(data_dir / ".ingest.lock", "w")  # noqa: SIM115 - held for the block
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wait is None:
                raise IndexBusyError(
                    f"Another ingestion is writing to {data_dir}; try again when it ends"
                ) from None
            wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()


def _stored_articles(store: Store) -> tuple[dict[str, str], set[str]]:
    """(complete article id -> key, ids of articles with missing chunks)."""
    counts: dict[str, int] = {}
    expected: dict[str, int] = {}
    keys: dict[str, str] = {}
    for _, meta in store.all_metadata(["article_id", "key", "n_chunks"]):
        article_id = str(meta["article_id"])
        counts[article_id] = counts.get(article_id, 0) + 1
        expected[article_id] = int(meta.get("n_chunks") or 0)
        keys[article_id] = str(meta.get("key") or "")
    complete = {a: keys[a] for a in counts if counts[a] == expected[a]}
    return complete, set(counts) - set(complete)


def ingest(
    articles: Iterable[Article | Skipped],
    store: Store,
    embedder: Embedder,
    *,
    cache_dir: Path,
    progress: bool | None = None,
    on_wait: Callable[[], None] | None = None,
) -> IngestReport:
    """Store every article not stored yet; report what was added, replaced and skipped."""
    started = time.perf_counter()
    report = IngestReport()
    with ingest_lock(cache_dir, on_wait):
        complete, broken = _stored_articles(store)
        by_key: dict[str, str] = {key: aid for aid, key in complete.items()}
        new: list[Article] = []
        seen: set[str] = set()
        stale: set[str] = set(broken)
        for item in articles:
            if isinstance(item, Skipped):
                report.skipped.append(item)
                continue
            if item.id in complete or item.id in seen:
                report.unchanged += 1
                continue
            seen.add(item.id)
            old = by_key.get(item.key)
            if old is not None and old not in stale:
                stale.add(old)
                report.replaced.append(item.title)
            new.append(item)
        if stale:
            store.delete_articles(stale)
        _write(new, store, embedder, report, progress)
        if new or stale:
            store.bump_generation()
            lexical.rebuild(store, cache_dir)
    report.seconds = time.perf_counter() - started
    return report


def _write(
    articles: list[Article],
    store: Store,
    embedder: Embedder,
    report: IngestReport,
    progress: bool | None,
) -> None:
    """Embed and store the chunks of `articles`, one article per write."""
    planned = [(a, split_article(a)) for a in articles]
    total = sum(len(chunks) for _, chunks in planned)
    if progress is None:
        progress = total >= 500 and sys.stderr.isatty()
    bar = _progress_bar(total, progress)
    batch: list[tuple[Article, list[Chunk]]] = []
    size = 0
    for article, chunks in planned:
        batch.append((article, chunks))
        size += len(chunks)
        if size >= EMBED_BATCH:
            _write_batch(batch, store, embedder, report, bar)
            batch, size = [], 0
    if batch:
        _write_batch(batch, store, embedder, report, bar)
    if bar is not None:
        bar.close()


def _write_batch(batch, store, embedder, report, bar) -> None:
    texts = [embedding_text(a, c) for a, chunks in batch for c in chunks]
    vectors = embedder.encode(texts)
    offset = 0
    for article, chunks in batch:
        parts: dict[int, int] = {}
        for c in chunks:
            parts[c.paragraph] = parts.get(c.paragraph, 0) + 1
        metas = [chunk_metadata(article, c, parts[c.paragraph], len(chunks)) for c in chunks]
        # One write per article: an interrupted run leaves whole articles or
        # articles with missing chunks, which the next run detects and redoes.
        store.add(
            [c.id for c in chunks],
            [c.text for c in chunks],
            metas,
            vectors[offset : offset + len(chunks)],
        )
        offset += len(chunks)
        report.added.append(article.title)
        report.chunks_added += len(chunks)
        report.paragraphs_added += len(article.paragraphs)
        if bar is not None:
            bar.update(len(chunks))


def _progress_bar(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="chunk", desc="Embedding", file=sys.stderr)


def ingest_paths(
    paths: Iterable[str | os.PathLike[str]],
    store: Store,
    embedder: Embedder,
    *,
    cache_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: bool | None = None,
    on_wait: Callable[[], None] | None = None,
) -> IngestReport:
    """Load files and folders and ingest what they hold."""
    return ingest(
        load_paths(paths, max_bytes),
        store,
        embedder,
        cache_dir=cache_dir,
        progress=progress,
        on_wait=on_wait,
    )
