"""The reader: a small cross-encoder that reads a question and a paragraph together.

The embedder compares a question and a paragraph read apart, so it tells how alike
their subjects are, not whether the paragraph says what was asked. The reader is the
packaged all-MiniLM-L6-v2 fine-tuned as a cross-encoder by bench/train_reader.py, on
SQuAD 2.0 and on short questions made from MultiHop-RAG's news articles (bench/cloze.py;
the weights are the average of that run's and a SQuAD-only run's): its word and
position embeddings are the packaged model's,
and the rest (the transformer layers and a scoring head, 22 MB in float16) ships
beside this file. Its score is a log-odds that the paragraph holds the answer.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np

from assistant.types import Hit
from index.embed import PlainBert, model_location, resolve_precision

BASE = "all-MiniLM-L6-v2"  # the packaged embedder it is fine-tuned from
MAX_TOKENS = 128  # question and paragraph together; a longer paragraph is cut
TRAINED = ("bert.embeddings.", "bert.encoder.", "bert.pooler.", "classifier.")
HEAD = {
    "bert.pooler.dense.weight",
    "bert.pooler.dense.bias",
    "classifier.weight",
    "classifier.bias",
}
WEIGHTS_FILE = Path(__file__).with_name("reader.safetensors")  # bench/train_reader.py
# ... and how it was trained: the SQuAD articles it never saw, and its held-out figures
HELD_OUT_FILE = Path(__file__).with_name("reader.json")
# Its log-odds' weight beside the learned order's in the order of the paragraphs it read,
# chosen by bench/blend_reader.py --squad-only ("Reader's order weight" in
# docs/tuning-log.md; how deep it reads, RetrievalSettings.reader_depth: "Reader's depth").
ORDER_WEIGHT = 0.5
# ... and in their scores, which the citation gap reads (AnswerSettings.cite_gap): the
# weight the gap was measured with. A larger one widens the gaps and fewer paragraphs
# are cited ("Learned order for short questions": citation recall 0.618 -> 0.591).
WEIGHT = 0.25


class Reader:
    """Scores (question, paragraph) pairs; thread-safe, loaded on first use.

    It runs through index.embed.PlainBert, the embedder's own plain-torch network, with
    the fine-tuned weights in place of the packaged ones and the scoring head on the
    first token: the same scores as transformers' BertForSequenceClassification
    without importing transformers (about 3 s at every start)."""

    def __init__(self, weights: Path = WEIGHTS_FILE, precision: str = "auto") -> None:
        self.weights = weights
        # as the embedder's (index.embed.resolve_precision): in bfloat16 it takes half
        # the time, within 0.1 log-odds of float32 ("Reader" in docs/tuning-log.md)
        self.precision = resolve_precision(precision)
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                from safetensors.torch import load_file
                from tokenizers import Tokenizer

                trained = load_file(str(self.weights))
                if not set(trained) >= HEAD or not all(k.startswith(TRAINED) for k in trained):
                    raise ValueError(f"{self.weights}: not the reader's weights")
                folder = Path(model_location(BASE))
                bert = PlainBert(folder, self.precision, replaced=trained)
                tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
                tokenizer.no_padding()
                tokenizer.enable_truncation(MAX_TOKENS, strategy="longest_first")
                self._model = (tokenizer, bert)
        return self._model

    def scores(self, question: str, texts: list[str]) -> np.ndarray:
        """The log-odds that each text answers the question."""
        if not texts:
            return np.zeros(0)
        tokenizer, bert = self._load()
        torch = bert.torch
        encoded = tokenizer.encode_batch([(question, text) for text in texts])
        with torch.inference_mode():
            states, _ = bert.hidden([e.ids for e in encoded], [e.type_ids for e in encoded])
            pooled = torch.tanh(bert.linear(states[:, 0], "pooler.dense"))
            return bert.linear(pooled, "classifier").float().squeeze(-1).numpy()


def read(
    question: str,
    hits: list[Hit],
    reader: Reader,
    depth: int,
    weight: float = WEIGHT,
    order_weight: float = ORDER_WEIGHT,
) -> list[Hit]:
    """The first `depth` hits in the order of learned score + `order_weight` x the
    reader's score, then the rest as they were. Each read hit's score becomes learned
    score + `weight` x the reader's, and it keeps the reader's own in `read`."""
    head = hits[:depth]
    if not head:
        return list(hits)
    found = [float(value) for value in reader.scores(question, [hit.text for hit in head])]
    ranked = sorted(range(len(head)), key=lambda i: (-(head[i].score + order_weight * found[i]), i))
    read_hits = [
        replace(head[i], score=head[i].score + weight * found[i], read=found[i]) for i in ranked
    ]
    return read_hits + hits[depth:]


@cache
def default_reader(precision: str = "auto") -> Reader:
    """The shipped reader, one per precision per process."""
    return Reader(precision=precision)
