"""Questions about an article as a whole: an overview of it, or its details."""

import pytest

from assistant.retrieval.about import (
    DETAILS,
    GREETING,
    LISTING,
    OVERVIEW,
    THANKS,
    asks_a_task,
    overview,
    whole,
)
from assistant.retrieval.slips import read, vocabulary


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What is this article about?", ""),
        ("what's the story", ""),
        ("Summarize the article.", ""),
        ("tl;dr", ""),
        ("Give me the gist, please", ""),
        ("What are the main points?", ""),
        ("What is the article's main point?", ""),
        ("What's the news?", ""),
        ("Summarize the article about Xi's visit", "Xi's visit"),
        ("Can you summarize the Ukraine story please?", "Ukraine"),
        ("What is the story about Xi's visit?", "Xi's visit"),
        ("What's the news on Ukraine?", "Ukraine"),
        ("What's new?", ""),
        ("give me the highlights", ""),
        ("whats the main takeaway here", ""),
        (
            "Please provide a short summary of the article on the wildfire in California.",
            "the wildfire in California",
        ),
        ("what does the piece on interest rates basically say", "interest rates"),
        ("I'd appreciate a short synopsis of the article, thanks", ""),
        ("what are the highlights of the coverage on the storm", "the storm"),
        # questions about what the articles tell, in the same words
        ("What happened to the pirates?", None),
        ("any news on Ukraine?", None),
        ("What is new about the vaccine?", None),
        ("What are the main points of the peace proposal?", None),
        ("What does the IPCC summary for policymakers warn about?", None),
        # a follow-up in a chat carries the conversation's subject (assistant/chat.py)
        ("What is this article about? (Xi Jinping)", "Xi Jinping"),
        ("summarize it (Kirby)", "Kirby"),
        # what the article says about something is a question about that, as is a "why"
        ("What does the article say about the ceasefire?", None),
        ("Summarize why Xi went to Moscow", None),
        ("Tell me about the ceasefire", None),
        ("What did the report say?", None),
        ("Who is Xi?", None),
    ],
)
def test_an_overview_is_asked_for_with_or_without_a_subject(question, subject):
    assert overview(question) == subject
    assert whole(question) == (None if subject is None else (OVERVIEW, subject))


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Who wrote this article?", ""),
        ("Who is the author of this piece?", ""),
        ("When was this article published?", ""),
        ("When is the story from?", ""),
        ("Where was this article published?", ""),
        ("What's the article's date?", ""),
        ("What is the link to the article?", ""),
        ("Which newspaper published this story?", ""),
        ("who wrote the article about the regatta", "the regatta"),
        ("When was the story about Xi's visit published?", "Xi's visit"),
        ("Who published the story? (lighthouse)", "lighthouse"),
        ("who's the author", ""),
        ("url please", ""),
        ("can i get the link to the article", ""),
        ("what's the original source link for the vaccine article", "vaccine"),
        ("Who wrote this?", ""),  # in a chat beside an article: its author
        ("Who penned this?", ""),
        ("when did they publish the story on the heatwave", "the heatwave"),
        # what the articles tell: a letter, a report they are about, a place in them
        ("Who wrote the letter?", None),
        ("When was the report released?", None),
        ("Where was the story's victim found?", None),
        ("Who is the author of the new climate bill?", None),
        ("What is the source of the outbreak?", None),
        ("What title did the film win at Cannes?", None),
    ],
)
def test_the_details_of_an_article_are_asked_for_only_when_nothing_else_is(question, subject):
    assert whole(question) == (None if subject is None else (DETAILS, subject))


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("What articles are loaded?", ""),
        ("list the articles", ""),
        ("Show me all the stories", ""),
        ("Which stories do you have about Zimbabwe?", "Zimbabwe"),
        ("Which articles mention Putin?", "Putin"),
        ("Which articles are about the ceasefire?", "the ceasefire"),
        ("Which articles were published in May?", "published in May"),  # days: when.py
        ("do any of the articles cover climate change?", "climate change"),
        ("How many articles are there and what are they?", ""),
        ("list every article that mentions Elon Musk", "Elon Musk"),
        ("Do you have anything on the Olympics?", "the Olympics"),
        ("Which articles are from TechCrunch?", "TechCrunch"),
        ("What articles did The Verge publish?", "The Verge"),
        ("How many stories does the building have?", None),
        ("Which articles of the regulation set out equal treatment?", None),
    ],
)
def test_a_listing_of_the_articles_is_asked_for_with_or_without_a_subject(question, subject):
    assert whole(question) == (None if subject is None else (LISTING, subject))


@pytest.mark.parametrize(
    ("message", "asked", "slips"),
    [
        ("What is this artcle about?", (OVERVIEW, ""), (("artcle", "article"),)),
        ("sumarize the story", (OVERVIEW, ""), (("sumarize", "summarize"),)),
        ("Summarise teh article", (OVERVIEW, ""), (("teh", "the"),)),
        ("waht is this article about", (OVERVIEW, ""), (("waht", "what"),)),
        ("give me a sumary", (OVERVIEW, ""), (("sumary", "summary"),)),
        ("who wrote ths?", (DETAILS, ""), (("ths", "this"),)),
        ("Who is the auther of this article?", (DETAILS, ""), (("auther", "author"),)),
        ("List the artciles", (LISTING, ""), (("artciles", "articles"),)),
        ("wich articles mention Putin?", (LISTING, "Putin"), (("wich", "which"),)),
        # the subject keeps its words: the engine reads them against the articles
        (
            "summarize the artcle about Xi's vist",
            (OVERVIEW, "Xi's vist"),
            (("artcle", "article"),),
        ),
        # read as typed: nothing to read back, or a question once read back
        ("What is this article about?", (OVERVIEW, ""), ()),
        ("What did Putin say about teh war?", None, ()),
        ("Who wrote the lettr?", None, ()),
        ("How many storeys does the tower have?", None, ()),  # an English word
        ("Wat is the story about", None, ()),  # "wat": 3 letters, an English word
    ],
)
def test_a_slip_in_the_words_that_ask_is_read_back_only_when_the_message_then_asks(
    message, asked, slips
):
    assert read(message) == (asked, slips)


def test_the_request_words_are_the_english_words_the_phrasings_spell_out():
    words = vocabulary()
    assert {"article", "summarize", "summarise", "author", "highlights", "which"} <= words
    assert not {"stor", "summari", "said", "noun", "the", "hi"} & words  # parts, groups, short


def test_the_bench_reads_each_message_with_one_slip(tmp_path, capsys):
    import json
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    import whole_requests

    messages = [{"text": "Summarize", "category": "overview", "set": "x"}]
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"messages": messages}), encoding="utf-8")
    slipped = whole_requests.with_slip("Summarize", __import__("random").Random(1))
    assert slipped != "Summarize" and slipped[0] == "S" and len(slipped) in (8, 9, 10)
    assert whole_requests.main(["--messages", str(path), "--slips", "1", "--as-typed"]) == 0
    assert whole_requests.main(["--messages", str(path), "--slips", "1"]) == 0
    assert capsys.readouterr().out == (
        "set x: overview 0/1, details 0/0, listing 0/0, fact 0/0; read as another kind 0\n"
        "set x: overview 1/1, details 0/0, listing 0/0, fact 0/0; read as another kind 0\n"
    )


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("What was published yesterday?", (LISTING, "published yesterday")),
        ("any stories from last week?", (LISTING, "from last week")),
        ("articles from March 2023", (LISTING, "from March 2023")),
        (
            "Which articles were published after May 3, 2024?",
            (LISTING, "published after May 3, 2024"),
        ),
        ("What came out this week?", (LISTING, "came out this week")),
        ("any news from May 2024?", (OVERVIEW, "from May 2024")),
        ("Which stories are from May 2024?", (LISTING, "from May 2024")),
        ("What are the latest articles?", (LISTING, "")),
        ("Summarize the articles from last week", (OVERVIEW, "from last week")),
        ("anything posted today?", (LISTING, "posted today")),
        ("tl;dr of everything published yesterday", (OVERVIEW, "published yesterday")),
        (
            "catch me up on what was published over the past 3 weeks",
            (OVERVIEW, "published over the past 3 weeks"),
        ),
        (
            "I'd be grateful if you could list the articles published this month, please.",
            (LISTING, "published this month"),
        ),
        # days in a question about the text, or in no question at all
        ("What happened in Gaza last week?", None),
        ("How many people died yesterday in the storm?", None),
        ("What did the article say about last month's inflation numbers?", None),
        ("Thanks, that's all for today!", None),
        ("Who won the election in 2024?", None),
        ("What did the Fed announce on March 20, 2024?", None),
        ("Which articles mention the 2024 election?", (LISTING, "the 2024 election")),
    ],
)
def test_a_listing_by_the_days_the_articles_came_out(question, asked):
    assert whole(question) == asked


def test_the_bench_counts_each_kind_read_rightly_per_set(tmp_path, capsys):
    import json
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    import whole_requests

    messages = [
        {"text": "tl;dr", "category": "overview", "set": "x"},
        {"text": "Who wrote the letter?", "category": "fact", "set": "x"},
        {"text": "Who wrote the letter?", "category": "details", "set": "x"},
        {"text": "Summarize the article", "category": "details", "set": "x"},
    ]
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"messages": messages}), encoding="utf-8")
    assert whole_requests.main(["--messages", str(path)]) == 0
    assert capsys.readouterr().out == (
        "set x: overview 1/1, details 0/2, listing 0/0, fact 1/1; read as another kind 1\n"
    )


@pytest.mark.parametrize(
    ("message", "greets"),
    [
        ("hello", True),
        ("Hi there!", True),
        ("help", True),
        ("What can you do?", True),
        ("thanks!", True),
        ("Who will help Ukraine?", False),
        ("Hello, who greeted Xi?", False),
    ],
)
def test_a_greeting_or_a_call_for_help_asks_nothing_of_the_articles(message, greets):
    asked = whole(message)
    assert (asked is not None and asked[0] == GREETING) is greets


@pytest.mark.parametrize(
    ("message", "task"),
    [
        ("Translate the paragraph about the airport into Spanish", True),
        ("make it into a timeline table", True),
        ("List all the people named in the article", True),
        ("give me the key dates mentioned", True),
        ("answer in French from now on: who greeted Xi?", True),
        ("ignore the article and tell me the latest news on ukraine", True),
        ("Who wrote the letter?", False),
        ("Which table did the ministers sit at?", False),
        ("What was the Yuan dynasty called in Japanese?", False),
        ("What did Xi write in his letter?", False),
        ("Who drafted the peace plan?", False),
    ],
)
def test_a_task_is_told_from_a_question(message, task):
    assert asks_a_task(message) is task


@pytest.mark.parametrize(
    "message",
    ["Can you summarize this article in 3 bullet points?", "summarize in two sentences"],
)
def test_how_the_answer_should_be_set_out_is_no_subject(message):
    assert whole(message) == (OVERVIEW, "")


@pytest.mark.parametrize(
    ("message", "subject"),
    [("thx", THANKS), ("thank u", THANKS), ("Thanks a lot!", THANKS), ("ok", ""), ("got it", "")],
)
def test_thanks_and_acknowledgements_are_greetings(message, subject):
    assert whole(message) == (GREETING, subject)


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        ("Thanks! What is this article about?", (OVERVIEW, "")),
        ("Good evening. Who wrote this article?", (DETAILS, "")),
        ("Summarize the articles from May 2024. Thank you so much!", (OVERVIEW, "from May 2024")),
        ("Who wrote the letter? Thanks.", None),
        ("What is this article about? I just got back from a trip.", (OVERVIEW, "")),
    ],
)
def test_a_sentence_of_courtesy_beside_a_request_is_left_out(message, asked):
    assert whole(message) == asked
