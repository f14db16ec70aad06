"""Misspelt words of a question, read as the word the articles use. Pure, but for
reading an English word list once.

People type fast: "how many days is xi stayng in russia", "waht job does john kirby
have". A word that no loaded paragraph holds matches nothing in BM25, weighs most in
the answer's coverage of the question and counts as a word the articles lack, so the
question is answered badly or refused. A word that no paragraph holds, and that one
edit (a letter left out, added, changed, or two swapped) turns into a word that
some paragraph holds, is read as that word; the question's first word may be
read as a question word ("waht" -> "what"; "wat" too, an English word a thousand times
rarer than "what"). These stay as they were:
- an English word (one of the 160,572 of pyspellchecker's English word list, MIT):
  "plane" is no misspelling of "place" because one article never says "plane", nor
  "ticker" of "ticket";
- an acronym, unless the articles never write it but write a name whose capitalised
  words it spells: "AMAA" is read as "American Medical Association Alliance" when one
  story spells that out and none says "AMAA" (index.text.initialisms: 3 to 6 letters);
- a capitalised name, unless it is 5 letters or more and one edit from a name the
  articles write capitalised ("Neveda" -> "Nevada"): a name the articles never mention
  is the best sign that they cannot answer, and read as a common word ("Goyal" as
  "goal") or as a short near name ("Bren" as "Ben") it would hide that;
- a word that no edit turns into one of the articles' words.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Collection, Mapping
from functools import cache

from index.text import MIN_INITIALS, STOPWORDS, terms

QUESTION_WORDS = ("what", "who", "when", "where", "which", "why", "how", "whom", "whose")
MIN_LETTERS = 4  # a shorter word is one edit from too many others
MIN_NAME_LETTERS = 5  # ... and a shorter name from too many other names
MIN_CHUNKS = 1  # the word read instead is held by at least this many chunks
# a stopword this long is read for a word one edit from it ("agianst" as "against"); a
# shorter one is one edit from too many words ("thee", "whet")
MIN_SMALL_WORD = 5
_SMALL_WORDS = frozenset(w for w in STOPWORDS if len(w) >= MIN_SMALL_WORD and w.isalpha())
# A first word one edit from a question word, and this much rarer in English, is a slip
# of it: "wat" (680 in pyspellchecker's counts) for "what" (17 million), not "ho" for "how"
RARE_SHARE = 0.001
# a word of letters of any script; letters glued to digits ("6PPD", "A380") are a code,
# not a word: neither respelt nor read as an acronym
_WORD = re.compile(r"(?<![^\W_])[^\W\d_]+(?:['’][^\W\d_]+)?(?![^\W_])")


def edits(word: str) -> set[str]:
    """Every word one edit from `word`: a letter deleted, swapped with the next,
    replaced or inserted."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters = string.ascii_lowercase
    return (
        {a + b[1:] for a, b in cuts if b}
        | {a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1}
        | {a + c + b[1:] for a, b in cuts if b for c in letters}
        | {a + c + b for a, b in cuts for c in letters}
    ) - {word}


@cache
def english() -> Mapping[str, int]:
    """English words, lower-cased, and how often each was counted: pyspellchecker's word
    list, shipped in its wheel (read once, about 0.2 s, the first time a question holds
    a word the articles lack)."""
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en").word_frequency.dictionary)


def respelled(
    question: str,
    spellings: Mapping[str, int],
    document_frequency: Callable[[str], int],
    lexicon: Collection[str] | Mapping[str, int] | None = None,
    names: Mapping[str, int] | None = None,
    acronyms: Mapping[str, str] | None = None,
) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The question with its misspelt words replaced, and each (typed, read) pair.
    `spellings` counts the chunks that hold each word as written (lower-cased),
    `document_frequency` those that hold a stemmed term: a word whose stem some chunk
    holds ("adopts" beside "adopted") is no misspelling, nor is a word of `lexicon`
    (English words, with their counts when a mapping; `english()` when None). `names`
    counts the chunks that write a word capitalised (lower-cased); without it, no
    capitalised word is respelt. `acronyms` maps initials (lower-cased) to the name they
    spell in the articles."""

    def english_words() -> Collection[str] | Mapping[str, int]:
        return english() if lexicon is None else lexicon  # read only when needed

    def held(word: str) -> bool:
        stems = terms(word)
        return word in spellings or bool(stems and document_frequency(stems[0]))

    def slip_of_question_word(word: str) -> str:
        """The question word a first word is a slip of, or ""."""
        words = english_words()
        for asked in (w for w in QUESTION_WORDS if w in edits(word)):
            if word not in words:
                return asked
            if isinstance(words, Mapping) and words[word] < RARE_SHARE * words.get(asked, 0):
                return asked
        return ""

    def name_of(acronym: str) -> str:
        """The name an acronym no chunk writes spells out in the articles, or ""."""
        if len(acronym) < MIN_INITIALS or not acronym.isupper() or held(acronym.lower()):
            return ""
        return spelt_out.get(acronym.lower(), "")

    def kin_of(near: list[str]) -> str:
        """The commonest English word of `near` whose stem some chunk holds, or ""."""
        words = english_words()
        kin = [w for w in near if w in words and held(w)]
        rank = (lambda w: (words[w], w)) if isinstance(words, Mapping) else (lambda w: (0, w))
        return max(kin, key=rank, default="")

    read: list[tuple[str, str]] = []

    def replace(match: re.Match) -> str:
        typed = match.group(0)
        word = typed.lower().replace("’", "'")
        for end in ("'s", "’s", "s"):  # "ICC's" the court's, "ATMs" the machines
            if typed.endswith(end) and (spelt := name_of(acronym := typed[: -len(end)])):
                read.append((acronym, spelt))
                return spelt + end
        if word in STOPWORDS or "'" in word or not word.isascii() or held(word):
            return typed  # edits make ASCII words only: "Beyoncé" is no "Beyonc" + "é"
        if match.start() == first and (asked := slip_of_question_word(word)):
            read.append((typed, asked))
            return cased(asked, typed)
        if typed.isupper() and len(typed) > 1:  # an acronym (or a word of a shouted question)
            if spelt := name_of(typed):
                read.append((typed, spelt))
                return spelt
            return typed
        if word in english_words():
            return typed
        name = typed[:1].isupper() and match.start() != first
        if name and (names is None or len(word) < MIN_NAME_LETTERS):
            return typed
        if len(word) < MIN_LETTERS:
            return typed
        near = [w for w in edits(word) if w not in STOPWORDS and same_start(w, word)]
        if name and names is not None:  # only as a word the articles mostly write capitalised
            near = [w for w in near if 2 * names.get(w, 0) >= spellings.get(w, 0)]
        count, best = max(((spellings.get(w, 0), w) for w in near), default=(0, ""))
        if count < MIN_CHUNKS:  # none held: an English word whose stem the articles hold
            # ("comming": "coming", as "come"), or a small word ("agianst"); never a name
            best = "" if name else kin_of(near) or _small_word_slipped(word)
            if not best:
                return typed
        read.append((typed, best))
        return cased(best, typed)

    first = next((m.start() for m in _WORD.finditer(question)), -1)
    spelt_out = {} if acronyms is None or question.isupper() else acronyms
    return _WORD.sub(replace, question), tuple(read)


def _small_word_slipped(word: str) -> str:
    """The stopword of at least MIN_SMALL_WORD letters one edit from `word` ("agianst",
    "becuase", "shoudl"), or "". A question's small words carry no subject, so reading
    one as typed left a word no article holds, counted against the question."""
    if len(word) < MIN_SMALL_WORD:
        return ""
    near = sorted(w for w in edits(word) if w in _SMALL_WORDS and same_start(w, word))
    return near[0] if len(near) == 1 else ""


def same_start(word: str, typed: str) -> bool:
    """Does `word` begin as `typed` does, or with its first two letters swapped? People
    seldom mistype a word's first letter: "duel" is not read as "fuel"."""
    return word[:1] == typed[:1] or word[:2] == typed[1::-1]


def cased(word: str, like: str) -> str:
    """`word` capitalised as `like` is."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word.capitalize() if like[:1].isupper() else word
