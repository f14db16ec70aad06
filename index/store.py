"""The vector store: the only module that imports chromadb.

One Chroma collection per index shape (embedding model, vector recipe, chunk
limits: see index/shape.py), so an index built one way is never searched as if
built another. Embedded (`PersistentClient`) by default, a
Chroma server (`HttpClient`) when a URL is given: the same code serves both.
Chroma never embeds anything itself: every vector comes from our embedder.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from index.errors import IndexMissingError, NewsdeskError, StoreError
from index.shape import NAME_PREFIX, IndexShape

_GET_PAGE = 5000  # rows per get() call: Chroma caps the variables of one query
_CHECK_PAGE = 1000  # chunks whose vectors one query sends back (a server takes them as JSON)
_WRITE_PAGE = 4096  # chunks per upsert() call (Chroma has its own cap, often 5,461)


def _pages(n: int, size: int) -> list[slice]:
    """n items as slices of at most `size` (what Chroma takes in one call)."""
    return [slice(start, start + size) for start in range(0, n, size)]


@dataclass(frozen=True)
class StoredChunk:
    """A chunk as it comes back from the store, with its article's metadata."""

    id: str
    text: str
    meta: dict[str, Any]
    distance: float = 0.0


class VectorStore(Protocol):
    """What the rest of Newsdesk needs of a vector store (tests/store_contract.py checks it).

    `ChromaStore` serves both the embedded and the server case."""

    shape: IndexShape
    name: str
    location: str

    def count(self) -> int: ...

    @property
    def generation(self) -> int: ...

    def bump_generation(self) -> int: ...

    def all_metadata(
        self, fields: Iterable[str] | None = None
    ) -> list[tuple[str, dict[str, Any]]]: ...

    def all_chunks(self) -> list[StoredChunk]: ...

    def add(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
        vectors: np.ndarray,
    ) -> None: ...

    def update_metadata(self, ids: Sequence[str], metadatas: Sequence[dict[str, Any]]) -> None: ...

    def unreachable(self, ids: Sequence[str]) -> list[str]: ...

    def rewrite(self, ids: Sequence[str]) -> None: ...

    def delete_articles(self, article_ids: Iterable[str]) -> None: ...

    def get(self, ids: Sequence[str]) -> list[StoredChunk]: ...

    def nearest(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]: ...


class ChromaStore:
    """Chunks, their vectors and metadata in one Chroma collection, embedded or on a server."""

    def __init__(
        self,
        shape: IndexShape | str,
        *,
        data_dir: Path | None = None,
        url: str | None = None,
        create: bool = True,
    ) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.shape = shape if isinstance(shape, IndexShape) else IndexShape(shape)
        self.name = self.shape.name
        self.location = url or str(data_dir)
        chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        try:
            if url:
                parsed = urlparse(url)
                if not parsed.hostname:
                    raise StoreError(f"Chroma URL {url!r} has no host: use http://HOST:PORT")
                self._client = chromadb.HttpClient(
                    host=parsed.hostname,
                    port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                    ssl=parsed.scheme == "https",
                    settings=chroma_settings,
                )
                self._client.heartbeat()
            else:
                if data_dir is None:
                    raise StoreError("A data directory or a Chroma URL is needed")
                chroma_dir = Path(data_dir) / "chroma"
                if not create and not chroma_dir.exists():
                    raise IndexMissingError(
                        f"No index at {data_dir}: run `newsdesk ingest PATH` first"
                    )
                self._client = chromadb.PersistentClient(
                    path=str(chroma_dir), settings=chroma_settings
                )
        except NewsdeskError:
            raise
        except Exception as exc:  # noqa: BLE001 - connection errors vary by transport
            raise StoreError(
                f"Cannot open the Chroma store at {self.location} ({exc}). "
                "Check NEWSDESK_CHROMA_URL or start the server: chroma run --path DIR"
            ) from exc
        if create:
            self._collection = self._client.get_or_create_collection(
                self.name,
                embedding_function=None,
                metadata={
                    "hnsw:space": "cosine",
                    "embedding_model": self.shape.model,
                    "generation": 0,
                },
            )
        else:
            try:
                self._collection = self._client.get_collection(self.name, embedding_function=None)
            except Exception as exc:  # noqa: BLE001 - NotFoundError's home moved between versions
                raise IndexMissingError(self._missing()) from exc

    def _missing(self) -> str:
        """Why there is no collection of this shape here, and what to run."""
        names = [c.name for c in self._client.list_collections()]
        if any(name.startswith(NAME_PREFIX) for name in names):
            return (
                f"The index at {self.location} was built with other settings (embedding "
                "model, vector recipe or chunk limits) than these "
                f"({self.shape.describe()}): run `newsdesk ingest PATH` again"
            )
        return f"No index at {self.location}: run `newsdesk ingest PATH` first"

    # -- bookkeeping -----------------------------------------------------------

    def count(self) -> int:
        """How many chunks are stored."""
        return self._collection.count()

    @property
    def generation(self) -> int:
        """A number that changes whenever the stored chunks change."""
        metadata = self._client.get_collection(self.name, embedding_function=None).metadata
        return int((metadata or {}).get("generation", 0))

    def bump_generation(self) -> int:
        """Record that the chunks changed; side indexes compare this number."""
        new = self.generation + 1
        metadata = dict(self._collection.metadata or {})
        metadata.pop("hnsw:space", None)  # fixed at creation; Chroma refuses to re-set it
        metadata["generation"] = new
        self._collection.modify(metadata=metadata)
        return new

    def all_metadata(self, fields: Iterable[str] | None = None) -> list[tuple[str, dict[str, Any]]]:
        """(chunk id, metadata) of every stored chunk."""
        rows: list[tuple[str, dict[str, Any]]] = []
        total = self.count()
        for offset in range(0, total, _GET_PAGE):
            got = self._collection.get(include=["metadatas"], limit=_GET_PAGE, offset=offset)
            for chunk_id, meta in zip(got["ids"], got["metadatas"], strict=True):
                meta = dict(meta or {})
                if fields is not None:
                    meta = {k: meta.get(k) for k in fields}
                rows.append((chunk_id, meta))
        return rows

    def all_chunks(self) -> list[StoredChunk]:
        """Every stored chunk with its text and metadata (for side indexes)."""
        chunks: list[StoredChunk] = []
        total = self.count()
        for offset in range(0, total, _GET_PAGE):
            got = self._collection.get(
                include=["metadatas", "documents"], limit=_GET_PAGE, offset=offset
            )
            for chunk_id, text, meta in zip(
                got["ids"], got["documents"], got["metadatas"], strict=True
            ):
                chunks.append(StoredChunk(chunk_id, text or "", dict(meta or {})))
        return chunks

    # -- writing ---------------------------------------------------------------

    def add(
        self,
        ids: Sequence[str],
        texts: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
        vectors: np.ndarray,
    ) -> None:
        """Store chunks; ids already present are overwritten. Written in pieces no
        larger than Chroma takes in one call."""
        vectors = np.asarray(vectors, dtype=np.float32)
        for page in _pages(len(ids), self._write_page):
            self._collection.upsert(
                ids=list(ids[page]),
                documents=list(texts[page]),
                metadatas=list(metadatas[page]),
                embeddings=vectors[page],
            )

    def update_metadata(self, ids: Sequence[str], metadatas: Sequence[dict[str, Any]]) -> None:
        """Rewrite the metadata of stored chunks; their texts and vectors stay."""
        for page in _pages(len(ids), self._write_page):
            self._collection.update(ids=list(ids[page]), metadatas=list(metadatas[page]))

    @cached_property
    def _write_page(self) -> int:
        return min(_WRITE_PAGE, int(self._client.get_max_batch_size()))

    def unreachable(self, ids: Sequence[str]) -> list[str]:
        """Those of these chunks that a search with their own vector does not find.

        Chroma's HNSW graph can leave a chunk that no search reaches, mostly after an
        interrupted write (docs/tuning-log.md, "Unreachable vectors"); `rewrite` links
        it in again. A chunk is not counted when its search returns only exact
        duplicates of it (identical paragraphs tie at distance 0)."""
        lost: list[str] = []
        for page in _pages(len(ids), _CHECK_PAGE):
            got = self._collection.get(ids=list(ids[page]), include=["embeddings"])
            if not got["ids"]:
                continue
            near = self._collection.query(
                query_embeddings=np.asarray(got["embeddings"], dtype=np.float32),
                n_results=3,
                include=["distances"],
            )
            for chunk_id, found, distances in zip(
                got["ids"], near["ids"], near["distances"], strict=True
            ):
                if chunk_id not in found and not all(d < 1e-4 for d in distances):
                    lost.append(chunk_id)
        return lost

    def rewrite(self, ids: Sequence[str]) -> None:
        """Delete these chunks and write them again, vectors included, from the store's
        own copy: a fresh insert links an unreachable vector into the graph again."""
        got = self._collection.get(ids=list(ids), include=["embeddings", "documents", "metadatas"])
        if not got["ids"]:
            return
        self._collection.delete(ids=got["ids"])
        self.add(got["ids"], got["documents"], got["metadatas"], np.asarray(got["embeddings"]))

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        """Remove every chunk of these articles."""
        ids = sorted(set(article_ids))
        for start in range(0, len(ids), 100):
            self._collection.delete(where={"article_id": {"$in": ids[start : start + 100]}})

    # -- reading ---------------------------------------------------------------

    def get(self, ids: Sequence[str]) -> list[StoredChunk]:
        """The chunks with these ids that exist, in the order asked."""
        if not ids:
            return []
        got = self._collection.get(ids=list(ids), include=["metadatas", "documents"])
        found = {
            chunk_id: StoredChunk(chunk_id, text or "", dict(meta or {}))
            for chunk_id, text, meta in zip(
                got["ids"], got["documents"], got["metadatas"], strict=True
            )
        }
        return [found[i] for i in ids if i in found]

    def nearest(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """Ids and cosine distances of the k nearest chunks to a query vector, nearest
        first (fewer when fewer match). Texts are not read: `get` fetches the few kept."""
        got = self._collection.query(
            query_embeddings=np.asarray(vector, dtype=np.float32).reshape(1, -1),
            n_results=max(k, 1),
            where=where or None,
            include=["distances"],
        )
        return [(i, float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]
