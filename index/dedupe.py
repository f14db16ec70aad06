"""Near-duplicate articles by MinHash over word shingles. Pure: numpy and hashlib only.

The same wire story carried by several outlets, or an updated version with a
paragraph added, shares most of its word 3-grams with the other copy. Each
article gets a MinHash signature of its paragraph text (titles differ between
outlets, so they are left out); two articles are near-duplicates when the
shorter one's shingles are nearly all in the longer one (containment) and
the two are not wildly different in length (Jaccard).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SHINGLE = 3  # words per shingle
PERMUTATIONS = 256
MIN_CONTAINMENT = 0.6  # share of the shorter copy's shingles found in the other
MIN_JACCARD = 0.3  # an excerpt of a long article is not a copy of it
# Permutations (a*x + b) mod p over 31-bit shingle hashes: a*x < 2**62 fits in uint64,
# and wraps around p many times, so each permutation orders the shingles differently.
_PRIME = np.uint64((1 << 31) - 1)
_rng = np.random.default_rng(20240314)  # fixed: signatures must be comparable across runs
_A = _rng.integers(1, (1 << 31) - 1, PERMUTATIONS, dtype=np.uint64)
_B = _rng.integers(0, (1 << 31) - 1, PERMUTATIONS, dtype=np.uint64)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    """An article's MinHash: `PERMUTATIONS` minima and how many distinct shingles it had."""

    values: np.ndarray  # uint32, shape (PERMUTATIONS,)
    size: int


def shingles(paragraphs: Sequence[str], k: int = SHINGLE) -> set[str]:
    """The distinct k-word sequences of the text (lower case, punctuation ignored).

    A text shorter than k words is one shingle, so a one-line article still has one.
    """
    words = _WORD.findall(" ".join(paragraphs).lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}


def _hashes(items: set[str]) -> np.ndarray:
    digests = (hashlib.blake2b(s.encode("utf-8"), digest_size=4).digest() for s in sorted(items))
    return np.frombuffer(b"".join(digests), dtype="<u4").astype(np.uint64) % _PRIME


def signature(paragraphs: Sequence[str]) -> Signature:
    """The MinHash signature of an article's paragraphs."""
    items = shingles(paragraphs)
    if not items:
        return Signature(np.full(PERMUTATIONS, 0xFFFFFFFF, dtype=np.uint32), 0)
    permuted = (np.outer(_A, _hashes(items)) + _B[:, None]) % _PRIME
    return Signature(permuted.min(axis=1).astype(np.uint32), len(items))


def jaccard(a: Signature, b: Signature) -> float:
    """Estimated Jaccard similarity of the two shingle sets."""
    if a.size == 0 or b.size == 0:
        return 0.0
    return float(np.mean(a.values == b.values))


def containment(a: Signature, b: Signature, j: float | None = None) -> float:
    """Estimated share of the smaller set's shingles that are in the other set.

    |A ∩ B| = J / (1 + J) * (|A| + |B|), from the estimated Jaccard J.
    """
    j = jaccard(a, b) if j is None else j
    if j == 0.0:
        return 0.0
    shared = j / (1 + j) * (a.size + b.size)
    return min(1.0, shared / min(a.size, b.size))


def is_near_duplicate(a: Signature, b: Signature) -> bool:
    """Do two articles carry the same story (a copy, a lightly edited or a longer version)?"""
    j = jaccard(a, b)
    return j >= MIN_JACCARD and containment(a, b, j) >= MIN_CONTAINMENT


class SignatureIndex:
    """Signatures by id, to find an article's best near-duplicate without comparing all pairs.

    Each (permutation, minimum) points to the ids having it, so counting an article's
    shared positions (its Jaccard estimate with every other article) costs one look-up
    per permutation plus the few ids that share a value.
    """

    def __init__(self) -> None:
        self._sigs: dict[str, Signature] = {}
        self._postings: dict[tuple[int, int], set[str]] = {}

    def __contains__(self, item_id: str) -> bool:
        return item_id in self._sigs

    def add(self, item_id: str, sig: Signature) -> None:
        """Index a signature (an empty text's signature is never a match)."""
        self.remove(item_id)
        self._sigs[item_id] = sig
        if sig.size:
            for i, value in enumerate(sig.values.tolist()):
                self._postings.setdefault((i, value), set()).add(item_id)

    def remove(self, item_id: str) -> None:
        """Forget a signature, if it is there."""
        sig = self._sigs.pop(item_id, None)
        if sig is not None and sig.size:
            for i, value in enumerate(sig.values.tolist()):
                self._postings.get((i, value), set()).discard(item_id)

    def best_match(self, sig: Signature) -> str | None:
        """The id of the indexed article that `sig` duplicates most closely, or None."""
        if not sig.size:
            return None
        shared: Counter[str] = Counter()
        for i, value in enumerate(sig.values.tolist()):
            shared.update(self._postings.get((i, value), ()))
        best, best_j = None, 0.0
        for item_id, count in shared.items():
            j = count / PERMUTATIONS
            if j < MIN_JACCARD or j <= best_j:
                continue
            if containment(sig, self._sigs[item_id], j) >= MIN_CONTAINMENT:
                best, best_j = item_id, j
        return best


def also_in_entry(source: str, published: str) -> str:
    """How a carrying outlet is listed: 'Outlet B (2023-10-02)', or the outlet alone."""
    source = source or "unknown outlet"
    return f"{source} ({published[:10]})" if published else source


def merge_also_in(*lists: str) -> str:
    """Entries of several `also_in` lists, each once, in order, joined by '; '."""
    seen: dict[str, None] = {}
    for text in lists:
        for entry in text.split("; "):
            if entry.strip():
                seen.setdefault(entry.strip(), None)
    return "; ".join(seen)
