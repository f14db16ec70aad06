"""Pure word-level text helpers: words, stemmed terms, and terms weighed by rarity."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable
from functools import cache

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

STOPWORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been
    before being below between both but by can could did didn't do does doesn't doing don't
    down during each few for from further had has have having he her here hers herself him
    himself his how i if in into is isn't it it's its itself just let's me more most my
    myself no nor not of off on once only or other ought our ours ourselves out over own
    same she should so some such than that that's the their theirs them themselves then
    there there's these they this those through to too under until up very was wasn't we
    were weren't what what's when where which while who whom who's why with won't would
    you your yours yourself yourselves also s t said says say according article articles
    report reported reports reporting news much many whether either neither yet still even
    ever just like well""".split()
)


@cache
def _stemmer():
    import Stemmer

    return Stemmer.Stemmer("english")


# Initials written with dots: one word, as people type them ("U.S." as "US", "J.K.")
_DOTTED_INITIALS = re.compile(r"\b(?:[A-Za-z]\.){2,}")
# Letters that may carry an accent (Latin-1 to Latin Extended-B, Latin Extended Additional,
# combining marks): only a text with one is decomposed; curly quotes alone are not
_ACCENTABLE = re.compile(r"[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]")
# How words are read; a saved index of words read otherwise is rebuilt (index/lexical.py)
WORD_RULES = "lower; Latin letters unaccented; initials undotted"


def plain(text: str) -> str:
    """`text` as people type it: letters without their accents ("Beyoncé" as "Beyonce")
    and initials without their dots ("U.S." as "US")."""
    if not text.isascii() and _ACCENTABLE.search(text):
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    if "." in text:
        text = _DOTTED_INITIALS.sub(lambda m: m.group().replace(".", ""), text)
    return text


def words(text: str) -> list[str]:
    """Lower-cased words (letters and digits; inner apostrophes kept), read plain."""
    return [w.replace("’", "'") for w in _TOKEN.findall(plain(text).lower())]


def terms(text: str) -> list[str]:
    """Stemmed content words: what lexical matching compares."""
    content = [w for w in words(text) if w not in STOPWORDS]
    return _stemmer().stemWords([w.removesuffix("'s") for w in content])


def term_weights(
    text: str, document_frequency: Callable[[str], int], n_docs: int
) -> dict[str, float]:
    """A text's terms weighted by BM25's inverse document frequency; a term found in
    no document weighs most."""
    weights: dict[str, float] = {}
    for term in terms(text):
        df = document_frequency(term)
        weights[term] = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    return weights


def holds(word: str, document_frequency: Callable[[str], int]) -> bool:
    """Does some document hold the word (each of its stems)?"""
    stems = terms(word)
    return bool(stems) and all(document_frequency(t) for t in stems)


def coverage(weights: dict[str, float], found: frozenset[str] | set[str]) -> float:
    """The share of the weighted terms' weight that `found` holds."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in found) / total if total else 0.0


# A name of capitalised words, with the small words that may join them ("Federal Bureau
# of Investigation", "Organization of the Petroleum Exporting Countries")
_CAPITAL = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_JOINING = r"(?:of|for|and|the|on|in|to|&)"
_NAME_RUN = re.compile(rf"{_CAPITAL}(?:(?:[ \t]+{_JOINING})*[ \t]+{_CAPITAL})+")
_CAPITAL_WORD = re.compile(_CAPITAL)
MIN_INITIALS, MAX_INITIALS = 3, 6  # "UN" or "PM" spell too many names to read as one


def initialisms(text: str) -> set[tuple[str, str]]:
    """(initials, name) for each name of 3 to 6 capitalised words in a text, and each
    run of such words within a longer one: ("amaa", "American Medical Association
    Alliance"), ("ama", "American Medical Association"). The words that join them
    ("of", "the") give no initial, as in "FBI"; nor does a name begin or end with such a
    word capitalised ("After the Conjuring and Insidious" is no name: "The Federal
    Bureau of Investigation" gives "fbi" only)."""
    found = set()
    for run in _NAME_RUN.finditer(text):
        capitals = list(_CAPITAL_WORD.finditer(run.group(0)))
        for i, first in enumerate(capitals):
            for last in capitals[i + MIN_INITIALS - 1 : i + MAX_INITIALS]:
                if {first.group(0).lower(), last.group(0).lower()} & STOPWORDS:
                    continue
                span = capitals[i : capitals.index(last) + 1]
                initials = "".join(w.group(0)[0] for w in span).lower()
                found.add((initials, run.group(0)[first.start() : last.end()]))
    return found
