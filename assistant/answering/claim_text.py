"""A text as the claim check reads it (assistant/answering/claims.py): its tokens with
their canonical terms, clause breaks and the names it gives; and the small look-ups
over them that the checks share. Pure; each text is analysed once (cached)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from os.path import commonprefix
from typing import NamedTuple

from assistant.answering.claim_words import ALIASES, WORDS, canon
from assistant.answering.figures import number_term
from index.text import STOPWORDS, terms

_TITLES, _NOT_NAMES, _LIGHT = WORDS["titles"], WORDS["not_names"], WORDS["light"]


@lru_cache(maxsize=65536)
def word_term(word: str) -> str:
    """The canonical term of one lower-cased word, or "" for a stopword."""
    if number := number_term(word):  # "3", "third", "3rd"
        return number
    stem = (terms(word) or [""])[0]
    return canon()[0].get(stem, stem)


_ORDINARY = "|".join([*STOPWORDS, *_NOT_NAMES]).replace("'", "'?") + r"|\w+(?:ly|ing|ed)"
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_CLAUSE_BREAK = re.compile(r"[,;:()–—.!?]| - ")
_STARTS = re.compile(r"[.!?:“\"‘(]")


class Name(NamedTuple):
    key: tuple[str, ...]  # lower-cased words, possessive dropped
    start: int  # token positions, inclusive
    end: int
    surface: str
    unsure: bool  # one capitalised word opening a sentence: may be an ordinary word


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one per text (cached)
class Text:
    text: str
    lower: tuple[str, ...]
    surface: tuple[str, ...]
    term: tuple[str, ...]
    brk: tuple[bool, ...]  # a clause break before the token
    names: tuple[Name, ...]
    named: frozenset[int]  # positions of the tokens of (sure) names
    terms: frozenset[str]
    content: frozenset[str]  # terms other than the names'
    ends: frozenset[int]  # positions of tokens after a sentence's end (".", "!", "?")


@lru_cache(maxsize=8192)
def analyse(text: str) -> Text:
    """Tokens with their terms, clause breaks and the names the text gives."""
    norm = re.sub(r"\b([A-Z])\.([A-Z])\.", r"\1\2", text)  # "U.S." is "US"
    spans = list(_TOKEN.finditer(norm))
    gaps = [norm[(spans[i - 1].end() if i else 0) : m.start()] for i, m in enumerate(spans)]
    surface = tuple(m[0] for m in spans)
    lower = tuple(s.lower().replace("’", "'") for s in surface)
    term = tuple(word_term(w) for w in lower)
    starts = [i == 0 or bool(_STARTS.search(g)) for i, g in enumerate(gaps)]
    names, group = [], []  # type: list[Name], list[int]

    def close() -> None:
        # "The", "Since", "Officials", "Following" opening a sentence are no names.
        while group and starts[group[0]] and re.fullmatch(_ORDINARY, lower[group[0]]):
            group.pop(0)
        if group and not all(lower[i] in _NOT_NAMES for i in group):
            key = " ".join(lower[i].removesuffix("'s").removesuffix("'") for i in group)
            shown = surface[group[0]] + "".join(gaps[i] + surface[i] for i in group[1:])
            shown = shown.removesuffix("'s").removesuffix("’s")
            unsure = len(group) == 1 and starts[group[0]]
            names.append(
                Name(tuple(ALIASES.get(key, key).split()), group[0], group[-1], shown, unsure)
            )
        group.clear()

    for i, word in enumerate(surface):
        capital = word[0].isupper() and lower[i] != "i"
        title = lower[i] in _TITLES  # "Foreign Minister Sergei Lavrov" names Sergei Lavrov
        # One name: "Sergei Lavrov", "Bankman-Fried", "AT&T"; a comma or "and" ends it.
        if group and (gaps[i] not in (" ", "-", "&") or not capital or title):
            close()
        if capital and not title:
            group.append(i)
    close()
    named = frozenset(i for n in names if not n.unsure for i in range(n.start, n.end + 1))
    found = frozenset(term) - {""}
    return Text(
        text, lower, surface, term,
        tuple(i == 0 or bool(_CLAUSE_BREAK.search(g)) for i, g in enumerate(gaps)),
        tuple(names), named, found, found - {term[i] for i in named},
        frozenset(i for i, g in enumerate(gaps) if i and re.search(r"[.!?]", g)),
    )  # fmt: skip


def same_name(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """One name holds the other ("Xi" in "Xi Jinping"), or is the other's initials ("ICC")."""

    def same(x: str, y: str) -> bool:  # equal, or a demonym and its place ("Russians")
        short, long_ = sorted((x, y), key=len)
        n = len(commonprefix([short, long_]))
        rest = long_[n:]
        suffix = rest in ("n", "an", "ian", "ese", "i", "ish", "ean", "ns", "ians", "ans")
        return x == y or (n >= 4 and len(short) - n <= 1 and (suffix or len(rest) <= 1))

    small, big = sorted((a, b), key=len)
    if all(any(same(w, v) for v in big) for w in small):
        return True
    return len(small) == 1 and len(big) > 1 and small[0] == "".join(w[0] for w in big)


def content_after(t: Text, start: int) -> tuple[str, int]:
    """The first content term from `start` that is not a name, within one clause."""
    for j in range(start, min(start + 7, len(t.term))):
        if j > start and t.brk[j]:
            break
        if t.term[j] and j not in t.named and t.lower[j] not in _LIGHT and not t.term[j].isdigit():
            return t.term[j], j
    return "", start


def clause_span(t: Text, i: int, most: int) -> tuple[int, int]:
    """The token positions [start, end) around token `i` within its clause, at most
    `most` tokens on each side."""
    start, end = i, i + 1
    while start > max(0, i - most) and not t.brk[start]:
        start -= 1
    while end < min(len(t.term), i + 1 + most) and not t.brk[end]:
        end += 1
    return start, end


def clause_before(t: Text, k: int, most: int = 8) -> tuple[str, ...]:
    """The words before token `k` in its clause, at most `most` of them."""
    return t.lower[clause_span(t, k, most)[0] : k]


def clause_terms(t: Text, i: int) -> set[str]:
    """The terms around a token and its own, within its clause (4 tokens each side)."""
    start, end = clause_span(t, i, 4)
    return {w for w in t.term[start:end] if w and w[0] != "+"}


def terms_around(t: Text, i: int) -> set[str]:
    """The terms around a token within its clause, not its own."""
    return clause_terms(t, i) - {t.term[i]}
