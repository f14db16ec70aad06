"""The optional cross-encoder reranker, with a real CrossEncoder built offline.

No trained cross-encoder ships on PyPI, so the test model is MiniLM's encoder
with a fresh, seeded scoring head: its scores mean nothing, but the code path
(loading offline, scoring pairs, reordering, keeping k) is the real one.
"""

from __future__ import annotations

import pytest

from assistant import query
from assistant.errors import SettingsError
from assistant.settings import get_settings

QUESTION = "Who greeted Xi Jinping at Vnukovo airport?"


@pytest.fixture(scope="module")
def cross_encoder_dir(tmp_path_factory):
    import torch
    from sentence_transformers import CrossEncoder

    from index.embed import model_location

    torch.manual_seed(7)
    model = CrossEncoder(model_location("all-MiniLM-L6-v2"), num_labels=1, device="cpu")
    folder = tmp_path_factory.mktemp("cross-encoder")
    model.save(str(folder))
    return folder


def test_hits_come_in_the_cross_encoders_order(sample_dir, cross_encoder_dir):
    from sentence_transformers import CrossEncoder

    from assistant.pipeline import Engine
    from assistant.retrieval.reader import default_reader
    from assistant.retrieval.rerank import CANDIDATES, get_reranker

    retriever = Engine(get_settings(data_dir=sample_dir).index).retriever
    candidates = retriever.retrieve(QUESTION, k=CANDIDATES).hits
    assert len(candidates) == CANDIDATES  # the sample has 33 paragraphs

    reranker = get_reranker(str(cross_encoder_dir))
    reader = default_reader()  # the reader's weight suits the learned order: it stands aside
    hits = retriever.retrieve(QUESTION, k=5, reranker=reranker, reader=reader, read_depth=5).hits
    assert all(hit.read is None for hit in hits)

    model = CrossEncoder(str(cross_encoder_dir), device="cpu")
    scores = model.predict([(QUESTION, f"{h.title}\n{h.text}") for h in candidates])
    expected = [candidates[i].key for i in sorted(range(len(scores)), key=lambda i: -scores[i])]
    assert [h.key for h in hits] == expected[:5]
    assert [h.score for h in hits] == sorted((float(s) for s in scores), reverse=True)[:5]


def test_a_reranker_that_cannot_load_is_named_with_its_setting(sample_dir, tmp_path):
    missing = tmp_path / "no-such-cross-encoder"
    settings = get_settings(data_dir=sample_dir, reranker=str(missing))
    with pytest.raises(SettingsError, match="NEWSDESK_RERANKER") as caught:
        query(QUESTION, settings=settings)
    assert "no-such-cross-encoder" in str(caught.value)
    assert "never downloads" in str(caught.value)
