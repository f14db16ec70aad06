"""Question -> ranked paragraphs: dense and BM25 search fused, with filters."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import numpy as np

from assistant.retrieval import rank
from assistant.retrieval.asked import describes, mentions, who_is
from assistant.retrieval.reader import Reader, read
from assistant.retrieval.rerank import CANDIDATES as RERANK_CANDIDATES
from assistant.retrieval.rerank import Reranker
from assistant.retrieval.understand import (
    OutletMatcher,
    Part,
    Understanding,
    find_dates,
    understand,
)
from assistant.retrieval.wording import unframed
from assistant.types import Filters, Hit
from index import lexical
from index.embed import Embedder
from index.store import StoredChunk, VectorStore
from index.text import holds

# Tuned constants; docs/tuning-log.md has their measurements under the heading named.
CANDIDATES = 100  # chunks taken from each retriever before fusion
# With a filter, the nearest chunks are read unfiltered and filtered here: exact when
# enough survive, and far quicker than Chroma's own metadata filter ("Dense pool").
DENSE_POOL = 1000
# The fusion: a weighted sum of BM25 and cosine scores, each scaled to 0..1 for the
# question; scores fuse better than ranks, and 0.2 dense beat 0.1, 0.3, 0.5 ("Fusion").
DENSE_SHARE = 0.2
# ... but a short question shares few words with its answer (people reword), so its
# meaning weighs more ("Short questions": chosen on one half of NewsQA's stories).
SHORT_QUESTION = 15  # words
SHORT_DENSE_SHARE = 0.35


def is_short(text: str) -> bool:
    """A question as people type it ("Short questions" in docs/tuning-log.md)."""
    return len(text.split()) <= SHORT_QUESTION


def dense_share(text: str) -> float:
    """The dense score's share in the fusion for a question of this text (all its searches)."""
    return SHORT_DENSE_SHARE if is_short(text) else DENSE_SHARE


@dataclass(frozen=True)
class Retrieval:
    """What a question retrieved: the final list, and the BM25 index it was searched
    with (answer checks use the same generation)."""

    hits: list[Hit]
    understanding: Understanding
    index: lexical.LexicalIndex


@dataclass(frozen=True)
class Searches:
    """What each search of a question found, before the lists are fused."""

    understanding: Understanding
    index: lexical.LexicalIndex
    whole: list[Hit]  # the whole question's search
    parts: tuple[tuple[Part, list[Hit]], ...]  # each part's search
    short: bool = False  # a short question (is_short): ordered by its own weights

    def fused(self, k: int) -> list[Hit]:
        """All the lists as one (fuse_lists), the whole question's first: its best
        paragraph leads on ties ("Question parts" in docs/tuning-log.md)."""
        return fuse_lists([self.whole, *(hits for _, hits in self.parts)], k)

    def ordered(self, k: int) -> list[Hit]:
        """The fused list in the learned order (assistant/rank.py)."""
        searched = [(part.query, hits) for part, hits in self.parts]
        weights = rank.SHORT_WEIGHTS if self.short else rank.WEIGHTS
        return rank.order(
            self.fused(k), self.whole, searched, self.understanding.query, self.index, weights
        )


def fuse_lists(lists: list[list[Hit]], k: int) -> list[Hit]:
    """The searches' ranked lists as one: a paragraph scores 1/(rank + 1) in each list
    that has it. So the best of every list comes first (ties in list order), and a
    paragraph that several searches found rises above one that a single search found.
    """
    scores: dict[tuple[str, int], float] = {}
    first: dict[tuple[str, int], Hit] = {}
    for hits in lists:
        for place, hit in enumerate(hits):
            scores[hit.key] = scores.get(hit.key, 0.0) + 1.0 / (place + 1)
            first.setdefault(hit.key, hit)
    ranked = sorted(scores, key=lambda key: -scores[key])  # stable: ties keep list order
    return [first[key] for key in ranked[:k]]


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


@dataclass(frozen=True)
class _View:
    index: lexical.LexicalIndex
    matcher: OutletMatcher
    outlets: dict[str, str]  # comparable key -> stored outlet name


class Retriever:
    """Hybrid retrieval over one store: dense vectors and BM25, fused by rank."""

    def __init__(
        self,
        store: VectorStore,
        embedder: Embedder,
        cache_dir: Path,
        *,
        candidates: int = CANDIDATES,
        dense_pool: int = DENSE_POOL,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.cache_dir = cache_dir
        self.candidates = candidates  # chunks taken from each retriever before fusion
        self.dense_pool = dense_pool  # nearest chunks read to filter here (see DENSE_POOL)
        self._current: _View | None = None
        self._lock = threading.Lock()

    @property
    def lexical(self) -> lexical.LexicalIndex:
        """The BM25 index, reloaded when the store has changed since it was read."""
        return self._view().index

    def _view(self) -> _View:
        """Everything derived from the store's current generation, rebuilt when it changes."""
        generation = self.store.generation
        with self._lock:
            if self._current is None or self._current.index.generation != generation:
                index = lexical.load(self.store, self.cache_dir)
                stored = sorted(set(index.sources.tolist()) - {""})
                self._current = _View(
                    index, OutletMatcher(stored), {outlet_key(name): name for name in stored}
                )
            return self._current

    @staticmethod
    def resolve_sources(names: tuple[str, ...], view: _View) -> tuple[str, ...]:
        """The stored outlet names that the given names refer to."""
        known = view.outlets
        return tuple(sorted({known[k] for k in map(outlet_key, names) if k in known}))

    def _where(self, filters: Filters, view: _View) -> dict | None:
        clauses: list[dict] = []
        if filters.sources:
            names = list(self.resolve_sources(filters.sources, view)) or [""]
            clauses.append({"source": {"$in": names}})
        if filters.since:
            clauses.append({"published_ts": {"$gte": _day_start(filters.since)}})
        if filters.until:
            clauses.append({"published_ts": {"$lt": _day_start(filters.until) + 86400}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def _mask(self, filters: Filters, view: _View) -> np.ndarray | None:
        if not filters:
            return None
        index = view.index
        mask = np.ones(len(index.ids), dtype=bool)
        if filters.sources:
            mask &= np.isin(index.sources, list(self.resolve_sources(filters.sources, view)))
        if filters.since:
            mask &= index.published >= _day_start(filters.since)
        if filters.until:
            mask &= (index.published >= 0) & (index.published < _day_start(filters.until) + 86400)
        return mask.astype(np.float32)

    def retrieve(
        self,
        question: str,
        k: int = 8,
        filters: Filters | None = None,
        reranker: Reranker | None = None,
        reader: Reader | None = None,
        read_depth: int = 0,
    ) -> Retrieval:
        """The k paragraphs that answer a question, searched part by part.

        Outlets the question names become filters (and leave the searched
        words); each part of a multi-part question is searched on its own, and
        the results for the whole question and for each part are fused by rank,
        so that the evidence for every part reaches the top of the list. The best
        rank.DEPTH of them are then put in a learned order (assistant/rank.py),
        unless a cross-encoder (`reranker`) has reordered each search. In the learned
        order, the `reader` then reads the first `read_depth` with a short question
        (reader.py: it learned on SQuAD's short questions, and on MultiHop-RAG's long
        ones it cost MRR@10).
        Each hit's score is that of the learned order (with, for a paragraph read, the
        reader's share at reader.WEIGHT), which the answerer reads to choose what it
        cites; within the paragraphs read, the list's order gives the reader more weight
        (reader.ORDER_WEIGHT).
        """
        depth = max(k, RERANK_CANDIDATES if reranker else rank.DEPTH)
        keep = k if reranker else depth
        found = self.search(question, depth, filters, keep=keep, reranker=reranker)
        hits = found.fused(depth) if reranker else found.ordered(depth)
        if reader and read_depth and not reranker and found.short:
            hits = read(question, hits, reader, read_depth)  # its weight suits the learned order
        return Retrieval(self._with_lede(question, hits)[:k], found.understanding, found.index)

    def _with_lede(self, question: str, hits: list[Hit]) -> list[Hit]:
        """For "who is X?", the leading article's first paragraph first, when it describes
        X and the second is where the article names X (asked.describes): news often holds
        a name back, and that description says who X is. `hits` as they were otherwise."""
        person = who_is(unframed(question))
        if not person or not hits or hits[0].paragraph < 2:
            return hits
        top = hits[0]
        opening = {hit.paragraph: hit for hit in self.opening(top.article_id, 2)}
        lede, named = opening.get(1), opening.get(2)
        if lede is None or named is None or not mentions(named.text, person):
            return hits
        if not describes(lede.text, person):
            return hits
        lede = replace(lede, score=top.score, similarity=top.similarity, read=top.read)
        return [lede, *(hit for hit in hits if hit.key != lede.key)]

    def understand(self, question: str) -> Understanding:
        """What a question names beside its words: outlets (loaded or not), dates, parts."""
        return understand(question, self._view().matcher)

    def holds(self, word: str) -> bool:
        """Does some loaded chunk hold the word (its stem)?"""
        return holds(word, self.lexical.document_frequency)

    def outlets(self) -> list[str]:
        """The outlets of the stored articles, sorted."""
        return sorted(self._view().outlets.values())

    def newest(self, filters: Filters | None = None) -> list[str]:
        """The ids of the stored articles within `filters`, newest first (the undated
        last), then by title."""
        view = self._view()
        mask = self._mask(filters or Filters(), view)
        dated: dict[str, tuple[int, str]] = {}
        for position, entry in enumerate(view.index.catalog):
            if mask is None or mask[position]:
                stamp = int(entry.get("published_ts") or -1)
                dated[str(entry["article_id"])] = (-stamp, str(entry.get("title") or ""))
        return sorted(dated, key=lambda article_id: (*dated[article_id], article_id))

    def opening(self, article_id: str, count: int) -> list[Hit]:
        """An article's first `count` paragraphs, in order."""
        return self._hits([(f"{article_id}:{n}:0", 0.0) for n in range(1, count + 1)], {})

    def lede_of(self, article_ids: list[str]) -> Hit | None:
        """The first paragraph of the first of `article_ids` (None when there is none)."""
        first = self.opening(article_ids[0], 1) if article_ids else []
        return first[0] if first else None

    def search(
        self,
        question: str,
        depth: int,
        filters: Filters | None = None,
        keep: int | None = None,
        reranker: Reranker | None = None,
    ) -> Searches:
        """Each search of a question, `depth` paragraphs deep (the reranker, when there
        is one, keeps the best `keep` of each)."""
        filters = filters or Filters()
        view = self._view()
        understanding = understand(question, view.matcher)
        searches: list[tuple[str, Filters]] = []
        for part in understanding.parts:
            searches.append((part.query, self._part_filters(part.text, part.sources, filters)))
        searches.append(
            (understanding.query, self._part_filters(question, understanding.sources, filters))
        )
        vectors = self.embedder.encode([text for text, _ in searches])
        share = dense_share(question)  # the whole question's length sets it for every search
        lists = []
        for (text, part_filters), vector in zip(searches, vectors, strict=True):
            hits = self._hybrid(text, vector, depth, part_filters, view, share)
            if not hits and part_filters != filters:  # a filter that matched nothing
                hits = self._hybrid(text, vector, depth, filters, view, share)
            if reranker:
                hits = reranker.rerank(text, hits, keep or depth)
            lists.append(hits)
        parts = tuple(zip(understanding.parts, lists[:-1], strict=True))
        return Searches(understanding, view.index, lists[-1], parts, is_short(question))

    @staticmethod
    def _part_filters(text: str, sources: tuple[str, ...], explicit: Filters) -> Filters:
        """Explicit filters win; else the outlets and dates that the text names."""
        since, until = find_dates(text)
        return Filters(
            explicit.sources or sources,
            explicit.since or (since - timedelta(days=1) if since else None),
            explicit.until or (until + timedelta(days=1) if until else None),
        )

    def _hybrid(
        self,
        text: str,
        vector: np.ndarray,
        k: int,
        filters: Filters,
        view: _View,
        share: float,
    ) -> list[Hit]:
        mask = self._mask(filters, view)
        dense = self._dense(vector, filters, mask, view)
        index = view.index
        bm25 = index.scores(text)
        if mask is not None:
            bm25 = bm25 * mask
        top = [int(i) for i in np.argsort(-bm25)[: self.candidates] if bm25[i] > 0]
        return self._fuse(dense, top, bm25, k, index, share)

    def _dense(
        self, vector: np.ndarray, filters: Filters, mask: np.ndarray | None, view: _View
    ) -> list[tuple[str, float]]:
        """The nearest chunks that pass the filters: (id, cosine distance), nearest first."""
        wanted, pooled = self.candidates, self.dense_pool
        if mask is None:
            return self.store.nearest(vector, wanted)
        pool = self.store.nearest(vector, pooled)
        positions = view.index.positions
        kept = [(i, d) for i, d in pool if i in positions and mask[positions[i]]]
        if len(kept) >= wanted or len(pool) < pooled:  # exact: enough, or all read
            return kept[:wanted]
        return self.store.nearest(vector, wanted, self._where(filters, view))

    def _fuse(
        self,
        dense: list[tuple[str, float]],
        lexical_top: list[int],
        bm25: np.ndarray,
        k: int,
        index: lexical.LexicalIndex,
        share: float,
    ) -> list[Hit]:
        """The union of both candidate lists, scored by the weighted sum of scaled BM25
        and cosine scores (see DENSE_SHARE) times the paragraph's length prior; a
        paragraph scores as its best chunk."""
        similarity = {chunk_id: 1.0 - distance for chunk_id, distance in dense}
        low = min(similarity.values(), default=0.0)
        span = max(max(similarity.values(), default=0.0) - low, 1e-6)
        best_bm25 = float(bm25[lexical_top[0]]) if lexical_top else 1.0
        positions, prior = index.positions, index.length_prior
        candidates = {index.ids[i] for i in lexical_top} | similarity.keys()
        best: dict[tuple[str, int], tuple[float, str]] = {}
        for chunk_id in candidates:
            position = positions.get(chunk_id)
            lexical_score = float(bm25[position]) / best_bm25 if position is not None else 0.0
            dense_score = (similarity.get(chunk_id, low) - low) / span
            score = share * dense_score + (1 - share) * lexical_score
            if position is not None:
                score *= float(prior[position])
            article_id, paragraph, _ = chunk_id.rsplit(":", 2)
            key = (article_id, int(paragraph))
            if key not in best or score > best[key][0]:
                best[key] = (score, chunk_id)
        ranked = sorted(best.values(), key=lambda item: (-item[0], item[1]))[:k]
        return self._hits([(chunk_id, score) for score, chunk_id in ranked], similarity)

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
            also_in=str(meta.get("also_in") or ""),
        )
