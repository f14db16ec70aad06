"""An article as a whole: how it opens, each sentence cited; or its details. Pure.

A news story says first what matters most, so "What is this article about?" and
"Summarize the story about Xi's visit" are answered with its opening sentences, and
"What's the news?" over several articles with the first sentence of each of the newest.
"Who wrote this article?" and "When was it published?" are answered from its details
(title, outlet, date, author, address), which no paragraph holds, so they cite none.
Which articles is the engine's choice (assistant/pipeline.py); the words that ask are
read by assistant/retrieval/about.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.answering.citations import Numbering, compose
from assistant.answering.extractive import ExtractiveAnswerer
from assistant.retrieval.about import THANKS
from assistant.retrieval.asked import is_caption
from assistant.types import Answer, Hit, Sentence
from index.split import sentences
from index.text import words

SENTENCES = 3  # an article's overview: the first three sentences of its story ...
LEDE_SENTENCES = 2  # ... at most two of them from its first paragraph, one from any other
ARTICLES = 5  # an overview of several articles: how each of the newest five opens
PARAGRAPHS = 6  # the opening paragraphs read (and given to an LLM to summarise)
MIN_WORDS = 8  # a shorter paragraph is a byline, teaser or credit, not the story


_NOT_STORY = re.compile(r"^\W*(?:editor['’]s\s+note|correction|update|advertisement)\b", re.I)


def is_story(hit: Hit) -> bool:
    """True for a paragraph of the story itself: not a caption, byline or teaser, the
    title again, nor a note about the story ("Editor's note: ...", "Correction: ...")."""
    text = hit.text
    if len(words(text)) < MIN_WORDS or is_caption(text) or _NOT_STORY.match(text):
        return False
    return " ".join(text.split()).casefold() != " ".join(hit.title.split()).casefold()


def opening(paragraphs: list[Hit], count: int = SENTENCES) -> list[tuple[Hit, str]]:
    """The first `count` sentences of an article's story, each with its paragraph:
    up to LEDE_SENTENCES from the first paragraph of the story, one from each after.
    An article with no paragraph of story (all short lines) opens with its first lines."""
    story = [hit for hit in paragraphs if is_story(hit)] or paragraphs
    chosen: list[tuple[Hit, str]] = []
    for hit in story:
        for sentence in sentences(hit.text)[: LEDE_SENTENCES if not chosen else 1]:
            chosen.append((hit, sentence))
            if len(chosen) == count:
                return chosen
    return chosen


def sources(articles: list[list[Hit]]) -> list[Hit]:
    """The paragraphs an overview draws on (what an LLM is given to summarise): one
    article's opening paragraphs, or the first paragraph of the story of each of several."""
    if len(articles) == 1:
        return articles[0]
    return [chosen[0][0] for paragraphs in articles if (chosen := opening(paragraphs, 1))]


def stream(articles: list[list[Hit]], numbering: Numbering) -> Iterator[Sentence | Answer]:
    """The overview of the articles (each its opening paragraphs, in order): one article's
    first SENTENCES sentences, or the first sentence of each of several."""
    count = SENTENCES if len(articles) == 1 else 1
    quoted = [
        (sentence, ((hit, sentence),))
        for paragraphs in articles
        for hit, sentence in opening(paragraphs, count)
    ]
    yield from compose(quoted, numbering, ExtractiveAnswerer.name, tuple(sources(articles)))


DETAILS_NOTE = "From the article's details (title, outlet, date, author), not from its text."


def described(hit: Hit) -> str:
    """An article's details, as its paragraph `hit` carries them, in one sentence."""
    by = f", by {hit.author}" if hit.author else ""
    outlet = f"published by {hit.source}" if hit.source else "from an outlet it does not name"
    when = f" on {hit.published[:10]}" if hit.published else ""
    lacks = [
        said
        for said, given in (("gives no date", hit.published), ("names no author", hit.author))
        if not given
    ]
    missing = f"; it {' and '.join(lacks)}" if lacks else ""
    address = f" {hit.url}" if hit.url else ""
    return f"“{hit.title}”{by}: {outlet}{when}{missing}.{address}"


def details(articles: list[list[Hit]]) -> Iterator[Sentence | Answer]:
    """The details of each article (its opening paragraphs), a sentence each, then the
    Answer: no citation, since no paragraph says them (DETAILS_NOTE)."""
    firsts = tuple(paragraphs[0] for paragraphs in articles if paragraphs)
    parts = tuple(Sentence(described(hit), ()) for hit in firsts)
    yield from parts
    yield Answer(
        text=" ".join(s.text for s in parts),
        refused=False,
        sentences=parts,
        backend=ExtractiveAnswerer.name,
        hits=firsts,
        note=DETAILS_NOTE,
        about=DETAILS_NOTE,
    )


def greeting(count: int, newest: Hit | None, kind: str = "") -> Iterator[Sentence | Answer]:
    """What a greeting, thanks (`kind` THANKS) or a call for help gets: what is loaded
    (`count` articles, the `newest` one's paragraph) and how to ask; it cites nothing."""
    if newest is None:
        loaded = "no article is loaded"
    elif count == 1:
        loaded = f"1 article is loaded: “{newest.title}”"
    else:
        loaded = f"{count} articles are loaded, the newest “{newest.title}”"
    example = "What is this article about?" if count == 1 else "What's the news?"
    welcome = "You are welcome. " if kind == THANKS else ""
    said = (
        f"{welcome}Ask me about the loaded articles ({loaded}): every answer cites the "
        f"paragraphs it comes from. For example: “{example}”"
    )
    sentence = Sentence(said, ())
    yield sentence
    yield Answer(text=said, refused=False, sentences=(sentence,), backend=ExtractiveAnswerer.name)


NO_ARTICLES = "No loaded article is within the filters."
OUTLETS_SAID = 8  # the most outlets named when saying what is loaded


def several_note(count: int, scope: str = "", shown: int = ARTICLES) -> str:
    """What is said of the articles asked about as a whole (`count` of them loaded
    `scope`: "", " from TechCrunch", " within the filters", " published on 2024-05-02";
    the newest `shown` given)."""
    if count == 1:
        return f"1 article{scope} is loaded."
    if count <= shown:
        return f"{count} articles{scope} are loaded: here is each of them."
    return (
        f"{count} articles{scope} are loaded: here are the newest {shown}. "
        "Name a subject (“... the article about ...”) for one of them."
    )


def none_loaded(scope: str, newest: str) -> str:
    """Why no article is given for a request about the articles as a whole within
    `scope`; with the newest loaded article's date (`newest`, "" for none) when the
    scope named days."""
    if scope in ("", " within the filters"):
        return NO_ARTICLES
    dated = f" The newest is dated {newest[:10]}." if newest and " published " in scope else ""
    return f"No article{scope} is loaded.{dated}"


def outlets_said(outlets: list[str]) -> str:
    """What outlets the loaded articles are from, in a sentence."""
    if not outlets:
        return "No loaded article names its outlet."
    if len(outlets) > OUTLETS_SAID:
        return f"The loaded articles are from {len(outlets)} outlets."
    return f"The loaded articles are from {', '.join(outlets)}."
