"""The store contract on embedded Chroma in a temporary folder."""

from __future__ import annotations

import pytest

from index.store import ChromaStore
from tests.store_contract import StoreContract


class TestEmbeddedStore(StoreContract):
    @pytest.fixture
    def make_store(self, tmp_path):
        folder = tmp_path / "index"

        def make(shape, create=True):
            return ChromaStore(shape, data_dir=folder, create=create)

        return make

    def test_nothing_is_written_when_opening_a_missing_index(self, make_store, tmp_path):
        from index.errors import IndexMissingError
        from tests.store_contract import SHAPE

        with pytest.raises(IndexMissingError):
            make_store(SHAPE, create=False)
        assert not (tmp_path / "index").exists()
