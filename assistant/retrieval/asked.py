"""What kind of answer a question asks for, and whether a sentence gives one. Pure.

"How long is the trip?" wants a duration, "who greeted him?" a name, "when did they
meet?" a date: a sentence that holds the question's words but no answer of that
kind ("the trip was announced on Friday" for "how long") does not answer it. The
kinds are read from the question's first words; a question of another kind (what,
why, yes/no) asks for nothing this module can see, and every sentence passes.
"""

from __future__ import annotations

import re

# A count: a numeral or a number word ...
_COUNT = (
    r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|"
    r"fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|million|"
    r"millions|billion|billions|dozen|dozens|half)"
)
# ... and before a unit, vaguer ones count too ("a day", "several weeks"); alone they
# answer no "how many" ("a good dealer")
_NUMBER = rf"(?:{_COUNT}|several|a few|a|an)"
_UNIT = r"(?:second|minute|hour|day|night|week|month|year|decade|century)s?"
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_GIVES = {
    "duration": re.compile(rf"\b{_NUMBER}[\s-]+{_UNIT}\b|\b(?:since|until)\b", re.I),
    "number": re.compile(rf"\b{_COUNT}\b(?![\s-]+{_UNIT}\b)", re.I),
    "date": re.compile(
        rf"\b(?:{_MONTH}|{_WEEKDAY}|(?:19|20)\d\d|yesterday|today|tomorrow|tonight|"
        rf"(?:last|next|this|early|late)\s+(?:week|month|year|{_WEEKDAY}|spring|summer|"
        rf"autumn|fall|winter)|{_NUMBER}\s+{_UNIT}\s+ago|\d{{1,2}}(?::\d\d)?\s*[ap]\.?m\.?)\b",
        re.I,
    ),
}
# The first words of a question, and the kind of answer they ask for. "What" and
# "which" ask for a kind by the noun they lead ("what team", "in which city"); after
# "what is the" only a quantity or a name does ("what is the population", "what's the
# name of"): "what is the state doing" asks for no place.
_WHAT = r"^(?:(?:in|on|at|for|from)\s+)?(?:what|which)\s+"
_WHAT_IS = r"^what(?:['’]s|\s+(?:is|was|are|were))\s+the\s+"
_QUANTITY = r"(?:number|percentage|share|age|amount|temperature|price|cost|population)\b"
_KINDS = tuple(
    (re.compile(pattern), kind)
    for pattern, kind in (
        (r"^(?:for\s+)?how\s+long\b|^how\s+many\s+(?:days|weeks|months|years|hours)\b",
         "duration"),
        (rf"^how\s+(?:many|much|old|far|big|large|often)\b|{_WHAT}{_QUANTITY}|{_WHAT_IS}{_QUANTITY}",
         "number"),
        (rf"^when\b|{_WHAT}(?:year|date|day|month|time)\b", "date"),
        (rf"^(?:who|whom|whose)\b|{_WHAT_IS}names?\s+of\b"
         rf"|{_WHAT}(?:person|man|woman|official|leader|company|group|team|organi[sz]ation|"
         r"agency|actor|actress|singer|player|band|newspaper|network)\b", "name"),
        (rf"^where\b|{_WHAT}(?:city|country|town|state|region|place|airport|port|province|"
         r"nation)\b", "place"),
    )
)  # fmt: skip
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]+(?:\s+(?:of\s+)?[A-Z][\w’'-]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
_CALENDAR = re.compile(rf"{_MONTH}|{_WEEKDAY}", re.I)  # capitalised, but no name or place
_LEAD = re.compile(
    r"^(?:and|but|so|then|also|ok|okay|please|hey|tell me|do you know|can you tell me)[\s,]+",
    re.I,
)


def kind_asked(question: str) -> str:
    """'duration', 'number', 'date', 'name', 'place', or '' for any other question."""
    text = _LEAD.sub("", question.strip().lower())
    text = re.sub(r"^(?:and|but)\s+", "", text)
    for pattern, kind in _KINDS:
        if pattern.search(text):
            return kind
    return ""


def gives(sentence: str, kind: str, question: str = "") -> bool:
    """Does the sentence hold an answer of this kind (a name or place the question does
    not already name)? True for every sentence when `kind` is ''."""
    if not kind:
        return True
    if kind in _GIVES:
        return bool(_GIVES[kind].search(sentence))
    asked = {_bare(word) for word in re.findall(r"[\w’'-]+", question)}
    for match in _NAME.finditer(sentence):
        if any(_bare(word) not in asked and not _CALENDAR.fullmatch(word)
               for word in match.group(0).split()):  # fmt: skip
            return True
    return False


def _bare(word: str) -> str:
    """The word lower-cased, without a possessive: "Kremlin's" -> "kremlin"."""
    return _POSSESSIVE.sub("", word.lower())
