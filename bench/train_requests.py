"""Train the learned reading of requests about the articles as a whole (retrieval/about.py).

    python bench/train_requests.py [--squad FILE] [--write]

A logistic regression over the packaged MiniLM's vector of a short message (at most
`about.LEARNED_WORDS` words), four classes: a question about the text ("fact"), an
overview, details, a listing. Its examples: the messages of `bench/whole_requests.json`
(helpers' chat messages, every set), and as questions about the text, SQuAD 2.0's
questions (`../shared/train/squad2/`, CC BY-SA 4.0). NewsQA is never trained on (its
terms allow research use only), nor are MultiHop-RAG's scored queries: both are where
its false readings are counted. A message is read as a request when its class is not
"fact" with a probability of at least the threshold.

The regularisation C and the threshold were chosen by cross-validation on sets a and b
(each trained with the other and SQuAD), as the largest number of requests read
rightly with no fact question of either set, and none of NewsQA's and MultiHop-RAG's
dev questions, read as a request ("Requests in other words, learned" in
docs/tuning-log.md). `--write` writes `assistant/retrieval/about_weights.json`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.retrieval.about import KINDS, LEARNED_WORDS, WEIGHTS_FILE  # noqa: E402

C = 3.0  # chosen by cross-validation on sets a and b (see the module's text)
THRESHOLD = 0.5
MODEL = "all-MiniLM-L6-v2"


def squad_questions(path: Path) -> list[str]:
    """Every question of a SQuAD 2.0 file."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("question"), str):
                found.append(node["question"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(path.read_text(encoding="utf-8")))
    return found


def examples(messages: list[dict], negatives: list[str]) -> tuple[list[str], np.ndarray]:
    """Texts and class indices (KINDS): the messages, then the negatives as facts; a
    message longer than LEARNED_WORDS is left out, as it would be when read."""
    texts = [m["text"] for m in messages] + negatives
    labels = [KINDS.index(m["category"]) for m in messages] + [0] * len(negatives)
    keep = [i for i, text in enumerate(texts) if len(text.split()) <= LEARNED_WORDS]
    return [texts[i] for i in keep], np.array([labels[i] for i in keep])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=Path, default=ROOT / "bench" / "whole_requests.json")
    parser.add_argument(
        "--squad",
        type=Path,
        default=ROOT.parent / "shared" / "train" / "squad2" / "squad2-dev-half.json",
    )
    parser.add_argument("--write", action="store_true", help=f"write {WEIGHTS_FILE.name}")
    args = parser.parse_args(argv)

    from sklearn.linear_model import LogisticRegression

    from index.embed import get_embedder

    messages = json.loads(args.messages.read_text(encoding="utf-8"))["messages"]
    squad = squad_questions(args.squad)
    texts, labels = examples(messages, squad)
    kept = sum(len(m["text"].split()) <= LEARNED_WORDS for m in messages)
    vectors = get_embedder(MODEL).encode(texts)
    model = LogisticRegression(C=C, max_iter=3000).fit(vectors, labels)
    trained = {
        "about": "The learned reading of requests about the articles as a whole "
        "(assistant/retrieval/about.py, `learned`), written by bench/train_requests.py.",
        "model": MODEL,
        "classes": list(KINDS),
        "threshold": THRESHOLD,
        "coef": np.round(model.coef_, 6).tolist(),
        "intercept": np.round(model.intercept_, 6).tolist(),
        "trained_on": f"{kept} of the {len(messages)} messages of {args.messages.name} and "
        f"{len(texts) - kept} of SQuAD 2.0's {len(squad)} questions "
        f"(at most {LEARNED_WORDS} words)",
    }
    print(trained["trained_on"])
    if args.write:
        WEIGHTS_FILE.write_text(json.dumps(trained, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
