"""The fixed refusal: what Newsdesk says when the loaded articles do not answer, and the
caution it gives with an answer it doubts."""

from __future__ import annotations

import re

from assistant.retrieval.asked import asks_time_of_day, gives, kind_asked, number_asked
from assistant.types import Answer, Hit, noted

REFUSAL = "I could not find this in the loaded articles."
# Said with an answer the refusal decision doubts (answerability.py, "Answers given with
# a caution" in docs/tuning-log.md): such answers are right less often, and some are to
# questions the articles do not answer.
CAUTION = "This may not answer the question: the best paragraphs match it only weakly."
# ... and with the refusal of such an answer when it gives nothing of the kind asked
# (`judged`)
WEAK = "The best paragraphs match the question only weakly."
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


def _asked(kind: str, question: str) -> str:
    """The kind of answer asked, as said: "a date or time", "a number of goals"."""
    if kind == "date" and asks_time_of_day(question):
        return "a time of day"
    return number_asked(question) if kind == "number" else _KIND_WORDS[kind]


def kind_caution(kind: str, question: str = "", further: bool = False) -> str:
    """The caution for an answer none of whose sentences gives the kind of answer asked
    (for a number, what the question counts: "a number of goals", "an amount of money"),
    or (`further`) only one quoted from a paragraph that matches the question less well
    than those it leads with."""
    asked = _asked(kind, question)
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


_KINDLESS = ("", "definition")  # kind_asked: no kind, or one of too many forms to tell


def asks_a_kind(question: str) -> bool:
    """Does the question ask for a kind of answer a sentence can be seen to give or not (a
    who/when/where/how-many/how-long question; a definition has too many forms to tell)?"""
    return kind_asked(question) not in _KINDLESS


def lacking(answer: Answer, question: str, best: list[Hit]) -> tuple[str, bool] | None:
    """For an answer to a question that `asks_a_kind`: (the kind asked, False) when none
    of its sentences gives it (retrieval/asked.py), (kind, True) when only a sentence
    quoted from a paragraph beyond the `best` does (extractive.leading); else None."""
    kind = kind_asked(question)
    if answer.refused or kind in _KINDLESS:
        return None
    cited = {c.n: (c.article_id, c.paragraph) for c in answer.citations}
    giving = [s for s in answer.sentences if gives(s.text, kind, question)]
    if not giving:
        return kind, False
    best_keys = {hit.key for hit in best}
    if all(cited.get(n) not in best_keys for s in giving for n in s.citations):
        return kind, True
    return None


def with_caution(answer: Answer, caution: str = CAUTION) -> Answer:
    """The answer marked as doubted, saying so (`caution`); a refusal as it is."""
    return answer if answer.refused else noted(answer, caution, caution=caution)


def judged(answer: Answer, question: str, best: list[Hit], doubtful: bool) -> Answer:
    """The answer as composed, with a caution, or refused. The refusal decision that
    `doubtful` an answer (answerability.py) and none of its sentences giving the kind asked
    refuse together: each alone cautions ("Doubted and giving nothing of the kind asked"
    in docs/tuning-log.md)."""
    lacks = lacking(answer, question, best)
    if doubtful and lacks and not lacks[1]:
        asked = _asked(lacks[0], question)
        return refusal(
            answer.hits, note=f"{WEAK} None of the sentences that match it best gives {asked}."
        )
    if doubtful:
        return with_caution(answer)
    return with_caution(answer, kind_caution(lacks[0], question, lacks[1])) if lacks else answer
