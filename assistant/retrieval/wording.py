"""How a question is worded, apart from what it asks. Pure.

People frame a question as a request ("Can you tell me who greeted Xi? Be brief."), fill
it with words of a chat ("wait, which airport was it again") and ask for a measure with a
word the answer need not hold ("how long is the visit" is answered by a "three-day
visit"). Such words are neither searched for nor counted as words no article holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from index.split import sentences
from index.text import holds, term_weights

# Words that frame a request instead of saying what is asked, as people type them in a
# chat: "Can you tell me who ...", "Please explain why ...", "... Be brief.", "..., thanks".
_LEAD = re.compile(
    r"^(?:(?:and|but|ok|okay|hey|hi|please|(?:can|could|would|will)\s+you(?:\s+please)?"
    r"|(?:so|then|also)(?=[\s,]+(?:who|whom|whose|what|which|when|where|why|how)\b)"
    r"|tell\s+(?:me|us)(?:\s+about)?|explain(?:\s+to\s+me)?|describe|summari[sz]e"
    r"|i\s*(?:['’]d|would)\s+like\s+to\s+know|i\s+want\s+to\s+know|do\s+you\s+know)\b[\s,:]*)+",
    re.I,
)
_TAIL = re.compile(
    r"(?:\s*[,;?.!]\s*(?:please|thanks|thank\s+you)|[\s,;]+(?:briefly|for\s+me"
    r"|in\s+(?:brief|short|detail|a\s+few\s+words|one\s+sentence|plain\s+english|simple\s+terms)))$",
    re.I,
)
# words of a chat that ask nothing: "how much fuel exactly", "wait, which airport was it
# again", "so will xi arrest him lol"
_FILLER = re.compile(
    r"\b(?:exactly|actually|basically|lol|lmao|haha|hmm+|um+|uh+|anyway|btw)\b[\s,]*"
    r"|^(?:wait|ok|okay|oh|ah)\b[\s,]+|\s+(?:again|(?:right\s+)?now)(?=[?.!\s]*$)",
    re.I,
)
_FRAMING = frozenset(
    "please explain describe elaborate summarise summarize briefly brief be keep it short simple "
    "concise in detail a few words one sentence thanks thank you for me and more answer quickly "
    "plain english terms".split()
)


def unframed(question: str) -> str:
    """The question without the words that frame it as a request ("Who is Kirby? Explain
    briefly." -> "Who is Kirby?"; "Can you tell me who greeted Xi?" -> "who greeted Xi?"),
    so that they are neither searched for nor counted as words no article holds. As it
    was when nothing else would be left."""
    kept = []
    for sentence in sentences(question) or [question]:
        words = re.findall(r"[\w’']+", sentence.lower())
        if words and all(w in _FRAMING for w in words):
            continue  # "Explain briefly.", "Thanks!"
        text = sentence.rstrip("?.! ")
        end = sentence[len(text) :]
        while (plain := _TAIL.sub("", _LEAD.sub("", text))) != text:
            text = plain
        kept.append(text + end.strip())
    text = " ".join(t for t in kept if t.strip("?.! "))
    framed = any(ch.isalnum() for ch in text) and text != " ".join(question.split())
    return text if framed else question


def unfilled(question: str, held: Callable[[str], bool]) -> str:
    """The question without the words of a chat that ask nothing ("how much fuel exactly",
    "wait, which airport was it again") when no loaded paragraph holds them (`held`): as
    words the articles lack they would count against the answer; a paragraph that says
    "these characteristics actually result from ..." keeps "actually" worth matching."""

    def drop(match: re.Match) -> str:
        kept = all(held(word) for word in re.findall(r"\w+", match.group(0)))
        return match.group(0) if kept else ""

    text = " ".join(_FILLER.sub(drop, question).split())
    return text if any(ch.isalnum() for ch in text) else question


# "How long", "how old": the word after "how" says what kind of answer is asked, and an
# answer may not hold it: "how long is the visit" is answered by a "three-day visit"
_MEASURED = re.compile(
    r"\b(how)\s+(long|old|far|big|large|small|often|tall|soon|early|late|fast|quickly|high|"
    r"deep|wide|warm|cold|hot|heavy|young|frequently)\b",
    re.I,
)


def unmeasured(question: str, held: Callable[[str], bool]) -> str:
    """The question without the word that asks for a measure ("how long is the visit" ->
    "how is the visit") when no loaded paragraph holds it (`held`), for weighing its
    words: as a word the articles lack it would count against every answer. One they
    hold stays, as "old" in "the 27-year-old" answers "how old"."""
    return _MEASURED.sub(lambda m: m.group(0) if held(m.group(2)) else m.group(1), question)


def asked_weights(
    question: str, document_frequency: Callable[[str], int], n_docs: int
) -> dict[str, float]:
    """The question's terms weighed by rarity (index.text.term_weights), as the refusal
    decision and the answerer weigh them: without the word that asks for a measure when
    no chunk holds it (`unmeasured`)."""
    asked = unmeasured(question, lambda word: holds(word, document_frequency))
    return term_weights(asked, document_frequency, n_docs)


def untailed(text: str) -> str:
    """The text without the words that close a request (", please", "briefly")."""
    return _TAIL.sub("", text)
