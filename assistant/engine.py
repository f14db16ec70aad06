"""The assembled pipeline: store, embedder, retriever and answerer for one index."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from assistant.answer import ExtractiveAnswerer, refusal
from assistant.cite import Numbering
from assistant.errors import LLMError, QuestionError
from assistant.evidence import why_unanswerable
from assistant.rerank import get_reranker
from assistant.retrieve import Filters, Retrieval, Retriever
from assistant.settings import Settings
from assistant.types import Answer, Sentence, final_answer
from assistant.verify import verify_answer
from index.embed import get_embedder
from index.ingest import IngestReport, ingest
from index.lexical import LexicalIndex
from index.load import Skipped, load_paths
from index.store import Store
from index.types import Article

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


class Engine:
    """Everything needed to answer questions over one index; safe to share between threads."""

    def __init__(self, settings: Settings, *, create: bool = False) -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.embedder = get_embedder(settings.embedding_model, settings.embedding_precision)
        self.store = Store(
            settings.embedding_model,
            data_dir=self.data_dir,
            url=settings.chroma_url,
            create=create or bool(settings.chroma_url),
        )
        reranker = get_reranker(settings.reranker) if settings.reranker else None
        self.retriever = Retriever(self.store, self.embedder, self.data_dir, reranker)
        self._lock = threading.Lock()

    def answerer(self, index: LexicalIndex | None = None) -> ExtractiveAnswerer:
        """The extractive answerer, weighing words by the BM25 index's frequencies."""
        index = index or self.retriever.lexical
        return ExtractiveAnswerer(index.document_frequency, max(len(index.ids), 1))

    def stream(
        self,
        question: str,
        *,
        top_k: int | None = None,
        filters: Filters | None = None,
        numbering: Numbering | None = None,
        search_text: str | None = None,
    ) -> Iterator[Sentence | Answer]:
        """Answer sentences as they are composed, then the Answer."""
        text = clean_question(question, self.settings.max_question_chars)
        limit = self.settings.max_question_chars
        wanted = clean_question(search_text, limit) if search_text else text
        retrieval = self.retriever.retrieve(wanted, top_k or self.settings.top_k, filters)
        reason = why_unanswerable(wanted, retrieval.understanding, retrieval.index)
        if reason:
            yield refusal(tuple(retrieval.hits), note=reason)
            return
        yield from self._answer(wanted, retrieval, numbering)

    def _answer(
        self, question: str, retrieval: Retrieval, numbering: Numbering | None
    ) -> Iterator[Sentence | Answer]:
        """The configured answerer's output; the extractive answer, with a note, when the
        LLM cannot be used. Every answer's citations are checked by the verifier."""
        hits = retrieval.hits
        answerer = self.answerer(retrieval.index)
        if self.settings.llm == "none":
            yield from self._checked(answerer.stream(question, hits, numbering))
            return
        try:
            yield from self.llm_answerer().stream(question, hits, numbering)
        except LLMError as exc:
            note = f"The LLM was not used: {exc}. This is the extractive answer instead."
            for item in self._checked(answerer.stream(question, hits, numbering)):
                if isinstance(item, Answer):
                    item = replace(item, note=f"{note} {item.note}".strip())
                yield item

    def llm_answerer(self):
        """The LLM answerer for the configured backend; raises LLMError naming the setting."""
        from assistant.llm import LLMAnswerer, get_backend

        return LLMAnswerer(get_backend(self.settings), self.embedder)

    def _checked(self, items: Iterator[Sentence | Answer]) -> Iterator[Sentence | Answer]:
        """Answer items with the final Answer's citations re-checked by the verifier."""
        for item in items:
            yield verify_answer(item, self.embedder) if isinstance(item, Answer) else item

    def ask(self, question: str, **options) -> Answer:
        """The whole Answer to one question."""
        return final_answer(self.stream(question, **options))

    def ingest(self, paths, progress: bool | None = None, on_wait=None) -> IngestReport:
        """Load files and folders into this index."""
        items = load_paths(paths, self.settings.max_file_mb * 2**20)
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
            "embedding_model": self.settings.embedding_model,
        }


_ENGINES: dict[tuple, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def get_engine(settings: Settings, *, create: bool = False) -> Engine:
    """One engine per index and model per process, so repeated queries stay warm."""
    key = (
        str(Path(settings.data_dir).resolve()),
        settings.embedding_model,
        settings.embedding_precision,
        settings.chroma_url,
        settings.reranker,
    )
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = Engine(settings, create=create)
            _ENGINES[key] = engine
        engine.settings = settings
        return engine
