from datetime import date

from assistant.retrieval.understand import OutletMatcher, Part, find_dates, split_parts, understand

STORED = [
    "TechCrunch",
    "The Verge",
    "The Independent - Sports",
    "The Independent - Travel",
    "The Age",
    "cnn.com",
]


def test_outlets_named_in_a_question_resolve_to_stored_outlets():
    u = understand(
        "According to The Verge and TechCrunch, who bought the company?", OutletMatcher(STORED)
    )
    assert [(m.text, m.sources) for m in u.mentions] == [
        ("The Verge", ("The Verge",)),
        ("TechCrunch", ("TechCrunch",)),
    ]
    assert u.sources == ("TechCrunch", "The Verge") and u.missing_outlets == ()


def test_a_section_name_and_a_domain_are_matched():
    matcher = OutletMatcher(STORED)
    assert [
        m.sources for m in matcher.find("What did The Independent report about CNN coverage?")
    ] == [
        ("The Independent - Sports", "The Independent - Travel"),
        ("cnn.com",),
    ]
    assert [m.sources for m in matcher.find("Did The Independent - Sports say so?")] == [
        ("The Independent - Sports",)
    ]


def test_common_words_are_not_outlets():
    matcher = OutletMatcher(STORED)
    assert matcher.find("At what age did the verge of collapse begin?") == ()


def test_a_well_known_outlet_that_is_not_loaded_is_reported_missing():
    u = understand(
        "What did a Bloomberg article and a Reuters report say about TechCrunch?",
        OutletMatcher(STORED),
    )
    assert u.missing_outlets == ("Bloomberg", "Reuters")
    assert u.sources == ("TechCrunch",)


def test_a_well_known_name_not_used_as_a_source_is_not_an_outlet():
    assert OutletMatcher(STORED).find("Is Nature healing after the fires?") == ()


def test_dates_and_months():
    assert find_dates("the report published on October 7, 2023 and on Oct. 1st, 2023") == (
        date(2023, 10, 1),
        date(2023, 10, 7),
    )
    assert find_dates("what happened in March 2023?") == (date(2023, 3, 1), date(2023, 3, 31))
    assert find_dates("no dates here") == (None, None)


def test_after_and_before_a_date_leave_the_range_open_on_that_side():
    # "after" names where a range starts, not the day itself: a later article is kept.
    assert find_dates("the story published after November 6, 2023 and a later one") == (
        date(2023, 11, 6),
        None,
    )
    assert find_dates("reports prior to the 2023-10-07 launch") == (None, date(2023, 10, 7))
    assert find_dates("since March 2023") == (date(2023, 3, 1), None)
    # Each date may name another article: the range holds them all.
    assert find_dates("the report on October 7, 2023 and the one after October 20, 2023") == (
        date(2023, 10, 7),
        None,
    )
    assert find_dates("published before Sept 26, 2023 and on November 13, 2023") == (
        None,
        date(2023, 11, 13),
    )


def test_multi_part_question_is_split_per_outlet():
    question = (
        "Does the TechCrunch article suggest that prices rose sharply last year, while the "
        "Verge article implies that sales of phones fell in Europe?"
    )
    matcher = OutletMatcher(STORED)
    parts = split_parts(question, matcher.find(question))
    assert parts == (
        Part(
            "Does the TechCrunch article suggest that prices rose sharply last year",
            ("TechCrunch",),
            "Does the article suggest that prices rose sharply last year",
        ),
        Part(
            "the Verge article implies that sales of phones fell in Europe",
            ("The Verge",),
            "article implies that sales of phones fell in Europe",
        ),
    )


def test_searched_words_leave_out_outlets_and_the_words_attributing_to_them():
    question = (
        "Who raised money for robots, as reported by The Verge, and sold the firm "
        "according to TechCrunch?"
    )
    understanding = understand(question, OutletMatcher(STORED))
    assert understanding.query == "Who raised money for robots, and sold the firm?"
    assert [p.query for p in understanding.parts] == [
        "Who raised money for robots",
        "sold the firm",
    ]
    assert [p.sources for p in understanding.parts] == [("The Verge",), ("TechCrunch",)]
    # An outlet that is not loaded leaves the searched words too; a question
    # naming none is searched as asked.
    assert understand("What did the BBC report on robots?", OutletMatcher(STORED)).query == (
        "What did the report on robots?"
    )
    assert understand("Who greeted Xi in Moscow?", OutletMatcher(STORED)).query == (
        "Who greeted Xi in Moscow?"
    )


def test_searched_words_leave_out_the_dates_that_became_filters():
    question = (
        "Did the TechCrunch report on the robot fund published on October 7, 2023, and the "
        "one after 2023-11-02 agree, or did both change in March 2024?"
    )
    understanding = understand(question, OutletMatcher(STORED))
    assert (
        understanding.query
        == "Did the report on the robot fund, and the one agree, or did both change?"
    )
    assert (understanding.since, understanding.until) == (date(2023, 10, 7), None)
    # A question that is nothing but a date is searched as asked.
    assert understand("October 7, 2023?", OutletMatcher(STORED)).query == "October 7, 2023?"


def test_a_clause_ending_with_its_outlet_is_a_part_of_its_own():
    question = (
        "Which company, fined over its app store as reported by TechCrunch, also pays for "
        "default search deals according to The Verge, and faces a suit from publishers?"
    )
    parts = understand(question, OutletMatcher(STORED)).parts
    assert [(p.query, p.sources) for p in parts] == [
        ("Which company, fined over its app store", ("TechCrunch",)),
        ("also pays for default search deals", ("The Verge",)),
        ("faces a suit from publishers", ()),
    ]


def test_two_outlets_joined_by_and_split_and_short_pieces_merge():
    question = "Which company did TechCrunch cover for its big search deal and The Verge for its app store rules?"
    matcher = OutletMatcher(STORED)
    parts = split_parts(question, matcher.find(question))
    assert [p.sources for p in parts] == [("TechCrunch",), ("The Verge",)]
    assert parts[1].text == "The Verge for its app store rules"


def test_parts_without_an_outlet_take_the_only_one_named():
    question = "Who, according to TechCrunch, raised money for robots; and also sold the firm to a rival later on?"
    matcher = OutletMatcher(STORED)
    assert [p.sources for p in split_parts(question, matcher.find(question))] == [
        ("TechCrunch",),
        ("TechCrunch",),
    ]


def test_temporal_questions_are_noticed():
    matcher = OutletMatcher(STORED)
    assert understand("Was the report before the summit?", matcher).temporal
    assert not understand("Who greeted Xi in Moscow?", matcher).temporal


def test_a_part_that_only_names_outlets_searches_the_whole_question_there():
    matcher = OutletMatcher(STORED)
    both = (
        "Did both the TechCrunch report and the The Verge report state that the robot fund "
        "closed early after raising twice its target?"
    )
    split = split_parts(both, matcher.find(both))
    assert [(p.query, p.sources) for p in split] == [
        ("Did both the report", ("TechCrunch",)),
        (
            "the report state that the robot fund closed early after raising twice its target",
            ("The Verge",),
        ),
    ]
    understanding = understand(both, matcher)
    assert [(p.query, p.sources) for p in understanding.parts] == [
        (understanding.query, ("TechCrunch",)),
        (
            "the report state that the robot fund closed early after raising twice its target",
            ("The Verge",),
        ),
    ]
    # A part with no words of its own and every outlet of the question is the whole
    # question's own search: it is dropped. Each outlet is then searched on its own.
    listed = (
        "Which company, covered by TechCrunch and The Verge, closed its robot fund early "
        "after raising twice its target?"
    )
    assert [p.query for p in split_parts(listed, matcher.find(listed))][0] == "Which company, and"
    understanding = understand(listed, matcher)
    assert [(p.query, p.sources) for p in understanding.parts] == [
        ("closed its robot fund early after raising twice its target", ()),
        (understanding.query, ("TechCrunch",)),
        (understanding.query, ("The Verge",)),
    ]
    # one outlet named: nothing to search apart
    one = "Did TechCrunch report that the robot fund closed early?"
    assert understand(one, matcher).parts == ()
