"""The stored articles as candidates for near-duplicates of new ones.

Ingestion asks this which new articles are copies of a stored one (or of each
other), keeps the longer copy of each story, and records in the kept copy's
`also_in` the other outlets that carried it. MinHash signatures of stored
articles are cached beside the store.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from index import dedupe
from index.store import VectorStore
from index.types import Article

SIGNATURES_FILE = "signatures.npz"  # a cache: MinHash signatures of stored articles by id


@dataclass
class StoredCopy:
    """What duplicate detection needs to know of one stored article."""

    source: str
    published: str
    also_in: str
    paragraphs: int
    chunk_ids: list[str] = field(default_factory=list)


class StoredCopies:
    """The stored articles as candidates for near-duplicates, with their signatures."""

    def __init__(self, store: VectorStore, cache_dir: Path, rows: list[tuple[str, dict]]) -> None:
        self.store = store
        self.path = cache_dir / SIGNATURES_FILE
        self.copies: dict[str, StoredCopy] = {}
        for chunk_id, meta in rows:
            aid = str(meta["article_id"])
            copy = self.copies.get(aid)
            if copy is None:
                copy = self.copies[aid] = StoredCopy(
                    str(meta.get("source") or ""),
                    str(meta.get("published") or ""),
                    str(meta.get("also_in") or ""),
                    0,
                )
            copy.paragraphs = max(copy.paragraphs, int(meta.get("paragraph") or 0))
            copy.chunk_ids.append(chunk_id)
        self.signatures: dict[str, dedupe.Signature] = {}

    def _signatures(self) -> dict[str, dedupe.Signature]:
        cached: dict[str, dedupe.Signature] = {}
        try:
            with np.load(self.path) as data:
                if data["values"].shape[1:] == (dedupe.PERMUTATIONS,):
                    for aid, values, size in zip(
                        data["ids"], data["values"], data["sizes"], strict=True
                    ):
                        cached[str(aid)] = dedupe.Signature(values, int(size))
        except (OSError, KeyError, ValueError):
            pass  # no cache yet, or an unreadable one: compute again
        missing = [aid for aid in self.copies if aid not in cached]
        if missing:
            paragraphs: dict[str, dict[tuple[int, int], str]] = {}
            for chunk in self.store.get([c for a in missing for c in self.copies[a].chunk_ids]):
                meta = chunk.meta
                key = (int(meta["paragraph"]), int(meta.get("part") or 0))
                paragraphs.setdefault(str(meta["article_id"]), {})[key] = chunk.text
            for aid, parts in paragraphs.items():
                cached[aid] = dedupe.signature([parts[k] for k in sorted(parts)])
        return {aid: sig for aid, sig in cached.items() if aid in self.copies}

    def save(self, extra: dict[str, dedupe.Signature]) -> None:
        """Write the signature cache (stored and newly written articles)."""
        sigs = {**self.signatures, **extra}
        ids = sorted(sigs)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz")
        with os.fdopen(fd, "wb") as handle:
            np.savez(
                handle,
                ids=np.array(ids, dtype=str),
                values=np.array([sigs[a].values for a in ids], dtype=np.uint32).reshape(
                    len(ids), dedupe.PERMUTATIONS
                ),
                sizes=np.array([sigs[a].size for a in ids], dtype=np.int64),
            )
        os.replace(tmp, self.path)

    def fold(self, new, same, stale, replaces, also_in, retag, report) -> list[Article]:
        """The new articles to write, each near-duplicate folded into the copy kept.

        Fills `also_in` (article id -> other outlets) for kept copies, and `retag`
        with the stored articles whose `also_in` changed.
        """
        copies = dict(self.copies)
        if new:
            self.signatures = self._signatures()
        pool = dedupe.SignatureIndex()
        for aid, sig in self.signatures.items():
            if aid not in stale:
                pool.add(aid, sig)
        for aid in stale:  # a new version inherits its old version's other outlets
            if aid in copies:
                also_in[aid] = copies[aid].also_in
        written: dict[str, Article] = {}
        new_sigs: dict[str, dedupe.Signature] = {}
        for article in new:
            sig = dedupe.signature(article.paragraphs)
            new_sigs[article.id] = sig
            old = replaces.get(article.id)
            mine = also_in.get(old, "") if old else ""
            kept = pool.best_match(sig)
            if kept is None:
                also_in[article.id] = mine
            elif len(article.paragraphs) > copies[kept].paragraphs:  # keep the longer copy
                other = copies[kept]
                also_in[article.id] = dedupe.merge_also_in(
                    mine,
                    also_in.get(kept, other.also_in),
                    _entry(other.source, other.published, article.source),
                )
                pool.remove(kept)
                earlier = written.pop(kept, None)
                if earlier is None:
                    stale.add(kept)
                    report.replaced.append(article.title)
                else:
                    report.duplicates.append(earlier.title)
            else:
                before = also_in.get(kept, copies[kept].also_in)
                also_in[kept] = dedupe.merge_also_in(
                    before, mine, _entry(article.source, article.published, copies[kept].source)
                )
                if also_in[kept] != before and kept not in written:
                    retag.add(kept)
                report.duplicates.append(article.title)
                continue
            written[article.id] = article
            pool.add(article.id, sig)
            copies[article.id] = StoredCopy(
                article.source, article.published, "", len(article.paragraphs)
            )
        for article, aid in same:  # the same text from another outlet
            kept = aid if aid in written or aid in copies else None
            if kept is None or copies[kept].source == article.source:
                continue
            merged = dedupe.merge_also_in(
                also_in.get(kept, copies[kept].also_in),
                _entry(article.source, article.published, copies[kept].source),
            )
            if merged != also_in.get(kept, copies[kept].also_in):
                also_in[kept] = merged
                if kept not in written:
                    retag.add(kept)
        if new:
            self.save({a: new_sigs[a] for a in written})
        return list(written.values())

    def retag(self, article_ids: set[str], also_in: dict[str, str]) -> None:
        """Rewrite the `also_in` of stored articles' chunks (metadata only)."""
        ids = [c for a in sorted(article_ids) for c in self.copies[a].chunk_ids]
        chunks = self.store.get(ids)
        metas = [{**c.meta, "also_in": also_in[str(c.meta["article_id"])]} for c in chunks]
        self.store.update_metadata([c.id for c in chunks], metas)


def _entry(source: str, published: str, kept_source: str) -> str:
    """The `also_in` entry for a copy, or "" when the kept copy is from the same outlet."""
    if source and source == kept_source:
        return ""
    return dedupe.also_in_entry(source, published)
