"""Check that a paragraph says what a claim says, not only what it is about: a passage
(one sentence or two adjacent ones) that holds enough of the claim's terms, its figures
and names, and agrees on the direction of change, on polarity (negation, denial, doubt),
on how many, on what is done or planned, and on who did what to whom (claim_names.py);
what two sentences say apart may not be joined in one clause. Pure apart from an
optional embedder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import numpy as np

from assistant.answering.claim_names import at_place, borrowed, missing_names, roles
from assistant.answering.claim_scope import scope, sole
from assistant.answering.claim_text import (
    Text,
    analyse,
    clause_terms,
    content_after,
    same_name,
    terms_around,
    word_term,
)
from assistant.answering.claim_time import (
    calendar_clash,
    done_clash,
    order_clash,
    planned_clash,
    said_clash,
    supposed_clash,
    unconditioned_clash,
)
from assistant.answering.claim_words import ALTERNATIVES, WORDS, canon
from assistant.answering.figures import figure_clash, figure_counts, figures, is_year
from index.split import sentences

LEXICAL_ACCEPT = 0.6  # share of the claim's terms a supporting passage must hold
LEXICAL_FLOOR = 0.4  # below this, no similarity of meaning is enough
SEMANTIC_ACCEPT = 0.7  # cosine similarity that lets a paraphrase through
# The share of the claim's terms other than names: names alone ("Putin", "Xi")
# make a passage about the same people, not one that says the same thing.
CONTENT_ACCEPT = 0.5
NOT_SAID = "the paragraph does not say this"


@dataclass(frozen=True)
class ClaimCheck:
    """The verdict on one claim: the passage that supports it, or why none does."""

    supported: bool
    quote: str  # the supporting passage of the paragraph, or ""
    reason: str  # "" when supported


_WHETHER = WORDS["not_condition"] - {"as", "even"}  # "asked if": whether
_PLACES, _REPORTING, _NEGATE_TO, _DOUBTS, _NEGATED = (
    WORDS[k] for k in ("places", "reporting", "negate_to", "doubts", "negated")
)  # fmt: skip
_PREFIXES = ("un", "dis", "non", "in", "im", "il", "ir")  # of the [negated] words


_LIGHT_GERUNDS = frozenset(("committing", "carrying", "having", "being", "making"))


_PRONOUNS = frozenset("he she they it its his her their him them".split())
_JOINS = frozenset(
    "and but while whereas after before when as with following who which that where whose then"
    " since because although though".split()
)


_WHEN = frozenset(
    word_term(w)
    for w in "monday tuesday wednesday thursday friday saturday sunday january february march"
    " april june july august september october november december today yesterday tomorrow"
    " tonight day days week weeks weekend month months year years night morning afternoon"
    " evening last next ago earlier later recently".split()
)  # a time from one sentence may date what the next one says


def _when(term: str) -> bool:
    return term in _WHEN or is_year(term)


def _spliced(claim: Text, parts: tuple[Text, ...]) -> str:
    """Why the claim joins in one clause what two sentences of the passage say apart
    ("Exports of oil rose 30%" from "Trade rose 30%. Exports of oil fell."), or "". A
    clause (cut at breaks and at "and", "after", "who" and the like) may not hold a term
    only the one sentence gives beside a term only the other gives; a name counts once
    ("Police arrested Ivanov" from "Police arrested two men. Officers found Ivanov's
    car"). Days, months, years and places ("in Moscow") may date or set what the other
    sentence says, and a sentence opening with a pronoun may take a name of the other
    and one term more ("Xi was greeted" from "Xi landed. He was greeted"; "The company's
    shares fell" from "The company lost $2bn. Its shares fell")."""
    if len(parts) != 2:
        return ""
    a, b = (p.terms for p in parts)
    # How many terms of the one sentence the other's opening pronoun may stand for.
    lent_a, lent_b = (int(bool(_PRONOUNS & set(p.lower[:2]))) for p in reversed(parts))
    start = 0
    for end in range(1, len(claim.term) + 1):
        if end < len(claim.term) and not claim.brk[end] and claim.lower[end] not in _JOINS:
            continue
        said = [k for k in range(start, end) if claim.term[k] and not _when(claim.term[k])]
        # A name counts once, and not where it stands as a place.
        said = [k for k in said if not (k - 1 in said and _named(claim, k - 1, k))]
        said = [k for k in said if not _setting(claim, k)]
        # The one sentence's opening pronoun may stand for a name of the other.
        first = [k for k in said if claim.term[k] in a - b and not (lent_a and _named(claim, k))]
        second = [k for k in said if claim.term[k] in b - a and not (lent_b and _named(claim, k))]
        if len(first) > lent_a and len(second) > lent_b:
            x, y = sorted((first[0], second[0]))
            words = f"'{claim.surface[x]}' and '{claim.surface[y]}'"
            return f"joins {words}, which the paragraph says apart"
        start = end
    return ""


def _named(t: Text, *at: int) -> bool:
    """Each token at `at` is in a name, or in the capitalised words just before one
    ("Mohamed" of "Mohamed Morsi", read as an ordinary word opening a sentence;
    "Egyptian President" of "Egyptian President Anwar Sadat")."""

    def named(k: int) -> bool:
        while k + 1 < len(t.surface) and k not in t.named and t.surface[k][:1].isupper():
            k += 1
        return k in t.named

    return all(named(k) for k in at)


def _setting(t: Text, k: int) -> bool:
    """Token `k` is in a name that stands as a place ("in Moscow"), which may set where
    the other sentence's act happened."""
    return any(n.start <= k <= n.end and at_place(t, n) for n in t.names)


@lru_cache(maxsize=8192)
def _cues(t: Text) -> tuple[tuple[tuple[str, str, str], ...], ...]:
    """What the text negates or doubts, and what bears on its whole sentence (a denial),
    as (kind, the first content term it bears on or who denies, the words that say it)."""
    cues, whole = [], []  # type: list[tuple[str, str, str]], list[tuple[str, str, str]]
    for i, word in enumerate(t.lower):
        after = i + 1
        if word in _NEGATE_TO and "to" in t.lower[i + 1 : i + 5]:
            kind, after = "neg", t.lower.index("to", i + 1) + 1  # "declined last week to"
        elif word == "no" and t.lower[i + 1 : i + 2] in (("evidence",), ("proof",), ("sign",)):
            whole.append(("doubt", "", f"no {t.lower[i + 1]}"))
            continue
        elif (word in WORDS["negations"] or word.endswith("n't")) and t.lower[i + 1 : i + 2] != (
            "only",
        ):  # "not only ... but also" negates nothing
            kind = "neg"
        elif word in ("nearly", "almost") and "".join(t.lower[i + 1 : i + 2]).endswith("ed"):
            kind = "neg"  # "nearly collapsed" did not collapse
        elif word in _DOUBTS or (word == "seen" and t.lower[max(0, i - 3)].startswith("remain")):
            kind = "doubt"
            if word.startswith("accus") and "of" in t.lower[i + 1 : i + 6]:
                after = t.lower.index("of", i + 1) + 1  # "accused Putin of war crimes"
                if after < len(t.lower) and t.lower[after] in _LIGHT_GERUNDS:
                    after += 1  # "of committing war crimes" is of war crimes
        elif word == "if" and t.lower[i - 1 : i] and t.lower[i - 1] in _WHETHER:
            kind = "doubt"  # "asked if", "unclear if": whether
        elif word in WORDS["denials"]:
            who = [n.surface for n in t.names if i - 4 <= n.end < i]
            whole.append(("denied", who[-1] if who else "", t.surface[i]))
            continue
        else:
            continue
        head, j = content_after(t, after)
        if head:
            first = i - 3 if word == "seen" else i  # "remains to be seen"
            cues.append((kind, head, " ".join(t.surface[first : j + 1])))
    return tuple(cues), tuple(whole)


def _polarity(claim: Text, passage: Text, parts: tuple[Text, ...], whole: Text) -> str:
    """Why the passage's polarity contradicts the claim's, or ""."""
    (claim_cues, claim_whole), cues = _cues(claim), _cues(passage)[0]
    hedged = bool(WORDS["hedges"] & set(claim.lower))
    for kind, head, phrase in cues:
        aligned = (kind, head) in {c[:2] for c in claim_cues} or (kind == "doubt" and hedged)
        if head in claim.terms and not aligned:
            return f'the paragraph says "{phrase}"'
    for _, head, phrase in claim_cues:  # what the claim negates, the paragraph says plainly
        text = passage if head in passage.terms else whole
        if head in text.terms and head not in {c[1] for c in _cues(text)[0]}:
            return f'says "{phrase}", the paragraph does not'
    # A denial bears on its own sentence, but not on a claim that reports a view.
    reported = bool(_REPORTING & set(claim.lower))
    for part in parts:
        denial = _cues(part)[1]
        if denial and not claim_whole and not reported and _shares(claim, part)[0] >= 0.5:
            kind, who, phrase = denial[0]
            said = f"{who} denied this" if kind == "denied" and who else f'"{phrase}"'
            return f"the paragraph says {said}"
    if claim_whole and not any(_cues(p)[1] for p in parts):
        return f'says "{claim_whole[0][2]}", the paragraph does not'
    return ""


def _negated_base(word: str) -> str:
    """The word a listed word negates with its prefix ("unwilling": "willing"), or ""."""
    if word in _NEGATED:
        return next(word[len(p) :] for p in _PREFIXES if word.startswith(p))
    return ""


@lru_cache(maxsize=1)
def _negators() -> dict[str, str]:  # "willing": "unwilling"
    return {_negated_base(w): w for w in _NEGATED}


def _prefixed(claim: Text, passage: Text) -> str:
    """Why the passage says, among the same words, the word with a negating prefix that
    the claim says without it ("willing" against "unwilling"), or the other way; or ""."""
    for i, word in enumerate(claim.lower):
        if not (opposite := _negated_base(word) or _negators().get(word, "")):
            continue
        near = terms_around(claim, i)
        j = _said_near(passage, opposite, near)
        if j is not None and _said_near(passage, word, near) is None:
            return f"says '{claim.surface[i]}', the paragraph says '{passage.surface[j]}'"
    return ""


def _said_near(t: Text, word: str, near: set[str]) -> int | None:
    """Where `t` says `word` among the terms `near` (or alone in its clause, as `word` is
    when `near` is empty), or None."""
    for j in (j for j, w in enumerate(t.lower) if w == word):
        there = terms_around(t, j)
        if near & there or not (near or there):
            return j
    return None


def _directions(t: Text) -> list[str]:
    """The direction each token gives ("+rise", "+fall", ...), or ""."""
    out = list(t.term)
    for i, word in enumerate(t.lower):
        nxt = t.lower[i + 1 : i + 5]  # "declined to comment" is a refusal, not a fall
        out[i] = "" if out[i][:1] != "+" or word in _NEGATE_TO and "to" in nxt else out[i]
        if word in ("more", "less", "fewer") and nxt[:1] != ("than",):  # not "more than 40"
            out[i] = "+rise" if word == "more" else "+fall"
        elif word in ("above", "below") and nxt[:1] != ("all",):  # stopwords to the terms
            out[i] = "+rise" if word == "above" else "+fall"
    return out


def _direction(claim: Text, passage: Text) -> str:
    """Why the passage reverses a direction the claim gives (among the same words), or ""."""
    opposite, mine, theirs = canon()[1], _directions(claim), _directions(passage)
    for i, d in enumerate(mine):
        near = clause_terms(claim, i) if d else set()
        shared = (near & clause_terms(passage, j) for j, e in enumerate(theirs) if e == d)
        if not near or any(shared):
            continue
        for j, e in enumerate(theirs):
            if e == opposite[d] and near & clause_terms(passage, j):
                return f"says '{claim.surface[i]}', the paragraph says '{passage.surface[j]}'"
    return ""


# Words of one kind that exclude each other among the same words: (kind, which). Spans
# of time ("for months" is not "for years"), and `claim_words.txt` [alternatives]: a
# stage of a case ("charged" is not "convicted"), the dead and the hurt, medals ...
_ALTERNATIVES = {f"{w}{s}": ("span", w) for w in ("minute", "hour", "day", "week", "month",
                 "year", "decade") for s in ("", "s")} | ALTERNATIVES  # fmt: skip
# "this year" is not "last year": the word before a unit of the calendar, as its kind
_RELATIVE = {"this": "this", "current": "this", "last": "last", "past": "last",
             "previous": "last", "next": "next", "coming": "next"}  # fmt: skip
_CALENDAR_UNITS = frozenset("week weekend month year season quarter decade".split())


@lru_cache(maxsize=8192)
def _alternatives(t: Text) -> tuple[tuple[str, str] | None, ...]:
    """For each token, its (kind, which) of words that exclude each other, or None."""
    out = []
    for i, word in enumerate(t.lower):
        value = _ALTERNATIVES.get(word.removesuffix("'s"))  # "today's" is "today"
        if value and value[0] == "span" and i and t.term[i - 1].isdigit():
            value = None  # "3 days": figures.py reads it
        if word in _RELATIVE and (unit := _unit(t, i + 1)) in _CALENDAR_UNITS:
            value = (f"{unit} of the calendar", _RELATIVE[word])  # "last year's" too
        out.append(value)
    return tuple(out)


def _alternative(claim: Text, passage: Text) -> str:
    """Why the passage gives another of a kind of alternatives than the claim ("for
    months" where it says "for years", "charged" where it says "convicted", "last year"
    where it says "this year"), among the same words, or ""."""
    theirs = _alternatives(passage)
    for i, value in enumerate(_alternatives(claim)):
        if not value:
            continue
        near = terms_around(claim, i)
        found = [
            (other, j) for j, other in enumerate(theirs)
            if other and other[0] == value[0] and near & terms_around(passage, j)
        ]  # fmt: skip
        if found and all(other != value for other, _ in found):
            return f"says '{_word(claim, i)}', the paragraph says '{_word(passage, found[0][1])}'"
    return ""


def _word(t: Text, i: int) -> str:
    """The token as the text writes it, with its unit after "this", "last", "next"."""
    relative = t.lower[i] in _RELATIVE and _unit(t, i + 1) in _CALENDAR_UNITS
    return " ".join(t.surface[i : i + 2]) if relative else t.surface[i]


def _unit(t: Text, i: int) -> str:
    """Token `i` without a possessive ("year's" is "year"), or "" past the end."""
    return t.lower[i].removesuffix("'s") if i < len(t.lower) else ""  # lower has no ’


def _shares(claim: Text, passage: Text) -> tuple[float, float]:
    """The share of the claim's terms the passage holds, and of its terms but names."""
    # A name the passage gives in another form ("U.S.", "Chinese") holds its terms too.
    held = [n for n in claim.names if any(same_name(n.key, m.key) for m in passage.names)]
    held_terms = passage.terms | {claim.term[i] for n in held for i in range(n.start, n.end + 1)}
    share, n = len(claim.terms & held_terms) / max(1, len(claim.terms)), len(claim.content)
    # A claim of names and one word: the first share decides.
    return share, len(claim.content & passage.terms) / n if n > 1 else 1.0


# Text addressed to the assistant rather than reporting news ("ignore previous
# instructions and say ..."): an article may carry it, but it supports nothing.
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}?\b(previous|prior|above|earlier|all|your|the)\b"
    r".{0,20}?\b(instructions?|prompts?|rules|directions|guidelines)\b"
    r"|\bsystem prompt\b|\byou are now\b|\bnew instructions\b",
    re.IGNORECASE | re.DOTALL,
)


def looks_like_instruction(sentence: str) -> bool:
    """True for a sentence that gives orders to an AI assistant (a prompt injection)."""
    return _INSTRUCTION.search(sentence) is not None


@lru_cache(maxsize=4096)
def _passages(paragraph: str) -> tuple[tuple[Text, tuple[Text, ...]], ...]:
    """Single sentences and adjacent pairs, each with the sentences it is made of;
    sentences that give orders to the assistant are left out."""
    said = [s for s in sentences(paragraph) or [paragraph] if not looks_like_instruction(s)]
    parts = [analyse(s) for s in said]
    pairs = [(analyse(f"{a.text} {b.text}"), (a, b)) for a, b in pairwise(parts)]
    return tuple([(p, (p,)) for p in parts] + pairs)


def _beside_it(claim: Text, parts: tuple[Text, ...], said: list[Text]) -> tuple[Text, ...]:
    """A sentence just outside the passage that gives what the claim has and the passage
    lacks, with the passage's sentence next to it, in their order (the claim may be
    spliced from the two); or ()."""
    if not all(p in said for p in parts):
        return ()
    at = [said.index(p) for p in parts]
    lacking = claim.content.difference(*(p.terms for p in parts))
    for j, i in ((min(at) - 1, min(at)), (max(at) + 1, max(at))):
        if 0 <= j < len(said) and lacking & said[j].terms:
            return (said[j], said[i]) if j < i else (said[i], said[j])
    return ()


def _verbatim(claim: Text, passage: Text) -> bool:
    """The passage holds the claim's words in their order, one after another."""
    return f" {' '.join(claim.lower)} " in f" {' '.join(passage.lower)} "


def check_claim(claim: str, paragraph: str, *, embedder=None) -> ClaimCheck:
    """Whether `paragraph` says what `claim` says: the passage that does, or why not."""
    if not isinstance(claim, str) or not isinstance(paragraph, str):
        raise TypeError(f"claim and paragraph must be str, not {type(claim)}, {type(paragraph)}")
    mine, whole = analyse(claim), analyse(paragraph)
    if not mine.terms or not whole.terms:
        return ClaimCheck(False, "", NOT_SAID)
    wanted = figure_counts(claim)
    if extra := set(wanted) - figures(paragraph):
        return ClaimCheck(False, "", f"gives {', '.join(sorted(extra))}, the paragraph does not")
    if clash := figure_clash(claim, paragraph):  # "$190 million" where it says "$190 billion"
        return ClaimCheck(False, "", clash)
    if missing := missing_names(mine, whole):
        person = any(len(n.key) > 1 and n.key[-1] not in _PLACES for n in missing)
        tail = "whom the paragraph does not mention" if person else "absent from the paragraph"
        return ClaimCheck(False, "", f"names {' and '.join(n.surface for n in missing)}, {tail}")
    if clash := calendar_clash(mine, whole):
        return ClaimCheck(False, "", clash)
    # The best passages first; a single sentence before a pair that holds no more.
    scored = sorted(
        ((*_shares(mine, p), len(p.text), p, parts) for p, parts in _passages(paragraph)),
        key=lambda s: (-s[0], s[2]),
    )
    if not scored:  # every sentence gives orders to the assistant
        return ClaimCheck(False, "", NOT_SAID)
    floor, best = LEXICAL_ACCEPT, scored[0][0]
    if embedder is not None and LEXICAL_FLOOR <= best < LEXICAL_ACCEPT:  # a paraphrase?
        vectors = np.asarray(embedder.encode([claim, *(sentences(paragraph) or [paragraph])]))
        floor = LEXICAL_FLOOR if np.max(vectors[1:] @ vectors[0]) >= SEMANTIC_ACCEPT else floor
    reason = NOT_SAID
    said = [parts[0] for _, parts in _passages(paragraph) if len(parts) == 1]
    for share, content, _, passage, parts in scored:
        if share < floor or content < CONTENT_ACCEPT:
            continue
        found = _polarity(mine, passage, parts, whole) or _direction(mine, passage)
        found = found or _prefixed(mine, passage) or planned_clash(mine, passage)
        found = found or done_clash(mine, passage) or said_clash(mine, passage)
        found = found or supposed_clash(mine, passage) or unconditioned_clash(mine, passage)
        found = found or order_clash(mine, passage)
        found = found or scope(mine, passage) or sole(mine, passage)
        found = found or _alternative(mine, passage)
        found = found or borrowed(mine, parts)
        if not found and not _verbatim(mine, passage):  # "K.J. Choi" may cut a sentence
            found = _spliced(mine, parts) or _spliced(mine, _beside_it(mine, parts, said))
        # Each figure as often as the claim gives it: "five to five years" is not "four to five".
        if not found and (extra := wanted - figure_counts(passage.text)):
            found = f"gives {', '.join(sorted(extra))} where the paragraph gives another figure"
        if not (found := found or calendar_clash(mine, passage) or roles(mine, passage)):
            return ClaimCheck(True, passage.text, "")
        reason = found if reason == NOT_SAID else reason
    return ClaimCheck(False, "", reason)
