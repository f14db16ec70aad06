"""How chat messages about the articles as a whole are read (assistant/retrieval/about.py).

    python bench/whole_requests.py [--messages bench/whole_requests.json] [--show]

`bench/whole_requests.json` holds 315 chat messages written in session 27 by helpers
shown none of the code, in three sets of 105: 30 asking for an overview, 20 for an
article's details, 15 for a listing, and 40 fact questions in the same words ("Who wrote
the letter to the senator?"). Set a was used to widen the reading, then set b (held out
and read once first); set c, written last, was held out and read once. Prints, per set,
how many of each kind are read as that kind (a fact question: left as a question), and
how many as another kind; `--show` lists the misses.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.retrieval.about import learned, learned_model, whole  # noqa: E402

KINDS = ("overview", "details", "listing", "fact")


def read_as(text: str, vector=None) -> str:
    """The kind a message is read as: "fact" for a question about the articles' text; by
    its words, and with its vector (the packaged MiniLM's) by the learned reading too."""
    asked = whole(text)
    if asked is None and vector is not None:
        asked = learned(text, vector)
    return asked[0] if asked else "fact"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=Path, default=ROOT / "bench" / "whole_requests.json")
    parser.add_argument("--show", action="store_true", help="list the messages read otherwise")
    parser.add_argument(
        "--learned", action="store_true", help="with the learned reading (embeds each message)"
    )
    args = parser.parse_args(argv)
    messages = json.loads(args.messages.read_text(encoding="utf-8"))["messages"]
    vectors = [None] * len(messages)
    if args.learned:
        from index.embed import get_embedder

        vectors = list(get_embedder(learned_model()).encode([m["text"] for m in messages]))
    for m, vector in zip(messages, vectors, strict=True):
        m["read"] = read_as(m["text"], vector)
    for part in sorted({m["set"] for m in messages}):
        counted: Counter[tuple[str, str]] = Counter()
        totals: Counter[str] = Counter()
        for m in (m for m in messages if m["set"] == part):
            got = m["read"]
            counted[(m["category"], got)] += 1
            totals[m["category"]] += 1
            if args.show and got != m["category"]:
                print(f"  set {part}: {m['category']} read as {got}: {m['text']}")
        right = ", ".join(f"{k} {counted[(k, k)]}/{totals[k]}" for k in KINDS)
        wrong = sum(
            n for (want, got), n in counted.items() if "fact" not in (want, got) and want != got
        )
        print(f"set {part}: {right}; read as another kind {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
