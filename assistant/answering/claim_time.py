"""What a claim says of time, checked against a paragraph or passage: the day, month or
order it gives, whether a thing is done or only planned, and which of two things came
first (assistant/answering/claims.py). Pure."""

from __future__ import annotations

from functools import lru_cache

from assistant.answering.claim_text import Text, clause_before, clause_span, content_after
from assistant.answering.claim_words import WORDS
from assistant.answering.figures import dated


def calendar_clash(claim: Text, paragraph: Text) -> str:
    """Why the paragraph gives another day, month or order than the claim ("on Monday"
    where it says "on Friday", "second" where it says "first"), or "". A day the
    paragraph does not give at all is no clash: an answer may date what it reports."""
    mine, theirs = dated(claim.lower, claim.surface), dated(paragraph.lower, paragraph.surface)
    for said, held in zip(mine, theirs, strict=True):
        lowered = {w.lower() for w in held}
        if held and (extra := [w for w in said if w.lower() not in lowered]):
            return f"says {extra[0]}, the paragraph says {' and '.join(held)}"
    return ""


_PLAN_TO = WORDS["plan_to"]  # "is set to", "about to", "tried to": what follows is not done
_HEDGED = WORDS["hedges"] | {"will", "would", "shall"}


@lru_cache(maxsize=8192)
def plans(t: Text) -> tuple[tuple[str, str], ...]:
    """What the text says will (or would) happen rather than did: (the first content term
    after "will", "would", "is set to", "expected to" ..., the words that say it)."""
    found = []
    for i, word in enumerate(t.lower):
        if t.surface[i] in ("will", "would", "shall"):  # "Will said" names Will Smith
            after = i + 1
        elif word in _PLAN_TO and t.lower[i + 1 : i + 2] == ("to",):
            after = i + 2
        else:
            continue
        head, j = content_after(t, after)
        if head:
            found.append((head, " ".join(t.surface[i : j + 1])))
    return tuple(found)


def planned_clash(claim: Text, passage: Text) -> str:
    """Why the passage says is to happen what the claim says happened ("took place"
    against "set to take place"), or "". Where the claim plans it too, or a "will",
    "expected", "could", "whether" stands before it in its clause, it agrees."""
    planned = {head for head, _ in plans(claim)}
    for head, phrase in plans(passage):
        said = [k for k, term in enumerate(claim.term) if term == head]
        if head in planned or not said:
            continue
        if not any(_hedged_before(claim, k) for k in said):
            return f'the paragraph says "{phrase}"'
    return ""


def _hedged_before(t: Text, k: int) -> bool:
    """Whether a "will", "could", "whether" or "set to" stands before token `k` in its clause
    ("about" alone is no plan; "about to" is)."""
    words = clause_before(t, k)
    following = t.lower[k - len(words) + 1 : k + 1]
    return any(
        w in _HEDGED or (w in _PLAN_TO and n == "to") for w, n in zip(words, following, strict=True)
    )


def _sequence_words(t: Text) -> list[str]:
    """For each token: "before" (before, prior to, ahead of), "after", or ""."""
    out = []
    for i, w in enumerate(t.lower):
        nxt = t.lower[i + 1 : i + 2]
        if w in ("before", "after") and nxt != ("all",):  # not "after all"
            out.append(w)
        elif (w, nxt) in (("prior", ("to",)), ("ahead", ("of",))):
            out.append("before")
        else:
            out.append("")
    return out


def _sides_of(t: Text, i: int, most: int = 8) -> tuple[set[str], set[str]]:
    """The content terms before and after token `i`, within its clause."""
    start, end = clause_span(t, i, most)
    return set(t.term[start:i]) - {""}, set(t.term[i + 1 : end]) - {""}


def order_clash(claim: Text, passage: Text) -> str:
    """Why the passage puts in the other order two things the claim orders ("X before Y"
    where it says "X after Y"), or "". "Y after X" says the same as "X before Y"."""
    theirs = [(j, w, *_sides_of(passage, j)) for j, w in enumerate(_sequence_words(passage)) if w]
    for i, word in enumerate(_sequence_words(claim)):
        if not word:
            continue
        left, right = _sides_of(claim, i)
        verdicts = []  # for each passage word about the same two things: does it agree?
        for j, other, l2, r2 in theirs:
            kept = len(left & l2) + len(right & r2)  # the same things on the same sides
            crossed = len(left & r2) + len(right & l2)
            if kept != crossed:  # as many either way: it cannot tell
                verdicts.append(((other == word) == (kept > crossed), j))
        if verdicts and not any(agrees for agrees, _ in verdicts):
            said, j = claim.surface[i], verdicts[0][1]
            if passage.lower[j] == claim.lower[i]:  # "X after Y" where it says "Y after X"
                return f"says '{said}' of what the paragraph has the other way round"
            return f"says '{said}', the paragraph says '{passage.surface[j]}'"
    return ""
