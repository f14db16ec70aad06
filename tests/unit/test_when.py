"""The days a request about the articles names (retrieval/when.py), counted from a
fixed today: Saturday 2026-12-05."""

from datetime import date

import pytest

from assistant.retrieval.when import window
from assistant.types import Filters

TODAY = date(2026, 12, 5)


@pytest.mark.parametrize(
    ("text", "since", "until", "said"),
    [
        ("today", "2026-12-05", "2026-12-05", "on 2026-12-05"),
        ("today's", "2026-12-05", "2026-12-05", "on 2026-12-05"),
        ("published yesterday", "2026-12-04", "2026-12-04", "on 2026-12-04"),
        ("from last week", "2026-11-23", "2026-11-29", "between 2026-11-23 and 2026-11-29"),
        ("this week", "2026-11-30", "2026-12-05", "between 2026-11-30 and 2026-12-05"),
        ("last month", "2026-11-01", "2026-11-30", "between 2026-11-01 and 2026-11-30"),
        ("this month", "2026-12-01", "2026-12-05", "between 2026-12-01 and 2026-12-05"),
        ("last year", "2025-01-01", "2025-12-31", "between 2025-01-01 and 2025-12-31"),
        ("the past 7 days", "2026-11-29", "2026-12-05", "between 2026-11-29 and 2026-12-05"),
        ("the last two weeks", "2026-11-22", "2026-12-05", "between 2026-11-22 and 2026-12-05"),
        ("published in May 2024", "2024-05-01", "2024-05-31", "between 2024-05-01 and 2024-05-31"),
        ("from March 2023", "2023-03-01", "2023-03-31", "between 2023-03-01 and 2023-03-31"),
        ("after May 3, 2024", "2024-05-03", None, "since 2024-05-03"),
        ("published before May 3, 2024", None, "2024-05-02", "up to 2024-05-02"),
        ("written before January 2021", None, "2020-12-31", "up to 2020-12-31"),
        ("published after 15 Feb 2024", "2024-02-15", None, "since 2024-02-15"),
        ("came out on the 4th of July 2023", "2023-07-04", "2023-07-04", "on 2023-07-04"),
        ("posted on Oct. 9th", "2026-10-09", "2026-10-09", "on 2026-10-09"),
        ("posted after 5 May", "2026-05-05", None, "since 2026-05-05"),
        ("from 2019 and 2020", "2019-01-01", "2020-12-31", "between 2019-01-01 and 2020-12-31"),
        ("before 2020", None, "2019-12-31", "up to 2019-12-31"),
        ("published in 2022 or earlier", None, "2022-12-31", "up to 2022-12-31"),
        ("the day before yesterday", "2026-12-03", "2026-12-03", "on 2026-12-03"),
        ("posted 5 days ago", "2026-11-30", "2026-11-30", "on 2026-11-30"),
        ("two weeks ago", "2026-11-16", "2026-11-22", "between 2026-11-16 and 2026-11-22"),
        ("3 months ago", "2026-09-01", "2026-09-30", "between 2026-09-01 and 2026-09-30"),
        ("since Tuesday", "2026-12-01", "2026-12-05", "between 2026-12-01 and 2026-12-05"),
        ("ran on friday", "2026-12-04", "2026-12-04", "on 2026-12-04"),
        ("from last weekend", "2026-11-28", "2026-11-29", "between 2026-11-28 and 2026-11-29"),
        ("in the last 48 hours", "2026-12-04", "2026-12-05", "between 2026-12-04 and 2026-12-05"),
        (
            "since the start of the year",
            "2026-01-01",
            "2026-12-05",
            "between 2026-01-01 and 2026-12-05",
        ),
        ("this morning", "2026-12-05", "2026-12-05", "on 2026-12-05"),
        (
            "published during Q3 2022",
            "2022-07-01",
            "2022-09-30",
            "between 2022-07-01 and 2022-09-30",
        ),
        (
            "from the first half of last year",
            "2025-01-01",
            "2025-06-30",
            "between 2025-01-01 and 2025-06-30",
        ),
        ("from the 90s", "1990-01-01", "1999-12-31", "between 1990-01-01 and 1999-12-31"),
        (
            "from the week of May 6th",
            "2026-05-04",
            "2026-05-10",
            "between 2026-05-04 and 2026-05-10",
        ),
        ("on 2024-05-02", "2024-05-02", "2024-05-02", "on 2024-05-02"),
        ("in 2024", "2024-01-01", "2024-12-31", "between 2024-01-01 and 2024-12-31"),
        # a month without a year: the last one up to today
        ("published in May", "2026-05-01", "2026-05-31", "between 2026-05-01 and 2026-05-31"),
    ],
)
def test_days_named_whole_or_led_by_a_word_of_publishing(text, since, until, said):
    found = window(text, TODAY)
    assert found is not None and found.rest == ""
    assert (str(found.since) if found.since else None) == since
    assert (str(found.until) if found.until else None) == until
    assert found.said == said


def test_days_beside_a_subject_are_read_only_when_they_say_when_it_came_out():
    found = window("Putin published last week", TODAY)
    assert found is not None and found.rest == "Putin" and found.words == "published last week"
    assert window("the 2024 election", TODAY) is None
    assert window("the floods in 2023", TODAY) is None
    assert window("the election on May 2, 2024", TODAY) is None
    assert window("may", TODAY) is None  # a verb, no month
    assert window("Monday", TODAY) is None  # a day the text may tell of
    assert window("Putin", TODAY) is None


def test_filters_are_narrowed_to_the_days_both_allow():
    wide = Filters(("Bay Herald",), since=date(2024, 5, 2))
    narrowed = wide.narrowed(date(2024, 5, 1), date(2024, 5, 31))
    assert narrowed == Filters(("Bay Herald",), date(2024, 5, 2), date(2024, 5, 31))
    assert Filters().narrowed(None, date(2024, 5, 3)) == Filters((), None, date(2024, 5, 3))
