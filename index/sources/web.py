"""URLs and RSS/Atom feeds -> Articles: the only module that fetches from the network.

A page that cannot be fetched comes out as `Skipped(url, reason)`, as a bad
file does from `index.sources.files`. A feed remembers the items it has ingested in
DATA_DIR/feeds.json, so reading it again fetches only the new ones.
"""

from __future__ import annotations

import http.client
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urljoin, urlparse

from index.errors import NewsdeskError
from index.sources.files import looks_binary, normalise_date
from index.sources.html import PageError, parse_html, site_host
from index.types import Article, Skipped, normalise_space

DEFAULT_TIMEOUT = 20.0  # seconds for connecting and for each read
DEFAULT_MAX_BYTES = 10 * 2**20
USER_AGENT = "Newsdesk/0.1 (+https://github.com/newsdesk; article reader)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/xml",
    "text/xml",
    "application/rdf+xml",
    "application/feed+json",
    "text/html",
    "text/plain",
)
FEEDS_FILE = "feeds.json"
_PIECE = 64 * 1024


class FetchError(NewsdeskError):
    """A URL that could not be fetched; the message is the reason, for `URL: reason`."""


@dataclass(frozen=True)
class Page:
    """What a URL returned: the address after redirects, the content type and the bytes."""

    url: str
    content_type: str
    body: bytes


def is_url(text: str) -> bool:
    """True for an http(s) address, as opposed to a file path."""
    return urlparse(str(text)).scheme in ("http", "https")


def fetch(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    accept: tuple[str, ...] = HTML_TYPES,
) -> Page:
    """GET a URL (following redirects) within `timeout` seconds in all; raises FetchError."""
    if not is_url(url):
        raise FetchError("not an http:// or https:// address")
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": ", ".join(accept) + ", */*;q=0.1"}
    )
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            content_type = response.headers.get_content_type()
            if content_type not in accept:
                what = "an HTML page" if accept == HTML_TYPES else "a feed"
                raise FetchError(f"not {what} (content type {content_type})")
            length = response.headers.get("Content-Length", "")
            if length.isdigit() and int(length) > max_bytes:
                raise FetchError(f"page is over the {_size(max_bytes)} limit")
            body = bytearray()
            # Read in pieces: a server dripping bytes must not hold us past the deadline.
            while piece := response.read(_PIECE):
                body += piece
                if len(body) > max_bytes:
                    raise FetchError(f"page is over the {_size(max_bytes)} limit")
                if time.monotonic() > deadline:
                    raise TimeoutError
            return Page(response.geturl(), content_type, bytes(body))
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise FetchError(f"timed out after {timeout:g} s") from None
        reason = getattr(exc.reason, "strerror", None) or exc.reason
        raise FetchError(f"cannot connect ({reason})") from None
    except TimeoutError:  # socket.timeout is TimeoutError since Python 3.10
        raise FetchError(f"timed out after {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as exc:  # a reset connection, a bad response
        raise FetchError(f"cannot read the page ({exc})") from None


def _size(n: int) -> str:
    return f"{n / 2**20:g} MB" if n >= 2**20 else f"{n} bytes"


def load_url(
    url: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    item: FeedItem | None = None,
    outlet: str = "",
) -> Article | Skipped:
    """The article at a URL, cited by its address after redirects; Skipped(url, why) if not.

    A feed `item` and the feed's `outlet` name fill in a title, outlet or date the page lacks.
    """
    try:
        page = fetch(url, timeout=timeout, max_bytes=max_bytes)
    except FetchError as exc:
        return Skipped(url, str(exc))
    if looks_binary(page.body):
        return Skipped(url, "binary data, not an HTML page")
    try:
        article = parse_html(page.body, url=page.url, origin=url)
    except PageError as exc:
        return Skipped(url, str(exc))
    if outlet and article.source == site_host(page.url):  # the page did not name its site
        article = replace(article, source=outlet)
    if item is not None and not article.published:
        article = replace(article, published=item.published)
    return article


def load_urls(urls: Iterable[str], **options) -> list[Article | Skipped]:
    """Each URL's article, or why it was skipped."""
    return [load_url(url, **options) for url in urls]


# -- feeds ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: its stable id, the link to its page and what the feed says of it."""

    id: str
    link: str
    title: str = ""
    published: str = ""


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title (the outlet, when pages do not name one) and its items."""

    url: str
    title: str
    items: tuple[FeedItem, ...]


def read_feed(
    url: str, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> Feed:
    """Fetch and parse an RSS or Atom feed; raises FetchError when it is not one."""
    import feedparser

    page = fetch(url, timeout=timeout, max_bytes=max_bytes, accept=FEED_TYPES)
    parsed = feedparser.parse(page.body)
    if not parsed.get("version") and not parsed.entries:
        raise FetchError("not an RSS or Atom feed")
    items: list[FeedItem] = []
    for entry in parsed.entries:
        link = entry.get("link") or ""
        if not link:
            continue
        link = urljoin(page.url, link)
        items.append(
            FeedItem(
                id=str(entry.get("id") or link),
                link=link,
                title=normalise_space(entry.get("title") or ""),
                published=_entry_date(entry),
            )
        )
    return Feed(url, normalise_space(parsed.feed.get("title") or ""), tuple(items))


def _entry_date(entry) -> str:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return ""
    return normalise_date("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}+00:00".format(*parsed[:6]))


class FeedState:
    """The feed items already ingested, by feed URL, kept in DATA_DIR/feeds.json."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / FEEDS_FILE
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, ValueError) as exc:
            raise FetchError(f"cannot read {self.path} ({exc}); delete it to start again") from None
        self._seen: dict[str, list[str]] = {
            str(feed): [str(i) for i in entry.get("seen", [])]
            for feed, entry in data.items()
            if isinstance(entry, dict)
        }

    def seen(self, feed_url: str) -> set[str]:
        """Ids of the items of this feed ingested before."""
        return set(self._seen.get(feed_url, []))

    def mark(self, feed_url: str, item_ids: Iterable[str]) -> None:
        """Remember these items as ingested (call `save` to keep it)."""
        seen = self._seen.setdefault(feed_url, [])
        seen.extend(i for i in item_ids if i not in seen)

    def save(self) -> None:
        """Write the state atomically, so an interrupted run never leaves half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {feed: {"seen": ids} for feed, ids in sorted(self._seen.items())}
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".feeds-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=1)
        os.replace(tmp, self.path)


@dataclass
class FeedBatch:
    """The new items of some feeds: loaded articles and skips, and the ids to mark after."""

    items: list[Article | Skipped]
    loaded: dict[str, list[str]]  # feed URL -> ids of the items whose page loaded


def load_feeds(
    feed_urls: Iterable[str],
    state: FeedState,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> FeedBatch:
    """The pages of every feed item not ingested before.

    An item whose page failed to load is not marked, so the next run tries it again.
    """
    batch = FeedBatch([], {})
    for feed_url in feed_urls:
        try:
            feed = read_feed(feed_url, timeout=timeout, max_bytes=max_bytes)
        except FetchError as exc:
            batch.items.append(Skipped(feed_url, str(exc)))
            continue
        seen = state.seen(feed_url)
        loaded = batch.loaded.setdefault(feed_url, [])
        for item in feed.items:
            if item.id in seen or item.id in loaded:
                continue
            article = load_url(
                item.link, timeout=timeout, max_bytes=max_bytes, item=item, outlet=feed.title
            )
            batch.items.append(article)
            if isinstance(article, Article):
                loaded.append(item.id)
    return batch
