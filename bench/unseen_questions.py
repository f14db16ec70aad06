"""Short, reworded questions nobody tuned on, asked of a whole benchmark corpus.

    python bench/unseen_questions.py --corpus ../shared/bench/multihop/corpus.json \
        [--questions bench/unseen_questions.json] [--data-dir DIR] [--json FILE]

`bench/unseen_questions.json` holds 48 questions (10 that no article answers) about four
MultiHop-RAG articles picked by seed (`random.seed(2412)`, `random.sample` of the
corpus), written in session 24 and committed before any was asked: a check that the
sample article's figures (`bench/sample_questions.py`) carry over to other articles,
outlets and topics, asked of all 609 articles at once as a user with many loaded would.
Each question names its article by URL and the paragraphs that answer it.

Ingests the corpus into `--data-dir` (a temporary one when not given; an index already
built there is reused) and asks every question through `assistant.query()`. Printed as
`sample_questions.py` prints: F first citation answers, A any citation answers, T the
answer text holds the answer, D plain dense search (the nearest stored paragraph to the
question, the same MiniLM vectors) answers, C answered with a caution; a cited paragraph
of another article is marked with a *.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sample_questions  # noqa: E402  (bench/; sets the offline variables)

from assistant.evaluation import load_corpus  # noqa: E402

QUESTIONS = ROOT / "bench" / "unseen_questions.json"


def cited_sources(answer) -> list[tuple[str, int]]:
    """(url, paragraph) of the cited paragraphs in reading order, no repeats."""
    by_number = {c.n: (c.url, c.paragraph) for c in answer.citations}
    numbers = [n for s in answer.sentences for n in s.citations] + sorted(by_number)
    return list(dict.fromkeys(by_number[n] for n in numbers if n in by_number))


def run(questions: list[dict], corpus: Path, data_dir: Path) -> list[dict]:
    from assistant import query
    from assistant.pipeline import Engine
    from assistant.settings import get_settings

    articles = load_corpus(corpus)
    url_of = {a.id: a.url for a in articles}
    engine = Engine(get_settings(data_dir=data_dir).index, create=True)
    engine.ingest_articles(articles, progress=False)
    results = []
    for q in questions:
        answer = query(q["question"], data_dir=data_dir)
        gold = {(q["url"], p) for p in q["paragraphs"]}
        nearest, _ = engine.store.nearest(engine.embedder.encode([q["question"]])[0], 1)[0]
        article_id, paragraph, _ = nearest.rsplit(":", 2)
        result = sample_questions.outcome(q, answer, cited_sources(answer), gold)
        result["dense_first_hit"] = (url_of.get(article_id), int(paragraph)) in gold
        results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="a benchmark corpus.json")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--data-dir", type=Path, help="index folder (reused when built)")
    parser.add_argument("--json", type=Path, help="write the per-question results here")
    args = parser.parse_args(argv)

    questions = json.loads(args.questions.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="newsdesk-unseen-") as tmp:
        results = run(questions, args.corpus, args.data_dir or Path(tmp))

    def cited(r: dict) -> str:  # * marks a paragraph of another article
        return ",".join(str(p) if url == r["url"] else f"{p}*" for url, p in r["cited"])

    sample_questions.report(results, cited, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
