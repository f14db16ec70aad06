"""Slips in the words that ask for an article as a whole: "What is this artcle about?",
"sumarize the story", "who wrote ths?". Pure, but for reading an English word list once.

`read` reads a message as `about.whole` does; when it reads as a request only with its
slips read back, that reading. A slip is a word of 4 letters or more that is neither
English (pyspellchecker's list) nor a stopword, one edit from a word requests are made
of (`vocabulary`: the English words `about`'s phrasings spell out whole), or one of a few
short slips ("teh"). Respelling (spelling.py) serves the search for a question's words:
it reads a word as one the articles hold or, when none is near, as a stopword of 5
letters or more, which then weighs nothing: it never makes a message a request.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import islice, product

from assistant.retrieval import about
from assistant.retrieval.spelling import (
    MIN_LETTERS,
    QUESTION_WORDS,
    cased,
    edits,
    english,
    same_start,
)
from index.text import STOPWORDS

# slips too short to read by one edit, of short words requests are made of
_SHORT_SLIPS = {"teh": "the", "hte": "the", "ths": "this", "tht": "that", "abt": "about"}
_WORD = re.compile(r"[A-Za-z]+")
_READINGS = 16  # the most ways of reading a message's slips that are tried
# the words the phrasings spell in parts ("summari[sz]e", "stor(?:y|ies)"), British too
_SPELT_IN_PARTS = ("summarize", "summarise", "summaries", "story", "takeaway", "address")

Slips = tuple[tuple[str, str], ...]


def read(question: str) -> tuple[tuple[str, str] | None, Slips]:
    """`about.whole(question)`; or, when the question reads as a request only with its slips
    in a request's words read back ("What is this artcle about?"), that reading; and
    each (typed, read) slip that reading took. A slip one edit from several such words
    is read as the commonest English word with which the message reads ("wich" as
    "which" in "wich articles mention Putin?", not as "with")."""
    slips = [(m, _meant(m.group(0))) for m in _WORD.finditer(question)]
    slips = [(m, meant) for m, meant in slips if meant]
    for choice in islice(product(*(meant for _, meant in slips)), _READINGS):
        read_as = tuple((m.group(0), word) for (m, _), word in zip(slips, choice, strict=True))
        text, end = "", 0
        for (m, _), word in zip(slips, choice, strict=True):
            text += question[end : m.start()] + cased(word, m.group(0))
            end = m.end()
        if slips and (asked := about.whole(text + question[end:])) is not None:
            return asked, read_as
    return about.whole(question), ()


def _meant(typed: str) -> list[str]:
    """The request's words a typed word may be a slip of, commonest first; [] for none."""
    word = typed.lower()
    if word in _SHORT_SLIPS:
        return [_SHORT_SLIPS[word]]
    if len(word) < MIN_LETTERS or word in vocabulary() or word in STOPWORDS:
        return []
    if word in english():
        return []
    near = [w for w in edits(word) & vocabulary() if same_start(w, word)]
    return sorted(near, key=lambda w: (-english().get(w, 0), w))


@cache
def vocabulary() -> frozenset[str]:
    """The words requests are made of: the English words of 4 letters or more that
    `about`'s phrasings spell out whole, its framing words and the question words.
    A slip that is no English word is read as one of these when one edit away
    ("sumarize", "artcle", "waht")."""
    text = " ".join(re.sub(r"\(\?P<\w+>|\\[a-zA-Z]", " ", p.pattern) for p in about.PHRASINGS)
    spelt = re.findall(r"(?<![a-z])[a-z]+(?![a-z(\[])", text.lower())  # not "stor(?:y|ies)"
    found = {w for w in {*spelt, *about.REQUEST_WORDS, *QUESTION_WORDS} if w in english()}
    return frozenset(w for w in found | set(_SPELT_IN_PARTS) if len(w) >= MIN_LETTERS)
