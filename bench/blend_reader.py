"""Choose how the reader's score joins the learned order: its weight and how deep it reads.

    .venv/bin/python bench/blend_reader.py --work /tmp/blend [--multihop-dir DIR]

For each training question, the learned order's leading paragraphs (with their
scores) and the reader's score of each are collected once; then every (depth,
weight) is scored as the retrieval metrics of the list in which the first `depth`
paragraphs are ordered by learned score + weight x reader score. The weight chosen is
reader.ORDER_WEIGHT (with --squad-only: the questions query() reads); the citation gap
keeps reading scores at reader.WEIGHT ("Reader's order weight" in docs/tuning-log.md).
The depth it reports no longer chooses the setting: on the unseen SQuAD questions every
depth scores alike, so RetrievalSettings.reader_depth was chosen on NewsQA dev halves
("Reader's depth").

Training questions, as for the refusal model (bench/train_refusal.py):
MultiHop-RAG dev's 3 of 4 queries not in the scored quarter, over its whole corpus,
and SQuAD 2.0's answerable questions of the articles the reader never trained on,
each half of its articles loaded alone. The
scored MultiHop quarter and NewsQA dev are measured apart with `newsdesk eval`.
Every question is read here; `query()` reads only questions of at most 15 words
(search.is_short), because read for MultiHop's long ones the reader cost MRR@10 on
its scored quarter ("Reader" in docs/tuning-log.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import squad  # noqa: E402

from assistant.evaluation import Outcome, gold_paragraphs, load_corpus, score  # noqa: E402
from assistant.pipeline import Engine  # noqa: E402
from assistant.retrieval.reader import HELD_OUT_FILE, default_reader  # noqa: E402
from assistant.settings import get_settings  # noqa: E402

MULTIHOP = ROOT.parent / "shared" / "bench" / "multihop"
LISTED = 10  # paragraphs kept per question (hits@10, MRR@10)
DEPTHS = (0, 3, 4, 5, 6, 8, 10)
WEIGHTS = (0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0)


def collect(engine: Engine, queries: list[dict], by_url: dict, source: str) -> list[dict]:
    reader = default_reader()
    rows = []
    for q in queries:
        facts = gold_paragraphs(q.get("evidence_list") or [], by_url)
        if not facts:
            continue
        hits = engine.retriever.retrieve(q["query"], LISTED).hits
        read = reader.scores(q["query"], [h.text for h in hits[: max(DEPTHS)]])
        rows.append(
            {
                "source": source,
                "type": q.get("question_type", "query"),
                "facts": [sorted(f) for f in facts],
                "keys": [list(h.key) for h in hits],
                "learned": [h.score for h in hits],
                "read": read.tolist(),
            }
        )
    return rows


def reordered(row: dict, depth: int, weight: float) -> tuple:
    keys = [tuple(k) for k in row["keys"]]
    n = min(depth, len(row["read"]))
    value = [row["learned"][i] + weight * row["read"][i] for i in range(n)]
    head = sorted(range(n), key=lambda i: (-value[i], i))
    return tuple([keys[i] for i in head] + keys[n:])


def cited(row: dict, depth: int, weight: float, gap: float, most: int = 4) -> list[tuple]:
    """The paragraphs the extractive answer would cite (extractive.leading) in that order."""
    n = min(depth, len(row["read"]))
    value = [row["learned"][i] + (weight * row["read"][i] if i < n else 0.0) for i in range(n)]
    value += row["learned"][n:]
    keys = [tuple(k) for k in row["keys"]]
    order = sorted(range(n), key=lambda i: (-value[i], i)) + list(range(n, len(keys)))
    top = value[order[0]]
    return [keys[i] for i in order[:most] if value[i] >= top - gap]


def citations(rows: list[dict], depth: int, weight: float, gap: float) -> dict[str, float]:
    """Citation precision and recall as `newsdesk eval` counts them (before any sentence
    of a paragraph is found too weak to quote)."""
    precision, recall = [], []
    for r in rows:
        facts = [frozenset(tuple(k) for k in f) for f in r["facts"]]
        gold = frozenset().union(*facts)
        keys = cited(r, depth, weight, gap)
        precision.append(sum(k in gold for k in keys) / len(keys) if keys else 0.0)
        recall.append(sum(1 for f in facts if f & set(keys)) / len(facts))
    return {
        "precision": round(float(np.mean(precision)), 4),
        "recall": round(float(np.mean(recall)), 4),
    }


def metrics(rows: list[dict], depth: int, weight: float) -> dict[str, float]:
    outcomes = [
        Outcome(
            r["type"],
            tuple(frozenset(tuple(k) for k in f) for f in r["facts"]),
            reordered(r, depth, weight),
            (),
            False,
        )
        for r in rows
    ]
    result = score(outcomes)
    first = np.mean(
        [bool(o.retrieved) and o.retrieved[0] in frozenset().union(*o.facts) for o in outcomes]
    )
    return {"first": round(float(first), 4)} | {
        m: round(result[m], 4) for m in ("hits@4", "hits@10", "mrr@10")
    }


def multihop_rows(data_dir: Path) -> list[dict]:
    articles = load_corpus(MULTIHOP / "corpus.json")
    engine = Engine(get_settings(data_dir=data_dir).index, create=True)
    engine.ingest_articles(articles)  # as `newsdesk eval` does: nothing new when indexed
    queries = json.loads((MULTIHOP / "queries_dev.json").read_text())
    picked = [q for i, q in enumerate(queries) if i % 4]
    return collect(engine, picked, {a.url: a for a in articles}, "multihop")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--multihop-dir", type=Path, help="an index of the MultiHop corpus")
    parser.add_argument(
        "--squad-only",
        action="store_true",
        help="SQuAD's questions only: short, as the questions query() reads",
    )
    parser.add_argument(
        "--gaps-for",
        nargs=2,
        type=float,
        metavar=("DEPTH", "WEIGHT"),
        help="sweep the citation gap for this depth and weight",
    )
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cached = args.work / "rows.json"
    if cached.exists():
        rows = json.loads(cached.read_text())
    else:
        rows = [] if args.squad_only else multihop_rows(args.multihop_dir or args.work / "multihop")
        unseen = set(json.loads(HELD_OUT_FILE.read_text())["held_out_titles"])
        for n, (loaded, own, _) in enumerate(squad.articles_and_questions(0)):
            own = [q for q in own if q["article"] in unseen]  # the reader never saw them
            engine = Engine(get_settings(data_dir=args.work / f"squad-{n}").index, create=True)
            engine.ingest_articles(loaded)
            rows += collect(engine, own, {a.url: a for a in loaded}, "squad")
        cached.write_text(json.dumps(rows))
    for source in sorted({r["source"] for r in rows}):
        part = [r for r in rows if r["source"] == source]
        if args.gaps_for:
            depth, weight = int(args.gaps_for[0]), args.gaps_for[1]
            for gap in (0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0):
                before = citations(part, 0, 0.0, gap)
                after = citations(part, depth, weight, gap)
                print(f"{source} gap {gap}: learned order {before}, with the reader {after}")
            continue
        print(f"{source}: {len(part)} questions; learned order alone: {metrics(part, 0, 0)}")
        for depth in DEPTHS[1:]:
            for weight in WEIGHTS:
                print(f"  depth {depth} weight {weight}: {metrics(part, depth, weight)}")


if __name__ == "__main__":
    main()
