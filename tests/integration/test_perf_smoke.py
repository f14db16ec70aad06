"""bench/perf.py on a tiny corpus, and the fast embedder against sentence-transformers."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from tests.conftest import ROOT, SAMPLE

pytestmark = pytest.mark.slow

FIELDS = (
    "paragraphs",
    "articles",
    "ingest_s",
    "ingest_paragraphs_per_s",
    "baseline_ingest_paragraphs_per_s",
    "baseline_1024_ingest_paragraphs_per_s",
    "baseline_1024_unembedded_share",
    "reingest_s",
    "query_p50_ms",
    "query_p95_ms",
    "baseline_query_p50_ms",
    "cold_start_s",
    "corpus_articles_total",
)


TEXTS = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()][:12] + [
    "",
    "   ",
    "word " * 600,
    "ÉTÉ naïve café 東京 🙂",
    "Xi\nJinping",
]


def test_the_plain_torch_model_gives_sentence_transformers_vectors():
    from sentence_transformers import SentenceTransformer

    from index.embed import PlainBert, get_embedder, model_location

    texts = TEXTS
    embedder = get_embedder("all-MiniLM-L6-v2", "float32")
    assert isinstance(embedder._load(), PlainBert)
    ours = embedder.encode(texts)
    reference = SentenceTransformer(model_location("all-MiniLM-L6-v2"), device="cpu").encode(
        texts, batch_size=64, normalize_embeddings=True
    )
    assert ours.dtype == np.float32 and ours.shape == (len(texts), 384)
    assert np.abs(ours - reference).max() < 1e-5


def test_bfloat16_vectors_point_where_float32_ones_do():
    from index.embed import get_embedder

    full = get_embedder("all-MiniLM-L6-v2", "float32")
    half = get_embedder("all-MiniLM-L6-v2", "bfloat16")
    assert half.precision == "bfloat16" and half._load().dtype is not full._load().dtype
    a, b = full.encode(TEXTS), half.encode(TEXTS)
    assert b.dtype == np.float32 and b.shape == a.shape
    assert np.allclose(np.linalg.norm(b, axis=1), 1.0, atol=1e-5)
    assert (a * b).sum(1).min() > 0.9995
    # The paragraph closest to a question is the same in both precisions.
    question = ["Who greeted Xi Jinping at Vnukovo airport?"]
    assert int(np.argmax(a @ full.encode(question)[0])) == int(
        np.argmax(b @ half.encode(question)[0])
    )


def test_auto_precision_follows_the_cpu_and_unknown_ones_are_named(monkeypatch):
    from assistant.errors import SettingsError
    from assistant.settings import get_settings
    from index import embed
    from index.errors import EmbeddingModelError

    assert embed.resolve_precision("auto", native=True) == "bfloat16"
    assert embed.resolve_precision("auto", native=False) == "float32"
    assert embed.resolve_precision("auto") == ("bfloat16" if embed.native_bfloat16() else "float32")
    assert embed.resolve_precision("bfloat16", native=False) == "bfloat16"
    with pytest.raises(EmbeddingModelError, match="'float16'"):
        embed.resolve_precision("float16")
    monkeypatch.setenv("NEWSDESK_EMBEDDING_PRECISION", "float16")
    with pytest.raises(SettingsError, match="NEWSDESK_EMBEDDING_PRECISION"):
        get_settings()


def test_perf_script_reports_every_field(tmp_path):
    bench = ROOT.parent / "shared" / "bench" / "multihop"
    if not (bench / "corpus.json").exists():
        pytest.skip(f"the MultiHop-RAG files are not at {bench}")
    corpus = json.loads((bench / "corpus.json").read_text())
    queries = json.loads((bench / "queries_dev.json").read_text())
    (tmp_path / "corpus.json").write_text(json.dumps(corpus[:3]))
    (tmp_path / "queries.json").write_text(json.dumps(queries[:5]))
    out = tmp_path / "perf.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "perf.py"),
            "--corpus",
            str(tmp_path / "corpus.json"),
            "--queries",
            str(tmp_path / "queries.json"),
            "--queries-n",
            "5",
            "--scale",
            "1,2",
            "--scale-articles",
            "2",
            "--scale-queries",
            "3",
            "--out",
            str(out),
        ],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        timeout=900,
    )
    result = json.loads(out.read_text())
    assert all(name in result for name in FIELDS), set(FIELDS) - set(result)
    assert (result["articles"], result["query_n"]) == (3, 5)
    assert set(result["peak_rss_mb"]) == {"ingest", "query"}
    assert [p["factor"] for p in result["scaling"]["points"]] == [1, 2]
    assert result["scaling"]["points"][1]["chunks"] == 2 * result["scaling"]["points"][0]["chunks"]
    assert result["reingest_s"] < result["ingest_s"]


def test_remembered_vectors_are_the_embedders_and_the_oldest_are_forgotten(embedder):
    from index.embed import Remembering

    calls: list[list[str]] = []

    class Counting:
        name = embedder.name

        def encode(self, texts: list[str]) -> np.ndarray:
            calls.append(list(texts))
            return embedder.encode(texts)

    remembering = Remembering(Counting(), size=3)
    texts = ["Xi landed in Moscow.", "Putin greeted him.", "Xi landed in Moscow."]
    first = remembering.encode(texts)
    assert calls == [["Xi landed in Moscow.", "Putin greeted him."]]  # each text once
    assert np.allclose(first, embedder.encode(texts), atol=1e-6)
    again = remembering.encode(["Putin greeted him.", "Talks began."])
    assert calls[1:] == [["Talks began."]]
    assert np.array_equal(again[0], first[1])
    remembering.encode(["A fourth text.", "Xi landed in Moscow."])  # "Putin" is now oldest
    remembering.encode(["Putin greeted him."])
    assert calls[-1] == ["Putin greeted him."]  # forgotten: three are kept
    assert remembering.name == embedder.name and remembering.encode([]).shape[0] == 0
