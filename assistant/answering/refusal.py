"""The fixed refusal: what Newsdesk says when the loaded articles do not answer."""

from __future__ import annotations

import re

from assistant.types import Answer, Hit

REFUSAL = "I could not find this in the loaded articles."

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
