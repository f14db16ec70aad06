"""Saved web pages, URLs and feeds, against a small HTTP server on 127.0.0.1 (no network)."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time

import pytest

from index.sources.files import load_file, load_paths
from index.sources.web import FeedState, fetch, load_feeds, load_url, read_feed
from index.types import Article, Skipped
from tests.conftest import FIXTURES, free_port

WEB = FIXTURES / "web"
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/rss+xml",
    ".json": "application/json",
}
STRIKE_TITLE = "Dockworkers end three-day strike at Port of Valmera"


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves tests/fixtures/web, plus /old-strike (a redirect), /slow.html and /feed.xml."""

    server: _Server

    def do_GET(self) -> None:  # noqa: N802 - the http.server name
        self.server.requested.append(self.path)
        if self.path == "/old-strike":
            self.send_response(301)
            self.send_header("Location", "/port-strike.html")
            self.end_headers()
            return
        if self.path == "/slow.html":
            time.sleep(2)
        name = self.server.feed if self.path == "/feed.xml" else self.path.lstrip("/")
        if name == "slow.html":
            name = "story-1.html"
        path = WEB / name
        if not name or not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes().replace(b"{BASE}", self.server.base.encode())
        self.send_response(200)
        self.send_header("Content-Type", TYPES[path.suffix])
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the client may give up on purpose (size limit, timeout)

    def log_message(self, *args) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    requested: list[str]
    feed: str
    base: str


@pytest.fixture(scope="module")
def web():
    """The fixture site on a free local port: `web.base` is its address."""
    port = free_port()
    server = _Server(("127.0.0.1", port), _Handler)
    server.requested, server.feed, server.base = [], "feed-2.xml", f"http://127.0.0.1:{port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


# -- saved pages ------------------------------------------------------------------------------


def test_saved_page_keeps_the_article_and_drops_the_boilerplate():
    (article,) = list(load_file(WEB / "port-strike.html"))
    assert article.title == STRIKE_TITLE
    assert (article.source, article.author, article.published) == (
        "Harbour Herald",
        "Lena Ortiz",
        "2024-03-14",
    )
    assert len(article.paragraphs) == 4
    assert article.paragraphs[0].startswith("Dockworkers at the Port of Valmera returned to work")
    assert article.paragraphs[3].endswith("in delays and diverted cargo.")
    text = " ".join(article.paragraphs)
    for boilerplate in (
        "Subscribe",
        "ADVERTISEMENT",
        "Sponsored",
        "Great news",
        "Comments",
        "trackPageView",
        "loadRelatedStories",
        "Copyright",
        "Privacy",
    ):
        assert boilerplate not in text


def test_page_without_a_date_has_no_date_not_the_copyright_year():
    (article,) = list(load_file(WEB / "no-date.html"))
    assert article.title == "Valmera council approves new tram line"
    assert (article.published, article.source, article.author) == ("", "", "")
    assert len(article.paragraphs) == 3


def test_html_files_in_a_folder_are_loaded(tmp_path):
    (tmp_path / "a.htm").write_bytes((WEB / "story-1.html").read_bytes())
    (tmp_path / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    items = list(load_paths([tmp_path]))
    assert [i.title for i in items if isinstance(i, Article)] == [
        "Valmera harbour ferry fares rise"
    ]
    assert [str(i) for i in items if isinstance(i, Skipped)] == [
        f"{tmp_path / 'empty.html'}: no article text found in the page"
    ]


# -- URLs -------------------------------------------------------------------------------------


def test_url_is_the_citation_link_after_a_redirect(web):
    article = load_url(f"{web.base}/old-strike")
    assert isinstance(article, Article)
    assert article.title == STRIKE_TITLE
    assert article.url == f"{web.base}/port-strike.html"
    assert article.origin == f"{web.base}/old-strike"
    assert len(article.paragraphs) == 4


def test_failed_fetches_say_why(web):
    base = web.base
    closed = f"http://127.0.0.1:{free_port()}/gone.html"
    results = [
        load_url(f"{base}/missing.html"),
        load_url(f"{base}/slow.html", timeout=0.5),
        load_url(f"{base}/data.json"),
        load_url(f"{base}/port-strike.html", max_bytes=1000),
        load_url(closed),
    ]
    assert [str(r) for r in results] == [
        f"{base}/missing.html: HTTP 404 Not Found",
        f"{base}/slow.html: timed out after 0.5 s",
        f"{base}/data.json: not an HTML page (content type application/json)",
        f"{base}/port-strike.html: page is over the 1000 bytes limit",
        f"{closed}: cannot connect (Connection refused)",
    ]


def test_fetch_refuses_what_is_not_a_web_address():
    from index.sources.web import FetchError

    with pytest.raises(FetchError, match="not an http:// or https:// address"):
        fetch("file:///etc/passwd")


# -- feeds ------------------------------------------------------------------------------------


def test_feed_items_and_dates(web):
    web.feed = "feed-2.xml"
    feed = read_feed(f"{web.base}/feed.xml")
    assert feed.title == "Harbour Herald"
    assert [(i.id, i.link, i.published) for i in feed.items] == [
        ("herald-1001", f"{web.base}/story-1.html", "2024-03-10T08:00:00+00:00"),
        ("herald-1002", f"{web.base}/story-2.html", "2024-03-11T18:30:00+00:00"),
    ]


def test_second_feed_run_fetches_only_the_new_item(web, tmp_path):
    feed_url = f"{web.base}/feed.xml"
    web.feed = "feed-2.xml"
    web.requested.clear()
    state = FeedState(tmp_path)
    batch = load_feeds([feed_url], state)
    assert web.requested == ["/feed.xml", "/story-1.html", "/story-2.html"]
    assert [a.title for a in batch.items] == [
        "Valmera harbour ferry fares rise",
        "Container ships queue outside Valmera as strike begins",
    ]
    # story-2 names no site and no date: the feed's title and the item's date fill them in.
    undated = batch.items[1]
    assert (undated.source, undated.published) == ("Harbour Herald", "2024-03-11T18:30:00+00:00")
    state.mark(feed_url, batch.loaded[feed_url])
    state.save()

    web.feed = "feed-3.xml"
    web.requested.clear()
    batch = load_feeds([feed_url], FeedState(tmp_path))
    assert web.requested == ["/feed.xml", "/story-3.html"]
    assert [(a.title, a.published) for a in batch.items] == [
        ("Valmera port clears strike backlog", "2024-03-20")
    ]
    assert batch.loaded == {feed_url: ["herald-1003"]}


def test_atom_feed_with_a_relative_link(web, tmp_path):
    batch = load_feeds([f"{web.base}/atom.xml"], FeedState(tmp_path))
    (article,) = batch.items
    assert article.url == f"{web.base}/no-date.html"
    assert (article.source, article.published) == (
        "Valmera Local News",
        "2024-03-18T12:00:00+00:00",
    )


def test_a_feed_that_fails_is_skipped_with_its_reason(web, tmp_path):
    batch = load_feeds(
        [f"{web.base}/nofeed.xml", f"{web.base}/port-strike.html"], FeedState(tmp_path)
    )
    assert [str(i) for i in batch.items] == [
        f"{web.base}/nofeed.xml: HTTP 404 Not Found",
        f"{web.base}/port-strike.html: not an RSS or Atom feed",
    ]


@pytest.mark.slow
def test_cli_ingests_a_url_and_a_feed_and_cites_the_url(web, tmp_path, capsys):
    import json

    from assistant.cli import main

    data_dir = str(tmp_path / "index")
    web.feed = "feed-2.xml"
    missing = f"{web.base}/missing.html"
    assert main(["ingest", f"{web.base}/port-strike.html", missing, "--data-dir", data_dir]) == 1
    out = capsys.readouterr()
    assert out.err.endswith(f"skipped {missing}: HTTP 404 Not Found\n")
    assert out.out.startswith("1 articles added (4 paragraphs, 4 chunks), 0 replaced")

    feed = f"{web.base}/feed.xml"
    assert main(["ingest", "--feed", feed, "--data-dir", data_dir, "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("2 articles added")
    web.feed = "feed-3.xml"
    web.requested.clear()
    assert main(["ingest", "--feed", feed, "--data-dir", data_dir, "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("1 articles added (2 paragraphs")
    assert web.requested == ["/feed.xml", "/story-3.html"]
    state = json.loads((tmp_path / "index" / "feeds.json").read_text())
    assert state == {feed: {"seen": ["herald-1001", "herald-1002", "herald-1003"]}}

    assert (
        main(["ask", "What pay rise did the dockworkers accept?", "--data-dir", data_dir, "--json"])
        == 0
    )
    answer = json.loads(capsys.readouterr().out)
    cited = {(c["title"], c["source"], c["published"], c["url"]) for c in answer["citations"]}
    assert (STRIKE_TITLE, "Harbour Herald", "2024-03-14", f"{web.base}/port-strike.html") in cited


def test_cli_ingest_needs_something_to_ingest(capsys):
    from assistant.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["ingest"])
    assert exc.value.code == 2
    assert "ingest needs a PATH, a URL or --feed URL" in capsys.readouterr().err
