"""Answers as the chat window shows them: escaped Markdown and HTML. Pure functions.

Article text is untrusted: every piece of it is escaped before it reaches
Markdown or HTML, so a paragraph holding `<script>` shows those characters and
runs nothing.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from assistant.answering.citations import format_sources
from assistant.answering.verify import removed_note
from assistant.chat import ChatSession, Turn
from assistant.errors import IndexMissingError, NewsdeskError
from assistant.pipeline import fallback_note
from assistant.types import Answer, Citation, Sentence
from index.sources.files import SUPPORTED_SUFFIXES

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$^=:])")


def markdown_text(text: str) -> str:
    """Untrusted text as Markdown that renders exactly these characters and no markup."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", text), quote=False)


def marker_links(numbers: Iterable[int]) -> str:
    """`[n]` markers as links to their source cards (the page script opens them)."""
    return "".join(f" [\\[{n}\\]](#nd-source-{n})" for n in numbers)


def chat_markdown(sentences: Iterable[Sentence]) -> str:
    """Answer sentences as escaped Markdown with clickable markers; a sentence that no
    cited paragraph supports is marked, with the reason."""
    return " ".join(_sentence_markdown(s) for s in sentences)


def _sentence_markdown(sentence: Sentence) -> str:
    text = markdown_text(sentence.text)
    if sentence.supported:
        return text + marker_links(sentence.citations)
    why = f": {html.escape(sentence.reason)}" if sentence.reason else ""
    return f'{text} <small class="nd-unsupported">(unsupported{why})</small>'


def refusal_markdown(answer: Answer) -> str:
    """A refusal, shown as one: the fixed sentence and what to try instead."""
    return (
        f"_{markdown_text(answer.text)}_\n\n"
        "<small>No source answers this. Try other words, or add articles that cover it.</small>"
    )


def turn_markdown(turn: Turn) -> str:
    """The finished answer of a turn as the chat shows it: with what it is drawn from
    when it is about the articles as a whole, its caution, the
    citations an LLM wrote that did not check out, why the LLM was not used (if it was
    not) and how its question was read; a refusal with its note (why, and how misspelt
    words were read)."""
    if turn.answer.refused:
        content = refusal_markdown(turn.answer)
        if turn.answer.note:  # it names the misspelt words as they were read, if any
            return content + f"\n\n<small>{markdown_text(turn.answer.note)}</small>"
    else:
        content = chat_markdown(turn.answer.sentences)
        if turn.answer.about:
            content += f'\n\n<small class="nd-about">{markdown_text(turn.answer.about)}</small>'
        if turn.answer.caution:
            content += f'\n\n<small class="nd-caution">{markdown_text(turn.answer.caution)}</small>'
        if turn.answer.removals:
            note = markdown_text(removed_note(turn.answer.removals))
            content += f'\n\n<small class="nd-checked">{note}</small>'
        if turn.answer.llm_skipped:
            note = markdown_text(fallback_note(turn.answer.llm_skipped))
            content += f'\n\n<small class="nd-fallback">{note}</small>'
        if turn.resolved != turn.question:
            content += f"\n\n<small>Read as a follow-up: {markdown_text(turn.resolved)}</small>"
    if turn.answer.respelt:
        read = ", ".join(
            f"“{markdown_text(typed)}” as “{markdown_text(word)}”"
            for typed, word in turn.answer.respelt
        )
        content += f"\n\n<small>Read {read}.</small>"
    return content


def plain_answer(answer: Answer) -> str:
    """The answer with its `[n]` markers (and the caution, when it is doubted) and the
    numbered sources, as plain Markdown."""
    if answer.refused or not answer.citations:
        return answer.text
    text = f"{answer.text}\n\n{answer.caution}" if answer.caution else answer.text
    return f"{text}\n\nSources:\n{format_sources(answer.citations)}"


def copy_markdown(question: str, answer: Answer) -> str:
    """What "Copy as Markdown" puts on the clipboard: question, answer, sources."""
    return f"**{question}**\n\n{plain_answer(answer)}\n"


def _highlighted(paragraph: str, quote: str) -> str:
    """The paragraph as escaped HTML with the supporting sentence marked."""
    start = paragraph.find(quote) if quote else -1
    if start < 0:
        shown = html.escape(paragraph)
        return f"{shown}<br><mark>{html.escape(quote)}</mark>" if quote else shown
    end = start + len(quote)
    return (
        html.escape(paragraph[:start])
        + f"<mark>{html.escape(quote)}</mark>"
        + html.escape(paragraph[end:])
    )


def source_card(citation: Citation) -> str:
    """One source as an HTML card: title, outlet, date, paragraph and the marked quote,
    and the other outlets that carried the same story."""
    details = [citation.source, citation.published[:10], f"paragraph {citation.paragraph}"]
    meta = " · ".join(html.escape(d) for d in details if d)
    if citation.also_in:
        meta += f'<div class="nd-also">Also in: {html.escape(citation.also_in)}</div>'
    link = ""
    if citation.url.lower().startswith(("https://", "http://")):
        link = (
            f'<a class="nd-link" href="{html.escape(citation.url)}" target="_blank" '
            'rel="noopener noreferrer nofollow">Open the article ↗</a>'
        )
    return (
        f'<article class="nd-card" id="nd-source-{citation.n}" tabindex="-1">'
        f'<header><span class="nd-num">{citation.n}</span>'
        f'<div><div class="nd-title">{html.escape(citation.title or "Untitled article")}</div>'
        f'<div class="nd-meta">{meta}</div></div></header>'
        f'<p class="nd-para">{_highlighted(citation.text, citation.quote)}</p>{link}</article>'
    )


def sources_html(session: ChatSession | None) -> str:
    """The side panel: cards of the latest answer, earlier ones of the conversation below."""
    if session is None or not session.turns:
        return (
            '<div class="nd-empty">Sources appear here. Click a marker such as '
            "<b>[1]</b> in an answer to open its paragraph.</div>"
        )
    latest = session.turns[-1].answer
    if latest.refused:
        parts = [
            '<div class="nd-refused">No sources: the loaded articles do not answer this.</div>'
        ]
    else:
        parts = [source_card(c) for c in sorted(latest.citations, key=lambda c: c.n)]
    shown = {c.n for c in latest.citations}
    earlier: dict[int, Citation] = {}
    for turn in session.turns[:-1]:
        for citation in turn.answer.citations:
            if citation.n not in shown:
                earlier[citation.n] = citation
    if earlier:
        cards = "".join(source_card(earlier[n]) for n in sorted(earlier))
        parts.append(
            f'<details class="nd-earlier"><summary>Earlier in this conversation '
            f"({len(earlier)})</summary>{cards}</details>"
        )
    return "".join(parts)


def stats_html(stats: dict | None) -> str:
    """What the index holds, in one line."""
    if not stats or not stats.get("articles"):
        return '<span class="nd-stats">No articles loaded yet: add some under “Articles”.</span>'
    articles = stats["articles"]
    return (
        f'<span class="nd-stats">{articles} article{"s" if articles != 1 else ""} · '
        f"{stats['paragraphs']} paragraphs · {stats['chunks']} chunks · "
        f"model {html.escape(str(stats['embedding_model']))}</span>"
    )


def error_message(exc: NewsdeskError) -> str:
    """A library error as a sentence for the person at the window."""
    if isinstance(exc, IndexMissingError):
        return (
            "No articles are loaded yet. Add article files "
            f"({', '.join(sorted(SUPPORTED_SUFFIXES))}) under “Articles” on the right. ({exc})"
        )
    return str(exc)
