"""Explicit outlet and date filters, through query() and the retriever's dense search."""

from __future__ import annotations

from datetime import date

import pytest

from assistant import query
from assistant.errors import SettingsError
from assistant.retrieval.search import fuse_lists
from assistant.settings import get_settings
from assistant.types import Filters, Hit
from tests.conftest import FIXTURES

QUESTION = "What happened to the ferries?"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """The three-article fixture corpus: two outlets, October and November 2023."""
    from assistant.pipeline import Engine

    settings = get_settings(data_dir=tmp_path_factory.mktemp("filters"))
    engine = Engine(settings.index, create=True)
    report = engine.ingest([FIXTURES / "eval" / "corpus.json"])
    assert len(report.added) == 3
    return engine


def _titles(hits) -> set[str]:
    return {h.title for h in hits}


def test_an_outlet_filter_keeps_only_that_outlets_paragraphs(engine):
    hits = engine.retriever.retrieve(QUESTION, 10, Filters(sources=("bay herald",))).hits
    assert len(hits) == 3  # every paragraph of the one Bay Herald article
    assert _titles(hits) == {"Ferry operator raises fares after terminal opening"}


def test_a_date_range_keeps_only_articles_published_in_it(engine):
    november = Filters(since=date(2023, 11, 1), until=date(2023, 11, 30))
    hits = engine.retriever.retrieve(QUESTION, 10, november).hits
    assert _titles(hits) == {"Storm closes bridge for two days"}
    until = engine.retriever.retrieve(QUESTION, 10, Filters(until=date(2023, 10, 2))).hits
    assert _titles(until) == {"Harbour city opens new ferry terminal"}  # the day is included


def test_a_question_asking_after_a_date_searches_everything_published_since(engine):
    hits = engine.retriever.retrieve("What happened to the ferries after October 10, 2023?", 10)
    assert _titles(hits.hits) == {
        "Ferry operator raises fares after terminal opening",  # October 20
        "Storm closes bridge for two days",  # November 5
    }
    before = engine.retriever.retrieve("What happened to the ferries before October 10, 2023?", 10)
    assert _titles(before.hits) == {"Harbour city opens new ferry terminal"}


def test_query_takes_filters_and_names_a_bad_date(engine):
    answer = query(
        "How fast were the wind gusts on the bridge?",
        settings=get_settings(data_dir=engine.data_dir),
        sources=["Coastal Times"],
        since="2023-11-01",
    )
    assert [(c.title, c.paragraph) for c in answer.citations] == [
        ("Storm closes bridge for two days", 2)
    ]
    refused = query(QUESTION, settings=get_settings(data_dir=engine.data_dir), since="2024-01-01")
    assert refused.refused and not refused.citations
    with pytest.raises(SettingsError, match=r"until='31/12/2023' is not a date: use YYYY-MM-DD"):
        query(QUESTION, settings=get_settings(data_dir=engine.data_dir), until="31/12/2023")


def test_filtering_the_nearest_chunks_equals_chromas_own_filter(engine):
    from assistant.retrieval.search import Retriever

    retriever = engine.retriever
    view = retriever._view()
    vector = engine.embedder.encode([QUESTION])[0]
    cases = {Filters(sources=("Coastal Times",)): 7, Filters(since=date(2023, 10, 15)): 6}
    for filters, matching in cases.items():
        mask = retriever._mask(filters, view)

        def chroma(k, filters=filters):
            where = retriever._where(filters, view)
            return [i for i, _ in engine.store.nearest(vector, k, where)]

        def ours(filters=filters, mask=mask, **sizes):
            searcher = Retriever(engine.store, engine.embedder, engine.data_dir, **sizes)
            return [i for i, _ in searcher._dense(vector, filters, mask, view)]

        assert len(chroma(100)) == matching
        assert ours() == chroma(100)  # the pool holds the whole collection
        # enough survivors in a pool of 8 of the 10
        assert ours(candidates=2, dense_pool=8) == chroma(2)
        assert ours(dense_pool=2) == chroma(100)  # too few survivors: Chroma filters


def _hits(*keys: str) -> list[Hit]:
    return [Hit(key[0], int(key[1]), "", "", "", "", "", "", 0.0) for key in keys]


def test_fused_lists_lead_with_each_list_best_and_reward_agreement():
    whole = _hits("a1", "b1", "c1")
    first_part = _hits("d1", "c1")
    second_part = _hits("e1", "f1", "a1")
    fused = fuse_lists([whole, first_part, second_part], k=5)
    # a1: 1 + 1/3; c1: 1/3 + 1/2; d1, e1: 1 each (ties keep list order); b1, f1: 1/2.
    assert [h.key for h in fused] == [("a", 1), ("d", 1), ("e", 1), ("c", 1), ("b", 1)]
    assert fuse_lists([], k=3) == []
