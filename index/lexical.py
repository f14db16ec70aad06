"""The BM25 side index, kept beside the Chroma collection and derived from it.

Chroma is the source of truth. The BM25 index is a cache built from the
collection's chunks and tagged with the collection's generation number; a
reader that finds a different generation rebuilds it. So it stays consistent
with the vectors whether Chroma is embedded or a shared server.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from index.store import StoredChunk, VectorStore
from index.text import WORD_RULES, initialisms, plain, terms, words

_CAPITALISED = re.compile(r"\b[^\W\d_a-z][^\W\d_A-Z]+\b")  # "Nevada", not "NATO" or "the"


def search_text(meta: dict, text: str) -> str:
    """What BM25 matches for a chunk: outlet and title take part with the text."""
    return f"{meta.get('source', '')} {meta.get('title', '')} {text}"


# What filters, answer checks and ingestion's bookkeeping read of each chunk
# (ingestion reads it here instead of asking the store for every chunk's metadata).
CATALOG_FIELDS = (
    "article_id",
    "paragraph",
    "source",
    "published",
    "published_ts",
    "title",
    "key",
    "n_chunks",
    "also_in",
)
# words: the paragraph's, counted when built; prose: the share of them that are lower-case
# words ("Team GP W D L GD P Arsenal (Q) 6 4 1 1 ...": 0.0)
SAVED_FIELDS = (*CATALOG_FIELDS, "words", "prose")


# A paragraph much shorter than its article's usual one (a caption, byline, teaser)
# rarely answers: its fused score is multiplied by sqrt(words / short), short being
# SHORT_SHARE of the article's median paragraph, at most SHORT_PARAGRAPH words
# (docs/tuning-log.md, "Short paragraphs").
SHORT_PARAGRAPH = 20
SHORT_SHARE = 0.6
# A paragraph of SHORT_PARAGRAPH words or more of which under TABLE_PROSE are lower-case
# words is a table, a list or a scoreboard, not a sentence that answers: its fused score
# is multiplied by TABLE_WEIGHT (docs/tuning-log.md, "Tables").
TABLE_PROSE = 0.2
TABLE_WEIGHT = 0.5
_PROSE_WORD = re.compile(r"[a-z][a-z'’,.;:!?-]*")


@dataclass
class LexicalIndex:
    """BM25 scores over every stored chunk, positions aligned with `ids`.

    `catalog` holds, for each chunk, the few metadata fields that filters and
    answer checks need without asking the store.
    """

    ids: list[str]
    generation: int
    _bm25: object
    catalog: list[dict] = field(default_factory=list)
    # every word as the chunks spell it (lower-cased), and how many chunks hold it: what
    # a misspelt word of a question may be read as (assistant/retrieval/spelling.py)
    spellings: dict[str, int] = field(default_factory=dict)
    # ... and how many chunks write it capitalised: a name's count nears its spelling's
    names: dict[str, int] = field(default_factory=dict)
    # initials -> the name of capitalised words they spell that most chunks write:
    # what an acronym the chunks never write may be read as ("AMAA")
    acronyms: dict[str, str] = field(default_factory=dict)

    @cached_property
    def sources(self) -> np.ndarray:
        """The outlet of every chunk, as an array for filtering."""
        return np.array([str(m.get("source") or "") for m in self.catalog], dtype=object)

    @cached_property
    def positions(self) -> dict[str, int]:
        """Chunk id -> its position in `ids` and the catalog."""
        return {chunk_id: i for i, chunk_id in enumerate(self.ids)}

    @cached_property
    def published(self) -> np.ndarray:
        """The publication time of every chunk (seconds since 1970; -1 unknown)."""
        return np.array([int(m.get("published_ts") or -1) for m in self.catalog], dtype=np.int64)

    @cached_property
    def length_prior(self) -> np.ndarray:
        """Every chunk's weight for its paragraph's length (see SHORT_PARAGRAPH), and for
        being a table (TABLE_PROSE); 1.0 where the length is unknown."""
        words = np.array([float(m.get("words") or 0) for m in self.catalog], dtype=np.float32)
        by_article: dict[object, dict[object, float]] = {}
        for entry, count in zip(self.catalog, words, strict=True):
            by_article.setdefault(entry.get("article_id"), {})[entry.get("paragraph")] = count
        median = {a: float(np.median(list(p.values()))) for a, p in by_article.items()}
        short = np.array(
            [min(SHORT_PARAGRAPH, SHORT_SHARE * median[m.get("article_id")]) for m in self.catalog],
            dtype=np.float32,
        )
        prior = np.sqrt(np.minimum(words, short) / np.maximum(short, 1e-6))
        prose = np.array([float(m.get("prose", 1.0)) for m in self.catalog], dtype=np.float32)
        table = (words >= SHORT_PARAGRAPH) & (prose < TABLE_PROSE)
        prior = np.where(table, prior * TABLE_WEIGHT, prior)
        return np.where(words > 0, prior, 1.0).astype(np.float32)

    def scores(self, query: str) -> np.ndarray:
        """A BM25 score for every chunk (0 where no query term occurs)."""
        query_terms = [t for t in terms(query) if t in self._vocab]
        if not query_terms or not self.ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(query_terms), dtype=np.float32)

    @property
    def _vocab(self) -> dict:
        return self._bm25.vocab_dict

    def chunks_with_all(self, wanted: list[str]) -> set[int]:
        """Positions of the chunks that contain every one of these stemmed terms."""
        found: set[int] | None = None
        indptr, indices = self._bm25.scores["indptr"], self._bm25.scores["indices"]
        for term in set(wanted):
            index = self._vocab.get(term)
            if index is None:
                return set()
            docs = set(indices[indptr[index] : indptr[index + 1]].tolist())
            found = docs if found is None else found & docs
            if not found:
                return set()
        return found or set()

    def document_frequency(self, term: str) -> int:
        """In how many chunks a (stemmed) term occurs."""
        index = self._vocab.get(term)
        if index is None:
            return 0
        indptr = self._bm25.scores["indptr"]
        return int(indptr[index + 1] - indptr[index])


# Lower than the usual b 0.75 and k1 1.2-1.5: every chunk carries its outlet and title,
# and a paragraph that repeats a word is not much more about it ("BM25 parameters").
BM25_PARAMS = {"k1": 0.9, "b": 0.5}


def _build(store: VectorStore, generation: int) -> LexicalIndex:
    import bm25s

    chunks = store.all_chunks()
    texts = [search_text(c.meta, c.text) for c in chunks]
    corpus = [terms(text) or ["\u2400"] for text in texts]
    bm25 = bm25s.BM25(**BM25_PARAMS)
    if corpus:
        bm25.index(corpus, show_progress=False)
    catalog = [{k: c.meta.get(k) for k in CATALOG_FIELDS} for c in chunks]
    paragraph_words: Counter = Counter()
    prose_words: Counter = Counter()
    for c in chunks:  # a long paragraph's parts count together
        key = (c.meta.get("article_id"), c.meta.get("paragraph"))
        chunk_words = c.text.split()
        paragraph_words[key] += len(chunk_words)
        prose_words[key] += sum(bool(_PROSE_WORD.fullmatch(w)) for w in chunk_words)
    for c, entry in zip(chunks, catalog, strict=True):
        key = (c.meta.get("article_id"), c.meta.get("paragraph"))
        entry["words"] = paragraph_words[key]
        entry["prose"] = round(prose_words[key] / max(paragraph_words[key], 1), 3)
    spellings = Counter(w for text in texts for w in set(words(text)))
    names = Counter(w.lower() for text in texts for w in set(_CAPITALISED.findall(plain(text))))
    return LexicalIndex(
        [c.id for c in chunks],
        generation,
        bm25,
        catalog,
        dict(spellings),
        dict(names),
        _acronyms(chunks),
    )


def _acronyms(chunks: list[StoredChunk]) -> dict[str, str]:
    """Initials -> the name they spell that most chunks write (index.text.initialisms);
    of names written equally often, the first in alphabetical order."""
    written = Counter(
        found
        for c in chunks
        for found in initialisms(c.meta.get("title") or "") | initialisms(c.text)
    )
    most_written_first = sorted(written.items(), key=lambda item: (-item[1], item[0][1]))
    acronyms: dict[str, str] = {}
    for (initials, name), _ in most_written_first:
        acronyms.setdefault(initials, name)
    return dict(sorted(acronyms.items()))


def _folder(cache_dir: Path, store: VectorStore) -> Path:
    return cache_dir / "bm25" / store.name


def rebuild(store: VectorStore, cache_dir: Path) -> LexicalIndex:
    """Build the BM25 index from the store and save it beside it atomically."""
    generation = store.generation
    index = _build(store, generation)
    target = _folder(cache_dir, store)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".bm25-", dir=target.parent))
    if index.ids:
        index._bm25.save(str(staging / "bm25"))
    (staging / "meta.json").write_text(
        json.dumps(
            {
                "generation": generation,
                "params": BM25_PARAMS,
                "words": WORD_RULES,
                "ids": index.ids,
                "location": store.location,
                "catalog": index.catalog,
                "spellings": index.spellings,
                "names": index.names,
                "acronyms": index.acronyms,
            }
        )
    )
    old = target.with_name(target.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staging, target)
    shutil.rmtree(old, ignore_errors=True)
    return index


def _built_from(store: VectorStore, cache_dir: Path, generation: int) -> dict | None:
    """The saved index's meta.json when it was built from this store at this generation."""
    try:
        meta = json.loads((_folder(cache_dir, store) / "meta.json").read_text())
        if meta["generation"] == generation and meta.get("location") == store.location:
            return meta
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return None


def _saved(store: VectorStore, cache_dir: Path, generation: int) -> dict | None:
    """The saved index's ids and catalog when they are of this store and generation,
    and usable as they are."""
    meta = _built_from(store, cache_dir, generation)
    try:
        if meta is None or meta.get("params") != BM25_PARAMS:  # scores are computed when built
            return None
        if meta.get("words") != WORD_RULES:  # its terms were read by other rules
            return None
        if not all(isinstance(meta.get(k), dict) for k in ("spellings", "names", "acronyms")):
            return None  # saved by a version that kept no spellings or acronyms
        if meta["catalog"] and any(f not in meta["catalog"][0] for f in SAVED_FIELDS):
            return None  # saved by a version that kept fewer fields
        return meta if len(meta["ids"]) == len(meta["catalog"]) else None
    except (KeyError, TypeError):
        return None


def indexed_ids(store: VectorStore, cache_dir: Path) -> set[str]:
    """The chunk ids in the saved index of this store's current generation: what the
    last completed ingestion stored (empty when there is none)."""
    meta = _built_from(store, cache_dir, store.generation)
    try:
        return set(meta["ids"]) if meta else set()
    except (KeyError, TypeError):
        return set()


def stored_catalog(store: VectorStore, cache_dir: Path) -> list[tuple[str, dict]] | None:
    """(chunk id, catalog fields) of every stored chunk, from the saved index, or None
    when it may be out of date. An interrupted ingestion writes chunks without a new
    generation, so the store's count must match too."""
    meta = _saved(store, cache_dir, store.generation)
    if meta is None or len(meta["ids"]) != store.count():
        return None
    return list(zip(meta["ids"], meta["catalog"], strict=True))


def load(store: VectorStore, cache_dir: Path) -> LexicalIndex:
    """The saved BM25 index when it matches the store's generation, else a rebuilt one."""
    import bm25s

    folder = _folder(cache_dir, store)
    generation = store.generation
    meta = _saved(store, cache_dir, generation)
    try:
        if meta is not None:
            if not meta["ids"]:
                return LexicalIndex([], generation, bm25s.BM25())
            bm25 = bm25s.BM25.load(str(folder / "bm25"), mmap=False)
            if bm25.scores["num_docs"] == len(meta["ids"]):
                return LexicalIndex(
                    meta["ids"],
                    generation,
                    bm25,
                    meta["catalog"],
                    meta["spellings"],
                    meta["names"],
                    meta["acronyms"],
                )
    except (OSError, ValueError, KeyError):
        pass
    return rebuild(store, cache_dir)
