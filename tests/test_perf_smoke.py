"""bench/perf.py on a tiny corpus, and the fast embedder against sentence-transformers."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from .conftest import ROOT, SAMPLE

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


def test_the_plain_torch_model_gives_sentence_transformers_vectors(embedder):
    from sentence_transformers import SentenceTransformer

    from index.embed import _MeanPooledBert, model_location

    texts = [p for p in SAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()][:12]
    texts += ["", "   ", "word " * 600, "ÉTÉ naïve café 東京 🙂", "Xi\nJinping"]
    assert isinstance(embedder._load(), _MeanPooledBert)
    ours = embedder.encode(texts)
    reference = SentenceTransformer(model_location("all-MiniLM-L6-v2"), device="cpu").encode(
        texts, batch_size=64, normalize_embeddings=True
    )
    assert ours.dtype == np.float32 and ours.shape == (len(texts), 384)
    assert np.abs(ours - reference).max() < 1e-5


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
