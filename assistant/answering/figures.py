"""The figures a text gives, what each counts (scale, currency, share, unit), how it is
bounded ("more than", "nearly") and what of a change it measures ("by", "to", "from"),
and the days, months and order words it names: what a claim must give as its paragraph
does (assistant/answering/claims.py). Pure."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

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


# What a figure counts: its scale ("190 billion", "$190bn"), currency, share ("30 percent"
# against "30 points"), span of time or distance. Each word -> (kind, canonical word).
_MEASURE_WORDS = {
    **dict.fromkeys(("thousand", "k"), ("scale", "thousand")),
    **dict.fromkeys(("million", "m", "mn"), ("scale", "million")),
    **dict.fromkeys(("billion", "bn", "b"), ("scale", "billion")),
    **dict.fromkeys(("trillion", "tn"), ("scale", "trillion")),
    **dict.fromkeys(("$", "dollar"), ("currency", "dollars")),
    **dict.fromkeys(("€", "euro"), ("currency", "euros")),
    **dict.fromkeys(("£", "pound"), ("currency", "pounds")),
    **{w: ("currency", w) for w in ("yuan", "yen", "rouble", "ruble", "rupee")},
    **dict.fromkeys(("%", "percent", "per cent"), ("share", "percent")),
    **dict.fromkeys(("point", "percentage point"), ("share", "points")),
    **{w: ("time", w + "s") for w in ("minute", "hour", "day", "week", "month", "year", "decade")},
    "mile": ("length", "miles"),
    **dict.fromkeys(("kilometre", "kilometer", "km"), ("length", "kilometres")),
}
_MEASURE = re.compile(
    r"(?P<cur>[$€£])?\s?(?P<num>\d+(?:[.,]\d+)*)"
    r"(?:(?P<short>k|m|mn|bn|b|tn)\b|[\s-](?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:[\s-]?(?P<unit>%|km\b)|[\s-](?P<word>per ?cent|percentage points?|points?|dollars?|euros?"
    r"|pounds?|yuan|yen|roubles?|rubles?|rupees?|minutes?|hours?|days?|weeks?|months?"
    r"|years?|decades?|miles?|kilometres?|kilometers?|km)\b)?",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def measures(text: str) -> dict[str, frozenset[tuple[str, str]]]:  # cached: read only
    """What each figure of a text counts, as (kind, word): "$190 billion" gives "190":
    {("currency", "dollars"), ("scale", "billion")}; "three-day" gives "3": {("time", "days")}."""
    found: dict[str, set[tuple[str, str]]] = {}
    for m in _MEASURE.finditer(_spelt_out(text)):
        figure = m["num"].replace(",", "")
        if is_year(figure):
            continue
        words = (m["cur"], m["short"], m["scale"], m["unit"], m["word"])
        for word in (" ".join(w.lower().split()) for w in words if w):  # "per  cent"
            kind = _MEASURE_WORDS.get(word) or _MEASURE_WORDS[word.removesuffix("s")]
            found.setdefault(figure, set()).add(kind)
    return {figure: frozenset(kinds) for figure, kinds in found.items()}


# A bound on a figure: "more than 40" and "nearly 40" cannot both be true.
_BOUND = re.compile(
    r"\b(?:(?P<above>more than|over|above|at least|exceeding|upwards of|in excess of)"
    r"|(?P<below>less than|fewer than|under|below|nearly|almost|up to|at most))"
    r"\s+[$€£]?\s?(?P<num>\d+(?:[.,]\d+)*)",
    re.IGNORECASE,
)


@lru_cache(maxsize=4096)
def bounds(text: str) -> dict[str, dict[str, str]]:  # cached: read only
    """The bounds a text puts on its figures: "more than 40" gives "40": {"above": "more
    than"}; "nearly forty" gives "40": {"below": "nearly"} (the first words of each side)."""
    found: dict[str, dict[str, str]] = {}
    for m in _BOUND.finditer(_spelt_out(text)):
        side = "above" if m["above"] else "below"
        found.setdefault(m["num"].replace(",", ""), {}).setdefault(side, m[side].lower())
    return found


# How a figure measures a change: "rose by 5%" (its size), "to 5%" (where it ended), "from
# 5%" (where it began); "up to" is a bound.
_CHANGE = re.compile(r"(?<!\bup )\b(?P<how>by|to|from)\s+[$€£]?\s?(?P<num>\d+(?:[.,]\d+)*)", re.I)


@lru_cache(maxsize=4096)
def changes(text: str) -> dict[str, frozenset[str]]:  # cached: read only
    """For each figure not a year, the words that say what it measures of a change: "rose
    by 5%" gives "5": {"by"}; "from 9 million to 9.7 million" gives "9": {"from"}, "9.7":
    {"to"}."""
    found: dict[str, set[str]] = {}
    for m in _CHANGE.finditer(_spelt_out(text)):
        if not is_year(num := m["num"].replace(",", "")):
            found.setdefault(num, set()).add(m["how"].lower())
    return {k: frozenset(v) for k, v in found.items()}


def figure_clash(claim: str, text: str) -> str:
    """Why `text` gives a figure of the claim in another scale or unit ("says 190 million,
    the paragraph says 190 billion"), on the other side of a bound ("says more than 40,
    the paragraph says nearly 40") or as another side of a change ("says by 5, the
    paragraph says to 5"), or "". A figure the text gives with no such word, or with the
    claim's among others, is no clash."""
    theirs = measures(text)
    for figure, said in measures(claim).items():
        held = theirs.get(figure, frozenset())
        for kind, word in sorted(said):
            if (other := sorted(w for k, w in held if k == kind)) and word not in other:
                return f"says {figure} {word}, the paragraph says {figure} {' or '.join(other)}"
    theirs_bound = bounds(text)
    for figure, said in bounds(claim).items():
        held = theirs_bound.get(figure, {})
        for side, words in said.items():
            if held and side not in held:
                other = next(iter(held.values()))
                return f"says {words} {figure}, the paragraph says {other} {figure}"
    theirs_change = changes(text)
    for figure, said in changes(claim).items():
        held = theirs_change.get(figure, frozenset())
        if held and not said & held:  # "rose by 5%" where it says "rose to 5%"
            return f"says {min(said)} {figure}, the paragraph says {min(held)} {figure}"
    return ""


def is_year(figure: str) -> bool:
    """Whether a figure reads as a year (1900-2099): it dates a claim, it counts nothing."""
    return bool(re.fullmatch(r"(?:19|20)\d\d", figure))


def figures(text: str) -> frozenset[str]:
    """The figures a text gives as digits ("eight" is 8); not years, which date a claim."""
    return frozenset(figure_counts(text))


def figure_counts(text: str) -> Counter[str]:
    """Each figure a text gives, with how often it gives it."""
    found = (n.replace(",", "") for n in re.findall(r"\d+(?:[.,]\d+)*", _spelt_out(text)))
    return Counter(n for n in found if not is_year(n))


def _spelt_out(text: str) -> str:
    """The text with number words as digits ("forty-two" is 42, "eight" is 8)."""
    text = _COMPOUND.sub(lambda m: str(_NUM[m[1].lower()] + _ONES.index(m[2].lower()) + 1), text)
    return _NUMBER_WORD.sub(lambda m: str(_NUM[m[1].lower()]), text)


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
