"""The fixed refusal: what Newsdesk says when the loaded articles do not answer, and the
caution it gives with an answer it doubts."""

from __future__ import annotations

import re

from assistant.types import Answer, Hit

REFUSAL = "I could not find this in the loaded articles."
# Said with an answer the refusal decision doubts (answerability.py, "Answers given with
# a caution" in docs/tuning-log.md): such answers are right less often, and some are to
# questions the articles do not answer.
CAUTION = "This may not answer the question: the best paragraphs match it only weakly."

# The refusal's words, read loosely: an LLM may write "that" for "this", or drop "loaded".
_REFUSAL_WORDS = re.compile(
    r"could not find (?:this|that|it) in the (?:loaded )?articles", re.IGNORECASE
)
assert _REFUSAL_WORDS.search(REFUSAL), "the pattern must match the refusal itself"


def refusal(hits: tuple[Hit, ...] = (), note: str = "") -> Answer:
    """The fixed refusal: no citations; `note` may say why."""
    return Answer(text=REFUSAL, refused=True, hits=hits, note=note)


def is_refusal(text: str) -> bool:
    """True for the fixed refusal sentence (or a model's close copy of it)."""
    return bool(_REFUSAL_WORDS.search(text))
