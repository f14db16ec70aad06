"""Pure text splitting: article -> chunks, paragraph -> sentences.

A chunk never spans two paragraphs, so every citation names exactly one
paragraph. A paragraph longer than the embedding model reads is cut into
several chunks at sentence boundaries; they keep the paragraph's number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from index.types import Article, Chunk

# all-MiniLM-L6-v2 reads 256 word pieces; English news runs about 1.3 word
# pieces a word, so 170 words stay inside the window with room to spare.
MAX_CHUNK_WORDS = 170
# ... and text without spaces (a run of symbols, another script) is held to this.
MAX_CHUNK_CHARS = 1200
# A "word" with no space in it (a URL, a run of symbols) is cut at this length.
MAX_TOKEN_CHARS = 400

# Titles: a name always follows ("Dr. He Jiankui"), so they never end a sentence.
_TITLES = frozenset("mr mrs ms dr prof st sen rep gov gen col lt sgt capt cmdr adm".split())
_ABBREVIATIONS = _TITLES | frozenset(
    """jr sr inc co corp ltd vs etc e.g i.e u.s u.k u.n no jan feb mar apr jun jul aug sep
    sept oct nov dec fig est approx dept univ ave blvd mt ft""".split()
)
# A sentence ends at . ! or ? (with any closing quotes or brackets) followed by
# white space and something that can start a sentence.
_BOUNDARY = re.compile(r"""[.!?…]+["'”’)\]]*\s+(?=["'“‘(\[]?[A-Z0-9])""")
_WORD = re.compile(r"\S+")
_INITIALS = re.compile(r"(?:[A-Z]\.){2,}")
_OPENING_MARKS = "\"'“‘(["  # before a word: not part of it
# Words that open a sentence and seldom go on with a name: "... in the U.S. The company"
# ends a sentence after the abbreviation.
_OPENERS = frozenset(
    "The He She It They We I His Her Its Their There This These That But And In As When While"
    " After If So Yet Still Now Then".split()
)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`, white space trimmed.

    Abbreviations ("Mr.", "U.S.") and initials ("J. Smith", "K.J. Choi") do not end a
    sentence, unless a word that opens sentences follows ("in the U.S. The company").
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        last = _last_word(text[start : match.start() + 1])
        if _ends_with_abbreviation(last) and not _opens_one(last, text[match.end() :]):
            continue
        end = match.end()
        spans.append(_trim(text, start, end))
        start = end
    if start < len(text):
        spans.append(_trim(text, start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def sentences(text: str) -> list[str]:
    """The sentences of `text`, each an exact substring."""
    return [text[a:b] for a, b in sentence_spans(text)]


def _last_word(piece: str) -> str | None:
    """The last word of `piece` without opening quotes or brackets, or None when empty."""
    words = piece.rstrip().split()
    return words[-1].strip(_OPENING_MARKS) if words else None


def _ends_with_abbreviation(last: str | None) -> bool:
    """Whether a sentence's last word is an abbreviation or initials (None: no word)."""
    if last is None:
        return True
    if not last.endswith("."):
        return False
    stem = last[:-1].lower()
    initials = _INITIALS.fullmatch(last) is not None  # "K.J. Choi", "J.R.R. Tolkien"
    return stem in _ABBREVIATIONS or (len(stem) == 1 and stem.isalpha()) or initials


def _opens_one(last: str | None, rest: str) -> bool:
    """Whether `rest` opens a sentence after the abbreviation or initials `last` ("in
    the U.S. The company"); never after a title ("Dr. He Jiankui")."""
    after = rest[:40].split()[:1]
    title = last is not None and last[:-1].lower() in _TITLES
    return bool(after) and after[0].strip(_OPENING_MARKS) in _OPENERS and not title


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _word_spans(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Word spans inside text[start:end]; over-long words are cut into pieces."""
    for match in _WORD.finditer(text, start, end):
        a, b = match.span()
        while b - a > MAX_TOKEN_CHARS:
            yield a, a + MAX_TOKEN_CHARS
            a += MAX_TOKEN_CHARS
        yield a, b


def chunk_spans(
    text: str, max_words: int = MAX_CHUNK_WORDS, max_chars: int = MAX_CHUNK_CHARS
) -> list[tuple[int, int]]:
    """Spans of `text` with at most `max_words` words and `max_chars` characters
    each, cut at sentence ends where possible, else between words. Together they
    cover every word of the text, in order, once."""
    if max_words < 1:
        raise ValueError(f"max_words must be at least 1, not {max_words}")
    chunks: list[tuple[int, int]] = []
    count = 0
    for a, b in sentence_spans(text) or [(0, len(text))]:
        words = list(_word_spans(text, a, b))
        fits = chunks and count + len(words) <= max_words and b - chunks[-1][0] <= max_chars
        if fits:
            chunks[-1] = (chunks[-1][0], b)
            count += len(words)
            continue
        # A sentence that does not fit starts a new chunk; one too long for a
        # chunk of its own is cut between words.
        for wa, wb in words:
            grows = chunks and chunks[-1][0] >= a and count < max_words
            if grows and wb - chunks[-1][0] <= max_chars:
                chunks[-1] = (chunks[-1][0], wb)
                count += 1
            else:
                chunks.append((wa, wb))
                count = 1
    return chunks


def split_article(
    article: Article, max_words: int = MAX_CHUNK_WORDS, max_chars: int = MAX_CHUNK_CHARS
) -> list[Chunk]:
    """The chunks of an article, in order; each belongs to one paragraph."""
    chunks: list[Chunk] = []
    for number, paragraph in enumerate(article.paragraphs, start=1):
        for part, (a, b) in enumerate(chunk_spans(paragraph, max_words, max_chars)):
            chunks.append(Chunk(article.id, number, part, paragraph[a:b]))
    return chunks
