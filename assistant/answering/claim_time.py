"""What a claim says of time, checked against a paragraph or passage: the day, month or
order it gives, whether a thing is done, only planned, asked for or supposed, on what
condition, and which of two things came first (assistant/answering/claims.py). Pure."""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from assistant.answering.claim_text import (
    Text,
    clause_before,
    clause_span,
    content_after,
    terms_around,
)
from assistant.answering.claim_words import WORDS
from assistant.answering.figures import dated


def calendar_clash(claim: Text, paragraph: Text) -> str:
    """Why the paragraph gives another day, month or order than the claim ("on Monday"
    where it says "on Friday", "second" where it says "first"), or "". A day the
    paragraph does not give at all is no clash: an answer may date what it reports. Each
    order word as often as the claim gives it, where the paragraph gives the other
    ("between its second and second reports" against "its first and second reports")."""
    mine, theirs = dated(claim.lower, claim.surface), dated(paragraph.lower, paragraph.surface)
    for said, held in zip(mine, theirs, strict=True):
        lowered = {w.lower() for w in held}
        if held and (extra := [w for w in said if w.lower() not in lowered]):
            return f"says {extra[0]}, the paragraph says {' and '.join(held)}"
    order = theirs[2]
    for word in mine[2] if len(order) > 1 else ():
        if (n := claim.lower.count(word)) > (m := paragraph.lower.count(word)):
            other = next(w for w in order if w != word)
            return f"says {word} {n} times, the paragraph {m} and says {other}"
    return ""


_PLAN_TO = WORDS["plan_to"]  # "is set to", "about to", "tried to": what follows is not done
_ASK_TO = WORDS["ask_to"]  # "urged the company to recall": what follows is only asked for
_PLAN_ING = WORDS["plan_ing"]  # "considering cutting": what follows may happen
_MAY = ("may", "might", "could")  # lower-case: "May" is a month
_NOT = WORDS["negations"] | {"n't"}  # "could not reach" is the negation rule's to read
_HEDGED = WORDS["hedges"] | {"will", "would", "shall"}
_POSSIBLE = WORDS["hedges"] | _PLAN_ING | {"maybe", "likely", "possible", "potentially"}
_CONDITIONAL = _POSSIBLE | {"would", "unless", "provided", "depending"}


class Plan(NamedTuple):
    """What a text says will, would or may happen rather than did."""

    head: str  # the first content term after "will", "is set to", "urged ... to", "may" ...
    phrase: str  # the words that say it, from the word that plans it to `head`
    how: str  # "plan", "asked" (urged, called on, expected ... to; should, must) or "may"
    at: int  # the position of `head`
    start: int  # the position of the word that plans it ("will", "set", "urged" ...)


@lru_cache(maxsize=8192)
def plans(t: Text) -> tuple[Plan, ...]:
    """What the text says will, would or may happen rather than did ("will visit", "is
    set to take", "urged ... to recall", "may", "considering cutting" ...)."""
    found = []
    for i, word in enumerate(t.lower):
        nxt = t.lower[i + 1 : i + 2]
        if t.surface[i] in ("will", "would", "shall"):  # "Will said" names Will Smith
            after, how = i + 1, "plan"
        elif word in _PLAN_TO and nxt == ("to",):
            after, how = i + 2, "plan"
        elif (to := _asked_to(t, i)) is not None:
            after, how = to + 1, "asked"
        elif word in ("should", "must") and nxt not in (("have",), *((n,) for n in _NOT)):
            after, how = i + 1, "asked"  # "Russia should withdraw": asked, not done
        elif _may(t, i):
            after, how = i + 1, "may"
        else:
            continue
        head, j = content_after(t, after)
        if head:
            found.append(Plan(head, " ".join(t.surface[i : j + 1]), how, j, i))
    return tuple(found)


def _asked_to(t: Text, i: int, most: int = 5) -> int | None:
    """The position of the "to" that follows an "urged", "called on", "expected" ... at
    token `i` within `most` words of its clause ("urged the company to recall"), or None."""
    if t.lower[i] not in _ASK_TO:
        return None
    end = clause_span(t, i, most)[1]
    return next((j for j in range(i + 1, end) if t.lower[j] == "to"), None)


def _may(t: Text, i: int) -> bool:
    """Whether token `i` says that what follows may happen: "may", "might", "could" (not
    before a negation), or "considering", "proposed" ... before an -ing word."""
    nxt = t.lower[i + 1 : i + 2]
    if t.surface[i] in _MAY:
        return not (nxt and nxt[0] in _NOT)
    return t.lower[i] in _PLAN_ING and bool(nxt) and nxt[0].endswith("ing")


def _opens_condition(t: Text, i: int) -> bool:
    """Whether token `i` opens a condition: "if", "unless", "provided that", "as long as"."""
    word, nxt = t.lower[i], t.lower[i + 1 : i + 2]
    if word in ("provided", "providing"):
        return nxt == ("that",)
    if word == "long":
        return t.lower[i - 1 : i] == ("as",) and nxt == ("as",)
    return word in ("if", "unless")


def _supposed(t: Text, most: int = 10) -> list[tuple[int, int]]:
    """The token spans [start, end) of the clauses that "if", "unless" ... open, "if" left
    out ("if the senate passes the bill": the senate passes the bill)."""
    return [
        (i + 1, clause_span(t, i, most)[1]) for i in range(len(t.lower)) if _opens_condition(t, i)
    ]


def supposed_clash(claim: Text, passage: Text) -> str:
    """Why the claim says what the passage only supposes ("the senate passed the bill"
    against "if the senate passes the bill"), or "": the claim holds half or more of the
    content words of a clause that "if" or "unless" opens (two at least), none of them
    supposed in the claim too or with a hedge before it ("could", "whether")."""
    own = {k for start, end in _supposed(claim) for k in range(start, end)}
    for start, end in _supposed(passage):
        held = {passage.term[j] for j in range(start, end)} - {""}
        held = {term for term in held if not term.isdigit()}
        said = [k for k, term in enumerate(claim.term) if term in held]
        if len({claim.term[k] for k in said}) >= max(2, len(held) / 2) and not any(
            k in own or _hedged_before(claim, k, _POSSIBLE) for k in said
        ):
            return f'the paragraph says "{" ".join(passage.surface[start - 1 : end])}"'
    return ""


# Before "if", no condition: "even if", "as if", "asked if" (whether), "see if"
_NOT_CONDITION = WORDS["not_condition"]


_THEN = ("and", "but", "or", "so", "then")  # before a condition that opens its clause


def _conditioned(t: Text, most: int = 12) -> list[tuple[int, int, int, int, int]]:
    """For each "if", "unless", "provided that" or "as long as" that puts a condition on a
    clause of the text: the span [start, end) of that clause, where the words that open
    the condition start and end, and where the condition ends ("Xi will visit Kyiv if
    Russia agrees", "If the bill passes, taxes will rise")."""
    found = []
    for i, word in enumerate(t.lower):
        lead = t.lower[i - 1] if i else ""
        if not _opens_condition(t, i) or (word in ("if", "unless") and lead in _NOT_CONDITION):
            continue  # "even if", "asked if"
        first = i - 1 if word == "long" else i  # "as long as", "provided that"
        last = i + 1 if word in ("long", "provided", "providing") else i
        opens = first == 0 or first in t.ends or t.lower[first - 1] in _THEN
        end = clause_span(t, last, 2 * most if opens else most)[1]
        if opens:  # "If X, M", "... and, if X, M": the clause that follows
            main = clause_span(t, end, most) if end < len(t.term) else (end, end)
        else:  # "M if X", "M, if X": the clause before
            main = (clause_span(t, first - 1, most)[0], first)
        found.append((*main, first, last, end))
    return found


def unconditioned_clash(claim: Text, passage: Text) -> str:
    """Why the claim says outright what the passage says only on a condition ("Xi will
    visit Kyiv" against "Xi will visit Kyiv if Russia agrees"), or "": the claim holds
    half or more of the conditioned clause's content terms (two at least), fewer than half
    of the condition's own, and no hedge before them ("could", "would", "if", "whether")."""
    for start, end, i, opened, last in _conditioned(passage):
        main = {term for term in passage.term[start:end] if term and not term.isdigit()}
        condition = set(passage.term[opened + 1 : last]) - main - {""}
        said = [k for k, term in enumerate(claim.term) if term in main]
        if not condition or len({claim.term[k] for k in said}) < max(2, len(main) / 2):
            continue
        if len(condition & claim.terms) < len(condition) / 2 and not any(
            _hedged_before(claim, k, _CONDITIONAL) for k in said
        ):
            return f'leaves out "{" ".join(passage.surface[i:last])}"'
    return ""


# What a claim must have before the word, for each way a passage says it is not done
_AGREES = {"plan": _HEDGED, "asked": _HEDGED | _ASK_TO, "may": _POSSIBLE}


def planned_clash(claim: Text, passage: Text) -> str:
    """Why the passage says is to happen what the claim says happened ("took place"
    against "set to take place", "recalled" against "urged ... to recall"), or may happen
    what the claim says did or will ("will visit" against "may visit"), or "". Where the
    claim plans it too (for what may happen: says it may), or a "will", "expected",
    "could", "whether" stands before it in its clause ("demanded" for what was asked;
    for what may happen: "could", "may", "whether", "considering"), it agrees."""
    planned = {p.head for p in plans(claim)}
    possible = {p.head for p in plans(claim) if p.how == "may"}
    ahead = {p.at for p in plans(passage)}
    for head, phrase, how, at, _ in plans(passage):
        said = [k for k, term in enumerate(claim.term) if term == head]
        if not said or head in (possible if how == "may" else planned):
            continue
        if all(_done_too(claim, k, passage, at, ahead) for k in said):
            continue
        if not any(_hedged_before(claim, k, _AGREES[how]) for k in said):
            return f'the paragraph says "{phrase}"'
    return ""


def _done_too(claim: Text, k: int, passage: Text, at: int, ahead: set[int]) -> bool:
    """Whether the passage also says done what the claim's token `k` says, in the claim's
    own form ("met", where the plan says "meet") and nearer the claim's words than its plan
    at `at` is ("met in Moscow" for "The ministers met in Moscow", not for "met again"
    against "met in Moscow and will meet again")."""
    word, near = claim.lower[k], terms_around(claim, k)
    plan = len(near & terms_around(passage, at))
    return word != passage.lower[at] and any(
        w == word and j not in ahead and len(near & terms_around(passage, j)) > plan
        for j, w in enumerate(passage.lower)
    )


_PAST = WORDS["past"]
_SOON = ("will", "shall")  # and a [plan_to] word after "is", "are", or ending in -s: "plans to"


_SAME_PAST = WORDS["same_past"]
_DONE_AFTER = frozenset("has have had was were been he she it".split())


def _done(t: Text, j: int) -> bool:
    """Whether token `j` is a past form: "visited", "met" (not "need", "red"); "cut" after
    "has", "was", "he" or a name ("The Fed cut rates"; not "to cut", "they cut")."""
    word = t.lower[j]
    if word not in _SAME_PAST:
        return word in _PAST or (len(word) > 4 and word.endswith("ed"))
    if j > 0 and t.lower[j - 1] in _DONE_AFTER:
        return True
    starts = (n.start for n in t.names if n.end == j - 1)  # one name, not "A and B cut"
    return any(s == 0 or t.lower[s - 1] not in ("and", "&", "or") for s in starts)


def _could_not(t: Text, j: int) -> int | None:
    """The position of the "could" of "could not", "couldn't", "could no longer", "could
    never" just before token `j` (at most three words before it), or None: what could not
    be done, as a story tells it, was so; it is no plan."""
    for at in range(max(j - 3, 0), j):
        word = t.lower[at].replace("’", "'")
        if word == "couldn't" or (word == "could" and t.lower[at + 1] in _NOT):
            return at
    return None


def done_clash(claim: Text, passage: Text) -> str:
    """Why the claim says is to happen what the passage says was done ("will visit" against
    "visited"), or "". Only "will", "shall" and a present plan ("is set to", "plans to")
    count: "was expected to begin" may be said of what began. Where the passage plans or
    hedges the word too, or gives it in the claim's own form only, it agrees."""
    ahead = {p.at for p in plans(passage)}
    for head, phrase, how, k, i in plans(claim):
        word, before = claim.lower[i], claim.lower[i - 1 : i]
        present = word.endswith("s") or before in (("is",), ("are",), ("'s",))
        if how != "plan" or not (word in _SOON or (word in _PLAN_TO and present)):
            continue
        said = [j for j, term in enumerate(passage.term) if term == head]
        unable = [(j, at) for j in said if (at := _could_not(passage, j)) is not None]
        if unable and _could_not(claim, k) is None:  # "could no longer run": it was so
            j, at = unable[0]
            return f'says "{phrase}", the paragraph says "{" ".join(passage.surface[at : j + 1])}"'
        if any(j in ahead or _hedged_before(passage, j, _HEDGED | _POSSIBLE) for j in said):
            continue
        own = "" if claim.lower[k] in _SAME_PAST else claim.lower[k]  # "cut" is a past too
        done = [j for j in said if _done(passage, j) and passage.lower[j] != own]
        if done:  # "cut" is read as done by the word before it: show both
            at = done[0] - (passage.lower[done[0]] in _SAME_PAST)
            words = " ".join(passage.surface[at : done[0] + 1])
            return f'says "{phrase}", the paragraph says "{words}"'
    return ""


def _said_forms() -> dict[str, set[str]]:
    """Each word of saying and its past forms: "said" for "say"; the -ed words of
    [reporting] are regular ("noted": "note"; "added": "add")."""
    forms = {"say": {"said"}, "tell": {"told"}, "write": {"wrote"}, "announce": {"announced"}}
    for past in (w for w in WORDS["reporting"] if w.endswith("ed")):
        for base in (past[:-1], past[:-2]):
            forms.setdefault(base, set()).add(past)
    return forms


_SAID = _said_forms()


def said_clash(claim: Text, passage: Text) -> str:
    """Why the claim says one will say what the passage says was said ("will say" against
    "said", among the same words or by the same speaker: '"...," she will say' against
    '"...," she said'), or "": words of saying carry no term, so `done_clash` does not see
    them. Where the passage also says it will be said, it agrees."""
    for i, word in enumerate(claim.lower[:-1]):
        forms = _SAID.get(claim.lower[i + 1], set())
        if claim.surface[i] not in ("will", "shall") or not forms:
            continue
        near, hedged, verb = terms_around(claim, i + 1), _HEDGED | _POSSIBLE, claim.lower[i + 1]
        speaker = claim.lower[i - 1] if i else ""  # "she" of "she will say"
        planned = (j for j, w in enumerate(passage.lower) if w == verb)
        if any(_hedged_before(passage, j, hedged) for j in planned):
            continue  # "told him, and will tell him more": agrees
        done = (
            j for j, theirs in enumerate(passage.lower)
            if theirs in forms and not _hedged_before(passage, j, hedged)
            and (near & terms_around(passage, j) or j and speaker == passage.lower[j - 1])
        )  # fmt: skip
        if (j := next(done, None)) is not None:
            said = f"{word} {claim.surface[i + 1]}"
            return f'says "{said}", the paragraph says "{passage.surface[j]}"'
    return ""


def _hedged_before(t: Text, k: int, hedges: frozenset[str]) -> bool:
    """Whether one of `hedges` ("will", "could", "whether") or a "set to" stands before token
    `k` in its clause ("about" alone is no plan; "about to" is)."""
    words = clause_before(t, k)
    following = t.lower[k - len(words) + 1 : k + 1]
    return any(
        w in hedges or (w in _PLAN_TO and n == "to") for w, n in zip(words, following, strict=True)
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
                verdicts.append(((other == word) == (kept > crossed), j, kept + crossed))
        # The passage words most about the claim's two things decide ("before accepting"
        # for "after accepting", not "before betting").
        most = max((shared for *_, shared in verdicts), default=0)
        verdicts = [(agrees, j) for agrees, j, shared in verdicts if shared == most]
        if verdicts and not any(agrees for agrees, _ in verdicts):
            said, j = claim.surface[i], verdicts[0][1]
            if passage.lower[j] == claim.lower[i]:  # "X after Y" where it says "Y after X"
                return f"says '{said}' of what the paragraph has the other way round"
            return f"says '{said}', the paragraph says '{passage.surface[j]}'"
    return ""
