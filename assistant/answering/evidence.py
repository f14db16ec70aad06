"""Does the corpus hold what a question is about? Outlets, names and words it lacks.

A question about an outlet that is not loaded cannot be answered from the loaded
articles however close the nearest paragraph looks. Names and words no loaded
paragraph holds are signals of the answerability decision (answerability.py).
"""

from __future__ import annotations

from itertools import combinations

from assistant.retrieval.understand import Understanding, names
from index.lexical import LexicalIndex
from index.split import sentences
from index.text import terms

_QUOTES = "\"'“”‘’"


def missing_names(question: str, understanding: Understanding, index: LexicalIndex) -> list[str]:
    """Names in the question that no stored paragraph contains.

    A name of one or two words must appear whole; a longer one ("Belgium
    Women's National Football Team") is often written differently in an
    article, so most of its words appearing together is enough. The first word of
    the question, and of each sentence in it, alone is capitalised as any first word
    is ("Roughly how many ...", "Who is Kirby? Explain briefly."): not a name here (if
    no paragraph holds it, it is an unknown word).
    """
    missing = []
    outlets = tuple((m.start, m.end) for m in understanding.mentions)
    firsts = (s.split()[0] for s in sentences(question) if s.split())
    openings = {word.strip(_QUOTES).rstrip("?,.:;!") for word in firsts}
    for name in names(question, skip=outlets):
        if name in openings:
            continue
        name_terms = sorted(set(terms(name)))
        if not name_terms:
            continue
        needed = len(name_terms) if len(name_terms) <= 2 else (len(name_terms) + 1) // 2
        if not any(
            index.chunks_with_all(list(group)) for group in combinations(name_terms, needed)
        ):
            missing.append(name)
    return missing


def unknown_words(weights: dict[str, float], index: LexicalIndex) -> tuple[list[str], float]:
    """Of a question's weighted terms (index.text.term_weights), those no stored
    paragraph contains, and their share of the question's weight."""
    total = sum(weights.values())
    unknown = [t for t in weights if index.document_frequency(t) == 0]
    return unknown, (sum(weights[t] for t in unknown) / total if total else 0.0)


def missing_outlets(understanding: Understanding) -> str:
    """The reason to refuse a question about outlets none of whose articles are loaded
    (a question says which outlet it asks about; nothing else can answer it), or ""."""
    if understanding.missing_outlets:
        outlets = ", ".join(dict.fromkeys(understanding.missing_outlets))
        return f"No articles from {outlets} are loaded."
    return ""
