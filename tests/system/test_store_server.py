"""The store contract on a real Chroma server (`chroma run`) of its own."""

from __future__ import annotations

import pytest

from index.store import ChromaStore
from tests.conftest import chroma_server
from tests.store_contract import StoreContract

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def contract_server(tmp_path_factory):
    """A server for this suite alone: each test starts from an empty server."""
    with chroma_server(tmp_path_factory.mktemp("contract-server")) as url:
        yield url


class TestServerStore(StoreContract):
    @pytest.fixture
    def make_store(self, contract_server, tmp_path):
        import chromadb

        client = chromadb.HttpClient(host="127.0.0.1", port=int(contract_server.rsplit(":", 1)[1]))
        for collection in client.list_collections():
            client.delete_collection(collection.name)

        def make(shape, create=True):
            return ChromaStore(shape, data_dir=tmp_path, url=contract_server, create=create)

        return make

    def test_nothing_is_written_to_local_disk(self, store, tmp_path):
        assert store.location.startswith("http://127.0.0.1:")
        assert not (tmp_path / "chroma").exists()
