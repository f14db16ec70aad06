"""The chat window in a real headless Chromium (Debian's), driven by Playwright."""

from __future__ import annotations

import http.server
import json
import re
import threading
from contextlib import contextmanager
from pathlib import Path

import pytest

from assistant import REFUSAL

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
VNUKOVO = (
    "Xi was greeted on his arrival at Vnukovo airport near Moscow by Dmitry Chernyshenko, "
    "one of Russia’s 10 deputy prime ministers."
)
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=2">'
TITLE = 'Harbour council approves new ferry timetable <img src=x onerror="window.__pwned=3">'
HOSTILE_ARTICLE = f"""{TITLE}

source: example.org
date: 2024-05-02

The harbour council approved a new ferry timetable on Thursday after a long debate.

The ferry operator said the change was tested with {SCRIPT} and {IMG} markup in its press kit.

Night crossings will resume in June, the council said.
"""


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, writable_window):
    url, _ = writable_window
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#nd-question textarea")
    yield page
    context.close()


def ask(page, question: str) -> None:
    page.fill("#nd-question textarea", question)
    page.keyboard.press("Enter")


def last_bot_message(page):
    return page.locator("#nd-chat [data-testid='bot']").last


def test_answer_streams_in_and_its_marker_opens_the_source_card(page):
    page.wait_for_selector("#nd-chat .example")  # example questions on an empty chat
    assert "Who greeted Xi Jinping when he arrived in Moscow?" in page.inner_text("#nd-chat")
    # Record every text the answer bubble shows, to see it grow while it streams.
    page.evaluate(
        """() => {
        window.__seen = [];
        new MutationObserver(() => {
          const bots = document.querySelectorAll("#nd-chat [data-testid='bot']");
          if (bots.length) window.__seen.push(bots[bots.length - 1].innerText);
        }).observe(document.querySelector('#nd-chat'),
                   {subtree: true, childList: true, characterData: true});
        }"""
    )
    ask(page, "Who greeted Xi Jinping when he arrived in Moscow?")
    marker = page.locator("#nd-chat a[href='#nd-source-1']")
    marker.wait_for()
    assert marker.inner_text() == "[1]"
    page.wait_for_selector("#nd-sources #nd-source-1")
    assert last_bot_message(page).inner_text().startswith(f"{VNUKOVO} [1]")
    seen = page.evaluate("window.__seen")
    assert "…" in seen  # the placeholder shown before the first sentence arrived

    marker.click()
    card = page.locator("#nd-source-1")
    page.wait_for_function("document.querySelector('#nd-source-1').classList.contains('nd-flash')")
    assert "cnn.com · paragraph 11" in card.inner_text()
    assert card.locator("mark").inner_text() == VNUKOVO
    assert card.locator(".nd-title").inner_text() == (
        "China's Xi arrives in Moscow for first visit since Russia invaded Ukraine"
    )
    assert page.url.endswith("/")  # the link did not navigate
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "answer-with-source-card.png"))

    page.click("#nd-copy")
    page.wait_for_function("document.querySelector('#nd-copy').innerText.includes('Copied')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(
        f"**Who greeted Xi Jinping when he arrived in Moscow?**\n\n{VNUKOVO} [1]"
    )
    assert "\n\nSources:\n[1] China's Xi arrives in Moscow" in copied


def test_the_first_example_asks_what_the_article_is_about_and_its_opening_is_cited(page):
    page.locator("#nd-chat .example", has_text="What is this article about?").click()
    page.wait_for_selector("#nd-sources #nd-source-3")
    reply = last_bot_message(page).inner_text()
    assert reply.startswith("Xi Jinping has landed in Moscow for meetings with Vladimir Putin")
    assert "[1]" in reply and "[2]" in reply and "[3]" in reply
    assert "cnn.com · paragraph 1" in page.locator("#nd-source-1").inner_text()
    assert "cnn.com · paragraph 3" in page.locator("#nd-source-3").inner_text()
    ask(page, "Who wrote this article?")  # from its details, citing no paragraph
    page.wait_for_function(
        "document.querySelectorAll(\"#nd-chat [data-testid='bot']\").length === 2"
        " && document.querySelector('#nd-chat .nd-about') !== null"
    )
    reply = last_bot_message(page).inner_text()
    assert reply.startswith("“China's Xi arrives in Moscow for first visit since Russia")
    assert "it gives no date and names no author." in reply
    assert "From the article's details (title, outlet, date, author), not from its text." in reply


def test_follow_up_keeps_numbers_and_new_conversation_resets(page):
    ask(page, "Where did Xi land?")
    page.wait_for_selector("#nd-sources #nd-source-1")
    ask(page, "Who greeted him there?")
    page.wait_for_selector("#nd-sources #nd-source-3")  # the first answer cited two
    reply = last_bot_message(page).inner_text()
    assert reply.startswith(f"{VNUKOVO} [3]")
    assert "Read as a follow-up: Who greeted him there? (Xi)" in reply
    assert page.locator("#nd-sources .nd-earlier #nd-source-1").count() == 1

    page.click("#nd-new")
    page.wait_for_selector("#nd-sources .nd-empty")
    assert page.locator("#nd-chat [data-testid='bot']").count() == 0
    ask(page, "What is the boiling point of tungsten?")
    page.wait_for_selector("#nd-sources .nd-refused")
    assert last_bot_message(page).inner_text().startswith(REFUSAL)
    assert page.locator("#nd-sources .nd-card").count() == 0
    assert page.locator("#nd-chat a[href^='#nd-source-']").count() == 0


def test_a_misspelt_question_is_answered_and_says_how_it_was_read(page):
    ask(page, "waht job does john kirby have")
    page.wait_for_selector("#nd-sources #nd-source-1")
    reply = last_bot_message(page).inner_text()
    assert reply.rstrip().endswith("Read “waht” as “what”.")
    assert "cnn.com · paragraph 19" in page.locator("#nd-source-1").inner_text()


def test_an_answer_the_article_may_not_hold_shows_its_caution(page):
    from assistant.answering.refusal import CAUTION

    ask(page, "Who is China's foreign minister?")
    page.wait_for_selector("#nd-chat .nd-caution")
    reply = last_bot_message(page)
    assert reply.locator(".nd-caution").inner_text() == CAUTION
    assert "cnn.com · paragraph 11" in page.locator("#nd-source-1").inner_text()


def test_a_refusal_says_which_words_no_article_uses(page):
    ask(page, "What is the boiling point of tungsten?")
    page.wait_for_selector("#nd-sources .nd-refused")
    reply = last_bot_message(page).inner_text()
    assert reply.startswith(REFUSAL)
    assert reply.rstrip().endswith(
        "No loaded article uses these words of the question: boiling, tungsten."
    )


@contextmanager
def greeting_asked_through_llm(browser, sample_settings, base_url: str, model: str):
    """A window on the sample set to an OpenAI-compatible server at `base_url`, asked who
    greeted Xi: the page, closed with the window afterwards."""
    from assistant.settings import get_settings
    from tests.conftest import launch_window

    demo, url = launch_window(
        get_settings(sample_settings, llm="openai", llm_model=model, llm_base_url=base_url)
    )
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url)
        ask(page, "Who greeted Xi Jinping when he arrived in Moscow?")
        yield page
    finally:
        context.close()
        demo.close()


def test_an_answer_the_llm_could_not_write_says_why(browser, sample_settings):
    from tests.conftest import free_port

    down = f"http://127.0.0.1:{free_port()}/v1"  # nothing listens there
    with greeting_asked_through_llm(browser, sample_settings, down, "m") as page:
        page.wait_for_selector("#nd-chat .nd-fallback")
        note = last_bot_message(page).locator(".nd-fallback").inner_text()
        assert note.startswith(f"The LLM was not used: Cannot reach the openai server at {down}")
        assert note.endswith("This is the extractive answer instead.")
        assert "cnn.com · paragraph 11" in page.locator("#nd-source-1").inner_text()


class _ScriptedLLM(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible chat server that streams one scripted reply: the greeting,
    cited to the source that says it and to one that does not. The tiny GGUF cannot be
    made to cite a wrong paragraph on demand; this server can."""

    def do_POST(self) -> None:  # noqa: N802 - the http.server name
        request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        prompt = request["messages"][-1]["content"]
        sources = re.findall(r'<source n="(\d+)"[^>]*>\n(.*?)</source>', prompt, re.S)
        right = next(n for n, text in sources if "Chernyshenko" in text)
        wrong = next(n for n, text in sources if "Chernyshenko" not in text)
        reply = f"Xi was greeted at Vnukovo airport by Dmitry Chernyshenko [{right}][{wrong}]."
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in (reply[:30], reply[30:]):
            delta = {"role": "assistant", "content": piece}
            chunk = {
                "id": "c",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": "scripted",
                "choices": [{"index": 0, "delta": delta, "finish_reason": None}],
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")

    def log_message(self, *args) -> None:
        pass


def test_a_citation_the_llm_got_wrong_is_removed_and_counted(browser, sample_settings):
    from tests.conftest import free_port

    port = free_port()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _ScriptedLLM)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}/v1"
    try:
        with greeting_asked_through_llm(browser, sample_settings, base, "scripted") as page:
            page.wait_for_selector("#nd-chat .nd-checked")
            reply = last_bot_message(page)
            # The note says which paragraph the removed citation named, and why.
            assert reply.locator(".nd-checked").inner_text() == (
                "1 citation that did not check out against its paragraph was removed "
                "(“China's Xi arrives in Moscow for first visit since Russia invaded Ukraine”, "
                "paragraph 1: names Vnukovo and Dmitry Chernyshenko, whom the paragraph does "
                "not mention)."
            )
            assert reply.inner_text().startswith(
                "Xi was greeted at Vnukovo airport by Dmitry Chernyshenko. [1]"
            )
            assert reply.locator(".nd-fallback").count() == 0
            assert page.locator("#nd-sources [id^='nd-source-']").count() == 1
            assert "cnn.com · paragraph 11" in page.locator("#nd-source-1").inner_text()
    finally:
        server.shutdown()
        server.server_close()


def test_a_question_without_words_gets_a_message_not_an_error(page):
    ask(page, "?!")
    page.wait_for_function(
        "[...document.querySelectorAll(\"#nd-chat [data-testid='bot']\")]"
        ".some(b => b.innerText.includes('Please type a question'))"
    )
    assert last_bot_message(page).inner_text() == (
        "⚠️ Please type a question: the text had no words in it"
    )


def test_date_filters_narrow_the_search_and_a_bad_date_is_named(page):
    page.click("#nd-filters button")
    since = page.locator("#nd-since").locator("textarea, input").first
    since.fill("next spring")
    ask(page, "Who greeted Xi Jinping when he arrived in Moscow?")
    page.wait_for_function(
        "[...document.querySelectorAll(\"#nd-chat [data-testid='bot']\")]"
        ".some(b => b.innerText.includes('is not a date'))"
    )
    assert last_bot_message(page).inner_text() == (
        "⚠️ since='next spring' is not a date: use YYYY-MM-DD"
    )

    since.fill("2024-01-01")  # the sample article carries no date: it is left out
    ask(page, "Who greeted Xi Jinping when he arrived in Moscow?")
    page.wait_for_selector("#nd-sources .nd-refused")
    assert last_bot_message(page).inner_text().startswith(REFUSAL)

    since.fill("")  # no filter: the article is searched again
    ask(page, "Who greeted Xi Jinping when he arrived in Moscow?")
    page.wait_for_selector("#nd-sources #nd-source-1")
    assert last_bot_message(page).inner_text().startswith(f"{VNUKOVO} [1]")


def test_uploaded_article_with_markup_is_shown_as_text_and_runs_nothing(
    page, writable_window, tmp_path
):
    _, data_dir = writable_window
    article = tmp_path / "harbour.txt"
    article.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    bad = tmp_path / "broken.json"
    bad.write_text("[1]", encoding="utf-8")

    page.click("#nd-articles button")
    page.set_input_files("#nd-upload input[type=file]", [str(article), str(bad)])
    page.wait_for_selector("#nd-report .nd-ok", timeout=120_000)
    report = page.inner_text("#nd-report")
    assert f"Added 1 article (3 paragraphs): “{TITLE}”" in report
    assert "broken.json: record 1: expected an object with a 'body', got a number" in report
    assert page.inner_text("#nd-stats").startswith("2 articles · 36 paragraphs")
    assert (data_dir / "uploads" / "harbour.txt").read_text(encoding="utf-8") == HOSTILE_ARTICLE

    ask(page, "What did the ferry operator test the change with?")
    page.wait_for_selector("#nd-sources .nd-card mark")
    expected = f"The ferry operator said the change was tested with {SCRIPT} and {IMG} markup"
    assert last_bot_message(page).inner_text().startswith(expected)
    assert page.locator("#nd-sources .nd-card mark").inner_text().startswith(expected)
    assert page.inner_text("#nd-sources .nd-title") == TITLE
    page.wait_for_timeout(500)  # give any injected handler time to fire
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#nd-chat img, #nd-sources img, #nd-report img").count() == 0
    assert page.locator("#nd-chat script, #nd-sources script").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "untrusted-article.png"))
