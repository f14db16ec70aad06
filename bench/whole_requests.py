"""How chat messages about the articles as a whole are read (assistant/retrieval/about.py).

    python bench/whole_requests.py [--messages bench/whole_requests.json] [--show]

`bench/whole_requests.json` holds chat messages written in session 27 by helpers shown
none of the code. Sets a to d, 105 each: 30 asking for an overview, 20 for an article's
details, 15 for a listing, and 40 fact questions in the same words ("Who wrote the
letter to the senator?"). Set a was used to widen the reading, then set b (held out and
read once first); sets c and d, written after, were held out and read once. Sets x and
y, 50 each: messages that mention the articles but ask for something else ("translate
it", "is this story biased?"), all to be left as questions. Prints, per set, how many of
each kind are read as that kind (a fact question: left as a question), and how many as
another kind; `--show` lists the misses.

Sets e, f and g (session 28) hold requests for the articles of some days ("What was
published yesterday?"), read rightly when read as a request whose days are when the
articles came out (assistant/retrieval/when.py, counted from 2026-12-05), fact questions
with days in them, and other messages ("undated": read rightly as anything but such a
request).

`--slips SEED` types every message with one slip (bench/typos.py's kinds, never the
first letter) in one of its words of 5 letters or more, chosen at random, stopwords too
("artcle", "abuot"); `--as-typed` reads each message as it is, without reading slips in
a request's words back (`about.whole` alone, as before session 28).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.retrieval.about import whole  # noqa: E402
from assistant.retrieval.slips import read  # noqa: E402
from assistant.retrieval.when import window  # noqa: E402
from bench.typos import MIN_LETTERS, slip  # noqa: E402

KINDS = ("overview", "details", "listing", "fact")
DATED_KINDS = ("dated", "fact", "undated")
TODAY = date(2026, 12, 5)  # the days a request names are counted from a fixed day


def read_as(text: str, as_typed: bool = False) -> str:
    """The kind a message is read as: "fact" for a question about the articles' text,
    "dated" for a request for the articles of some days."""
    asked = whole(text) if as_typed else read(text)[0]
    if asked and asked[1] and window(asked[1], TODAY):
        return "dated"
    return asked[0] if asked else "fact"


def right(want: str, got: str) -> bool:
    """Is a message of kind `want` read rightly as `got`? "undated": anything but dated."""
    return got != "dated" if want == "undated" else got == want


def with_slip(text: str, rng: random.Random) -> str:
    """`text` with one of its words of MIN_LETTERS or more mistyped (as it was if none)."""
    found = [m for m in re.finditer(r"[A-Za-z]+", text) if len(m.group(0)) >= MIN_LETTERS]
    if not found:
        return text
    m = rng.choice(found)
    return text[: m.start()] + slip(m.group(0), rng) + text[m.end() :]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=Path, default=ROOT / "bench" / "whole_requests.json")
    parser.add_argument("--show", action="store_true", help="list the messages read otherwise")
    parser.add_argument("--slips", type=int, metavar="SEED", help="one slip in each message")
    parser.add_argument("--as-typed", action="store_true", help="no slips read back")
    args = parser.parse_args(argv)
    messages = json.loads(args.messages.read_text(encoding="utf-8"))["messages"]
    if args.slips is not None:
        rng = random.Random(args.slips)
        messages = [{**m, "text": with_slip(m["text"], rng)} for m in messages]
    for part in sorted({m["set"] for m in messages}):
        counted: Counter[tuple[str, str]] = Counter()
        totals: Counter[str] = Counter()
        for m in (m for m in messages if m["set"] == part):
            got = read_as(m["text"], args.as_typed)
            counted[(m["category"], got)] += 1
            totals[m["category"]] += 1
            if args.show and not right(m["category"], got):
                print(f"  set {part}: {m['category']} read as {got}: {m['text']}")
        kinds = DATED_KINDS if totals["dated"] else KINDS
        shown = ", ".join(
            f"{k} {sum(n for (w, g), n in counted.items() if w == k and right(k, g))}/{totals[k]}"
            for k in kinds
        )
        wrong = sum(
            n
            for (want, got), n in counted.items()
            if "fact" not in (want, got) and not right(want, got)
        )
        print(f"set {part}: {shown}; read as another kind {wrong}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
