"""Speed and memory of Newsdesk beside a plain llama-index pipeline (issue 6).

    python bench/perf.py --corpus corpus.json --queries queries_dev.json \
        [--articles N] [--queries-n 200] [--scale 1,2,4] [--out perf.json]

In one run, into fresh temporary data directories:

- our ingestion (load -> split -> embed -> store) in paragraphs per second, and
  the time to ingest the unchanged corpus again;
- the baseline: `VectorStoreIndex` over a `ChromaVectorStore` in its own
  PersistentClient, `SentenceSplitter(chunk_size=256, chunk_overlap=20)` and the
  same MiniLM model through llama-index's `HuggingFaceEmbedding`; then the
  default splitter (1,024-token chunks) with the share of its text that the
  model never reads (tokens past the 256-token window / all tokens);
- warm `query()` latency (retrieval + extractive answer + citation check) and
  the baseline retriever's latency over the same questions;
- cold start: a fresh `newsdesk ask` process to its answer (median of 3);
- peak resident memory while ingesting and while answering: every phase runs
  in its own process, which reports its own peak (`ru_maxrss`);
- with `--scale`: query latency and memory at 1x, 2x, 4x a subset of the
  corpus (`--scale-articles`, default 100 articles). The copies get new ids,
  URLs and titles, and reuse the vectors of the first ingestion: near-duplicate
  detection would fold re-ingested copies, and re-embedding would only measure
  ingestion again.

Paragraphs per second count the paragraphs of the loaded corpus, for us and the
baseline alike; model loading is left out of both (each phase loads the model
before its clock starts). Progress goes to stderr, the JSON to stdout and `--out`.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

MODEL = "all-MiniLM-L6-v2"
WINDOW = 256  # tokens the model reads of one text, [CLS] and [SEP] included
BASELINE_BATCH = 64  # the same batch size as ours, so the ratio is not a batch-size artefact


def log(message: str) -> None:
    print(f"[perf] {message}", file=sys.stderr, flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident memory so far."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), linear between ranks."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_summary(seconds: list[float], prefix: str) -> dict:
    ms = [s * 1000 for s in seconds]
    return {
        f"{prefix}_p50_ms": round(percentile(ms, 50), 1),
        f"{prefix}_p95_ms": round(percentile(ms, 95), 1),
        f"{prefix}_mean_ms": round(statistics.fmean(ms), 1) if ms else 0.0,
    }


def load_corpus(path: Path):
    """The corpus's articles through Newsdesk's own loader (raises on a bad file)."""
    from index.sources.files import load_paths
    from index.types import Skipped

    items = list(load_paths([path]))
    bad = [str(i) for i in items if isinstance(i, Skipped)]
    if bad:
        raise SystemExit(f"{path}: {bad[0]}")
    return items


# -- phases: each runs in a fresh process (`perf.py _phase NAME JSON`) ---------------------------


def phase_ingest(opts: dict) -> dict:
    """Our ingestion into a fresh data directory, then the same corpus again."""
    from assistant.pipeline import Engine
    from assistant.settings import get_settings

    articles = load_corpus(Path(opts["corpus"]))
    engine = Engine(get_settings(data_dir=Path(opts["data_dir"])).index, create=True)
    engine.embedder.encode(["warm up"])  # model loading is not ingestion
    spent = [0.0]
    encode = engine.embedder.encode

    def timed_encode(texts):
        started = time.perf_counter()
        try:
            return encode(texts)
        finally:
            spent[0] += time.perf_counter() - started

    engine.embedder.encode = timed_encode  # type: ignore[method-assign]
    started = time.perf_counter()
    report = engine.ingest_articles(load_corpus(Path(opts["corpus"])), progress=False)
    ingest_s = time.perf_counter() - started
    embed_s = spent[0]
    started = time.perf_counter()
    again = engine.ingest_articles(load_corpus(Path(opts["corpus"])), progress=False)
    reingest_s = time.perf_counter() - started
    return {
        "articles": len(articles),
        "paragraphs": sum(len(a.paragraphs) for a in articles),
        "articles_stored": len(report.added),
        "duplicates_folded": len(report.duplicates),
        "paragraphs_stored": report.paragraphs_added,
        "chunks": report.chunks_added,
        "ingest_s": ingest_s,
        "embed_s": embed_s,
        "reingest_s": reingest_s,
        "reingest_added": len(again.added),
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_query(opts: dict) -> dict:
    """Warm `query()` latency over the questions, end to end."""
    from assistant.api import query
    from assistant.pipeline import get_engine
    from assistant.settings import get_settings

    questions = opts["questions"]
    settings = get_settings(data_dir=Path(opts["data_dir"]))
    get_engine(settings)
    for q in questions[:3]:  # load the model, the BM25 index and Chroma's HNSW segment
        query(q, settings=settings)
    times, refused = [], 0
    for q in questions:
        started = time.perf_counter()
        answer = query(q, settings=settings)
        times.append(time.perf_counter() - started)
        refused += answer.refused
    return {
        "n": len(times),
        "refused": refused,
        **latency_summary(times, "query"),
        "peak_rss_mb": peak_rss_mb(),
    }


def phase_baseline(opts: dict) -> dict:
    """A plain llama-index pipeline: split, embed, store in Chroma; then its retriever."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.core.schema import MetadataMode
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore
    from tokenizers import Tokenizer

    from index.embed import model_location

    articles = load_corpus(Path(opts["corpus"]))
    location = model_location(MODEL)
    embed_model = HuggingFaceEmbedding(
        model_name=location, device="cpu", embed_batch_size=opts["embed_batch"]
    )
    embed_model.get_text_embedding("warm up")  # model loading is not ingestion
    splitter = SentenceSplitter(chunk_size=opts["chunk_size"], chunk_overlap=opts["chunk_overlap"])
    client = chromadb.PersistentClient(
        path=str(Path(opts["data_dir"]) / "chroma"),
        settings=ChromaSettings(anonymized_telemetry=False),
    )
    collection = client.get_or_create_collection("baseline", embedding_function=None)
    vector_store = ChromaVectorStore(chroma_collection=collection)

    def documents():
        return [
            Document(
                text="\n".join(a.paragraphs),
                doc_id=a.id,
                metadata={"title": a.title, "source": a.source},
            )
            for a in articles
        ]

    started = time.perf_counter()
    index = VectorStoreIndex.from_documents(
        documents(),
        storage_context=StorageContext.from_defaults(vector_store=vector_store),
        embed_model=embed_model,  # passed explicitly: never llama-index's global Settings
        transformations=[splitter],
    )
    ingest_s = time.perf_counter() - started
    # What the model was given, token by token: the same split again, outside the clock.
    tokenizer = Tokenizer.from_file(str(Path(location) / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    nodes = splitter.get_nodes_from_documents(documents())
    lengths = [
        len(e.ids)
        for e in tokenizer.encode_batch([n.get_content(MetadataMode.EMBED) for n in nodes])
    ]
    total = sum(lengths)
    result = {
        "paragraphs": sum(len(a.paragraphs) for a in articles),
        "chunks": len(nodes),
        "ingest_s": ingest_s,
        "unembedded_share": round(sum(max(0, n - WINDOW) for n in lengths) / total, 4)
        if total
        else 0.0,
        "peak_rss_mb": peak_rss_mb(),
    }
    questions = opts.get("questions") or []
    if questions:
        retriever = index.as_retriever(similarity_top_k=opts["top_k"])
        for q in questions[:3]:
            retriever.retrieve(q)
        times = []
        for q in questions:
            started = time.perf_counter()
            retriever.retrieve(q)
            times.append(time.perf_counter() - started)
        result.update(latency_summary(times, "query"))
    return result


def phase_scale(opts: dict) -> dict:
    """A fresh index holding `factor` copies of some stored articles, vectors reused."""
    from index.store import ChromaStore

    source = ChromaStore(MODEL, data_dir=Path(opts["source_dir"]), create=False)
    target = ChromaStore(MODEL, data_dir=Path(opts["data_dir"]), create=True)
    wanted = set(opts["article_ids"])
    ids = [cid for cid, meta in source.all_metadata(["article_id"]) if meta["article_id"] in wanted]
    # The store has no public way to read vectors back; a benchmark may look inside.
    collection = source._collection
    for start in range(0, len(ids), 1000):
        got = collection.get(
            ids=ids[start : start + 1000], include=["embeddings", "documents", "metadatas"]
        )
        for copy in range(opts["factor"]):
            metas = []
            for meta in got["metadatas"]:
                meta = dict(meta)
                if copy:
                    meta["article_id"] = f"{meta['article_id']}-x{copy}"
                    meta["key"] = f"{meta.get('key', '')}-x{copy}"
                    meta["url"] = f"{meta.get('url', '')}#copy-{copy}"
                    meta["title"] = f"{meta.get('title', '')} (copy {copy})"
                metas.append(meta)
            target.add(
                [f"{cid}-x{copy}" if copy else cid for cid in got["ids"]],
                got["documents"],
                metas,
                got["embeddings"],
            )
    target.bump_generation()
    return {"chunks": target.count(), "peak_rss_mb": peak_rss_mb()}


PHASES = {
    "ingest": phase_ingest,
    "query": phase_query,
    "baseline": phase_baseline,
    "scale": phase_scale,
}


def run_phase(name: str, opts: dict) -> dict:
    """Run one phase in a fresh Python process and return what it reported."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "_phase", name, json.dumps(opts)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=str(ROOT),
    )
    if done.returncode != 0:
        raise SystemExit(f"phase {name} failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    log(f"{name}: {time.perf_counter() - started:.1f}s wall, peak {result.get('peak_rss_mb')} MB")
    return result


# -- the run ----------------------------------------------------------------------------------


def newsdesk_command() -> list[str]:
    script = Path(sys.executable).with_name("newsdesk")
    return [str(script)] if script.exists() else [sys.executable, "-m", "assistant.cli"]


def cold_start(data_dir: Path, question: str, runs: int = 3) -> list[float]:
    """Wall time of fresh `newsdesk ask` processes, start to exit after the answer."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [*newsdesk_command(), "ask", question, "--data-dir", str(data_dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=str(ROOT),
        )
        times.append(time.perf_counter() - started)
        if done.returncode != 0:
            raise SystemExit(f"newsdesk ask failed: {done.stderr.strip()[-500:]}")
    return times


def machine() -> dict:
    import torch

    from index.embed import native_bfloat16

    return {
        "native_bfloat16": native_bfloat16(),
        "cpus": os.cpu_count(),
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor(),
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def run(args: argparse.Namespace) -> dict:
    """Every measurement of one benchmark run, as a JSON-ready dict."""
    from index.embed import TOKENS_PER_BATCH, resolve_precision
    from index.ingest import EMBED_BATCH

    records = json.loads(args.corpus.read_text(encoding="utf-8"))
    if not isinstance(records, list):
        raise SystemExit(f"{args.corpus}: expected a JSON array of articles")
    subset = records[: args.articles] if args.articles else records
    queries = json.loads(args.queries.read_text(encoding="utf-8"))
    questions = [q["query"] for q in queries[: args.queries_n]]
    work = Path(tempfile.mkdtemp(prefix="newsdesk-perf-"))
    try:
        corpus = work / "corpus.json"
        corpus.write_text(json.dumps(subset), encoding="utf-8")
        ours = work / "ours"
        log(f"{len(subset)} articles, {len(questions)} queries, in {work}")

        ingest = run_phase("ingest", {"corpus": str(corpus), "data_dir": str(ours)})
        paragraphs = ingest["paragraphs"]
        queried = run_phase("query", {"data_dir": str(ours), "questions": questions})
        result: dict = {
            "corpus": str(args.corpus),
            "corpus_articles_total": len(records),
            "articles": ingest["articles"],
            "paragraphs": paragraphs,
            "chunks": ingest["chunks"],
            "articles_stored": ingest["articles_stored"],
            "duplicates_folded": ingest["duplicates_folded"],
            "ingest_s": round(ingest["ingest_s"], 2),
            "embed_s": round(ingest["embed_s"], 2),
            "ingest_paragraphs_per_s": round(paragraphs / ingest["ingest_s"], 1),
            "reingest_s": round(ingest["reingest_s"], 3),
            "reingest_speedup": round(ingest["ingest_s"] / max(ingest["reingest_s"], 1e-9), 1),
            "query_n": queried["n"],
            "query_refused": queried["refused"],
            "query_p50_ms": queried["query_p50_ms"],
            "query_p95_ms": queried["query_p95_ms"],
            "query_mean_ms": queried["query_mean_ms"],
        }
        if not args.no_baseline:
            common = {"corpus": str(corpus), "embed_batch": args.baseline_batch, "top_k": 8}
            base = run_phase(
                "baseline",
                {
                    **common,
                    "data_dir": str(work / "baseline-256"),
                    "chunk_size": 256,
                    "chunk_overlap": 20,
                    "questions": questions,
                },
            )
            base_1024 = run_phase(
                "baseline",
                {
                    **common,
                    "data_dir": str(work / "baseline-1024"),
                    "chunk_size": 1024,
                    "chunk_overlap": 200,
                },
            )
            result.update(
                {
                    "baseline_ingest_s": round(base["ingest_s"], 2),
                    "baseline_chunks": base["chunks"],
                    "baseline_ingest_paragraphs_per_s": round(paragraphs / base["ingest_s"], 1),
                    "baseline_unembedded_share": base["unembedded_share"],
                    "baseline_1024_ingest_s": round(base_1024["ingest_s"], 2),
                    "baseline_1024_chunks": base_1024["chunks"],
                    "baseline_1024_ingest_paragraphs_per_s": round(
                        paragraphs / base_1024["ingest_s"], 1
                    ),
                    "baseline_1024_unembedded_share": base_1024["unembedded_share"],
                    "ingest_speedup_vs_baseline": round(base["ingest_s"] / ingest["ingest_s"], 2),
                    "baseline_query_p50_ms": base["query_p50_ms"],
                    "baseline_query_p95_ms": base["query_p95_ms"],
                    "baseline_peak_rss_mb": base["peak_rss_mb"],
                }
            )
        if not args.no_cold:
            times = cold_start(ours, questions[0] if questions else "What happened?")
            result["cold_start_s"] = round(statistics.median(times), 2)
            result["cold_start_runs_s"] = [round(t, 2) for t in times]
        result["peak_rss_mb"] = {"ingest": ingest["peak_rss_mb"], "query": queried["peak_rss_mb"]}
        if args.scale:
            result["scaling"] = scaling(args, subset, ours, work, questions)
        result["machine"] = machine()
        result["config"] = {
            "embedding_model": MODEL,
            "embed_batch": EMBED_BATCH,
            "embedding_precision": resolve_precision(
                os.environ.get("NEWSDESK_EMBEDDING_PRECISION", "auto")
            ),
            "tokens_per_batch": TOKENS_PER_BATCH,
            "baseline_embed_batch": args.baseline_batch,
        }
        return result
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def scaling(args, subset: list[dict], ours: Path, work: Path, questions: list[str]) -> dict:
    """Query latency and memory over 1x, 2x, 4x ... copies of the first articles."""
    from index.sources.files import Article

    base = subset[: args.scale_articles]
    base_file = work / "scale-base.json"
    base_file.write_text(json.dumps(base), encoding="utf-8")
    article_ids = [a.id for a in load_corpus(base_file) if isinstance(a, Article)]
    points = []
    for factor in args.scale:
        data_dir = work / f"scale-{factor}"
        built = run_phase(
            "scale",
            {
                "source_dir": str(ours),
                "data_dir": str(data_dir),
                "factor": factor,
                "article_ids": article_ids,
            },
        )
        queried = run_phase(
            "query", {"data_dir": str(data_dir), "questions": questions[: args.scale_queries]}
        )
        points.append(
            {
                "factor": factor,
                "articles": len(article_ids) * factor,
                "chunks": built["chunks"],
                "query_p50_ms": queried["query_p50_ms"],
                "query_p95_ms": queried["query_p95_ms"],
                "peak_rss_query_mb": queried["peak_rss_mb"],
            }
        )
        shutil.rmtree(data_dir, ignore_errors=True)
    return {
        "base_articles": len(article_ids),
        "queries": min(len(questions), args.scale_queries),
        "points": points,
    }


def factors(text: str) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--scale {text!r}: use whole numbers, e.g. 1,2,4"
        ) from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"--scale {text!r}: factors must be 1 or more")
    return values


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/perf.py", description="Newsdesk speed and memory beside a llama-index baseline"
    )
    parser.add_argument("--corpus", type=Path, required=True, help="articles (JSON array)")
    parser.add_argument("--queries", type=Path, required=True, help="queries (JSON array)")
    parser.add_argument("--articles", type=int, help="only the first N articles")
    parser.add_argument("--queries-n", type=int, default=200, help="queries timed (default 200)")
    parser.add_argument("--scale", type=factors, help="corpus copies to time, e.g. 1,2,4")
    parser.add_argument(
        "--scale-articles", type=int, default=100, help="articles copied for --scale (default 100)"
    )
    parser.add_argument(
        "--scale-queries", type=int, default=100, help="queries per --scale point (default 100)"
    )
    parser.add_argument(
        "--baseline-batch", type=int, default=BASELINE_BATCH, help="baseline embed batch size"
    )
    parser.add_argument("--no-baseline", action="store_true", help="skip the llama-index runs")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start runs")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dirs")
    parser.add_argument("--out", type=Path, help="write the JSON here too")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["_phase"]:
        print(json.dumps(PHASES[argv[1]](json.loads(argv[2]))))
        return 0
    args = build_parser().parse_args(argv)
    for name in ("articles", "queries_n", "scale_articles", "scale_queries"):
        value = getattr(args, name)
        if value is not None and value < 1:
            raise SystemExit(f"--{name.replace('_', '-')} must be 1 or more, not {value}")
    result = run(args)
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
