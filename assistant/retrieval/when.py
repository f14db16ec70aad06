"""The days a request about the articles names: "from last week", "published in May
2024", "after May 3, 2024", "today", "the past 48 hours". Pure.

"Which articles are from last week?" asks for the articles published then, "What was
published yesterday?" for those of one day, and "Summarize the articles from last
week" for an overview of them. Days count from `today`, by the calendar: "last week"
is Monday to Sunday of the week before this one, "this month" runs from its first
day, "the past 7 days" are today and the 6 before. A month or a day without a year is
the last one up to today ("in May", said in December 2026, is May 2026). The answer
says the days it read, so that a reader sees how the request was taken.

`days` finds the days anywhere in a text; `window` keeps them only where they say when
the articles came out: the whole of what is left of the request ("from last week"), or
led by a word that says so ("published in 2024"). In "Which articles mention the 2024
election?" the year is part of the subject.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import NamedTuple

from assistant.retrieval.understand import MONTHS, date_phrases, find_dates

# words that say when the articles came out, before the days
_PUBLISHED = (
    r"published|posted|released|written|added|uploaded|dated|out|ran|run|went\s+(?:up|live)|"
    r"came\s+(?:out|in)|from"
)
_LEAD = (
    rf"(?P<lead>(?:(?:{_PUBLISHED}|put\s+out|in|of|on|during|over|within|for|so\s+far|since|"
    r"earlier)\s+)*)(?:the\s+)?"
)
_LED = re.compile(rf"\b(?:{_PUBLISHED})\s+(?:on\s+or\s+)?$|\bon\s+or\s+$", re.I)
_TOWARD = re.compile(
    r"\b(after|since|later\s+than|before|until|prior\s+to|earlier\s+than)\s+(?:the\s+)?$", re.I
)
_BEFORE = re.compile(r"^(?:\w+\s+)*?(?:before|prior\s+to|earlier\s+than)\s+", re.I)
_PUBLISHING = re.compile(rf"^(?:{_PUBLISHED}|put\s+out)\b", re.I)
_COUNT = (
    r"\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fourteen|thirty|"
    r"(?:a\s+)?couple(?:\s+of)?|(?:a\s+)?few"
)
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMBERS |= {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fourteen": 14}
_NUMBERS |= {"thirty": 30, "couple": 2, "few": 3}
_UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_UNIT = r"hour|day|week|fortnight|month|year"
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))  # "sept" before "sep"
_MONTH = rf"(?P<month>{_MONTH_NAMES})\.?"
_WEEKDAYS = {calendar.day_name[n].lower(): n for n in range(7)}
_ORDINAL = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"

_RELATIVE = re.compile(
    rf"\b{_LEAD}(?:(?P<today>today|tonight|this\s+(?:morning|afternoon|evening))(?:['’]s)?"
    r"|(?P<yesterday>(?:the\s+)?(?:day\s+before\s+)?yesterday)(?:['’]s)?"
    r"|(?:over\s+)?the\s+(?P<weekend>weekend)"
    rf"|(?P<ago>{_COUNT})\s+(?P<ago_unit>day|week|month)s?\s+ago"
    rf"|older\s+than\s+(?:(?P<older>{_COUNT})\s+)?(?P<older_unit>{_UNIT})s?"
    r"|(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(?P<start>week|month|year)"
    r"|(?:earlier\s+)?(?P<which>this|last|previous)\s+(?P<span>weekend|week|month|year)(?:['’]?s)?"
    rf"|(?:past|last|previous)\s+(?:(?P<count>{_COUNT})\s+)?(?P<unit>{_UNIT})s?"
    rf"|(?P<last_day>last\s+)?(?P<weekday>{'|'.join(_WEEKDAYS)}))\b",
    re.I,
)
# a part of a year: "Q3 2022", "the first half of 2024", "the second half of last year"
_PART_OF_YEAR = re.compile(
    rf"\b{_LEAD}(?:q(?P<quarter>[1-4])|(?P<half>first|second)\s+half\s+of)\s+(?:the\s+)?"
    r"(?:(?P<year>(?:19|20)\d\d)|(?P<which>this|last)\s+year)\b",
    re.I,
)
_DECADE = re.compile(rf"\b{_LEAD}(?:(?P<century>19|20)|['’])?(?P<decade>\d)0['’]?s\b", re.I)
# "the week of May 6th" or "... of 6 May" (the second order's groups renamed: a pattern
# names each group once)
_DAY_FIRST = (
    rf"{_ORDINAL.replace('<day>', '<day2>')}\s+(?:of\s+)?{_MONTH.replace('<month>', '<month2>')}"
)
_WEEK_OF = re.compile(
    rf"\b{_LEAD}week\s+of\s+(?:the\s+)?(?:{_MONTH}\s+{_ORDINAL}|{_DAY_FIRST})\b", re.I
)
_YEAR = re.compile(
    rf"\b{_LEAD}(?:(?P<before>before|until|prior\s+to|earlier\s+than)\s+"
    r"|(?P<after>after|later\s+than)\s+|(?P<since>since)\s+)?"
    r"(?P<year>(?:19|20)\d\d)\b(?:\s*(?:and|to|through|-|–)\s*(?P<last>(?:19|20)\d\d)\b)?"
    r"(?P<or_earlier>\s+or\s+(?:earlier|before))?",
    re.I,
)
_DAY_MONTH_YEAR = re.compile(
    rf"\b{_LEAD}{_ORDINAL}\s+(?:of\s+)?{_MONTH},?\s+(?P<year>(?:19|20)\d\d)\b", re.I
)
_NUMERIC = re.compile(
    rf"\b{_LEAD}(?P<a>\d{{1,2}})(?P<mark>[/.])(?P<b>\d{{1,2}})(?P=mark)(?P<year>(?:19|20)?\d\d)\b"
)
_SHORT_YEAR = re.compile(rf"\b{_LEAD}{_MONTH}\s+['’](?P<year>\d\d)\b", re.I)
_DAY = (
    r"(?:(?P<{0}m>{1})\.?\s+(?P<{0}d>[0-3]?\d)(?:st|nd|rd|th)?|(?P<{0}d2>[0-3]?\d)(?:st|nd|rd|th)?"
    r"\s+(?:of\s+)?(?P<{0}m2>{1})\.?)(?:,?\s+(?P<{0}y>(?:19|20)\d\d))?"
)
_RANGE = re.compile(
    rf"\b{_LEAD}(?:between|from)\s+(?:the\s+)?{_DAY.format('a', _MONTH_NAMES)}\s*"
    rf"(?:and|to|through|until|till|-|–)\s*(?:the\s+)?{_DAY.format('b', _MONTH_NAMES)}\b",
    re.I,
)
_MONTH_DAY = re.compile(rf"\b{_LEAD}{_MONTH}\s+{_ORDINAL}\b(?!,?\s*\d)", re.I)  # "March 3rd"
_DAY_MONTH = re.compile(rf"\b{_LEAD}{_ORDINAL}\s+(?:of\s+)?{_MONTH}\b(?!,?\s*\d)", re.I)
_MONTH_ALONE = re.compile(rf"\b{_LEAD}{_MONTH}\b(?!\s*,?\s*\d)", re.I)


# what every way of naming days above holds, at least: a digit, or one of these
_MAY_NAME_DAYS = re.compile(
    rf"\d|today|tonight|yesterday|day|week|month|year|ago|hour|fortnight|morning|afternoon|half|"
    rf"evening|{_MONTH_NAMES}",
    re.I,
)


class Window(NamedTuple):
    """The days a text names (`since` to `until`, either open), how the answer says
    them ("between 2024-05-01 and 2024-05-31"), the words that named them, the text
    without those, and whether a word said they are when the articles came out."""

    since: date | None
    until: date | None
    said: str
    words: str
    rest: str
    led: bool


def window(text: str, today: date) -> Window | None:
    """The days `text` names as when the articles came out (see the module's doc), or
    None."""
    found = days(text, today)
    return found if found and (found.led or not found.rest) else None


def days(text: str, today: date) -> Window | None:
    """The days `text` names anywhere, counted from `today`, or None."""
    if not _MAY_NAME_DAYS.search(text):
        return None  # most questions name none: the patterns below are not cheap
    found = _RANGE.search(text)  # "between September 1 and September 15, 2023"
    if found and (named := _range(found, today)) is not None:
        return _read(text, found, lambda *_: named, today)
    for pattern, read in (
        (_DAY_MONTH_YEAR, _exact_day),
        (_NUMERIC, _numeric),
        (_SHORT_YEAR, _short_year),
    ):
        if (found := pattern.search(text)) and (window := _read(text, found, read, today)):
            return window  # "15 Feb 2024", "3/14/2024", "Jan '22"
    if phrases := date_phrases(text):
        since, until = find_dates(text)
        if not (since or until):
            return None
        if until and not since and (before := _BEFORE.match(phrases[0].group(0))):
            # "before January 2021": up to the eve of its first day, not through it
            first = find_dates(phrases[0].group(0)[before.end() :])[0]
            until = first - timedelta(days=1) if first else until
        # the words before the first date may say when the articles came out ("from")
        led = _LED.search(text, 0, phrases[0].start())
        spans = [(led.start() if led else phrases[0].start(), phrases[0].end())]
        spans += [phrase.span() for phrase in phrases[1:]]
        published = bool(led) or bool(_PUBLISHING.match(phrases[0].group(0)))
        return _window(text, spans, since, until, published)
    readings: tuple[tuple[re.Pattern, Callable], ...] = (
        (_PART_OF_YEAR, _part_of_year),
        (_WEEK_OF, _week_of),
        (_RELATIVE, _relative),
        (_DECADE, _decade),
        (_YEAR, _year),
        (_MONTH_DAY, _day_of_month),
        (_DAY_MONTH, _day_of_month),
        (_MONTH_ALONE, _month),
    )
    for pattern, read in readings:
        for found in pattern.finditer(text):
            if (window := _read(text, found, read, today)) is not None:
                return window
    return None


def _read(text: str, found: re.Match, read: Callable, today: date) -> Window | None:
    """The window of days one reading found, opened by a word before it ("after 5 May":
    from that day on; "before May": up to its eve), or None when it names no days."""
    lead, start = found.group("lead"), found.start()
    toward = _TOWARD.search(text, 0, start) if read in (_day_of_month, _month, _exact_day) else None
    if read is _month and not (lead or toward):
        return None  # "may" alone is no month
    if (named := read(found, today)) is None:
        return None
    since, until = named
    if toward:
        start = toward.start()
        after = toward.group(1).lower() in ("after", "since", "later than")
        since, until = (since, None) if after else (None, since - timedelta(days=1))
    led = _LED.search(text, 0, start)
    published = bool(led or _PUBLISHING.match(lead))
    return _window(text, [(led.start() if led else start, found.end())], since, until, published)


def _window(
    text: str, spans: list[tuple[int, int]], since: date | None, until: date | None, led: bool
) -> Window:
    words = " ".join(text[a:b].strip() for a, b in spans)
    return Window(since, until, _said(since, until), words, _without(text, spans), led)


def _relative(found: re.Match, today: date) -> tuple[date, date] | None:
    """The days of "today", "last week", "this month", "the past 3 days", "two days
    ago", "since Monday"."""
    if found.group("today"):
        return today, today
    monday = today - timedelta(days=today.weekday())
    if yesterday := found.group("yesterday"):
        back = 2 if "before" in yesterday.lower() else 1
        return today - timedelta(days=back), today - timedelta(days=back)
    if found.group("weekend"):  # the last one begun
        return _span("weekend", today.weekday() < 5, today, monday)
    if older := found.group("older_unit"):  # "older than six months": up to then
        back = round(_number(found.group("older") or "1") * _UNIT_DAYS[older.lower()])
        return None, today - timedelta(days=back)
    if ago := found.group("ago"):  # that day; "3 weeks ago", "2 months ago": that week, month
        unit = found.group("ago_unit").lower()
        named = today - timedelta(days=round(_number(ago) * _UNIT_DAYS[unit]))
        if unit == "week":
            start = named - timedelta(days=named.weekday())
            return start, start + timedelta(days=6)
        if unit == "month":
            return named.replace(day=1), named.replace(
                day=calendar.monthrange(named.year, named.month)[1]
            )
        return named, named
    if start := found.group("start"):
        first = {"week": monday, "month": today.replace(day=1), "year": date(today.year, 1, 1)}
        return first[start.lower()], today
    if weekday := found.group("weekday"):
        after = re.search(r"\bsince\s+$", found.group("lead"), re.I) or (
            re.search(r"\bfrom\s+$", found.group("lead"), re.I) and not found.group("last_day")
        )  # "since Monday", "from Monday" on; "from last Friday" that day
        on = re.search(r"\bon\s+$", found.group("lead"), re.I) or found.group("last_day")
        if not (after or on):
            return None  # "Monday" alone is too often a day the text tells of
        back = (today.weekday() - _WEEKDAYS[weekday.lower()]) % 7 or 7
        named = today - timedelta(days=back)  # the last one before today
        return named, today if after else named
    if span := found.group("span"):
        return _span(span.lower(), found.group("which").lower() != "this", today, monday)
    count = _number(found.group("count") or "1")
    back = max(1, round(count * _UNIT_DAYS[found.group("unit").lower()]))
    return today - timedelta(days=back - 1 if back > 1 else 1), today


def _span(span: str, back: bool, today: date, monday: date) -> tuple[date, date]:
    """This or last week, weekend, month or year."""
    if span == "week":
        return (monday - timedelta(days=7), monday - timedelta(days=1)) if back else (monday, today)
    if span == "weekend":
        saturday = monday - timedelta(days=2) if back else monday + timedelta(days=5)
        return saturday, saturday + timedelta(days=1)
    if span == "month":
        first = today.replace(day=1)
        if not back:
            return first, today
        last = first - timedelta(days=1)
        return last.replace(day=1), last
    year = today.year - back
    return date(year, 1, 1), (date(year, 12, 31) if back else today)


def _part_of_year(found: re.Match, today: date) -> tuple[date, date]:
    """ "Q3 2022": July to September; "the first half of last year": its January to June."""
    year = int(found.group("year") or today.year - (found.group("which").lower() == "last"))
    if quarter := found.group("quarter"):
        first_month = 3 * (int(quarter) - 1) + 1
        last_month = first_month + 2
    else:
        first_month = 1 if found.group("half").lower() == "first" else 7
        last_month = first_month + 5
    return date(year, first_month, 1), date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def _decade(found: re.Match, today: date) -> tuple[date, date] | None:
    """ "the 90s", "the 1990s", "the '80s": its ten years, the last such up to today."""
    decade = int(found.group("decade")) * 10
    century = found.group("century")
    start = int(century) * 100 + decade if century else None
    if start is None:  # the last such decade begun
        start = (today.year // 100) * 100 + decade
        start -= 100 if start > today.year else 0
    return date(start, 1, 1), date(start + 9, 12, 31)


def _week_of(found: re.Match, today: date) -> tuple[date, date] | None:
    """ "the week of May 6th": Monday to Sunday of the week that holds it."""
    month = found.group("month") or found.group("month2")
    day = found.group("day") or found.group("day2")
    named = _day_of_month_named(MONTHS[month.lower()], int(day), today)
    if named is None:
        return None
    monday = named - timedelta(days=named.weekday())
    return monday, monday + timedelta(days=6)


def _year(found: re.Match, today: date) -> tuple[date | None, date | None]:
    """ "in 2024", "before 2020" (up to its eve), "after 2020" (from 2021), "since 2020",
    "2022 or earlier", "2019 and 2020"."""
    year = int(found.group("year"))
    if found.group("before"):
        return None, date(year - 1, 12, 31)
    if found.group("or_earlier"):
        return None, date(year, 12, 31)
    if found.group("after"):
        return date(year + 1, 1, 1), None
    if found.group("since"):
        return date(year, 1, 1), None
    last = int(found.group("last") or year)  # "from 2019 and 2020", "2019-2021"
    return date(min(year, last), 1, 1), date(max(year, last), 12, 31)


def _range(found: re.Match, today: date) -> tuple[date, date] | None:
    """ "between 1 April and 30 June 2024": the year said once, after the last day."""
    ends = []
    for end in "ab":
        month = found.group(f"{end}m") or found.group(f"{end}m2")
        day = found.group(f"{end}d") or found.group(f"{end}d2")
        year = found.group(f"{end}y") or found.group("by") or found.group("ay")
        ends.append((MONTHS[month.lower()], int(day), int(year) if year else None))
    (m1, d1, y1), (m2, d2, y2) = ends
    if y2 is None:  # no year said: the last such days up to today
        y2 = today.year if (m2, d2) <= (today.month, today.day) else today.year - 1
    y1 = y1 or (y2 if (m1, d1) <= (m2, d2) else y2 - 1)
    try:
        return date(y1, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None


def _numeric(found: re.Match, today: date) -> tuple[date, date] | None:
    """ "3/14/2024" (month first with a slash, unless it cannot be), "07.08.2023" (day
    first with a dot, unless it cannot be)."""
    a, b, year = int(found.group("a")), int(found.group("b")), int(found.group("year"))
    year += 2000 if year < 100 else 0
    month, day = (a, b) if found.group("mark") == "/" else (b, a)
    if month > 12:
        month, day = day, month
    try:
        return date(year, month, day), date(year, month, day)
    except ValueError:
        return None


def _short_year(found: re.Match, today: date) -> tuple[date, date]:
    """ "Jan '22": that month of 2022."""
    month, year = MONTHS[found.group("month").lower()], 2000 + int(found.group("year"))
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _exact_day(found: re.Match, today: date) -> tuple[date, date] | None:
    """ "15 Feb 2024": that day."""
    month, day, year = (
        MONTHS[found.group("month").lower()],
        int(found.group("day")),
        int(found.group("year")),
    )
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day), date(year, month, day)


def _day_of_month(found: re.Match, today: date) -> tuple[date, date] | None:
    """ "March 3rd", "5 May", "the 4th of July": the last such day up to today."""
    named = _day_of_month_named(
        MONTHS[found.group("month").lower()], int(found.group("day")), today
    )
    return (named, named) if named else None


def _day_of_month_named(month: int, day: int, today: date) -> date | None:
    """The last such day of that month up to today, or None for no such day."""
    for year in (today.year, today.year - 1):
        if day <= calendar.monthrange(year, month)[1] and date(year, month, day) <= today:
            return date(year, month, day)
    return None


def _month(found: re.Match, today: date) -> tuple[date, date]:
    """ "in May": the last May up to today."""
    month = MONTHS[found.group("month").lower()]
    year = today.year if month <= today.month else today.year - 1
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _number(count: str) -> int:
    word = count.lower().split()
    return (
        int(count)
        if count.isdigit()
        else _NUMBERS[word[1] if word[0] == "a" and len(word) > 1 else word[0]]
    )


def _said(since: date | None, until: date | None) -> str:
    """How the answer says a window: "on 2024-05-02", "between 2024-05-01 and
    2024-05-31", "since 2024-05-03", "up to 2024-05-03"."""
    if since and until:
        return f"on {since}" if since == until else f"between {since} and {until}"
    return f"since {since}" if since else f"up to {until}"


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` without the spans, its spaces and edge punctuation tidied."""
    kept, at = [], 0
    for start, end in spans:
        kept.append(text[at:start])
        at = end
    kept.append(text[at:])
    return re.sub(r"\s+", " ", " ".join(kept)).strip(" ,:;-")
