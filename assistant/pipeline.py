"""The engine: what one index needs to answer (store, embedder, BM25 view), shared.

An Engine is built once per index shape and data folder per process and shared by
every caller and thread. It holds nothing per call: the settings of a question
(its answerer, `top_k`, reranker, filters) are passed to each call.

One question: clean it -> retrieve (assistant/retrieval) -> decide whether the corpus
can answer (assistant/answering/answerability.py) -> answer (extractive or LLM) -> verify
each citation (assistant/answering/verify.py).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path

from assistant.answering import answerability
from assistant.answering import overview as overview_answer
from assistant.answering.citations import Numbering
from assistant.answering.evidence import missing_outlets
from assistant.answering.extractive import ExtractiveAnswerer, leading
from assistant.answering.refusal import TASK_NOTE, asks_a_kind, judged, refusal
from assistant.answering.verify import verify_answer
from assistant.errors import LLMError, QuestionError
from assistant.retrieval.about import GREETING, LISTING, OVERVIEW, asks_a_task
from assistant.retrieval.reader import default_reader
from assistant.retrieval.rerank import get_reranker
from assistant.retrieval.search import Retrieval, Retriever
from assistant.retrieval.slips import read
from assistant.retrieval.spelling import respelled
from assistant.retrieval.when import window
from assistant.retrieval.wording import unfilled, unframed
from assistant.settings import IndexSettings, Settings
from assistant.types import Answer, Filters, Hit, Sentence, final_answer, noted
from index.embed import Remembering, get_embedder
from index.ingest import IngestReport, ingest
from index.lexical import LexicalIndex
from index.shape import IndexShape
from index.sources.files import load_paths
from index.store import ChromaStore
from index.text import terms
from index.types import Article, Skipped

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TERMINAL_CODE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")  # colour codes pasted from a terminal
_SURROGATE = re.compile("[\ud800-\udfff]")  # lone halves (JSON allows them): not encodable


def clean_question(question: object, max_chars: int) -> str:
    """The question as text to search for; raises QuestionError when there is none."""
    if not isinstance(question, str):
        raise QuestionError(f"A question must be text, not {type(question).__name__}")
    text = _SURROGATE.sub(" ", _CONTROL.sub(" ", _TERMINAL_CODE.sub("", question)))
    text = unicodedata.normalize("NFC", text)
    text = " ".join(text.split())[:max_chars]
    if not any(ch.isalnum() for ch in text):
        raise QuestionError("Please type a question: the text had no words in it")
    return text


def with_respelt(answer: Answer, respelt: tuple[tuple[str, str], ...]) -> Answer:
    """The answer saying which misspelt words of the question it read as what."""
    if not respelt:
        return answer
    said = " ".join(f"Read “{typed}” as “{word}”." for typed, word in respelt)
    return noted(answer, said, respelt=respelt)


LISTING_DEPTH = 30  # paragraphs searched for the articles a listing names


def on_subject(subject: str, hits: list[Hit], first: int) -> list[str]:
    """The articles of `hits`, best first, that hold every word of `subject` in one
    paragraph; when none does, those of the `first` hits."""
    wanted = set(terms(subject))
    holding = [hit.article_id for hit in hits if wanted <= set(terms(hit.text))]
    return list(dict.fromkeys(holding or [hit.article_id for hit in hits[:first]]))


def only_outlets(text: str, outlets: tuple[str, ...]) -> bool:
    """True when `text` names the outlets and nothing else ("TechCrunch", "the Verge")."""
    named = {term for outlet in outlets for term in terms(outlet)}
    return set(terms(text)) <= named


def fallback_note(why: str) -> str:
    """What an answer says when the configured LLM could not be used (`why`)."""
    return f"The LLM was not used: {why}. This is the extractive answer instead."


def index_shape(index: IndexSettings) -> IndexShape:
    """The shape an index is built and searched with (see index/shape.py)."""
    return IndexShape(index.embedding_model, index.max_chunk_words, index.max_chunk_chars)


class Engine:
    """Everything needed to answer questions over one index; safe to share between threads.

    It keeps only what belongs to the index; every call takes its own Settings."""

    def __init__(self, index: IndexSettings, *, create: bool = False) -> None:
        self.index = index
        self.data_dir = Path(index.data_dir)
        # Questions and leading sentences recur: their vectors are kept (index/embed.py).
        self.embedder = Remembering(get_embedder(index.embedding_model, index.embedding_precision))
        self.store = ChromaStore(
            index_shape(index),
            data_dir=self.data_dir,
            url=index.chroma_url,
            create=create or bool(index.chroma_url),
        )
        self.retriever = Retriever(self.store, self.embedder, self.data_dir)

    def stream(
        self,
        question: str,
        settings: Settings | None = None,
        *,
        top_k: int | None = None,
        filters: Filters | None = None,
        numbering: Numbering | None = None,
        search_text: str | None = None,
    ) -> Iterator[Sentence | Answer]:
        """Answer sentences as they are composed, then the Answer, by `settings` (the
        defaults when None)."""
        settings = settings if settings is not None else Settings()
        limit = settings.retrieval.max_question_chars
        text = clean_question(question, limit)
        wanted = clean_question(search_text, limit) if search_text else text
        asked, slips = read(wanted)  # "What is this article about?", "Who wrote it?"
        typed, typed_slips = (asked, slips) if wanted == text else read(text)
        if typed and typed[0] == GREETING:  # "thx", as typed: no subject of the conversation
            asked, slips = typed, typed_slips
        if asked:
            # as typed: without the subject a follow-up takes from the conversation
            kind, subject = asked
            named = bool(typed and typed[1])
            yield from self._whole(
                text, kind, subject, named, slips, settings, top_k, filters, numbering
            )
            return
        wanted = unframed(wanted)  # "Who is Kirby? Explain briefly." asks "Who is Kirby?"
        # "how much fuel exactly": "exactly" asks nothing
        wanted = unfilled(wanted, self.retriever.holds)
        wanted, respelt = self._respelled(wanted, settings)
        retrieval = self.retrieve(wanted, settings, top_k=top_k, filters=filters)
        reason, doubtful = missing_outlets(retrieval.understanding), False
        if not reason:
            reason, doubtful = self._judge(wanted, retrieval)
        if reason:
            reason = TASK_NOTE if asks_a_task(text) else reason  # "translate it": say what it does
            yield with_respelt(refusal(tuple(retrieval.hits), note=reason), respelt)
            return
        extractive = self.answerer(settings, retrieval.index)
        hits = retrieval.hits
        composed = partial(extractive.stream, wanted, hits, numbering)
        best = leading(hits, settings.answer.max_cited, settings.answer.cite_gap)
        held_back = doubtful and asks_a_kind(wanted)  # it may yet be refused (refusal.judged)
        for item in self._answer(wanted, hits, numbering, settings, composed):
            if isinstance(item, Answer):
                item = with_respelt(judged(item, wanted, best, doubtful), respelt)
            elif held_back:
                continue  # not shown sentence by sentence
            yield item

    def _respelled(self, text: str, settings: Settings) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The text with misspelt words read as the loaded chunks spell them, and which."""
        if not settings.retrieval.respell:
            return text, ()
        held = self.retriever.lexical  # the words the loaded chunks hold
        return respelled(
            text,
            held.spellings,
            held.document_frequency,
            names=held.names,
            acronyms=held.acronyms,
        )

    def _whole(
        self,
        question: str,
        asked: str,
        subject: str,
        named: bool,
        slips: tuple[tuple[str, str], ...],
        settings: Settings,
        top_k: int | None,
        filters: Filters | None,
        numbering: Numbering | None,
    ) -> Iterator[Sentence | Answer]:
        """A question about an article as a whole (retrieval/about.py): an overview or its
        details (answering/overview.py), of the article that the search for `subject`
        leads with (a listing: of each article it finds); with no subject, of the one
        article within the filters, or of each of the newest. A subject no article holds
        is refused when the question `named` it, and passed over when it came from the
        conversation ("What is this article about?" after a question it could not answer).
        `slips` are the slips read back in the request's words ("artcle" as "article")."""
        if asked == GREETING:
            loaded = self.retriever.newest(filters)
            newest = self.retriever.lede_of(loaded)
            yield from overview_answer.greeting(len(loaded), newest, subject)
            return
        numbering = Numbering() if numbering is None else numbering
        given = filters
        subject, filters, scope, why = self._scope(asked, subject, filters)
        if why:  # "Which articles are from Reuters?" with none of its loaded
            yield with_respelt(refusal(note=why), slips)
            return
        found: list[str] = []
        respelt = slips
        if subject:
            subject, more = self._respelled(subject, settings)
            respelt = (*slips, *more)
            top_k = top_k or settings.retrieval.top_k
            depth = LISTING_DEPTH if asked == LISTING else top_k  # a listing: more articles
            retrieval = self.retrieve(subject, settings, top_k=depth, filters=filters)
            why = missing_outlets(retrieval.understanding) or self._judge(subject, retrieval)[0]
            if why and named:
                yield with_respelt(refusal(tuple(retrieval.hits), note=why), respelt)
                return
            if not why:
                found = on_subject(subject, retrieval.hits, top_k)
        missing = ""  # the days named held no article (an overview then gives the newest)
        if found:  # the articles on the subject, best first
            chosen = found if asked == LISTING else found[:1]
            note = f"The loaded articles that best match “{subject}”, the best first."
        else:  # none named, an outlet or days named, or the conversation's subject none holds
            chosen, respelt = self.retriever.newest(filters), slips
            if not chosen and asked == OVERVIEW and filters != given:
                # "What's the news today?" with none from today: the newest, saying so
                missing, filters, scope = f"{self._none_loaded(scope)} ", given, ""
                chosen = self.retriever.newest(filters)
            if not chosen:
                yield refusal(note=self._none_loaded(scope))
                return
            note = missing + overview_answer.several_note(len(chosen), scope)
        note = note if len(chosen) > 1 or filters != given or missing else ""
        articles = [
            self.retriever.opening(article_id, overview_answer.PARAGRAPHS)
            for article_id in chosen[: overview_answer.ARTICLES]
        ]
        if asked == OVERVIEW:
            composed = partial(overview_answer.stream, articles, numbering)
            hits = overview_answer.sources(articles)
            items = self._answer(question, hits, numbering, settings, composed)
        else:  # details and listings: nothing to check against a paragraph, or for an LLM
            items = overview_answer.details(articles)
        for item in items:
            if isinstance(item, Answer):
                if note:
                    item = noted(item, note, about=f"{note} {item.about}".strip())
                item = with_respelt(item, respelt)
            yield item

    def _scope(
        self, asked: str, subject: str, filters: Filters | None
    ) -> tuple[str, Filters | None, str, str]:
        """What a request about the articles as a whole names beside its subject: the days
        they came out ("from last week") and, for a listing, the outlets ("Which articles
        are from TechCrunch?"). Returns the subject left, the filters, how they are said
        (" from TechCrunch published between ...") and a note to refuse with when the
        outlets named have no article loaded ("" when they have)."""
        scope = " within the filters" if filters else ""
        if subject and (dates := window(subject, date.today())):
            filters, subject = (filters or Filters()).narrowed(dates.since, dates.until), dates.rest
            scope = f" published {dates.said}"
        if asked == LISTING and subject:
            named = self.retriever.understand(f"articles from {subject}")
            if named.mentions and only_outlets(subject, tuple(m.text for m in named.mentions)):
                if named.missing_outlets:
                    loaded = overview_answer.outlets_said(self.retriever.outlets())
                    return subject, filters, scope, f"{missing_outlets(named)} {loaded}"
                filters = replace(filters or Filters(), sources=named.sources)
                return "", filters, f" from {' and '.join(named.sources)}{scope}", ""
        return subject, filters, scope, ""

    def _none_loaded(self, scope: str) -> str:
        """Why a request about the articles as a whole finds none within `scope`."""
        newest = self.retriever.lede_of(self.retriever.newest())
        return overview_answer.none_loaded(scope, newest.published if newest else "")

    def retrieve(
        self,
        question: str,
        settings: Settings | None = None,
        *,
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> Retrieval:
        """The paragraphs retrieved for a question, by `settings` (the defaults when None)."""
        wanted = (settings if settings is not None else Settings()).retrieval
        depth = wanted.reader_depth
        return self.retriever.retrieve(
            question,
            top_k or wanted.top_k,
            filters,
            reranker=get_reranker(wanted.reranker) if wanted.reranker else None,
            reader=default_reader(self.index.embedding_precision) if depth else None,
            read_depth=depth,
        )

    def _judge(self, question: str, retrieval: Retrieval) -> tuple[str, bool]:
        """By the calibrated decision: why the loaded articles cannot answer (or ""), and
        whether an answer should come with a caution."""
        found = answerability.signals(
            question, retrieval.understanding, retrieval.hits, retrieval.index, self.embedder
        )
        model = answerability.default_model()
        if model.refuses(found):
            return answerability.why_not(found), False
        return "", model.doubts(found)

    def _answer(
        self,
        question: str,
        hits: list[Hit],
        numbering: Numbering | None,
        settings: Settings,
        composed: Callable[[], Iterator[Sentence | Answer]],
    ) -> Iterator[Sentence | Answer]:
        """The configured answerer's output from `hits`; the extractive answer (`composed`),
        with a note, when the LLM cannot be used. Every answer's citations are checked by
        the verifier."""
        if settings.llm.backend == "none":
            yield from self._checked(composed())
            return
        try:
            yield from self.llm_answerer(settings).stream(question, hits, numbering)
        except LLMError as exc:
            why = str(exc)
            for item in self._checked(composed()):
                if isinstance(item, Answer):
                    item = noted(item, fallback_note(why), llm_skipped=why)
                yield item

    def answerer(self, settings: Settings, index: LexicalIndex | None = None) -> ExtractiveAnswerer:
        """The extractive answerer, weighing words by the BM25 index's frequencies."""
        index = index or self.retriever.lexical
        return ExtractiveAnswerer(
            index.document_frequency,
            max(len(index.ids), 1),
            max_cited=settings.answer.max_cited,
            cite_gap=settings.answer.cite_gap,
            reader=default_reader(self.index.embedding_precision),
        )

    def llm_answerer(self, settings: Settings):
        """The LLM answerer for the configured backend; raises LLMError naming the setting."""
        from assistant.llm.answerer import LLMAnswerer
        from assistant.llm.backends import get_backend

        return LLMAnswerer(get_backend(settings.llm), self.embedder)

    def _checked(self, items: Iterator[Sentence | Answer]) -> Iterator[Sentence | Answer]:
        """Answer items with the final Answer's citations re-checked by the verifier."""
        for item in items:
            yield verify_answer(item, self.embedder) if isinstance(item, Answer) else item

    def ask(self, question: str, settings: Settings | None = None, **options) -> Answer:
        """The whole Answer to one question."""
        return final_answer(self.stream(question, settings, **options))

    def ingest(self, paths, progress: bool | None = None, on_wait=None) -> IngestReport:
        """Load files and folders into this index."""
        items = load_paths(paths, self.index.max_file_mb * 2**20)
        return self.ingest_articles(items, progress=progress, on_wait=on_wait)

    def ingest_articles(
        self, items: Iterable[Article | Skipped], progress: bool | None = None, on_wait=None
    ) -> IngestReport:
        """Store loaded articles (and report the skipped items passed along)."""
        return ingest(
            items,
            self.store,
            self.embedder,
            cache_dir=self.data_dir,
            progress=progress,
            on_wait=on_wait,
        )

    def stats(self) -> dict:
        """Counts of articles, paragraphs and chunks, and the embedding model."""
        index = self.retriever.lexical
        articles = {m["article_id"] for m in index.catalog}
        paragraphs = {(m["article_id"], m["paragraph"]) for m in index.catalog}
        return {
            "articles": len(articles),
            "paragraphs": len(paragraphs),
            "chunks": len(index.ids),
            "embedding_model": self.index.embedding_model,
        }


_ENGINES: dict[tuple, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(settings: Settings, *, create: bool = False) -> Engine:
    """The one engine of this index per process, so repeated queries stay warm. Only
    the index settings choose it; nothing of `settings` is written onto it."""
    index = settings.index
    key = (
        str(Path(index.data_dir).resolve()),
        index_shape(index),
        index.embedding_precision,
        index.chroma_url,
    )
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = _ENGINES[key] = Engine(index, create=create)
        return engine
