"""Questions about an article as a whole (retrieval/about.py): an overview ("What is this
article about?", "Summarize the story about X", "What's the news?"), how the article
opens, each sentence cited; or its details ("Who wrote this article?"), which cite none."""

from __future__ import annotations

import re

import pytest

from assistant import REFUSAL, ChatSession, query
from assistant.answering.overview import DETAILS_NOTE, NO_ARTICLES, several_note
from assistant.settings import get_settings
from index.types import Article

LEDE = (
    "Xi Jinping has landed in Moscow for meetings with Vladimir Putin, the first time China’s "
    "leader has visited his neighbor and close strategic partner since Russia began its "
    "unprovoked invasion of Ukraine."
)


@pytest.mark.parametrize(
    "question", ["What is this article about?", "tl;dr", "Can you summarize the story please?"]
)
def test_an_overview_of_the_one_loaded_article_is_its_opening_cited(sample_dir, question):
    answer = query(question, data_dir=sample_dir)
    assert not answer.refused and answer.note == ""
    assert [(c.n, c.paragraph) for c in answer.citations] == [(1, 1), (2, 2), (3, 3)]
    assert answer.sentences[0].text == LEDE and answer.sentences[0].citations == (1,)
    assert all(c.verified and c.quote == c.text for c in answer.citations)
    assert answer.text.startswith(LEDE + " [1] Xi’s visit comes days after")


def test_an_overview_of_a_subject_no_article_holds_is_refused(sample_dir):
    answer = query("Summarize the story about the World Cup", data_dir=sample_dir)
    assert answer.refused and answer.text == REFUSAL and not answer.citations
    assert answer.note == "No loaded article mentions World Cup."


def test_a_misspelt_subject_is_read_as_the_article_spells_it_and_says_so(sample_dir):
    answer = query("Summarize the story about Xi's vist", data_dir=sample_dir)
    assert answer.respelt == (("vist", "visit"),) and answer.note == "Read “vist” as “visit”."
    assert [c.paragraph for c in answer.citations] == [1, 2, 3]


def test_a_slip_in_the_words_that_ask_is_read_back_and_said(sample_dir):
    answer = query("What is this artcle about?", data_dir=sample_dir)
    assert answer.respelt == (("artcle", "article"),)
    assert answer.note == "Read “artcle” as “article”."
    assert [c.paragraph for c in answer.citations] == [1, 2, 3]
    author = query("who wrote ths?", data_dir=sample_dir)
    assert author.text.startswith("“China's Xi arrives in Moscow")
    assert author.note == f"Read “ths” as “this”. {DETAILS_NOTE}"
    # the subject's slip is read against the article, the request's against its words
    both = query("sumarize the story about Xi's vist", data_dir=sample_dir)
    assert both.respelt == (("sumarize", "summarize"), ("vist", "visit"))
    assert [c.paragraph for c in both.citations] == [1, 2, 3]


def test_the_news_of_today_on_an_undated_article_is_its_news_saying_so(sample_dir):
    today = query("What's the news today?", data_dir=sample_dir)
    assert [c.paragraph for c in today.citations] == [1, 2, 3]
    assert today.note.startswith("No article published on ") and today.note.endswith(
        " is loaded. 1 article is loaded."
    )


STORY_TEXTS = {
    "lighthouse": (
        "The old lighthouse on Gull Point will reopen to visitors in June after a two-year "
        "restoration, the heritage trust said.",
        "Volunteers repainted the tower and rebuilt the keeper's cottage by hand.",
    ),
    "regatta": (
        "Forty crews from six countries raced in the Harbourton regatta on Saturday despite "
        "gusts of up to 30 knots.",
        "A rowing club from Kiel won the eights for the third year running.",
    ),
    "fish market": (
        "The council approved plans to move the fish market from the quay to a covered hall "
        "beside the station.",
        "Traders warned that rents in the new hall would be twice what they pay now.",
    ),
    "ferry strike": (
        "Ferry crews walked out at dawn over pay, stranding thousands of commuters on both "
        "sides of the bay.",
        "The union said the strike would last 48 hours unless the operator made a new offer.",
    ),
    "bridge repair": (
        "Engineers found cracks in two steel girders of the Narrows bridge during a routine "
        "inspection this week.",
        "Lorries heavier than 7.5 tonnes are barred from the bridge until repairs are done.",
    ),
    "tram line": (
        "A new tram line linking the university to the old town opened to passengers after "
        "eleven years of planning.",
        "The first trams ran every ten minutes and were full by eight in the morning.",
    ),
}


def test_who_wrote_the_article_and_when_is_answered_from_its_details_citing_nothing(sample_dir):
    said = (
        "“China's Xi arrives in Moscow for first visit since Russia invaded Ukraine”: "
        "published by cnn.com; it gives no date and names no author."
    )
    for question in ("Who wrote this article?", "When was the article published?"):
        answer = query(question, data_dir=sample_dir)
        assert not answer.refused and answer.text == said and answer.citations == ()
        assert answer.note == answer.about == DETAILS_NOTE and answer.sentences[0].supported
    # "Who wrote ... ?" of something the article tells is a question about its text
    letter = query("Who wrote the letter published in Russian state media?", data_dir=sample_dir)
    assert letter.citations[0].paragraph == 32 and letter.note == ""


def test_in_a_chat_a_subject_from_a_question_it_could_not_answer_is_passed_over(sample_dir):
    chat = ChatSession(data_dir=sample_dir)
    assert chat.ask("Who won the 2022 World Cup?").refused
    answer = chat.ask("What is this article about?")
    assert chat.turns[-1].resolved == "What is this article about?"  # not the refused one's
    assert not answer.refused and [c.paragraph for c in answer.citations] == [1, 2, 3]
    # typed, the subject is the question's, and no article holds it
    assert chat.ask("Summarize the article about the World Cup").refused


def test_a_greeting_says_what_is_loaded_and_how_to_ask(sample_dir):
    answer = query("hello", data_dir=sample_dir)
    assert not answer.refused and answer.citations == ()
    assert answer.text == (
        "Ask me about the loaded articles (1 article is loaded: “China's Xi arrives in Moscow "
        "for first visit since Russia invaded Ukraine”): every answer cites the paragraphs "
        "it comes from. For example: “What is this article about?”"
    )


def story(n: int, subject: str, published: str, source: str) -> Article:
    return Article(
        title=f"{subject} story",
        source=source,
        url=f"https://example.org/{n}",
        published=published,
        paragraphs=(f"By staff reporter {n}", *STORY_TEXTS[subject]),
    )


STORIES = [
    story(n, subject, f"2024-05-0{n}" if n < 6 else "", "Coast Post" if n == 3 else "Bay Herald")
    for n, subject in enumerate(STORY_TEXTS, start=1)
]


@pytest.fixture(scope="module")
def harbour(tmp_path_factory):
    from assistant.pipeline import Engine

    settings = get_settings(data_dir=tmp_path_factory.mktemp("harbour"))
    report = Engine(settings.index, create=True).ingest_articles(STORIES, progress=False)
    assert len(report.added) == 6
    return settings


def test_the_news_of_several_articles_is_the_first_sentence_of_each_of_the_newest(harbour):
    answer = query("What's the news?", settings=harbour)
    # newest first, the undated tram line last and left out: five are shown
    assert [c.title for c in answer.citations] == [
        "bridge repair story",
        "ferry strike story",
        "fish market story",
        "regatta story",
        "lighthouse story",
    ]
    assert {c.paragraph for c in answer.citations} == {2}  # the byline is no story
    assert answer.note == answer.about == several_note(6)
    assert answer.note.startswith("6 articles are loaded")
    # within an outlet filter, the one article there is summarised whole
    one = query("What is this article about?", settings=harbour, sources=["Coast Post"])
    assert [(c.title, c.paragraph) for c in one.citations] == [
        ("fish market story", 2),
        ("fish market story", 3),
    ]
    assert one.note == ""
    none = query("What's the news?", settings=harbour, sources=["Coast Post"], until="2024-01-01")
    assert none.refused and none.note == NO_ARTICLES
    hello = query("help", settings=harbour)
    assert hello.text.startswith("Ask me about the loaded articles (6 articles are loaded, the ")
    assert hello.text.endswith("For example: “What's the news?”")


def test_details_of_a_subject_or_of_the_newest_articles(harbour):
    answer = query("When was the story about the regatta published?", settings=harbour)
    assert answer.text == (
        "“regatta story”: published by Bay Herald on 2024-05-02; it names no author. "
        "https://example.org/2"
    )
    newest = query("Who wrote these articles?", settings=harbour)
    assert [s.text.split("”")[0] for s in newest.sentences] == [
        "“bridge repair story",
        "“ferry strike story",
        "“fish market story",
        "“regatta story",
        "“lighthouse story",
    ]
    assert newest.note == newest.about == f"{several_note(6)} {DETAILS_NOTE}"


def test_a_listing_names_the_newest_articles_or_those_on_a_subject(harbour):
    loaded = query("What articles are loaded?", settings=harbour)
    assert len(loaded.sentences) == 5 and loaded.citations == ()
    assert loaded.sentences[0].text.startswith("“bridge repair story”: published by Bay Herald")
    assert loaded.note == f"{several_note(6)} {DETAILS_NOTE}"
    coast = query("Which articles are from Coast Post?", settings=harbour)
    assert [s.text.split("”")[0] for s in coast.sentences] == ["“fish market story"]
    herald = query("What articles did Bay Herald publish?", settings=harbour)
    assert len(herald.sentences) == 5 and herald.note.startswith(
        "5 articles from Bay Herald are loaded: here is each of them."
    )
    # only the articles that hold the words named, when some do
    ferries = query("Which articles mention the ferry crews?", settings=harbour)
    assert [s.text.split("”")[0] for s in ferries.sentences] == ["“ferry strike story"]
    assert ferries.note == DETAILS_NOTE


def test_an_overview_of_a_subject_summarises_the_article_the_search_leads_with(harbour):
    answer = query("Summarize the article about the regatta", settings=harbour)
    assert {c.title for c in answer.citations} == {"regatta story"}
    assert answer.sentences[0].text.startswith("Forty crews from six countries raced")


def test_in_a_chat_this_article_is_the_one_the_conversation_is_about(harbour):
    chat = ChatSession(settings=harbour)
    first = chat.ask("When will the lighthouse reopen?")
    assert first.citations[0].title == "lighthouse story"
    answer = chat.ask("What is this article about?")
    assert {c.title for c in answer.citations} == {"lighthouse story"}
    assert answer.note == ""


def titles(answer) -> list[str]:
    """The titles a details or listing answer gives, in order."""
    return [s.text.split("”")[0].lstrip("“") for s in answer.sentences]


def test_a_listing_by_the_days_the_articles_came_out(harbour):
    after = query("Which articles were published after May 3, 2024?", settings=harbour)
    assert titles(after) == ["bridge repair story", "ferry strike story", "fish market story"]
    assert after.note == (
        f"3 articles published since 2024-05-03 are loaded: here is each of them. {DETAILS_NOTE}"
    )
    one = query("What was published on May 2, 2024?", settings=harbour)
    assert titles(one) == ["regatta story"]
    assert one.note == f"1 article published on 2024-05-02 is loaded. {DETAILS_NOTE}"
    month = query("Summarize the articles from May 2024", settings=harbour)
    assert [c.title for c in month.citations][:2] == ["bridge repair story", "ferry strike story"]
    assert month.note.startswith("5 articles published between 2024-05-01 and 2024-05-31")
    # days counted from today: none of these stories is from last week
    last_week = query("any stories from last week?", settings=harbour)
    assert last_week.refused and last_week.citations == ()
    assert re.fullmatch(
        r"No article published between (\d{4}-\d\d-\d\d) and (\d{4}-\d\d-\d\d) is loaded\. "
        r"The newest is dated 2024-05-05\.",
        last_week.note,
    )
    # an outlet and days together
    coast = query("Which articles are from Coast Post?", settings=harbour, since="2024-05-04")
    assert (
        coast.refused and coast.note == "No article from Coast Post within the filters is loaded."
    )


def test_a_listing_of_an_outlet_none_of_whose_articles_is_loaded_says_which_are(harbour):
    answer = query("Which articles are from Reuters?", settings=harbour)
    assert answer.refused and answer.text == REFUSAL
    assert answer.note == (
        "No articles from Reuters are loaded. The loaded articles are from Bay Herald, Coast Post."
    )
    # a place is no outlet: the articles that mention it
    place = query("Which articles are from Kiel?", settings=harbour)
    assert titles(place) == ["regatta story"]


@pytest.fixture(scope="module")
def this_week(tmp_path_factory):
    from datetime import date, timedelta

    from assistant.pipeline import Engine

    settings = get_settings(data_dir=tmp_path_factory.mktemp("this-week"))
    today, earlier = date.today(), date.today() - timedelta(days=40)
    stories = [
        story(1, "lighthouse", today.isoformat(), "Bay Herald"),
        story(2, "regatta", earlier.isoformat(), "Bay Herald"),
    ]
    Engine(settings.index, create=True).ingest_articles(stories, progress=False)
    return settings, today


def test_today_and_the_past_days_are_counted_from_today(this_week):
    from datetime import timedelta

    settings, today = this_week
    answer = query("What was published today?", settings=settings)
    assert titles(answer) == ["lighthouse story"]
    assert answer.note == f"1 article published on {today} is loaded. {DETAILS_NOTE}"
    both = query("list the articles from the past 60 days", settings=settings)
    assert titles(both) == ["lighthouse story", "regatta story"]
    # an overview of days that hold none gives the newest, saying so; a listing refuses
    news = query("What's the news from yesterday?", settings=settings)
    yesterday = today - timedelta(days=1)
    assert not news.refused and [c.title for c in news.citations][:1] == ["lighthouse story"]
    assert news.note == (
        f"No article published on {yesterday} is loaded. The newest is dated {today}. "
        "2 articles are loaded: here is each of them."
    )
    listed = query("Which articles are from yesterday?", settings=settings)
    assert listed.refused and listed.note == (
        f"No article published on {yesterday} is loaded. The newest is dated {today}."
    )
