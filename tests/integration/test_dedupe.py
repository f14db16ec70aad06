"""Near-duplicate detection (index/dedupe.py) and syndicated copies at ingestion."""

from __future__ import annotations

import json

import pytest

from index import dedupe
from index.sources.files import parse_record
from tests.conftest import FIXTURES

SET = FIXTURES / "dedupe" / "articles.jsonl"


def _records() -> list[dict]:
    return [json.loads(line) for line in SET.read_text(encoding="utf-8").splitlines() if line]


def _article(story: str, kind: str):
    (record,) = [r for r in _records() if r["story"] == story and r["kind"] == kind]
    return parse_record(record)


def _sig(story: str, kind: str) -> dedupe.Signature:
    return dedupe.signature(_article(story, kind).paragraphs)


# -- the pure part --------------------------------------------------------------------------------


def test_shingles_ignore_case_and_punctuation():
    assert dedupe.shingles(["The Port, of Valmera!"]) == {"the port of", "port of valmera"}
    assert dedupe.shingles(["Two words"]) == {"two words"}
    assert dedupe.shingles([""]) == set()


def test_signature_estimates_jaccard_of_the_shingles():
    a, b = _article("strike-begins", "original"), _article("strike-begins", "light edits")
    sa, sb = dedupe.shingles(a.paragraphs), dedupe.shingles(b.paragraphs)
    exact = len(sa & sb) / len(sa | sb)
    assert (
        abs(
            dedupe.jaccard(_sig("strike-begins", "original"), _sig("strike-begins", "light edits"))
            - exact
        )
        < 0.08
    )


@pytest.mark.parametrize("kind", ["exact copy", "added paragraph", "light edits"])
def test_copies_are_near_duplicates(kind):
    assert dedupe.is_near_duplicate(
        _sig("drought-farmers", "original"), _sig("drought-farmers", kind)
    )


def test_different_stories_on_the_same_topic_are_not():
    # They share a background paragraph and the names in the news.
    for a, b in [("strike-begins", "strike-ends"), ("chip-plant", "chip-water")]:
        assert not dedupe.is_near_duplicate(_sig(a, "original"), _sig(b, "original"))
        assert not dedupe.is_near_duplicate(_sig(a, "added paragraph"), _sig(b, "light edits"))


def test_index_finds_the_closest_copy():
    index = dedupe.SignatureIndex()
    for story in ("strike-begins", "strike-ends", "chip-plant"):
        index.add(story, _sig(story, "original"))
    assert index.best_match(_sig("strike-ends", "light edits")) == "strike-ends"
    assert index.best_match(_sig("drought-farmers", "original")) is None
    index.remove("strike-ends")
    assert index.best_match(_sig("strike-ends", "light edits")) is None


def test_benchmark_figures():
    """The figures reported for the test set (bench/dedupe.py prints the details)."""
    import sys

    sys.path.insert(0, str(SET.parents[3] / "bench"))
    try:
        import dedupe as bench  # bench/dedupe.py
    finally:
        sys.path.pop(0)
    result = bench.score(bench.load(SET), dedupe.is_near_duplicate)
    assert (result["tp"], result["fp"], result["fn"]) == (45, 0, 3)


def test_also_in_lists_each_outlet_once():
    assert dedupe.also_in_entry("Outlet B", "2023-10-02T08:00:00+00:00") == "Outlet B (2023-10-02)"
    assert dedupe.also_in_entry("Outlet C", "") == "Outlet C"
    assert dedupe.merge_also_in("A (1); B", "", "B; C") == "A (1); B; C"


# -- at ingestion --------------------------------------------------------------------------------


def _stored(engine) -> dict[str, tuple[str, str]]:
    """Stored articles: title -> (outlet, also_in)."""
    return {
        str(m["title"]): (str(m["source"]), str(m.get("also_in") or ""))
        for _, m in engine.store.all_metadata(["title", "source", "also_in"])
    }


def _vectors(engine) -> dict[str, list[float]]:
    """Every stored chunk's vector, by chunk id."""
    got = engine.store._collection.get(include=["embeddings"])
    return {i: [float(x) for x in v] for i, v in zip(got["ids"], got["embeddings"], strict=True)}


@pytest.mark.slow
def test_syndicated_copies_are_stored_once_and_cite_every_outlet(fresh_dir):
    from assistant.pipeline import Engine
    from assistant.settings import get_settings

    engine = Engine(get_settings(data_dir=fresh_dir).index, create=True)
    first = engine.ingest_articles(
        [
            _article("strike-begins", "original"),  # Wire Service
            _article("strike-begins", "exact copy"),  # Harbour Herald
            _article("strike-ends", "original"),  # another story on the strike
        ]
    )
    assert (len(first.added), first.duplicates) == (
        2,
        ["Dockworkers walk out at Port of Valmera - report"],
    )
    assert _stored(engine) == {
        "Dockworkers walk out at Port of Valmera": ("Wire Service", "Harbour Herald (2024-03-11)"),
        "Valmera dockworkers accept deal, end strike": ("Wire Service", ""),
    }

    # A lightly edited copy is folded into the stored one; a copy with an added
    # paragraph replaces it, keeping the list of outlets.
    vectors = _vectors(engine)
    second = engine.ingest_articles([_article("strike-begins", "light edits")])
    assert (second.added, second.duplicates) == (
        [],
        [_article("strike-begins", "light edits").title],
    )
    # The kept copy now lists the new outlet; only its metadata was rewritten.
    assert _stored(engine)["Dockworkers walk out at Port of Valmera"] == (
        "Wire Service",
        "Harbour Herald (2024-03-11); Evening Post (2024-03-11)",
    )
    assert _vectors(engine) == vectors
    third = engine.ingest_articles([_article("strike-begins", "added paragraph")])
    assert third.added == ["UPDATE 1-Dockworkers walk out at Port of Valmera"]
    assert _stored(engine) == {
        "UPDATE 1-Dockworkers walk out at Port of Valmera": (
            "Daily Courier",
            "Harbour Herald (2024-03-11); Evening Post (2024-03-11); Wire Service (2024-03-11)",
        ),
        "Valmera dockworkers accept deal, end strike": ("Wire Service", ""),
    }

    # Ingesting every copy again changes nothing.
    again = engine.ingest_articles(
        [
            _article("strike-begins", k)
            for k in ("original", "exact copy", "light edits", "added paragraph")
        ]
    )
    assert (again.added, again.replaced, again.unchanged) == ([], [], 1)
    assert len(again.duplicates) == 3

    answer = engine.ask("How many container ships were waiting offshore by Monday evening?")
    (citation,) = [c for c in answer.citations if c.source == "Daily Courier"]
    assert citation.also_in.startswith("Harbour Herald (2024-03-11); Evening Post")


@pytest.mark.slow
def test_same_text_from_another_outlet_is_listed(fresh_dir):
    from dataclasses import replace

    from assistant.pipeline import Engine
    from assistant.settings import get_settings

    engine = Engine(get_settings(data_dir=fresh_dir).index, create=True)
    article = _article("chip-plant", "original")
    engine.ingest_articles([article])
    report = engine.ingest_articles([replace(article, source="Metro News", published="2024-09-18")])
    assert report.unchanged == 1
    assert _stored(engine)[article.title] == ("Wire Service", "Metro News (2024-09-18)")
