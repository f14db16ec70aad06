"""Fit the weights of the learned order (assistant/rank.py) and check them on held-out articles.

    .venv/bin/python bench/train_ranker.py --corpus ../shared/bench/multihop/corpus.json \\
        --queries ../shared/bench/multihop/queries_dev.json --data-dir /tmp/mh

For every answerable query, the fused candidates (rank.DEPTH of them) and their
features are taken from the same code `query()` runs; a candidate is positive when
it is a gold paragraph. A logistic regression on standardised features is fitted,
and its weights are printed on the features' own scale, and with --write saved in
the data file that rank.load_weights reads (assistant/retrieval/rank_weights.json).

The check: the articles are split in two at random, the model is fitted on the
queries whose gold articles all lie in one half and scored on the queries whose
gold articles all lie in the other, both ways, for five splits. Split by query
instead, a model can learn paragraphs that several queries share: a gradient-boosted
model gained hits@10 +0.06 that way and nothing on held-out articles.

With --short (and --squad DIR, --skip-every 4) it fits the order of short questions
instead (rank_weights_short.json): on SQuAD's short questions, scaled to the long
order's score spread on the MultiHop queries given (see fit_short).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation import Outcome, gold_paragraphs, load_queries, score  # noqa: E402
from assistant.pipeline import Engine  # noqa: E402
from assistant.retrieval import rank, reader  # noqa: E402
from assistant.retrieval.rank import WEIGHTS_FILE  # noqa: E402
from assistant.retrieval.search import is_short  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from index.sources.files import load_paths  # noqa: E402
from index.types import Article  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import squad  # noqa: E402

METRICS = ("hits@4", "hits@10", "mrr@10")
# Fitted also as "how far from the query's best candidate", which lets a pointwise
# model compare candidates across queries; for the order within one query such a
# column is the feature itself less a constant, so its weight is added to the
# feature's (see fit).
RELATIVE = tuple(
    name for name in rank.FEATURES if name.endswith(("_score", "similarity", "coverage"))
)
SPLITS = 5


def collect(engine: Engine, queries: list[dict], by_url: dict) -> list[dict]:
    """Each answerable query's candidates (in fused order), features and gold."""
    rows = []
    for q in queries:
        facts = gold_paragraphs(q.get("evidence_list") or [], by_url)
        if not facts:
            continue
        found = engine.retriever.search(q["query"], rank.DEPTH)
        fused = found.fused(rank.DEPTH)
        searched = [(part.query, hits) for part, hits in found.parts]
        table = rank.features(fused, found.whole, searched, found.understanding.query, found.index)
        gold = set().union(*facts)
        keys = [h.key for h in fused]
        rows.append(
            {
                "type": q.get("question_type", "query"),
                "facts": facts,
                "keys": keys,
                "x": table,
                "y": np.array([key in gold for key in keys]),
                "articles": {a for fact in facts for a, _ in fact},
            }
        )
    return rows


def fit(rows: list[dict]) -> dict[str, float]:
    """Weights on the features' own scale."""
    from sklearn.linear_model import LogisticRegression

    columns = [rank.FEATURES.index(name) for name in RELATIVE]
    rows = [r for r in rows if len(r["keys"])]
    x = np.vstack(
        [np.hstack([r["x"], r["x"][:, columns] - r["x"][:, columns].max(axis=0)]) for r in rows]
    )
    y = np.concatenate([r["y"] for r in rows])
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-9
    model = LogisticRegression(C=1.0, max_iter=5000).fit((x - mean) / spread, y)
    raw = model.coef_[0] / spread
    weights = raw[: len(rank.FEATURES)].copy()
    weights[columns] += raw[len(rank.FEATURES) :]
    return dict(zip(rank.FEATURES, weights.tolist(), strict=True))


def scored(rows: list[dict], weights: dict[str, float] | None) -> dict[str, float]:
    outcomes = []
    for r in rows:
        keys = r["keys"]
        if weights and len(keys) > 1:
            vector = np.array([weights[name] for name in rank.FEATURES])
            values = r["x"] @ vector
            keys = [keys[i] for i in sorted(range(len(keys)), key=lambda i: (-values[i], i))]
        outcomes.append(Outcome(r["type"], r["facts"], tuple(keys[:10]), (), False))
    result = score(outcomes)
    return {m: result[m] for m in METRICS}


def held_out(rows: list[dict]) -> np.ndarray:
    """Learned minus fused order, for each split and direction: one row of METRICS."""
    articles = sorted({a for r in rows for a in r["articles"]})
    gains = []
    for seed in range(SPLITS):
        half = set(random.Random(seed).sample(articles, len(articles) // 2))
        one = [r for r in rows if r["articles"] <= half]
        other = [r for r in rows if not r["articles"] & half]
        for train, test in ((one, other), (other, one)):
            if not test or len({bool(y) for r in train for y in r["y"]}) < 2:
                continue  # a small corpus: nothing to test, or one class to learn
            weights = fit(train)
            learned, fused = scored(test, weights), scored(test, None)
            gains.append([learned[m] - fused[m] for m in METRICS])
            print(
                f"  split {seed}: {len(train)} train, {len(test)} test queries; "
                + ", ".join(f"{m} {fused[m]:.3f} -> {learned[m]:.3f}" for m in METRICS)
            )
    return np.array(gains).reshape(-1, len(METRICS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--queries", type=Path, required=True)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument(
        "--write", type=Path, help=f"write the fitted weights here (the shipped: {WEIGHTS_FILE})"
    )
    parser.add_argument(
        "--skip-every", type=int, help="leave out every Nth query (the scored quarter: 4)"
    )
    parser.add_argument(
        "--squad", type=Path, help="also fit on SQuAD 2.0's questions, indexes in this folder"
    )
    parser.add_argument(
        "--short",
        action="store_true",
        help="fit the order of short questions on SQuAD's (needs --squad; see fit_short)",
    )
    args = parser.parse_args()
    articles = [a for a in load_paths([args.corpus]) if isinstance(a, Article)]
    engine = Engine(get_settings(data_dir=args.data_dir).index, create=True)
    engine.ingest_articles(articles)
    queries = load_queries(args.queries)
    if args.skip_every:
        queries = [q for i, q in enumerate(queries) if i % args.skip_every]
    rows = collect(engine, queries, {a.url: a for a in articles if a.url})
    if args.short:
        weights, fitted_on = fit_short(args.squad, rows)
    else:
        if args.squad:  # natural, reworded questions on small corpora (bench/squad.py)
            for n, (loaded, own, _) in enumerate(squad.articles_and_questions()):
                half = Engine(get_settings(data_dir=args.squad / f"squad-{n}").index, create=True)
                half.ingest_articles(loaded)
                rows += collect(half, own, {a.url: a for a in loaded})
        print(f"{len(rows)} answerable queries; held-out articles:")
        report_held_out(rows)
        weights = fit(rows)
        print("all queries, in sample:", scored(rows, weights), "fused:", scored(rows, None))
        fitted_on = f"{args.queries} ({len(rows)} answerable queries)"
    print("weights:", json.dumps({name: round(value, 4) for name, value in weights.items()}))
    if args.write:
        write_weights(args.write, weights, fitted_on)
        print(f"written to {args.write}")


def report_held_out(rows: list[dict]) -> None:
    gains = held_out(rows)
    for m, mean, low in zip(METRICS, gains.mean(axis=0), gains.min(axis=0), strict=True):
        print(f"{m}: mean gain {mean:+.4f}, worst {low:+.4f}")


def fit_short(squad_dir: Path, long_rows: list[dict]) -> tuple[dict[str, float], str]:
    """The order of short questions (search.is_short), fitted on SQuAD 2.0's short
    answerable questions, each half of its articles loaded alone; MultiHop-RAG has
    none. The 4 articles the reader never saw (reader.json) are left out, as for the
    reader: their questions are the held-out check here and the unseen questions of
    the reader's blend and of the refusal fit.

    SQuAD's questions were written with their paragraph in view, so they separate
    more easily than news questions do, and the fitted log-odds come out several times
    steeper than the long questions' order: a citation gap (answer.cite_gap) or the
    reader's weight would mean much less. So the weights are scaled for the median
    distance from the first candidate's score to the fourth's (the paragraphs a gap
    chooses among) to be on the unseen questions what the long questions' order gives
    on `long_rows`."""
    if squad_dir is None:
        raise SystemExit("--short needs --squad DIR")
    unseen = set(json.loads(reader.HELD_OUT_FILE.read_text())["held_out_titles"])
    rows, held = [], []
    for n, (loaded, own, _) in enumerate(squad.articles_and_questions()):
        half = Engine(get_settings(data_dir=squad_dir / f"squad-{n}").index, create=True)
        half.ingest_articles(loaded)
        by_url = {a.url: a for a in loaded}
        own = [q for q in own if is_short(q["query"])]
        rows += collect(half, [q for q in own if q["article"] not in unseen], by_url)
        held += collect(half, [q for q in own if q["article"] in unseen], by_url)
    print(f"{len(rows)} short answerable SQuAD questions; held-out articles among them:")
    report_held_out(rows)
    weights = fit(rows)
    scale = spread(long_rows, rank.WEIGHTS) / spread(held, weights)
    weights = {name: value * scale for name, value in weights.items()}
    print(
        f"scaled by {scale:.3f}; the reader's unseen articles ({len(held)} questions): "
        f"learned {scored(held, weights)}, fused {scored(held, None)}, "
        f"long questions' order {scored(held, rank.WEIGHTS)}"
    )
    return weights, f"SQuAD 2.0, {len(rows)} short answerable questions, scaled by {scale:.3f}"


def spread(rows: list[dict], weights: dict[str, float]) -> float:
    """The median, over questions of 4 candidates or more, of the first candidate's
    learned score less the fourth's."""
    vector = np.array([weights.get(name, 0.0) for name in rank.FEATURES])
    gaps = [np.sort(r["x"] @ vector)[::-1][:4] for r in rows if len(r["keys"]) >= 4]
    return float(np.median([g[0] - g[3] for g in gaps]))


def write_weights(path: Path, weights: dict[str, float], fitted_on: str) -> None:
    """Save weights in the format rank.load_weights reads (the shipped data file's)."""
    about = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))["about"]
    if path.name == rank.SHORT_WEIGHTS_FILE.name:
        about = about.replace("'Learned order'", "'Learned order for short questions'")
    data = {
        "about": about,
        "fitted_on": fitted_on,
        "weights": {name: round(value, 4) for name, value in weights.items()},
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
