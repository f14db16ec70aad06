"""Does the corpus hold what a question is about? Checks made before answering.

A question about an outlet that is not loaded, or about a person, place or
thing that no loaded paragraph mentions, cannot be answered from the loaded
articles however close the nearest paragraph looks. Saying so beats quoting
the nearest paragraph.
"""

from __future__ import annotations

import re
from itertools import combinations

from assistant.answer import term_weights
from assistant.understand import Understanding
from index.lexical import LexicalIndex
from index.text import STOPWORDS, terms

_CAPITALISED = re.compile(
    r"[A-Z][\w’'.&-]*(?:\s+(?:of|de|da|del|van|von|ten|der|la|le|al|bin|el)?\s*[A-Z0-9][\w’'.&-]*)*"
)
# On MultiHop-RAG's answerable dev questions at most 16 % of a question's
# weight lies in words absent from the corpus; "the boiling point of tungsten"
# asked of one news article has 73 %. One unknown word alone is more often a
# rewording than a sign that the subject is missing, so it takes two.
MAX_UNKNOWN_SHARE = 0.4

# Months, days and anything with a digit are dates or codes, not names.
_DATE_WORD = re.compile(
    r"(?i)(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|\S*\d\S*"
)
_NOT_NAMES = frozenset(
    """considering considered based according given between after before following during which
    who whom whose what when where why how does do did is are was were has have had can
    could would will should may might must yes no if in on at for from by with as the a an
    and or but this that these those it its article articles report reports""".split()
)


def names(question: str, understanding: Understanding) -> list[str]:
    """Capitalised names in a question, leaving out outlets and sentence-initial words."""
    outlets = [(m.start, m.end) for m in understanding.mentions]
    found = []
    for match in _CAPITALISED.finditer(question):
        a, b = match.span()
        if any(x < b and a < y for x, y in outlets):
            continue
        tokens = [
            t
            for t in match.group(0).split()
            if t.lower().strip("’'.") not in _NOT_NAMES and not _DATE_WORD.fullmatch(t)
        ]
        name = " ".join(tokens).strip(" .’'")
        if name and any(t.lower() not in STOPWORDS for t in tokens):
            found.append(name)
    return found


def missing_names(question: str, understanding: Understanding, index: LexicalIndex) -> list[str]:
    """Names in the question that no stored paragraph contains.

    A name of one or two words must appear whole; a longer one ("Belgium
    Women's National Football Team") is often written differently in an
    article, so most of its words appearing together is enough.
    """
    missing = []
    for name in names(question, understanding):
        name_terms = sorted(set(terms(name)))
        if not name_terms:
            continue
        needed = len(name_terms) if len(name_terms) <= 2 else (len(name_terms) + 1) // 2
        if not any(
            index.chunks_with_all(list(group)) for group in combinations(name_terms, needed)
        ):
            missing.append(name)
    return missing


def unknown_words(question: str, index: LexicalIndex) -> tuple[list[str], float]:
    """The question's words that no stored paragraph contains, and their share of
    the question's weight (rare words weigh more; see answer.term_weights)."""
    weights = term_weights(question, index.document_frequency, max(len(index.ids), 1))
    total = sum(weights.values())
    unknown = [t for t in weights if index.document_frequency(t) == 0]
    return unknown, (sum(weights[t] for t in unknown) / total if total else 0.0)


def why_unanswerable(question: str, understanding: Understanding, index: LexicalIndex) -> str:
    """A reason the loaded articles cannot answer the question, or "" if none is seen."""
    unknown, share = unknown_words(question, index)
    if len(unknown) >= 2 and share >= MAX_UNKNOWN_SHARE:
        words = ", ".join(unknown)
        return f"Most of what the question asks about appears in no loaded article ({words})."
    if understanding.missing_outlets:
        outlets = ", ".join(dict.fromkeys(understanding.missing_outlets))
        return f"No articles from {outlets} are loaded."
    missing = missing_names(question, understanding, index)
    if missing:
        return f"No loaded article mentions {', '.join(dict.fromkeys(missing))}."
    return ""
