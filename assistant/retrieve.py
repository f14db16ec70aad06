"""Question -> ranked paragraphs: dense and BM25 search fused, with filters."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path

import numpy as np

from assistant.types import Hit
from index import lexical
from index.embed import Embedder
from index.store import Store, StoredChunk

RRF_K = 60  # the usual reciprocal-rank-fusion constant
CANDIDATES = 100  # chunks taken from each retriever before fusion


@dataclass(frozen=True)
class Filters:
    """Restrict a search to some outlets and a date range (inclusive)."""

    sources: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None

    def __bool__(self) -> bool:
        return bool(self.sources or self.since or self.until)


def outlet_key(name: str) -> str:
    """A comparable form of an outlet name: 'The Verge', 'theverge.com' -> 'verge'."""
    name = name.lower().strip()
    name = re.sub(r"^https?://", "", name)
    name = re.sub(r"^www\.", "", name)
    name = re.sub(r"\.(com|org|net|co\.uk|co|io|news)(/.*)?$", "", name)
    name = re.sub(r"[^a-z0-9]+", "", name)
    return name.removeprefix("the") or name


def _day_start(day: date) -> int:
    return int(datetime.combine(day, time.min, tzinfo=timezone.utc).timestamp())


class Retriever:
    """Hybrid retrieval over one store: dense vectors and BM25, fused by rank."""

    def __init__(self, store: Store, embedder: Embedder, cache_dir: Path) -> None:
        self.store = store
        self.embedder = embedder
        self.cache_dir = cache_dir
        self._lexical: lexical.LexicalIndex | None = None
        self._lock = threading.Lock()

    @property
    def lexical(self) -> lexical.LexicalIndex:
        """The BM25 index, reloaded when the store has changed since it was read."""
        generation = self.store.generation
        with self._lock:
            if self._lexical is None or self._lexical.generation != generation:
                self._lexical = lexical.load(self.store, self.cache_dir)
            return self._lexical

    def outlets(self) -> dict[str, str]:
        """Stored outlet names by their comparable key."""
        return {
            outlet_key(str(m["source"])): str(m["source"])
            for m in self.lexical.catalog
            if m.get("source")
        }

    def resolve_sources(self, names: tuple[str, ...]) -> tuple[str, ...]:
        """The stored outlet names that the given names refer to."""
        known = self.outlets()
        return tuple(sorted({known[k] for k in map(outlet_key, names) if k in known}))

    def _where(self, filters: Filters) -> dict | None:
        clauses: list[dict] = []
        if filters.sources:
            clauses.append({"source": {"$in": list(self.resolve_sources(filters.sources)) or [""]}})
        if filters.since:
            clauses.append({"published_ts": {"$gte": _day_start(filters.since)}})
        if filters.until:
            clauses.append({"published_ts": {"$lt": _day_start(filters.until) + 86400}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def _mask(self, index: lexical.LexicalIndex, filters: Filters) -> np.ndarray | None:
        if not filters:
            return None
        allowed = set(self.resolve_sources(filters.sources)) if filters.sources else None
        low = _day_start(filters.since) if filters.since else None
        high = _day_start(filters.until) + 86400 if filters.until else None
        mask = np.ones(len(index.ids), dtype=np.float32)
        for i, meta in enumerate(index.catalog):
            ts = int(meta.get("published_ts") or -1)
            if allowed is not None and meta.get("source") not in allowed:
                mask[i] = 0
            elif low is not None and (ts < 0 or ts < low):
                mask[i] = 0
            elif high is not None and (ts < 0 or ts >= high):
                mask[i] = 0
        return mask

    def search(self, question: str, k: int = 8, filters: Filters | None = None) -> list[Hit]:
        """The k paragraphs that best match the question, best first."""
        filters = filters or Filters()
        vector = self.embedder.encode([question])[0]
        dense = self.store.search(vector, CANDIDATES, self._where(filters))
        index = self.lexical
        bm25 = index.scores(question)
        mask = self._mask(index, filters)
        if mask is not None:
            bm25 = bm25 * mask
        top = np.argsort(-bm25)[:CANDIDATES]
        lexical_ids = [index.ids[i] for i in top if bm25[i] > 0]
        return self._fuse(dense, lexical_ids, k)

    def _fuse(self, dense: list[StoredChunk], lexical_ids: list[str], k: int) -> list[Hit]:
        scores: dict[str, float] = {}
        for rank, chunk in enumerate(dense):
            scores[chunk.id] = scores.get(chunk.id, 0.0) + 1.0 / (RRF_K + rank + 1)
        for rank, chunk_id in enumerate(lexical_ids):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        similarity = {c.id: 1.0 - c.distance for c in dense}
        # Collapse chunks to paragraphs: a paragraph scores as its best chunk.
        best: dict[tuple[str, int], tuple[float, str]] = {}
        for chunk_id, score in scores.items():
            article_id, paragraph, _ = chunk_id.rsplit(":", 2)
            key = (article_id, int(paragraph))
            if key not in best or score > best[key][0]:
                best[key] = (score, chunk_id)
        ranked = sorted(best.items(), key=lambda item: -item[1][0])[:k]
        return self._hits([(chunk_id, score) for _, (score, chunk_id) in ranked], similarity)

    def _hits(self, ranked: list[tuple[str, float]], similarity: dict[str, float]) -> list[Hit]:
        chunks = {c.id: c for c in self.store.get([chunk_id for chunk_id, _ in ranked])}
        hits: list[Hit] = []
        for chunk_id, score in ranked:
            chunk = chunks.get(chunk_id)
            if chunk is None:  # deleted since the BM25 index was read
                continue
            hits.append(self._hit(chunk, score, similarity.get(chunk_id, 0.0)))
        return hits

    def _hit(self, chunk: StoredChunk, score: float, similarity: float) -> Hit:
        meta = chunk.meta
        text = chunk.text
        parts = int(meta.get("n_parts") or 1)
        if parts > 1:
            prefix = chunk.id.rsplit(":", 1)[0]
            siblings = self.store.get([f"{prefix}:{i}" for i in range(parts)])
            text = " ".join(s.text for s in siblings)
        return Hit(
            article_id=str(meta["article_id"]),
            paragraph=int(meta["paragraph"]),
            text=text,
            title=str(meta.get("title", "")),
            source=str(meta.get("source", "")),
            url=str(meta.get("url", "")),
            author=str(meta.get("author", "")),
            published=str(meta.get("published", "")),
            score=score,
            similarity=similarity,
        )
