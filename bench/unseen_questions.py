"""Short, reworded questions nobody tuned on, asked of a whole benchmark corpus.

    python bench/unseen_questions.py --corpus ../shared/bench/multihop/corpus.json \
        [--questions bench/unseen_questions.json] [--alone] [--data-dir DIR] [--json FILE]

Three sets of questions about MultiHop-RAG articles, each naming its article by URL and
the paragraphs that answer it (none for a question the article cannot answer), written
by helpers who saw none of the code and committed before any was asked:
- `bench/unseen_questions.json`: 48 questions (10 unanswerable) about four articles
  picked by seed (`random.seed(2412)`, `random.sample` of the corpus), session 24;
- `bench/natural_questions.json`: 384 questions (96 unanswerable: the story is loaded,
  the detail asked is not in it) about 48 articles of 8 to 30 paragraphs picked by seed
  (`random.seed(2912)`), 8 per article, session 29;
- `bench/fresh_questions.json`: 192 questions (48 unanswerable) about 24 more articles
  of 8 to 30 paragraphs (`random.seed(3112)`, of those in neither set above), 8 per
  article, session 31, asked once, at the session's end, with its code and the code it
  started from.
They check that the sample article's figures (`bench/sample_questions.py`) carry over
to other articles, outlets and topics: asked of all 609 articles at once, as a user
with many loaded would, or with `--alone` each of its own article loaded alone, as a
user who loads one story would.

Ingests the corpus into `--data-dir` (a temporary one when not given; an index already
built there is reused; with `--alone`, one index per article under it) and asks every
question through `assistant.query()`. Printed as `sample_questions.py` prints: F first
citation answers, A any citation answers, T the answer text holds the answer, D plain
dense search (the nearest stored paragraph to the question, the same MiniLM vectors)
answers, C answered with a caution; a cited paragraph of another article is marked
with a *.
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


def _loaded(data_dir: Path, articles: list):
    """An engine on `data_dir` holding `articles` (an index already built there is reused)."""
    from assistant.pipeline import Engine
    from assistant.settings import get_settings

    engine = Engine(get_settings(data_dir=data_dir).index, create=True)
    engine.ingest_articles(articles, progress=False)
    return engine


def run(questions: list[dict], corpus: Path, data_dir: Path, alone: bool = False) -> list[dict]:
    """Each question asked of the whole corpus, or (`alone`) of its own article loaded
    alone, in an index of its own under `data_dir`."""
    from assistant import query

    articles = load_corpus(corpus)
    url_of = {a.id: a.url for a in articles}
    by_url = {a.url: a for a in articles}
    if alone:
        urls = dict.fromkeys(q["url"] for q in questions)
        folders = {url: data_dir / f"article-{n}" for n, url in enumerate(urls)}
        engines = {url: _loaded(folder, [by_url[url]]) for url, folder in folders.items()}
    else:
        folders = dict.fromkeys((q["url"] for q in questions), data_dir)
        engine = _loaded(data_dir, articles)
        engines = dict.fromkeys(folders, engine)
    results = []
    for q in questions:
        data_dir, engine = folders[q["url"]], engines[q["url"]]
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
    parser.add_argument(
        "--alone", action="store_true", help="ask each question of its own article loaded alone"
    )
    args = parser.parse_args(argv)

    questions = json.loads(args.questions.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="newsdesk-unseen-") as tmp:
        results = run(questions, args.corpus, args.data_dir or Path(tmp), args.alone)

    def cited(r: dict) -> str:  # * marks a paragraph of another article
        return ",".join(str(p) if url == r["url"] else f"{p}*" for url, p in r["cited"])

    sample_questions.report(results, cited, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
