"""load -> split -> embed -> store, idempotent, with progress.

An article already stored (same content id, all its chunks present) is
skipped; a new version of a stored article (same URL, or same outlet and
title) replaces the old one; an article left half-written by an interrupted
run is removed and written again. One ingestion at a time per data directory.

A near-duplicate of a stored article (the same wire story from another
outlet, an updated copy under another URL) is not stored again: one copy is
kept, the longer one, and its chunks' `also_in` lists the other outlets.
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
from typing import IO, Any

from index import lexical
from index.copies import StoredCopies
from index.embed import Embedder
from index.errors import IndexBusyError
from index.split import split_article
from index.store import VectorStore
from index.types import Article, Chunk, Skipped

EMBED_BATCH = 1024  # chunks embedded together: sorted by length, padding stays small
REPAIR_ROUNDS = 3  # checks of unfindable vectors after an interrupted run (see _repair_vectors)


@dataclass
class IngestReport:
    """What one ingestion did."""

    added: list[str] = field(default_factory=list)  # article titles
    replaced: list[str] = field(default_factory=list)
    unchanged: int = 0
    duplicates: list[str] = field(default_factory=list)  # titles folded into a stored copy
    skipped: list[Skipped] = field(default_factory=list)
    chunks_added: int = 0
    paragraphs_added: int = 0
    repaired: int = 0  # chunks an interrupted run left that no search found, written again
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


def chunk_metadata(
    article: Article, chunk: Chunk, n_parts: int, n_chunks: int, also_in: str = ""
) -> dict[str, Any]:
    """What the store keeps beside each chunk's vector; `also_in` lists the other outlets."""
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
        "also_in": also_in,
    }


@contextmanager
def ingest_lock(data_dir: Path, wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the data directory's ingestion lock; call `wait` once if it is busy."""
    handle = _locked(data_dir, wait)
    try:
        handle.truncate(0)
        handle.write(str(os.getpid()))  # who holds it, for a person looking
        handle.flush()
        yield
    finally:
        handle.close()


def wait_for_ingestion(data_dir: Path, wait: Callable[[], None]) -> None:
    """Return when no other ingestion holds the data directory's lock (calling `wait`
    once if one does), without holding it: a process about to open the store waits
    here, where it can say so, rather than on the store's database."""
    _locked(data_dir, wait).close()


def _locked(data_dir: Path, wait: Callable[[], None] | None) -> IO[str]:
    """The lock file, opened and locked; `wait` is called once if another holds it
    (IndexBusyError without it)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    handle = open(data_dir / ".ingest.lock", "a")  # noqa: SIM115 - the caller closes it
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if wait is None:
            handle.close()
            raise IndexBusyError(
                f"Another ingestion is writing to {data_dir}; try again when it ends"
            ) from None
        wait()
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _stored_articles(rows: list[tuple[str, dict]]) -> tuple[dict[str, str], set[str]]:
    """(complete article id -> key, ids of articles with missing chunks), from the
    stored chunks' metadata."""
    counts: dict[str, int] = {}
    expected: dict[str, int] = {}
    keys: dict[str, str] = {}
    for _, meta in rows:
        article_id = str(meta["article_id"])
        counts[article_id] = counts.get(article_id, 0) + 1
        expected[article_id] = int(meta.get("n_chunks") or 0)
        keys[article_id] = str(meta.get("key") or "")
    complete = {a: keys[a] for a in counts if counts[a] == expected[a]}
    return complete, set(counts) - set(complete)


def ingest(
    articles: Iterable[Article | Skipped],
    store: VectorStore,
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
        # From the BM25 index's catalog when it is current: reading every chunk's
        # metadata from the store was most of the time of an unchanged re-ingest.
        catalog = lexical.stored_catalog(store, cache_dir)
        rows = catalog or store.all_metadata(lexical.CATALOG_FIELDS)
        complete, broken = _stored_articles(rows)
        by_key: dict[str, str] = {key: aid for aid, key in complete.items()}
        new: list[Article] = []
        seen: dict[str, Article] = {}
        stale: set[str] = set(broken)
        same: list[tuple[Article, str]] = []  # same text as a stored or earlier article
        replaces: dict[str, str] = {}  # new article id -> id of the version it replaces
        for item in articles:
            if isinstance(item, Skipped):
                report.skipped.append(item)
                continue
            if item.id in complete or item.id in seen:
                report.unchanged += 1
                same.append((item, item.id))
                continue
            seen[item.id] = item
            old = by_key.get(item.key)
            if old is not None and old not in stale:
                stale.add(old)
                replaces[item.id] = old
                report.replaced.append(item.title)
            new.append(item)
        also_in: dict[str, str] = {}
        retag: set[str] = set()
        if new or same:
            stored = StoredCopies(store, cache_dir, rows)
            new = stored.fold(new, same, stale, replaces, also_in, retag, report)
        if stale:
            store.delete_articles(stale)
        _write(new, store, embedder, report, progress, also_in)
        if retag:
            stored.retag(retag - stale, also_in)
        if catalog is None:  # the last run may have been interrupted
            report.repaired = _repair_vectors(store, cache_dir)
        if new or stale or retag or report.repaired:
            store.bump_generation()
            lexical.rebuild(store, cache_dir)
    report.seconds = time.perf_counter() - started
    return report


def _repair_vectors(store: VectorStore, cache_dir: Path) -> int:
    """Write again the chunks stored since the last completed run (by an interrupted run
    or by this one) whose vectors no search finds (see VectorStore.unreachable), and check
    them again; how many there were. Checked after this run's writes, and again after
    each rewrite (docs/tuning-log.md, "Unreachable vectors")."""
    indexed = lexical.indexed_ids(store, cache_dir)
    check = [chunk_id for chunk_id, _ in store.all_metadata(()) if chunk_id not in indexed]
    repaired: set[str] = set()
    for _ in range(REPAIR_ROUNDS):
        lost = store.unreachable(check)
        if not lost:
            break
        store.rewrite(lost)
        repaired.update(lost)
        check = lost
    return len(repaired)


def _write(
    articles: list[Article],
    store: VectorStore,
    embedder: Embedder,
    report: IngestReport,
    progress: bool | None,
    also_in: dict[str, str] | None = None,
) -> None:
    """Embed and store the chunks of `articles`, one article per write."""
    also_in = also_in or {}
    shape = store.shape
    planned = [
        (a, split_article(a, shape.max_chunk_words, shape.max_chunk_chars)) for a in articles
    ]
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
            _write_batch(batch, store, embedder, report, bar, also_in)
            batch, size = [], 0
    if batch:
        _write_batch(batch, store, embedder, report, bar, also_in)
    if bar is not None:
        bar.close()


def _write_batch(batch, store, embedder, report, bar, also_in) -> None:
    # The dense model reads a chunk's text alone; the title is left to BM25 (which
    # matches outlet + title + text): docs/tuning-log.md, "Vectors".
    texts = [c.text for _, chunks in batch for c in chunks]
    vectors = embedder.encode(texts)
    ids: list[str] = []
    metas: list[dict] = []
    for article, chunks in batch:
        parts: dict[int, int] = {}
        for c in chunks:
            parts[c.paragraph] = parts.get(c.paragraph, 0) + 1
        extra = also_in.get(article.id, "")
        ids += [c.id for c in chunks]
        metas += [
            chunk_metadata(article, c, parts[c.paragraph], len(chunks), extra) for c in chunks
        ]
    # One write for the batch ("Batch writes"). An interrupted run leaves some articles
    # with missing chunks, which the next run finds by their chunk count and writes again.
    store.add(ids, [c.text for _, chunks in batch for c in chunks], metas, vectors)
    for article, chunks in batch:
        report.added.append(article.title)
        report.chunks_added += len(chunks)
        report.paragraphs_added += len(article.paragraphs)
    if bar is not None:
        bar.update(len(ids))


def _progress_bar(total: int, enabled: bool):
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="chunk", desc="Embedding", file=sys.stderr)
