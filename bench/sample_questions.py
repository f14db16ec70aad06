"""Reworded, natural questions about the bundled sample article (issue 17).

    python bench/sample_questions.py [--questions FILE] [--json FILE]

Ingests `samples/xi-moscow-visit.txt` into a fresh temporary data directory and
asks every question of `tests/fixtures/sample_questions.json` through
`assistant.query()`. One line per question: refused, or the cited paragraph
numbers in reading order (the first one is the paragraph behind the answer's
first [n]); whether the first citation answers (F), whether any citation
answers (A), whether the answer text contains the gold answer (T: lower-cased,
punctuation removed, whole words, as in `newsdesk eval`), and whether the answer came
with a caution that it may not answer (C).

Totals over the answerable questions: an answering paragraph cited, the first
citation answering, the answer text containing the answer, wrongly refused; over
the unanswerable ones: refused. Beside them, the dense baseline: the article's
paragraphs ranked by cosine similarity to the question with plain MiniLM
(`all-MiniLM-L6-v2`), counted when the top paragraph answers. `--json` writes
the per-question results.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ARTICLE = ROOT / "samples" / "xi-moscow-visit.txt"
QUESTIONS = ROOT / "tests" / "fixtures" / "sample_questions.json"
MODEL = "all-MiniLM-L6-v2"

from assistant.evaluation import contains_answer  # noqa: E402


def cited_paragraphs(answer) -> list[int]:
    """Cited paragraph numbers in reading order (by the sentences' [n]), no repeats."""
    by_number = {c.n: c.paragraph for c in answer.citations}
    order: list[int] = []
    numbers = [n for s in answer.sentences for n in s.citations] + sorted(by_number)
    for n in numbers:
        if n in by_number and by_number[n] not in order:
            order.append(by_number[n])
    return order


def dense_ranking(questions: list[str], paragraphs: list[str]) -> list[list[int]]:
    """For each question, the paragraph numbers (1-based) by cosine similarity, best first."""
    from index.embed import get_embedder

    embedder = get_embedder(MODEL)
    p = embedder.encode(paragraphs)
    q = embedder.encode(questions)
    scores = q @ p.T
    return [[int(i) + 1 for i in row.argsort()[::-1]] for row in scores]


def run(questions: list[dict], data_dir: Path) -> list[dict]:
    from assistant import query
    from assistant.pipeline import Engine
    from assistant.settings import get_settings

    Engine(get_settings(data_dir=data_dir).index, create=True).ingest([ARTICLE])
    results = []
    for q in questions:
        answer = query(q["question"], data_dir=data_dir)
        results.append(outcome(q, answer, cited_paragraphs(answer), set(q["paragraphs"])))
    return results


def outcome(q: dict, answer, cited: list, gold: set) -> dict:
    """One question's result: what was cited (in reading order) against the `gold` ones."""
    return {
        **q,
        "refused": answer.refused,
        "doubtful": answer.doubtful,
        "caution": answer.caution,
        "cited": cited,
        "first_hit": bool(cited) and cited[0] in gold,
        "any_hit": bool(gold & set(cited)),
        "text_hit": bool(q["answer"])
        and not answer.refused
        and contains_answer(answer.text, q["answer"]),
        "text": answer.text,
    }


def count(results: list[dict]) -> dict:
    """The totals over answerable and unanswerable questions (see the module's doc)."""
    answerable = [r for r in results if r["paragraphs"]]
    nulls = [r for r in results if not r["paragraphs"]]
    return {
        "answerable": len(answerable),
        "any_citation_answers": sum(r["any_hit"] for r in answerable),
        "first_citation_answers": sum(r["first_hit"] for r in answerable),
        "answer_text_contains": sum(r["text_hit"] for r in answerable),
        "wrongly_refused": sum(r["refused"] for r in answerable),
        "unanswerable": len(nulls),
        "unanswerable_refused": sum(r["refused"] for r in nulls),
        "dense_first_answers": sum(r["dense_first_hit"] for r in answerable),
        "cautioned": sum(r["doubtful"] for r in results),
        "cautioned_first_answers": sum(r["doubtful"] and r["first_hit"] for r in answerable),
        "cautioned_unanswerable": sum(r["doubtful"] for r in nulls),
    }


def flag(ok: bool, letter: str) -> str:
    return letter if ok else "."


def report(results: list[dict], cited: Callable[[dict], str], out: Path | None) -> None:
    """Print one line per question (`cited` says what a result cited) and the totals;
    write them all to `out` as JSON when given."""
    for r in results:
        gold = ",".join(map(str, r["paragraphs"])) or "-"
        got = "refused" if r["refused"] else cited(r) or "none"
        if r["paragraphs"]:
            marks = flag(r["first_hit"], "F") + flag(r["any_hit"], "A") + flag(r["text_hit"], "T")
            marks += " " + flag(r["dense_first_hit"], "D") + flag(r["doubtful"], "C")
        else:
            marks = "ok  " if r["refused"] else "MISS"
            marks += " " + " " + flag(r["doubtful"], "C")
        print(f"{marks}  gold {gold:<9} got {got:<12} {r['question']}")

    totals = count(results)
    n, nulls = totals["answerable"], totals["unanswerable"]
    print()
    print(f"answerable questions:           {n}")
    for key in ("any_citation_answers", "first_citation_answers", "answer_text_contains"):
        print(f"  {key.replace('_', ' ') + ':':<29} {totals[key]}/{n}")
    print(f"  wrongly refused:              {totals['wrongly_refused']}/{n}")
    print(f"unanswerable refused:           {totals['unanswerable_refused']}/{nulls}")
    cautioned, unanswerable = totals["cautioned"], totals["cautioned_unanswerable"]
    print(
        f"answered with a caution:        {cautioned} ({unanswerable} unanswerable; "
        f"{totals['cautioned_first_answers']} cited an answering paragraph first)"
    )
    print(f"dense baseline (MiniLM), first paragraph answers: {totals['dense_first_answers']}/{n}")
    if out:
        payload = {"totals": totals, "questions": results}
        out.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--json", type=Path, help="write the per-question results here")
    args = parser.parse_args(argv)

    from index.sources.files import parse_text_article

    questions = json.loads(args.questions.read_text(encoding="utf-8"))
    paragraphs = parse_text_article(ARTICLE.read_text(encoding="utf-8")).paragraphs
    with tempfile.TemporaryDirectory(prefix="newsdesk-sample-") as tmp:
        results = run(questions, Path(tmp))
    ranks = dense_ranking([q["question"] for q in questions], list(paragraphs))
    for r, rank in zip(results, ranks, strict=True):
        r["dense_top"] = rank[0]
        r["dense_first_hit"] = rank[0] in set(r["paragraphs"])

    report(results, lambda r: ",".join(map(str, r["cited"])), args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
