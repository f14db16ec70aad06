"""A saved or fetched web page -> Article, with trafilatura. No file or network I/O.

trafilatura finds the article in the page (navigation, ads, comments and
scripts are left out) and its metadata: title, author, site name and
publication date. Paragraphs are kept as the page had them: one <p> (or
list item, or block quote) is one paragraph.
"""

from __future__ import annotations

from urllib.parse import urlparse

from index.types import Article, normalise_space, title_from

# Only dates the page states count: htmldate's extensive search would take a
# "Copyright 2024" footer for a publication date of 2024-01-01.
_DATE_OPTIONS = {"extensive_search": False, "original_date": True}
_BLOCKS = frozenset({"p", "item", "quote", "code"})


class PageError(ValueError):
    """A page with no article text in it: the message says why."""


def parse_html(page: str | bytes, *, url: str = "", origin: str = "") -> Article:
    """The article in an HTML page; `url` (where it was fetched) becomes its citation link.

    Raises PageError when the page holds no article text.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        page,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        date_extraction_params=_DATE_OPTIONS,
    )
    if doc is None or doc.body is None:
        raise PageError("no article text found in the page")
    paragraphs = tuple(_paragraphs(doc.body))
    if not paragraphs:
        raise PageError("no article text found in the page")
    title = normalise_space(doc.title or "") or title_from(paragraphs[0])
    link = url or (doc.url or "")
    return Article(
        title=title,
        paragraphs=paragraphs,
        source=_site_name(doc.sitename or "", link),
        url=link,
        author=normalise_space(doc.author or ""),
        published=doc.date or "",
        origin=origin or link,
    )


def _paragraphs(body) -> list[str]:
    """The text of each block of the extracted body, in reading order; headings left out."""
    out: list[str] = []
    for element in body.iter(*_BLOCKS):
        if any(parent.tag in _BLOCKS for parent in element.iterancestors()):
            continue  # counted with its enclosing block
        if element.tag == "quote" and element.find(".//p") is not None:
            blocks = element.findall(".//p")
        else:
            blocks = [element]
        for block in blocks:
            text = normalise_space("".join(block.itertext()))
            if text:
                out.append(text)
    return out


def site_host(url: str) -> str:
    """The host of a URL without `www.`: the outlet of a page that names none."""
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.")


def _site_name(sitename: str, url: str) -> str:
    # trafilatura falls back to the URL's host (with its port) when the page names no site.
    name = normalise_space(sitename)
    parsed = urlparse(url)
    if not name or name.lower() in {parsed.netloc.lower(), (parsed.hostname or "").lower()}:
        return site_host(url)
    return name
