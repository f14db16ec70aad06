"""The assembled pipeline: store, embedder, retriever and answerer for one index."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from assistant.answer import ExtractiveAnswerer
from assistant.cite import Numbering
from assistant.errors import QuestionError
from assistant.retrieve import Filters, Retriever
from assistant.settings import Settings
from assistant.types import Answer, Sentence
from index.embed import get_embedder
from index.ingest import IngestReport, ingest_paths
from index.store import Store

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_question(question: object, max_chars: int) -> str:
    """The question as text to search for; raises QuestionError when there is none."""
    if not isinstance(question, str):
        raise QuestionError(f"A question must be text, not {type(question).__name__}")
    text = unicodedata.normalize("NFC", _CONTROL.sub(" ", question))
    text = " ".join(text.split())[:max_chars]
    if not any(ch.isalnum() for ch in text):
        raise QuestionError("Please type a question: the text had no words in it")
    return text


class Engine:
    """Everything needed to answer questions over one index; safe to share between threads."""

    def __init__(self, settings: Settings, *, create: bool = False) -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.embedder = get_embedder(settings.embedding_model)
        self.store = Store(
            settings.embedding_model,
            data_dir=self.data_dir,
            url=settings.chroma_url,
            create=create or bool(settings.chroma_url),
        )
        self.retriever = Retriever(self.store, self.embedder, self.data_dir)
        self._lock = threading.Lock()

    def answerer(self) -> ExtractiveAnswerer:
        index = self.retriever.lexical
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
        wanted = search_text or text
        hits = self.retriever.search(wanted, top_k or self.settings.top_k, filters)
        yield from self.answerer().stream(wanted, hits, numbering)

    def ask(self, question: str, **options) -> Answer:
        """The whole Answer to one question."""
        final = None
        for item in self.stream(question, **options):
            final = item
        assert isinstance(final, Answer)
        return final

    def ingest(self, paths, progress: bool | None = None, on_wait=None) -> IngestReport:
        """Load files and folders into this index."""
        return ingest_paths(
            paths,
            self.store,
            self.embedder,
            cache_dir=self.data_dir,
            max_bytes=self.settings.max_file_mb * 2**20,
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
    key = (str(Path(settings.data_dir).resolve()), settings.embedding_model, settings.chroma_url)
    with _ENGINES_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            engine = Engine(settings, create=create)
            _ENGINES[key] = engine
        engine.settings = settings
        return engine
