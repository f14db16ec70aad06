"""The figures a text gives, and the days, months and order words it names: what a
claim must give as its paragraph does (assistant/answering/claims.py). Pure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

_ONES = "one two three four five six seven eight nine".split()
_UNITS = _ONES[1:] + "ten eleven twelve thirteen fourteen fifteen sixteen seventeen".split()
_UNITS += ["eighteen", "nineteen"]
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINALS = "third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split()
_ORDINALS += [w + "th" for w in _UNITS[11:]]  # thirteenth ... nineteenth
_NUM = {w: i + 2 for i, w in enumerate(_UNITS)} | {w: i + 3 for i, w in enumerate(_ORDINALS)}
_NUM |= {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_NUM |= {w[:-1] + "ieth": 20 + 10 * i for i, w in enumerate(_TENS)}  # "fortieth"
_COMPOUND = re.compile(rf"\b({'|'.join(_TENS)})[- ]({'|'.join(_ONES)})\b", re.IGNORECASE)
_NUMBER_WORD = re.compile(rf"\b({'|'.join(_NUM)})\b", re.IGNORECASE)
_ORDINAL_DIGITS = re.compile(r"(\d+)(?:st|nd|rd|th)")
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())
MONTHS = frozenset(
    "january february march april may june july august september october november december".split()
)
ORDER = frozenset(("first", "second"))  # "third" and on are figures


def figures(text: str) -> frozenset[str]:
    """The figures a text gives as digits ("eight" is 8); not years, which date a claim."""
    return frozenset(figure_counts(text))


def figure_counts(text: str) -> Counter[str]:
    """Each figure a text gives, with how often it gives it."""
    text = _COMPOUND.sub(lambda m: str(_NUM[m[1].lower()] + _ONES.index(m[2].lower()) + 1), text)
    text = _NUMBER_WORD.sub(lambda m: str(_NUM[m[1].lower()]), text)
    found = (n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", text))
    return Counter(n for n in found if not re.fullmatch(r"(?:19|20)\d\d", n))


def number_term(word: str) -> str:
    """The figure a lower-cased number word or ordinal stands for ("third", "3rd": "3"), or ""."""
    if word in _NUM:
        return str(_NUM[word])
    digits = _ORDINAL_DIGITS.fullmatch(word)
    return digits[1] if digits else ""


def dated(lower: Sequence[str], surface: Sequence[str]) -> tuple[list[str], ...]:
    """The weekdays and months a text's tokens give (capitalised; "Monday's" is Monday),
    and its "first" and "second", each kind in the order given."""
    found: tuple[list[str], ...] = ([], [], [])
    for low, token in zip(lower, surface, strict=True):
        word, shown = low.removesuffix("'s"), re.sub(r"['’]s$", "", token)
        capital = shown[0].isupper()
        for kind, words in enumerate((WEEKDAYS, MONTHS, ORDER)):
            if word in words and (capital or kind == 2) and shown not in found[kind]:
                found[kind].append(shown if kind < 2 else word)
    return found
