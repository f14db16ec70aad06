"""Does the corpus hold what a question is about? Checks made before answering.

A question about an outlet that is not loaded, or about a person, place or
thing that no loaded paragraph mentions, cannot be answered from the loaded
articles however close the nearest paragraph looks. Saying so beats quoting
the nearest paragraph.
"""

from __future__ import annotations

import re

from assistant.understand import Understanding
from index.lexical import LexicalIndex
from index.text import STOPWORDS, terms

_CAPITALISED = re.compile(r"[A-Z][\w’'.&-]*(?:\s+(?:of|de|da|del|van|von|ten|der|la|le|al|bin|el)?\s*[A-Z0-9][\w’'.&-]*)*")
_NOT_NAMES = frozenset(
    """considering considered based according given between after before following during
    which who whom whose what when where why how does do did is are was were has have had
    can could would will should may might must yes no if in on at for from by with as the a an
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
        tokens = [t for t in match.group(0).split() if t.lower().strip("’'") not in _NOT_NAMES]
        name = " ".join(tokens).strip(" .’'")
        if name and any(t.lower() not in STOPWORDS for t in tokens):
            found.append(name)
    return found


def missing_names(question: str, understanding: Understanding, index: LexicalIndex) -> list[str]:
    """Names in the question that no stored paragraph contains."""
    missing = []
    for name in names(question, understanding):
        name_terms = terms(name)
        if name_terms and not index.chunks_with_all(name_terms):
            missing.append(name)
    return missing


def why_unanswerable(question: str, understanding: Understanding, index: LexicalIndex) -> str:
    """A reason the loaded articles cannot answer the question, or "" if none is seen."""
    if understanding.missing_outlets:
        outlets = ", ".join(dict.fromkeys(understanding.missing_outlets))
        return f"No articles from {outlets} are loaded."
    missing = missing_names(question, understanding, index)
    if missing:
        return f"No loaded article mentions {', '.join(dict.fromkeys(missing))}."
    return ""
