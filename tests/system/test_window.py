"""The chat window: rendering, uploads, serving rules, and the real server through gradio_client."""

from __future__ import annotations

import pytest

from assistant import REFUSAL, ChatSession
from assistant.errors import NewsdeskError
from assistant.retrieval.about import overview
from assistant.settings import get_settings
from assistant.types import Answer, Citation
from assistant.ui import render, uploads, window
from tests.conftest import launch_window

VNUKOVO = (
    "Xi was greeted on his arrival at Vnukovo airport near Moscow by Dmitry Chernyshenko, "
    "one of Russia’s 10 deputy prime ministers."
)
EVIL = 'Tested with <script>window.__pwned=1</script> and <img src=x onerror="window.__pwned=2">.'


def citation(n: int = 1, text: str = VNUKOVO, quote: str = VNUKOVO, url: str = "") -> Citation:
    return Citation(
        n=n,
        article_id="a1",
        title="China's Xi arrives in Moscow",
        source="cnn.com",
        url=url,
        published="2023-03-20T10:00:00",
        paragraph=11,
        text=text,
        quote=quote,
    )


# -- rendering ------------------------------------------------------------------------------


def test_markdown_text_escapes_html_and_markdown():
    shown = render.markdown_text("<b>x</b> *y* [z](javascript:alert(1)) $5 & 1.")
    assert shown == (
        "&lt;b&gt;x&lt;/b&gt; \\*y\\* \\[z\\]\\(javascript\\:alert\\(1\\)\\) \\$5 &amp; 1\\."
    )


def test_markers_link_to_their_cards():
    assert render.marker_links((1, 3)) == " [\\[1\\]](#nd-source-1) [\\[3\\]](#nd-source-3)"


def test_source_card_marks_the_quote_and_escapes_the_paragraph():
    text = f"Before. {EVIL} After."
    card = render.source_card(citation(2, text=text, quote=EVIL))
    assert 'id="nd-source-2"' in card
    assert "cnn.com · 2023-03-20 · paragraph 11" in card
    assert (
        "<mark>Tested with &lt;script&gt;window.__pwned=1&lt;/script&gt; and "
        "&lt;img src=x onerror=&quot;window.__pwned=2&quot;&gt;.</mark> After." in card
    )
    assert "<script" not in card and "<img" not in card


def test_source_card_names_the_other_outlets_of_the_same_story():
    from dataclasses import replace

    plain = render.source_card(citation())
    assert "Also in" not in plain
    card = render.source_card(replace(citation(), also_in="Reuters (2023-03-20); <b>AP</b>"))
    assert '<div class="nd-also">Also in: Reuters (2023-03-20); &lt;b&gt;AP&lt;/b&gt;</div>' in card


def test_source_card_links_only_web_addresses():
    assert 'href="https://cnn.com/a?b=1&amp;c=2"' in render.source_card(
        citation(url="https://cnn.com/a?b=1&c=2")
    )
    assert "href" not in render.source_card(citation(url="javascript:alert(1)"))


def test_plain_answer_lists_numbered_sources_and_refusal_stays_bare():
    answer = Answer(text=f"{VNUKOVO} [1]", refused=False, citations=(citation(),))
    assert render.plain_answer(answer) == (
        f"{VNUKOVO} [1]\n\nSources:\n"
        "[1] China's Xi arrives in Moscow (cnn.com, 2023-03-20), paragraph 11\n"
        f"    “{VNUKOVO}”"
    )
    assert render.plain_answer(Answer(text=REFUSAL, refused=True)) == REFUSAL


def test_error_message_for_a_missing_index_says_how_to_add_articles(tmp_path):
    from assistant.errors import IndexMissingError

    message = render.error_message(IndexMissingError("No index at x"))
    assert message.startswith("No articles are loaded yet. Add article files (.htm, .html, .json,")


def test_example_questions_fixed_for_the_sample_and_from_titles_otherwise():
    sample = [{"title": window.SAMPLE_TITLE, "published_ts": -1}]
    assert window.example_questions(sample) == list(window.SAMPLE_QUESTIONS)
    catalog = [
        {"title": "Old news", "published_ts": 10},
        {"title": "A very long title with far more than nine words in it", "published_ts": 30},
        {"title": "Old news", "published_ts": 10},
        {"title": "Middle", "published_ts": 20},
        {"title": "Oldest", "published_ts": 1},
    ]
    assert window.example_questions(catalog) == [
        "Summarize the article “A very long title with far more than nine…”",
        "Summarize the article “Middle”",
        "Summarize the article “Old news”",
    ]
    assert overview(window.example_questions(catalog)[1]) == "“Middle”"  # an overview
    assert window.example_questions([]) == []


# -- uploads --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("article.txt", "article.txt"),
        ("../../etc/passwd", "passwd"),
        ("..\\..\\windows\\win.ini", "win.ini"),
        ("..", "upload"),
        (".hidden.json", "hidden.json"),
        ("we<ird>|na:me?.jsonl", "we_ird_na_me.jsonl"),
        ("résumé 2024.txt", "résumé 2024.txt"),
        ("x" * 300 + ".txt", "x" * 100 + ".txt"),
    ],
)
def test_safe_upload_name(name, safe):
    assert uploads.safe_upload_name(name) == safe


def test_store_uploads_keeps_files_inside_the_folder(tmp_path):
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    sneaky = incoming / "..\\..\\sneaky.txt"  # a legal file name on Linux
    sneaky.write_text("Title\n\nBody.")
    (incoming / "other").mkdir()
    twin = incoming / "other" / "sneaky.txt"
    twin.write_text("Title 2\n\nBody 2.")
    big = incoming / "big.txt"
    big.write_bytes(b"x" * 2048)
    folder = tmp_path / "uploads"

    stored, refused = uploads.store_uploads([sneaky, twin, big], folder, limit_bytes=1024)

    assert stored == [folder.resolve() / "sneaky.txt", folder.resolve() / "sneaky-2.txt"]
    assert [p.read_text() for p in stored] == ["Title\n\nBody.", "Title 2\n\nBody 2."]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incoming", "uploads"]
    assert refused == ["big.txt: larger than the 0 MB upload limit"]


def test_ingest_report_names_skipped_files_and_why(tmp_path):
    from index.ingest import IngestReport
    from index.types import Skipped

    folder = tmp_path / "uploads"
    folder.mkdir()
    report = IngestReport(
        added=["<b>Title</b>"],
        paragraphs_added=3,
        skipped=[Skipped(str(folder.resolve() / "bad.json"), "record 1: expected an object")],
    )
    shown = uploads.ingest_report_html(
        report, ["huge.txt: larger than the 50 MB upload limit"], folder
    )
    assert "Added 1 article (3 paragraphs): “&lt;b&gt;Title&lt;/b&gt;”" in shown
    assert "<li>huge.txt: larger than the 50 MB upload limit</li>" in shown
    assert "<li>bad.json: record 1: expected an object</li>" in shown
    assert "Skipped 2:" in shown


# -- serving --------------------------------------------------------------------------------


def test_check_binding_local_needs_no_auth():
    assert window.check_binding(get_settings(host="127.0.0.1"), no_auth=False) is None


def test_check_binding_refuses_other_addresses_without_auth():
    with pytest.raises(NewsdeskError, match="NEWSDESK_AUTH=user:password"):
        window.check_binding(get_settings(host="0.0.0.0"), no_auth=False)


def test_check_binding_accepts_auth_or_an_explicit_no_auth():
    assert window.check_binding(get_settings(host="0.0.0.0", auth="ann:s3cret"), False) == (
        "ann",
        "s3cret",
    )
    assert window.check_binding(get_settings(host="0.0.0.0"), no_auth=True) is None
    with pytest.raises(NewsdeskError, match="NEWSDESK_AUTH must be user:password"):
        window.check_binding(get_settings(host="0.0.0.0", auth="no-colon"), False)


def test_launch_options_never_share_and_limit_uploads():
    options = window.launch_options(get_settings(upload_mb=7, port=7999))
    assert options["share"] is False
    assert options["max_file_size"] == "7mb"
    assert (options["server_name"], options["server_port"], options["auth"]) == (
        "127.0.0.1",
        7999,
        None,
    )


def test_serve_refuses_before_starting_a_server():
    with pytest.raises(NewsdeskError, match="NEWSDESK_AUTH"):
        window.serve(get_settings(host="192.0.2.1"))


# -- streaming and the real server ----------------------------------------------------------


@pytest.mark.slow
def test_answer_updates_grow_sentence_by_sentence(sample_settings):
    session = ChatSession(settings=sample_settings)
    updates = list(window.answer_updates(session, "Where did Xi spend his 66th birthday?"))
    first, second = (s for s in session.turns[-1].answer.sentences)
    assert updates[0] == render.markdown_text(first.text) + " [\\[1\\]](#nd-source-1)"
    assert updates[1] == updates[0] + " " + render.markdown_text(second.text) + (
        " [\\[2\\]](#nd-source-2)"
    )
    assert updates[2] == updates[1]  # the final form: no follow-up note, not a refusal


@pytest.mark.slow
def test_api_answers_the_vnukovo_question_with_its_source(window_url):
    from gradio_client import Client

    text = Client(window_url, verbose=False).predict(
        "Who greeted Xi Jinping when he arrived in Moscow?", api_name="/chat"
    )
    answer, _, sources = text.partition("\n\nSources:\n")
    assert answer.startswith(f"{VNUKOVO} [1]")  # "... by Dmitry Chernyshenko, ..."
    assert sources.startswith(
        "[1] China's Xi arrives in Moscow for first visit since Russia invaded Ukraine "
        f"(cnn.com), paragraph 11\n    “{VNUKOVO}”"
    )


@pytest.mark.slow
def test_filtered_api_takes_outlet_and_date_filters(window_url):
    from gradio_client import Client

    question = "Who greeted Xi Jinping when he arrived in Moscow?"
    client = Client(window_url, verbose=False)
    kept = client.predict(question, sources="Reuters, cnn.com", api_name="/chat_filtered")
    assert kept.startswith(f"{VNUKOVO} [1]")
    # The sample is CNN's and undated: another outlet, or any date range, leaves nothing.
    assert client.predict(question, sources="Reuters", api_name="/chat_filtered") == REFUSAL
    assert client.predict(question, since="2023-01-01", api_name="/chat_filtered") == REFUSAL
    with pytest.raises(Exception, match="until.*2023-13-01"):
        client.predict(question, until="2023-13-01", api_name="/chat_filtered")


@pytest.mark.slow
def test_api_gives_a_doubted_answer_with_its_caution(window_url):
    from gradio_client import Client

    from assistant.answering.refusal import CAUTION

    text = Client(window_url, verbose=False).predict(
        "Who is China's foreign minister?", api_name="/chat"
    )
    answer, _, sources = text.partition("\n\nSources:\n")
    assert answer.endswith(f"[1]\n\n{CAUTION}") and sources.startswith("[1] China's Xi")
    assert ", paragraph 11\n" in sources


@pytest.mark.slow
def test_api_refuses_an_unrelated_question(window_url):
    from gradio_client import Client

    text = Client(window_url, verbose=False).predict(
        "What is the boiling point of tungsten?", api_name="/chat"
    )
    assert text == REFUSAL


@pytest.mark.slow
def test_api_follow_up_is_resolved_from_the_conversation(window_url):
    from gradio_client import Client

    client = Client(window_url, verbose=False)
    first = client.predict("Where did Xi land?", api_name="/chat")
    assert "[1] China's Xi arrives in Moscow" in first and "paragraph 1\n" in first
    follow_up = client.predict("Who greeted him there?", api_name="/chat")
    assert "Dmitry Chernyshenko" in follow_up
    # numbering continues the conversation: the first answer cited paragraphs 1 and 10
    assert "\n[3] China's Xi arrives in Moscow" in follow_up and "paragraph 11" in follow_up
    again = client.predict("Where did Xi land?", api_name="/chat")
    assert again.split("\n\nSources:\n")[1].startswith("[1] ")  # paragraph 1 keeps [1]
    # another client is another conversation, numbered from [1]
    other = Client(window_url, verbose=False).predict("Who greeted him there?", api_name="/chat")
    assert other.split("\n\nSources:\n")[1].startswith("[1] ")


@pytest.mark.slow
def test_api_empty_question_is_a_clear_error(window_url):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Please type a question: the text had no words in it"):
        Client(window_url, verbose=False).predict("  ?! ", api_name="/chat")


@pytest.mark.slow
def test_api_without_an_index_says_how_to_add_articles(tmp_path):
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    demo, url = launch_window(get_settings(data_dir=tmp_path / "empty"))
    try:
        with pytest.raises(AppError, match="No articles are loaded yet"):
            Client(url, verbose=False).predict("Who greeted Xi?", api_name="/chat")
    finally:
        demo.close()
