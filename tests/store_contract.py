"""The contract every VectorStore keeps, as one test class each store's tests subclass.

A subclass gives a `make_store(shape, create=True)` fixture that opens a store of that
shape in a fresh place (tests/integration/test_store_embedded.py: embedded Chroma in a
temporary folder; tests/system/test_store_server.py: a real `chroma run` server).
"""

from __future__ import annotations

import numpy as np
import pytest

from index.errors import IndexMissingError
from index.shape import IndexShape

SHAPE = IndexShape("contract-model")


def unit(seed: int) -> np.ndarray:
    """A random unit vector of MiniLM's size."""
    vector = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _meta(article_id: str, paragraph: int) -> dict:
    return {"article_id": article_id, "paragraph": paragraph, "source": f"Outlet {article_id}"}


class StoreContract:
    """What ingestion, retrieval and the BM25 index rely on, for any store."""

    @pytest.fixture
    def store(self, make_store):
        store = make_store(SHAPE)
        ids = ["a:1:0", "a:2:0", "b:1:0"]
        metas = [_meta("a", 1), _meta("a", 2), _meta("b", 1)]
        store.add(ids, ["one", "two", "three"], metas, np.stack([unit(1), unit(2), unit(3)]))
        return store

    def test_it_is_named_after_its_shape(self, store):
        assert store.name == SHAPE.name and store.shape == SHAPE

    def test_added_chunks_come_back_by_id_in_the_order_asked(self, store):
        assert store.count() == 3
        assert [(c.id, c.text) for c in store.get(["b:1:0", "a:1:0", "missing"])] == [
            ("b:1:0", "three"),
            ("a:1:0", "one"),
        ]
        assert store.get([]) == []

    def test_nearest_is_by_cosine_distance_with_an_optional_filter(self, store):
        nearest = store.nearest(unit(2), k=2)
        assert nearest[0][0] == "a:2:0" and nearest[0][1] == pytest.approx(0.0, abs=1e-4)
        assert len(nearest) == 2 and nearest[1][1] > nearest[0][1]
        assert [i for i, _ in store.nearest(unit(2), k=3, where={"article_id": "b"})] == ["b:1:0"]
        assert len(store.nearest(unit(2), k=10)) == 3  # more than stored: all of them

    def test_metadata_is_read_whole_or_by_field_and_rewritten(self, store):
        rows = dict(store.all_metadata(("article_id", "paragraph")))
        assert rows == {
            "a:1:0": {"article_id": "a", "paragraph": 1},
            "a:2:0": {"article_id": "a", "paragraph": 2},
            "b:1:0": {"article_id": "b", "paragraph": 1},
        }
        store.update_metadata(["b:1:0"], [{**_meta("b", 1), "also_in": "Outlet c"}])
        chunks = {c.id: c for c in store.all_chunks()}
        assert chunks["b:1:0"].meta["also_in"] == "Outlet c" and chunks["b:1:0"].text == "three"
        assert chunks["a:1:0"].meta == _meta("a", 1)

    def test_adding_an_id_again_overwrites_it(self, store):
        store.add(["a:1:0"], ["one, again"], [_meta("a", 1)], np.stack([unit(9)]))
        assert store.count() == 3
        assert store.get(["a:1:0"])[0].text == "one, again"
        assert store.nearest(unit(9), k=1)[0][0] == "a:1:0"

    def test_deleting_an_article_removes_all_its_chunks(self, store):
        store.delete_articles(["a"])
        assert [c.id for c in store.get(["a:1:0", "a:2:0", "b:1:0"])] == ["b:1:0"]
        assert store.count() == 1

    def test_every_chunk_is_reachable_and_a_rewrite_keeps_it(self, store):
        assert store.unreachable(["a:1:0", "a:2:0", "b:1:0"]) == []
        store.rewrite(["a:2:0"])
        assert store.count() == 3 and store.nearest(unit(2), k=1)[0][0] == "a:2:0"
        assert store.get(["a:2:0"])[0].meta == _meta("a", 2)

    def test_the_generation_grows_and_another_client_sees_it(self, store, make_store):
        start = store.generation
        assert store.bump_generation() == start + 1
        assert make_store(SHAPE).generation == start + 1

    def test_opening_a_missing_index_says_what_to_run(self, make_store):
        with pytest.raises(IndexMissingError, match=r"run `newsdesk ingest PATH` first$"):
            make_store(SHAPE, create=False)

    def test_an_index_of_another_shape_asks_for_a_new_ingestion(self, store, make_store):
        other = IndexShape(SHAPE.model, max_chunk_words=SHAPE.max_chunk_words + 1)
        with pytest.raises(IndexMissingError) as caught:
            make_store(other, create=False)
        message = str(caught.value)
        assert "was built with other settings (embedding model, vector recipe or chunk" in message
        assert f"chunks of at most {SHAPE.max_chunk_words + 1} words" in message
        assert message.endswith("run `newsdesk ingest PATH` again")
