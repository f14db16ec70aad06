"""The word lists of the claim check (assistant/answering/claims.py), read from the data
file beside this one: synonym groups, opposite directions, and plain lists."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from index.text import terms


def _word_lists(path: Path) -> dict[str, str]:
    """The [section]s of the word-list file, each as its text (comments left out)."""
    sections: dict[str, list[str]] = {}
    name = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        if line.startswith("[") and line.rstrip().endswith("]"):
            name = line.strip()[1:-1]
            sections[name] = []
        else:
            sections[name].append(line.strip())
    return {k: "\n".join(v) for k, v in sections.items()}


_LISTS = _word_lists(Path(__file__).with_name("claim_words.txt"))
_SYNONYMS, _DIRECTIONS = _LISTS.pop("synonyms"), _LISTS.pop("directions")
# The plain word lists by [section] name, and "name=alias" pairs ("u.s.=united states").
WORDS = {name: frozenset(words.split()) for name, words in _LISTS.items()}
ALIASES = {a.replace("_", " "): b for a, b in (p.split("=") for p in WORDS["aliases"])}
# Each word of [alternatives] -> (its line, its value's first word): "indicted" ->
# ("arrested", "charged"): words of one line exclude each other.
ALTERNATIVE_LINES = tuple(_LISTS["alternatives"].splitlines())
ALTERNATIVES = {
    word: (line.split()[0], value.split()[0])
    for line in ALTERNATIVE_LINES
    for value in line.split("/")
    for word in value.split()
}


@cache
def canon() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """Stem -> term, direction -> its opposite, terms of no direction ("talks between")."""
    term_of, opposite = {}, {}  # type: dict[str, str], dict[str, str]
    for group in _SYNONYMS.split("|"):
        first, *_ = members = group.split()
        term_of |= {stem: "" if first[0] == "-" else first for stem in terms(" ".join(members))}
    for line in _DIRECTIONS.split(";"):
        (a, up), (b, down) = (side.split(":") for side in line.split("/"))
        a, b = f"+{a.strip()}", f"+{b.strip()}"
        opposite |= {a: b, b: a}
        term_of |= {terms(w)[0]: a for w in up.split()} | {terms(w)[0]: b for w in down.split()}
    symmetric = {term_of.get(s, s) for s in terms(" ".join(WORDS["symmetric"]))}
    return term_of, opposite, frozenset(symmetric) | {""}
