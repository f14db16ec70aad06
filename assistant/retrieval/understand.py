"""Query understanding: outlets, dates, parts and names of a question. Pure functions.

A question such as "Did TechCrunch report X before The Verge reported Y?"
names outlets (which become filters), may name dates or ask about time
order, and has several parts that each need their own evidence. This module
finds those from the text and the list of outlets that are loaded; it reads
no index and no model.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from index.text import STOPWORDS, terms

# Well-known news outlets, so that a question naming one that is not loaded can be
# told apart from a question about something else.
KNOWN_OUTLETS = tuple(
    line.strip()
    for line in (Path(__file__).parent / "outlets.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)

# month names and their short forms, lower-cased -> the month's number
MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?"
)
_DAY_DATE = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I)
_MONTH_DATE = re.compile(_MONTH + r",?\s+(\d{4})", re.I)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_FROM = ("after", "since", "following", "later than")
_UP_TO = ("before", "prior to", "until", "earlier than")
_DATE_DIRECTION = re.compile(rf"\b({'|'.join(_FROM + _UP_TO)})\s+(?:the\s+)?$", re.I)
# A date and the words that lead to it ("published on October 7, 2023"): it is a
# filter, and its words would match any paragraph that gives a date.
_DATE_PHRASE = re.compile(
    r"\b(?:(?:published|posted|released|dated|reported)\s+)?"
    rf"(?:(?:on|in|by|as of|{'|'.join(_FROM + _UP_TO)})\s+)?"
    rf"(?:{_DAY_DATE.pattern}|{_ISO_DATE.pattern}|{_MONTH_DATE.pattern})",
    re.I,
)
_TEMPORAL = re.compile(
    r"\b(before|after|earlier|later|latest|most recent|first|last|since|until|prior to|"
    r"subsequent|following|preceding|then|timeline|when)\b",
    re.I,
)
# Where a question turns from one part to the next.
MIN_PART_TERMS = 2  # searchable words a part needs to be searched on its own (see searchable)
_SEPARATORS = re.compile(
    r"\s*(?:;|,\s*(?:and|but|while|whereas|as well as)\s|\s(?:while|whereas|compared (?:to|with)|"
    r"in contrast to|as opposed to)\s)\s*",
    re.I,
)
_AFTER_OUTLET = re.compile(r"['’\"]?\s*,\s*")
_AND = re.compile(r"\s*,?\s(?:and|but|or)\s\s*", re.I)
_SOURCE_ROLE = re.compile(
    r"(?:according to|reported by|reports? (?:from|by|in)|articles? (?:from|by|in|on)|"
    r"published (?:by|in|on)|as (?:per|noted by|reported by|stated by|mentioned by|mentioned in)|"
    r"\bby|\bfrom|\bin)\s*$",
    re.I,
)
# Words that attribute a claim to the outlet named next ("as reported by", "the
# article from"): with the outlet they become a filter, not words to match.
_ATTRIBUTION = re.compile(
    r"(?:\b(?:as\s+)?(?:reported|noted|stated|mentioned|discussed|detailed|covered|published|"
    r"written)\s+(?:by|in|on)|\baccording\s+to|\bas\s+per|\b(?:in\s+)?(?:an?|the|another)\s+"
    r"(?:article|report|piece|story)s?\s+(?:from|by|in|on))\s*$",
    re.I,
)


@dataclass(frozen=True)
class Mention:
    """An outlet named in a question: the words used and the stored outlets meant."""

    text: str
    start: int
    end: int
    sources: tuple[str, ...]  # stored outlet names; () when the outlet is not loaded


@dataclass(frozen=True)
class Part:
    """One part of a question, searched on its own.

    `query` is what is searched: the text without the outlets it names and the
    words that attribute to them, since those become filters.
    """

    text: str
    sources: tuple[str, ...] = ()
    query: str = ""

    def __post_init__(self) -> None:
        if not self.query:
            object.__setattr__(self, "query", self.text)


@dataclass(frozen=True)
class Understanding:
    """What a question asks for, beyond its words."""

    question: str
    mentions: tuple[Mention, ...]
    parts: tuple[Part, ...]
    since: date | None = None
    until: date | None = None
    temporal: bool = False
    query: str = ""  # the whole question as searched (see Part.query)

    @property
    def sources(self) -> tuple[str, ...]:
        """Every loaded outlet the question names."""
        return loaded_sources(self.mentions)

    @property
    def missing_outlets(self) -> tuple[str, ...]:
        """Outlets the question names that are not loaded."""
        return tuple(m.text for m in self.mentions if not m.sources)


def loaded_sources(mentions: tuple[Mention, ...]) -> tuple[str, ...]:
    """The stored outlets that mentions name, sorted."""
    return tuple(sorted({s for m in mentions for s in m.sources}))


def _aliases(outlet: str) -> set[str]:
    """The ways a question may name a stored outlet: 'The Independent - Sports' ->
    {'The Independent - Sports', 'The Independent', 'Independent'}."""
    names = {outlet.strip()}
    head = re.split(r"\s+[|\-–:]\s+", outlet)[0].strip()
    names.add(head)
    for name in list(names):
        if re.fullmatch(r"[\w.-]+\.(com|org|net|co\.uk|io)", name, re.I):
            names.add(name.rsplit(".", 1)[0].split(".")[-1])
    for name in list(names):
        if name.lower().startswith("the ") and len(name) > 8:
            names.add(name[4:])
    return {n for n in names if len(n) >= 2}


def _pattern(alias: str) -> re.Pattern[str]:
    # Outlets are proper names: match them as capitalised or upper-case words,
    # so "the age of" or "wired" as an adjective is not read as an outlet.
    words = [re.escape(w) for w in alias.split()]
    if alias.islower() or len(alias) <= 3:
        body = r"\s+".join(words)
        return re.compile(rf"(?<![\w]){body}(?![\w])", re.I)
    body = r"\s+".join(
        f"(?i:{w})" if w.lower() == "the" or not w[0].isupper() else w for w in words
    )
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])")


class OutletMatcher:
    """Finds outlet names in questions, given the outlets that are loaded."""

    def __init__(self, stored: list[str] | tuple[str, ...]) -> None:
        by_alias: dict[str, set[str]] = {}
        for outlet in stored:
            for alias in _aliases(outlet):
                by_alias.setdefault(alias.lower(), set()).add(outlet)
        self._stored = {a: tuple(sorted(s)) for a, s in by_alias.items()}
        known = {a for outlet in KNOWN_OUTLETS for a in _aliases(outlet)}
        aliases = {a for outlet in stored for a in _aliases(outlet)} | known
        self._patterns = sorted(((a, _pattern(a)) for a in aliases), key=lambda item: -len(item[0]))

    def find(self, question: str) -> tuple[Mention, ...]:
        """Outlets named in the question, longest names first, without overlaps."""
        taken: list[tuple[int, int]] = []
        found: list[Mention] = []
        for alias, pattern in self._patterns:
            for match in pattern.finditer(question):
                a, b = match.span()
                if any(a < y and x < b for x, y in taken):
                    continue
                sources = self._stored.get(alias.lower(), ())
                if not sources and not self._as_source(question, a, b):
                    continue
                taken.append((a, b))
                found.append(Mention(match.group(0), a, b, sources))
        return tuple(sorted(found, key=lambda m: m.start))

    @staticmethod
    def _as_source(question: str, start: int, end: int) -> bool:
        """Is a well-known outlet that is not loaded named as the source of something?"""
        before = question[max(0, start - 40) : start].rstrip(" '\"‘“")
        after = question[end : end + 30].lstrip(" '\"’”")
        if re.search(r"\b(?:an?|the)\s*$", before, re.I) and re.match(
            r"(?:'s\s+)?(?:article|report|piece|story|analysis|coverage|column|post)", after, re.I
        ):
            return True
        if re.match(
            r"(?:'s\s+)?(?:article|report|reported|reports|story|coverage|noted|"
            r"suggests?|says?|claims?|states?|mentions?)\b",
            after,
            re.I,
        ):
            return True
        return bool(_SOURCE_ROLE.search(before))


def _date_spans(question: str) -> list[tuple[int, date, date]]:
    """(position, first day, last day) of every date the question names; months only
    when it names no day."""
    spans = []
    for m in _DAY_DATE.finditer(question):
        month, day, year = m.groups()
        if 1 <= int(day) <= 31:
            named = date(int(year), MONTHS[month.lower().rstrip(".")], int(day))
            spans.append((m.start(), named, named))
    for m in _ISO_DATE.finditer(question):
        named = date(*map(int, m.groups()))
        spans.append((m.start(), named, named))
    if spans:
        return spans
    for m in _MONTH_DATE.finditer(question):
        year, month = int(m.group(2)), MONTHS[m.group(1).lower().rstrip(".")]
        spans.append(
            (m.start(), date(year, month, 1), date(year, month, monthrange(year, month)[1]))
        )
    return spans


def date_phrases(text: str) -> list[re.Match]:
    """Each date the text names, with the words that lead to it ("published on October
    7, 2023", "after May 3, 2024"), as matched."""
    return list(_DATE_PHRASE.finditer(text))


def find_dates(question: str) -> tuple[date | None, date | None]:
    """The date range a question names: 'on October 7, 2023' is that day, 'in March
    2023' that month, 'after October 7, 2023' from that day on and 'before ...' up to
    it. Several dates give the range that holds them all (each may name another
    article), open where one of them is."""
    since: list[date | None] = []
    until: list[date | None] = []
    for start, first, last in _date_spans(question):
        word = _DATE_DIRECTION.search(question, max(0, start - 30), start)
        direction = word.group(1).lower() if word else ""
        since.append(None if direction in _UP_TO else first)
        until.append(None if direction in _FROM else last)
    if not since:
        return None, None
    return (
        None if None in since else min(since),  # type: ignore[type-var]
        None if None in until else max(until),  # type: ignore[type-var]
    )


def split_parts(
    question: str, mentions: tuple[Mention, ...], min_words: int = 5
) -> tuple[Part, ...]:
    """The parts of a question, each with the loaded outlets it names.

    The question is cut where it turns to a new clause, and between two
    outlets joined by "and"; a piece too short to search on its own joins
    the piece before it. A part that names no outlet takes the question's
    outlets when the question names just one.
    """
    inside = lambda i: any(m.start <= i < m.end for m in mentions)  # noqa: E731
    cuts = [(m.start(), m.end()) for m in _SEPARATORS.finditer(question) if not inside(m.start())]
    # A clause that ends with its outlet ("..., as reported by TechCrunch, is also ...")
    # is a part of its own (docs/tuning-log.md, "Question parts").
    for mention in mentions:
        comma = _AFTER_OUTLET.match(question, mention.end)
        if comma and not any(a <= comma.end() and mention.end <= b for a, b in cuts):
            cuts.append((comma.start(), comma.end()))
    for first, second in zip(mentions, mentions[1:], strict=False):
        between = [
            m for m in _AND.finditer(question, first.end, second.start) if not inside(m.start())
        ]
        if between and not any(first.end <= a < second.start for a, _ in cuts):
            cuts.append(between[-1].span())
    pieces: list[list[int]] = []
    start = 0
    for a, b in sorted(cuts):
        pieces.append([start, a])
        start = b
    pieces.append([start, len(question)])
    merged: list[list[int]] = []
    for a, b in pieces:
        if merged and (
            _words(question, a, b) < min_words or _words(question, *merged[-1]) < min_words
        ):
            merged[-1][1] = b
        else:
            merged.append([a, b])
    named = {m.sources for m in mentions if m.sources}
    default = next(iter(named)) if len(named) == 1 else ()
    parts = []
    for a, b in merged:
        named_here = [m for m in mentions if a <= m.start < b]
        sources = tuple(sorted({s for m in named_here for s in m.sources}))
        text = question[a:b].strip(" ,;?")
        query = search_text(question, a, b, named_here).strip(" ,;?")
        parts.append(Part(text, sources or (() if named_here else default), query))
    return tuple(p for p in parts if p.text)


def search_text(question: str, start: int, end: int, mentions: list[Mention]) -> str:
    """question[start:end] without the outlets it names, the words that attribute to
    them, and the dates it names: "X, as reported by The Verge on May 2, 2023" -> "X".
    Those are filters (docs/tuning-log.md, "Dates")."""
    pieces: list[str] = []
    at = start
    for mention in mentions:
        if start <= mention.start and mention.end <= end:
            pieces.append(_ATTRIBUTION.sub("", question[at : mention.start]))
            at = mention.end
    pieces.append(question[at:end])
    text = re.sub(r"\s+", " ", _DATE_PHRASE.sub(" ", "".join(pieces)))
    text = re.sub(r"\s+(?=[,;?.!])", "", text)  # the space left before punctuation
    return re.sub(r",(?:\s*,)+", ",", text).strip()  # and a doubled comma


def _words(text: str, a: int, b: int) -> int:
    return len(re.findall(r"\w+", text[a:b]))


def searchable(parts: tuple[Part, ...], whole: str, sources: tuple[str, ...]) -> tuple[Part, ...]:
    """The parts worth a search of their own. A part with fewer than MIN_PART_TERMS
    searchable words ("Did both the Sporting News report", "Which company, covered by
    Engadget") asks what the rest of the question asks, of its own outlets: it searches
    the whole question there, unless those are all the question's outlets (the whole
    question's own search), or none."""
    kept = []
    for part in parts:
        if len(set(terms(part.query))) >= MIN_PART_TERMS:
            kept.append(part)
        elif part.sources and set(part.sources) != set(sources):
            kept.append(replace(part, query=whole))
    return tuple(kept)


def each_outlet(
    parts: tuple[Part, ...], mentions: tuple[Mention, ...], question: str, whole: str
) -> tuple[Part, ...]:
    """`parts`, and for each loaded outlet of a question naming several that no part
    has to itself, the whole question searched in that outlet alone: "both The Verge
    and TechCrunch" needs evidence from each (docs/tuning-log.md, "Question parts")."""
    loaded = [m.sources for m in mentions if m.sources]
    if len(set(loaded)) < 2:
        return parts
    own = {part.sources for part in parts}
    for sources in dict.fromkeys(loaded):
        if sources not in own:
            parts = (*parts, Part(question, sources, whole))
    return parts


def understand(question: str, matcher: OutletMatcher) -> Understanding:
    """Outlets, dates, time order and parts of a question."""
    mentions = matcher.find(question)
    since, until = find_dates(question)
    whole = search_text(question, 0, len(question), list(mentions))
    parts = searchable(split_parts(question, mentions), whole, loaded_sources(mentions))
    parts = each_outlet(parts, mentions, question, whole)
    return Understanding(
        question=question,
        mentions=mentions,
        parts=parts if len(parts) > 1 else (),
        since=since,
        until=until,
        temporal=bool(_TEMPORAL.search(question)),
        query=whole if re.search(r"\w", whole) else question,
    )


_CAPITALISED = re.compile(
    r"[A-Z][\w’'.&-]*(?:\s+(?:of|de|da|del|van|von|ten|der|la|le|al|bin|el)?\s*[A-Z0-9][\w’'.&-]*)*"
)
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


def names(
    text: str,
    skip: tuple[tuple[int, int], ...] = (),
    ignore: frozenset[str] = frozenset(),
) -> list[str]:
    """Capitalised names in a text ("Xi Jinping", "Bank of England"), leaving out
    question words, dates and the spans in `skip` (outlets); words in `ignore` (lower
    case) are left out too."""
    found = []
    for match in _CAPITALISED.finditer(text):
        a, b = match.span()
        if any(x < b and a < y for x, y in skip):
            continue
        tokens = [
            t
            for t in match.group(0).split()
            if (word := t.lower().strip("’'.")) not in _NOT_NAMES
            and word not in ignore
            and not _DATE_WORD.fullmatch(t)
        ]
        name = " ".join(tokens).strip(" .’'")
        if name and any(t.lower() not in STOPWORDS for t in tokens):
            found.append(name)
    return found
