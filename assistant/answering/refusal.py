"""The fixed refusal: what Newsdesk says when the loaded articles do not answer, and the
caution it gives with an answer it doubts."""

from __future__ import annotations

import re

from assistant.retrieval.asked import number_asked
from assistant.types import Answer, Hit

REFUSAL = "I could not find this in the loaded articles."
# Said with an answer the refusal decision doubts (answerability.py, "Answers given with
# a caution" in docs/tuning-log.md): such answers are right less often, and some are to
# questions the articles do not answer.
CAUTION = "This may not answer the question: the best paragraphs match it only weakly."
# Said instead of the reason when a refused message asks for something other than an
# answer from the articles (retrieval/about.py, `asks_a_task`): "translate it", "make a
# table", "list all the people named".
TASK_NOTE = (
    "Newsdesk answers questions from the loaded articles, quoting and citing the "
    "paragraphs; it does not translate, rewrite, tabulate or list what they name. Ask what "
    "an article says, e.g. “Who greeted Xi at the airport?”, or “What is this article about?”."
)
# What a who/when/where/how-many/how-long question asks for (retrieval/asked.py), as said.
_KIND_WORDS = {
    "duration": "a length of time",
    "date": "a date or time",
    "score": "a score",
    "name": "a name the question does not give",
    "place": "a place the question does not give",
}


def kind_caution(kind: str, question: str = "", further: bool = False) -> str:
    """The caution for an answer none of whose sentences gives the kind of answer asked
    (for a number, what the question counts: "a number of goals", "an amount of money"),
    or (`further`) only one quoted from a paragraph that matches the question less well
    than those it leads with."""
    asked = number_asked(question) if kind == "number" else _KIND_WORDS[kind]
    if further:
        return (
            f"This may not answer the question: only a paragraph that matches it less well "
            f"gives {asked}."
        )
    return f"This may not answer the question: none of its sentences gives {asked}."


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
