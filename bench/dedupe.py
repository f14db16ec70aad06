"""Precision and recall of near-duplicate detection (index/dedupe.py) on a labelled set.

    .venv/bin/python bench/dedupe.py [tests/fixtures/dedupe/articles.jsonl]

Each record of the set names its `story`: two articles are duplicates when they
carry the same story. Every pair of articles is judged by `is_near_duplicate`;
the report gives pair precision and recall, recall by kind of copy, the pairs
judged wrongly, and how the similarity thresholds trade one against the other.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import dedupe  # noqa: E402
from index.sources.files import parse_record  # noqa: E402

DEFAULT_SET = ROOT / "tests" / "fixtures" / "dedupe" / "articles.jsonl"


def load(path: Path) -> list[dict]:
    """The labelled records, each with its article and signature."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            article = parse_record(record)
            record["signature"] = dedupe.signature(article.paragraphs)
            rows.append(record)
    return rows


def score(rows: list[dict], judge) -> dict:
    """Pair counts and precision/recall of `judge(sig_a, sig_b)` against the labels."""
    tp = fp = fn = tn = 0
    missed: Counter[str] = Counter()
    found: Counter[str] = Counter()
    wrong: list[str] = []
    for a, b in itertools.combinations(rows, 2):
        truth = a["story"] == b["story"]
        said = judge(a["signature"], b["signature"])
        kinds = " / ".join(sorted({a["kind"], b["kind"]}))
        if truth:
            (found if said else missed)[kinds] += 1
        if truth and said:
            tp += 1
        elif said:
            fp += 1
            wrong.append(
                f"false duplicate: {a['story']} ({a['kind']}) ~ {b['story']} ({b['kind']})"
            )
        elif truth:
            fn += 1
            wrong.append(f"missed: {a['story']} ({a['kind']}) ~ {b['kind']}")
        else:
            tn += 1
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": tp / (tp + fp) if tp + fp else 1.0,
        "recall": tp / (tp + fn) if tp + fn else 1.0,
        "found": found,
        "missed": missed,
        "wrong": wrong,
    }


def main(path: Path = DEFAULT_SET) -> None:
    rows = load(path)
    kinds = Counter(r["kind"] for r in rows)
    stories = {r["story"] for r in rows}
    topics = {r["topic"] for r in rows}
    print(
        f"{len(rows)} articles: {len(stories)} stories on {len(topics)} topics "
        f"(two different stories per topic); " + ", ".join(f"{n} {k}" for k, n in kinds.items())
    )
    pairs = len(rows) * (len(rows) - 1) // 2
    same_topic = sum(
        1
        for a, b in itertools.combinations(rows, 2)
        if a["topic"] == b["topic"] and a["story"] != b["story"]
    )
    result = score(rows, dedupe.is_near_duplicate)
    print(
        f"{pairs} pairs: {result['tp'] + result['fn']} duplicates, "
        f"{same_topic} different stories on the same topic, the rest unrelated"
    )
    print(
        f"\nthresholds: Jaccard >= {dedupe.MIN_JACCARD}, containment >= {dedupe.MIN_CONTAINMENT}, "
        f"{dedupe.SHINGLE}-word shingles, {dedupe.PERMUTATIONS} permutations"
    )
    print(
        f"precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"(tp {result['tp']}, fp {result['fp']}, fn {result['fn']}, tn {result['tn']})"
    )
    print("recall by pair kind:")
    for kind in sorted(set(result["found"]) | set(result["missed"])):
        got, lost = result["found"][kind], result["missed"][kind]
        print(f"  {kind:40s} {got}/{got + lost}")
    for line in result["wrong"]:
        print("  " + line)

    print("\nother thresholds (Jaccard, containment): precision / recall")
    for mj, mc in itertools.product((0.2, 0.3, 0.4, 0.5), (0.5, 0.6, 0.7, 0.8)):
        r = score(
            rows,
            lambda a, b, mj=mj, mc=mc: (
                dedupe.jaccard(a, b) >= mj and dedupe.containment(a, b) >= mc
            ),
        )
        print(f"  J >= {mj:.1f}, C >= {mc:.1f}: {r['precision']:.3f} / {r['recall']:.3f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SET)
