"""The extractive answer on hand-made hits: what it cites, quotes, orders and refuses.
Pure: no model and no store."""

from assistant.answering.extractive import ExtractiveAnswerer
from assistant.types import Hit

# -- dates and disagreements in extractive answers ------------------------------------------------


def _hit(article_id: str, text: str, source: str, published: str, score: float = 1.0):
    return Hit(article_id, 1, text, f"Story {article_id}", source, "", "", published, score)


def _answerer():
    return ExtractiveAnswerer(lambda term: 1, 100)


def test_time_questions_order_evidence_by_publication_date():
    hits = [
        _hit("c", "The strike ended on Thursday with a pay deal.", "Herald", "2024-03-14"),
        _hit("a", "The strike started on Monday morning.", "Courier", "2024-03-11"),
        _hit("b", "The strike continued on Tuesday.", "Post", ""),
    ]
    answer = _answerer().answer("When was the strike started, continued and ended?", hits)
    assert [c.article_id for c in answer.citations] == ["a", "c", "b"]
    assert [s.text for s in answer.sentences] == [
        "The strike started on Monday morning.",
        "The strike ended on Thursday with a pay deal.",
        "The strike continued on Tuesday.",  # no date: last
    ]
    # A question not about time keeps the order of the evidence found.
    plain = _answerer().answer("Was the strike started, continued and ended?", hits)
    assert [c.article_id for c in plain.citations] == ["c", "a", "b"]
    # The engine may say what its own reading of the question found.
    told = _answerer().answer("Was the strike started, continued and ended?", hits, temporal=True)
    assert [c.article_id for c in told.citations] == ["a", "c", "b"]


def test_sources_that_disagree_on_a_figure_are_both_shown():
    hits = [
        _hit(
            "a", "By Monday evening 25 container ships were waiting offshore.", "Wire", "2024-03-11"
        ),
        _hit("b", "Dockworkers voted on a new pay deal at the city hall.", "Wire", "2024-03-14"),
        _hit(
            "c", "On Monday evening 31 container ships were waiting offshore.", "Post", "2024-03-11"
        ),
    ]
    answer = _answerer().answer("How many container ships were waiting offshore?", hits)
    assert answer.text == (
        "By Monday evening 25 container ships were waiting offshore. [1] "
        "On Monday evening 31 container ships were waiting offshore. [2]"
    )
    assert [(c.n, c.source) for c in answer.citations] == [(1, "Wire"), (2, "Post")]


def test_a_disagreeing_source_is_shown_only_within_the_citations_allowed():
    hits = [
        _hit("a", "By Monday evening 25 container ships were waiting offshore.", "Wire", ""),
        _hit("c", "On Monday evening 31 container ships were waiting offshore.", "Post", ""),
        _hit("d", "On Tuesday 40 container ships were waiting offshore.", "Times", ""),
    ]
    question = "How many container ships were waiting offshore?"
    two = ExtractiveAnswerer(lambda term: 1, 100, max_cited=2).answer(question, hits)
    assert [c.article_id for c in two.citations] == ["a", "c"]
    one = ExtractiveAnswerer(lambda term: 1, 100, max_cited=1).answer(question, hits)
    assert [c.article_id for c in one.citations] == ["a"]


def test_a_different_figure_about_something_else_is_not_a_disagreement():
    hits = [
        _hit("a", "The Cowboys beat the Seahawks 41-35 in Week 13.", "Wire", "", 5.0),
        _hit(
            "b", "The Cowboys beat the Eagles and meet the Seahawks at 8:15 p.m.", "Post", "", 2.9
        ),
    ]  # b scored too far below a to be cited for itself
    # Both name the teams and a win, 3 of the question's 8 terms: not the same fact.
    answer = _answerer().answer(
        "By what score did the Cowboys beat the Seahawks after a dramatic comeback rally in "
        "Dallas?",
        hits,
    )
    assert [c.article_id for c in answer.citations] == ["a"]


def test_the_answer_cites_the_paragraphs_scored_near_the_first():
    from assistant.settings import AnswerSettings

    defaults = AnswerSettings()
    assert (defaults.cite_gap, defaults.max_cited) == (2.0, 4)
    text = "Dockworkers at {} voted to end the strike."
    scores = [6.0, 5.5, 6.0 - defaults.cite_gap, 3.9, 5.9, 5.9]  # the fourth is past the gap
    hits = [
        _hit(port, text.format(port), "Wire", "", s)
        for port, s in zip("pqrstu", scores, strict=True)
    ]
    answer = _answerer().answer("Did the dockworkers vote to end the strike?", hits)
    assert [c.article_id for c in answer.citations] == ["p", "q", "r"]  # "t": after four
    # fewer citations by the settings: two at most, or only those within 0.6 of the first
    narrow = ExtractiveAnswerer(lambda term: 1, 100, max_cited=2)
    assert [c.article_id for c in narrow.answer("Did the dockworkers vote?", hits).citations] == [
        "p",
        "q",
    ]
    close = ExtractiveAnswerer(lambda term: 1, 100, cite_gap=0.6)
    assert [c.article_id for c in close.answer("Did the dockworkers vote?", hits).citations] == [
        "p",
        "q",
    ]
    # the sentence quoted from each is the one that holds the question
    two = [_hit("p", "The port was quiet. " + text.format("Dover") + " Ferries ran late.", "W", "")]
    assert _answerer().answer("Did the dockworkers vote?", two).sentences[0].text == (
        text.format("Dover")
    )


def test_a_paragraph_that_holds_none_of_the_question_is_not_cited():
    hits = [
        _hit("a", "Dockworkers voted to end the port strike on Monday.", "Wire", "", 5.0),
        _hit("b", "Banks were closed for the holiday.", "Post", "", 5.0),  # none of the question
    ]
    question = "When did the dockworkers vote to end the port strike, on Monday?"
    assert [c.article_id for c in _answerer().answer(question, hits).citations] == ["a"]
    # Whether to answer at all is answerability.py's decision (tests/unit/test_answerability.py):
    # the answerer refuses only when no paragraph gives a sentence.
    assert _answerer().answer(question, []).refused


def test_a_sentence_that_asks_is_not_quoted_as_the_answer():
    paragraph = (
        "The casino is hiring. So who would make a good dealer at the new casino? A good "
        "dealer, managers say, is quick with numbers."
    )
    hits = [_hit("a", paragraph, "Wire", "")]
    answer = _answerer().answer("Who would make a good dealer at the new casino?", hits)
    assert answer.text == "A good dealer, managers say, is quick with numbers. [1]"
    only = [_hit("b", "Who would make a good dealer?", "Wire", "")]  # nothing else to quote
    assert _answerer().answer("Who makes a good dealer?", only).text == (
        "Who would make a good dealer? [1]"
    )


def test_sources_that_agree_are_cited_for_one_sentence():
    hits = [
        _hit(
            "a", "By Monday evening 25 container ships were waiting offshore.", "Wire", "2024-03-11"
        ),
        _hit(
            "c",
            "Pilots said so. On Monday evening 25 container ships were waiting offshore.",
            "Post",
            "2024-03-11",
        ),
        _hit("d", "Some container ships were waiting at anchor offshore.", "Gazette", ""),
    ]
    answer = _answerer().answer("How many container ships were waiting offshore?", hits)
    assert answer.text == (
        "By Monday evening 25 container ships were waiting offshore. [1] [2] "
        "Some container ships were waiting at anchor offshore. [3]"
    )  # d holds the question's words too, but not the claim (no "25", no "Monday")
    assert [(c.n, c.article_id, c.quote) for c in answer.citations] == [
        (1, "a", "By Monday evening 25 container ships were waiting offshore."),
        (2, "c", "On Monday evening 25 container ships were waiting offshore."),
        (3, "d", "Some container ships were waiting at anchor offshore."),
    ]


# -- the command line -----------------------------------------------------------------------------


def test_the_sentence_the_reader_finds_most_answering_leads():
    from assistant.answering.extractive import Candidate, read_first

    first, second, third = (
        Candidate(text, _hit(name, text, "Post", ""), frozenset())
        for name, text in (("a", "One."), ("b", "Two."), ("c", "Three."))
    )
    chosen = [first, second, third]
    assert read_first(chosen, {"One.": -1.0, "Two.": 2.5, "Three.": 0.3}) == [second, first, third]
    # a sentence not read (a source that disagrees, from a paragraph not cited) stays behind
    assert read_first(chosen, {"One.": -1.0, "Three.": 0.3}) == [third, first, second]
    assert read_first(chosen, {}) == chosen  # nothing read: the order found


# -- two neighbouring sentences quoted together ---------------------------------------------------


def test_pairs_are_neighbouring_sentences_quoted_exactly_as_the_paragraph_has_them():
    from assistant.answering.extractive import pairs

    text = "The harbour reopened.  The pier was hit worst. Its repair will cost 4 million euros."
    found = pairs(_hit("a", text, "Herald", ""))
    assert [c.sentence for c in found] == [
        "The harbour reopened.  The pier was hit worst.",
        "The pier was hit worst. Its repair will cost 4 million euros.",
    ]
    assert all(c.paired and c.sentence in text for c in found)
    assert pairs(_hit("a", "One sentence only.", "Herald", "")) == []


def test_what_counts_as_a_passage_that_only_asks():
    from assistant.answering.extractive import asks

    assert asks("So who would make a good dealer?")
    assert asks("“That it's going to warm up?”")
    assert not asks("The jobs pay $40,000 a year. So who would make a good dealer?")
    assert not asks("“Why now?” he asked.")
    assert not asks("Consider this instance: is there a route of at most 2000 kilometres?")


def test_the_sentence_that_defines_what_is_asked_leads():
    hits = [
        _hit(
            "a",
            "Several ice shelves have collapsed in the past three decades, the survey said.",
            "Wire",
            "",
            5.0,
        ),
        _hit("b", "Ice shelves are floating ice sheets attached to the coast.", "Post", "", 4.9),
    ]
    answer = _answerer().answer("What are ice shelves?", hits)
    assert answer.text.startswith("Ice shelves are floating ice sheets attached to the coast. [")
    assert answer.citations[answer.sentences[0].citations[0] - 1].article_id == "b"


def test_only_the_first_paragraph_retrieved_leads_as_the_lede_that_describes():
    def hit(article_id, paragraph, text, score):
        return Hit(article_id, paragraph, text, f"Story {article_id}", "Wire", "", "", "", score)

    named = hit("a", 3, "Tomas Reyna, a ferry mechanic, won the Harbourton marathon.", 5.0)
    other = hit("b", 1, "A 40-year-old nurse who runs at night won the city relay.", 4.9)
    answer = _answerer().answer("Who is Tomas Reyna?", [named, other])
    assert answer.sentences[0].text == "Tomas Reyna, a ferry mechanic, won the Harbourton marathon."
    # put first by the retrieval, the lede of the article that names him second leads
    lede = hit("a", 1, "A 58-year-old ferry mechanic won the marathon. He ran it in 2:41.", 5.0)
    answer = _answerer().answer("Who is Tomas Reyna?", [lede, named])
    assert answer.sentences[0].text == "A 58-year-old ferry mechanic won the marathon."


def test_a_sentence_with_no_word_beyond_the_question_is_not_quoted():
    paragraph = "Fred Ruckel. The inventor's company makes a play mat for cats."  # a photo credit
    answer = _answerer().answer("Who is Fred Ruckel?", [_hit("a", paragraph, "Wire", "")])
    assert answer.text == "The inventor's company makes a play mat for cats. [1]"


def test_a_pair_whose_second_sentence_gives_the_duration_asked_is_quoted_whole():
    from assistant.answering.extractive import best_sentence, candidates, pairs

    question = "how long is needed to process checks?"
    text = (
        "Few consumers know the time needed to process checks, watchdogs say. "
        "Banks must make deposits available within five days."
    )
    hit = _hit("a", text, "Wire", "")
    said = candidates([hit]) + pairs(hit)
    best = best_sentence(_answerer().weights(question), said, "duration", question)
    assert best.paired and best.sentence == text
    # a name is in nearly every sentence: a neighbour that gives one still pays for its length
    question = "where is the bullet lodged?"
    text = "The bullet is lodged in the boy's head. His condition was upgraded, said Larry Kent."
    hit = _hit("a", text, "Wire", "")
    said = candidates([hit]) + pairs(hit)
    best = best_sentence(_answerer().weights(question), said, "place", question)
    assert best.sentence == "The bullet is lodged in the boy's head."


def test_a_sentence_that_points_back_is_quoted_with_the_sentence_it_points_to():
    paragraph = (
        "Flights into Leeds, Cork or Faro will be packed. "
        "Those will be the busiest airports this Easter, bookings show."
    )
    answer = _answerer().answer(
        "Which airports will be the busiest at Easter?", [_hit("a", paragraph, "Wire", "")]
    )
    assert answer.text == paragraph + " [1]"
    # "It is ... that" points nowhere: the sentence stands alone
    paragraph = "Snow closed the pass. It is likely that the pass reopens on Monday."
    answer = _answerer().answer("When does the pass reopen?", [_hit("a", paragraph, "Wire", "")])
    assert answer.text == "It is likely that the pass reopens on Monday. [1]"


def test_a_quote_given_its_antecedent_keeps_the_paragraphs_cited_beside_it():
    from assistant.answering.extractive import Candidate, with_antecedent

    first = _hit(
        "a", "Leeds, Cork and Faro are full. Those will be the busiest airports.", "Wire", ""
    )
    other = _hit("b", "Those will be the busiest airports.", "Post", "")
    same = Candidate(other.text, other, frozenset())
    grown = with_antecedent(Candidate(other.text, first, frozenset(), also=(same,)))
    assert grown.sentence == first.text and grown.paired
    assert grown.also == (same,)


def test_a_paragraph_further_down_that_gives_the_number_asked_leads_when_none_cited_does():
    from dataclasses import replace

    said = (
        ("United signed the goalkeeper from Inter in the summer.", 6.0),
        ("The goalkeeper has kept three clean sheets.", 3.5),
        ("United paid £47.2m to sign the goalkeeper from Inter.", 3.0),
    )
    hits = [
        replace(_hit("s", text, "Wire", "", score), paragraph=n)
        for n, (text, score) in enumerate(said, start=1)
    ]
    question = "How much did United pay for the goalkeeper?"
    answer = _answerer().answer(question, hits)
    # paragraph 2 gives a number, but not the money asked: 3 leads, beside the cited 1
    assert [c.paragraph for c in answer.citations] == [3, 1]
    assert answer.sentences[0].text == "United paid £47.2m to sign the goalkeeper from Inter."
    # only a paragraph of a story cited: another story may tell of another deal
    other = [hits[0], hits[1], replace(hits[2], article_id="t")]
    assert [(c.article_id, c.paragraph) for c in _answerer().answer(question, other).citations] == [
        ("s", 1)
    ]
    # when a cited paragraph gives the money asked, none further down is quoted
    hits[0] = replace(hits[0], text="United signed the goalkeeper for £40m in the summer.")
    assert [c.paragraph for c in _answerer().answer(question, hits).citations] == [1]
