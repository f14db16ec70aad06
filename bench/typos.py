"""Questions typed with a slip: NewsQA dev with one typo per question, respelling on and off.

    .venv/bin/python bench/typos.py --data-dir /tmp/newsqa-index [--seed 12]

Every NewsQA dev question (answerable and null alike) gets one slip in one of its
words of at least 5 letters that is no stopword (with `--small`, one that is: "about",
"which", "their"), chosen at random (seeded): a letter
left out, doubled, changed to its neighbour on the keyboard, or two neighbours
swapped, never the first letter. Then `newsdesk eval`'s metrics are measured twice
on the same engine, with `retrieval.respell` on and off, beside the questions as
written. The index is built in `--data-dir` when it is not there yet.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.evaluation import evaluate, load_corpus, load_queries, score  # noqa: E402
from assistant.pipeline import Engine  # noqa: E402
from assistant.settings import get_settings  # noqa: E402
from index.text import STOPWORDS  # noqa: E402

NEWSQA = ROOT.parent / "shared" / "bench" / "newsqa"
ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
MIN_LETTERS = 5


def _neighbour(letter: str, rng: random.Random) -> str:
    """A letter next to `letter` on the same keyboard row."""
    for row in ROWS:
        if letter in row:
            i = row.index(letter)
            return rng.choice([row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)])
    return letter


def slip(word: str, rng: random.Random) -> str:
    """`word` with one slip after its first letter."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("drop", "double", "neighbour", "swap"))
    if kind == "drop":
        return word[:i] + word[i + 1 :]
    if kind == "double":
        return word[:i] + word[i] + word[i:]
    if kind == "neighbour":
        return word[:i] + _neighbour(word[i].lower(), rng) + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def with_slip(question: str, rng: random.Random, small: bool = False) -> str:
    """The question with one of its longer content words mistyped, or (`small`) one of
    its stopwords of as many letters ("against", "which"); as it was if it has none."""
    found = [
        m
        for m in re.finditer(r"[A-Za-z]+", question)
        if len(m.group(0)) >= MIN_LETTERS and (m.group(0).lower() in STOPWORDS) == small
    ]
    if not found:
        return question
    m = rng.choice(found)
    return question[: m.start()] + slip(m.group(0), rng) + question[m.end() :]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--small", action="store_true", help="slip a stopword instead")
    args = parser.parse_args()
    articles = load_corpus(NEWSQA / "corpus.json")
    queries = load_queries(NEWSQA / "queries_dev.json")
    rng = random.Random(args.seed)
    slipped = [{**q, "query": with_slip(q["query"], rng, args.small)} for q in queries]
    on = get_settings(data_dir=args.data_dir)
    engine = Engine(on.index, create=True)
    engine.ingest_articles(articles)
    off = get_settings(data_dir=args.data_dir, respell=False)
    report = {
        "as written": score(evaluate(engine, articles, queries, on)),
        "one slip, respell on": score(evaluate(engine, articles, slipped, on)),
        "one slip, respell off": score(evaluate(engine, articles, slipped, off)),
        "changed": sum(a["query"] != b["query"] for a, b in zip(queries, slipped, strict=True)),
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
