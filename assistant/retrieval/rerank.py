"""An optional cross-encoder that reorders the fused candidates of each search.

Off by default: no cross-encoder ships on PyPI, and Newsdesk never downloads
models. Set NEWSDESK_RERANKER to a local sentence-transformers CrossEncoder
folder (or a model already in the Hugging Face cache) to turn it on.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

from assistant.errors import SettingsError
from assistant.types import Hit
from index.embed import OfflineModel

CANDIDATES = 30  # fused paragraphs the cross-encoder reads per search


class Reranker(OfflineModel):
    """Scores (question, paragraph) pairs with a cross-encoder; higher is better."""

    what = "reranker"
    setting = "NEWSDESK_RERANKER"
    error = SettingsError

    def _build(self, location: str):
        from sentence_transformers import CrossEncoder

        return CrossEncoder(location, device="cpu", local_files_only=True)

    def rerank(self, question: str, hits: list[Hit], k: int) -> list[Hit]:
        """The k best of `hits` by cross-encoder score, which becomes their score."""
        if not hits:
            return []
        pairs = [(question, f"{h.title}\n{h.text}") for h in hits]
        scores = self._load().predict(pairs, batch_size=32, show_progress_bar=False)
        ranked = sorted(zip(scores, range(len(hits)), strict=True), key=lambda p: -float(p[0]))
        return [replace(hits[i], score=float(score)) for score, i in ranked[:k]]


@cache
def get_reranker(name: str) -> Reranker:
    """One reranker per model name per process."""
    return Reranker(name)
