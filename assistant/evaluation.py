"""Benchmark scoring: run queries with gold evidence and compute the metrics.

The protocol is the paragraph-level one of MultiHop-RAG (see its README):
a fact's gold paragraphs are the paragraphs of the article with the fact's
URL that contain the fact. Queries run through the same code as query().
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import NewsdeskError, QuestionError
from assistant.pipeline import Engine
from assistant.settings import Settings
from assistant.types import Answer
from index.sources.files import load_paths
from index.types import Article, Skipped, normalise_space

METRICS = (
    "hits@4",
    "hits@10",
    "mrr@10",
    "citation_precision",
    "citation_recall",
    "null_refusal",
    "false_refusal",
)
# For benchmarks whose answers are short spans (NewsQA: the evidence fact is the answer),
# the answer itself is judged too; MultiHop-RAG's yes/no and sentence facts are not spans.
ANSWER_METRICS = ("answer_hit", "first_citation_hit")
NULL_TYPE = "null_query"
_PUNCTUATION = re.compile(r"[^\w\s]")


@dataclass(frozen=True)
class Outcome:
    """One query's result: the retrieved and cited paragraphs, and the gold."""

    question_type: str
    facts: tuple[frozenset[tuple[str, int]], ...]  # gold paragraphs of each fact
    retrieved: tuple[tuple[str, int], ...]
    cited: tuple[tuple[str, int], ...]
    refused: bool
    span: str = ""  # the gold answer when it is a short span, else ""
    text: str = ""  # the answer's text
    first_cited: tuple[str, int] | None = None  # the paragraph the answer cites first

    @property
    def answerable(self) -> bool:
        return bool(self.facts)


def gold_paragraphs(
    evidence: list[dict], by_url: dict[str, Article]
) -> tuple[frozenset[tuple[str, int]], ...]:
    """For each evidence fact, the (article id, paragraph) pairs that contain it."""
    facts = []
    for item in evidence:
        article = by_url.get(item.get("url", ""))
        fact = normalise_space(item.get("fact", ""))
        if article is None or not fact:
            continue
        facts.append(
            frozenset(
                (article.id, n)
                for n, paragraph in enumerate(article.paragraphs, start=1)
                if fact in paragraph
            )
        )
    return tuple(f for f in facts if f)


def span_answer(query: dict) -> str:
    """The gold answer when the query's evidence is that answer itself (a short span)."""
    answer = normalise_space(str(query.get("answer") or ""))
    facts = {normalise_space(e.get("fact", "")) for e in query.get("evidence_list") or []}
    return answer if answer and answer in facts else ""


def _words(text: str) -> list[str]:
    return _PUNCTUATION.sub(" ", text.lower()).split()


def contains_answer(text: str, span: str) -> bool:
    """Does `text` hold `span` as whole words, lower-cased, punctuation removed?"""
    wanted, said = _words(span), _words(text)
    n = len(wanted)
    return n > 0 and any(said[i : i + n] == wanted for i in range(len(said) - n + 1))


def first_cited(answer: Answer) -> tuple[str, int] | None:
    """The paragraph behind the answer's first [n], in reading order."""
    by_number = {c.n: c for c in answer.citations}
    for sentence in answer.sentences:
        for n in sentence.citations:
            if n in by_number:
                return (by_number[n].article_id, by_number[n].paragraph)
    return None


def score(outcomes: Iterable[Outcome]) -> dict[str, float]:
    """The benchmark's metrics over a set of outcomes (0.0 where undefined)."""
    outcomes = list(outcomes)
    answerable = [o for o in outcomes if o.answerable]
    nulls = [o for o in outcomes if not o.answerable]
    sums: dict[str, float] = defaultdict(float)
    answered = 0
    for o in answerable:
        for k in (4, 10):
            top = set(o.retrieved[:k])
            sums[f"hits@{k}"] += sum(1 for f in o.facts if f & top) / len(o.facts)
        gold = frozenset().union(*o.facts)
        for rank, key in enumerate(o.retrieved[:10], start=1):
            if key in gold:
                sums["mrr@10"] += 1 / rank
                break
        cited = set(o.cited)
        sums["citation_recall"] += sum(1 for f in o.facts if f & cited) / len(o.facts)
        if o.refused:
            sums["false_refusal"] += 1
        elif cited:
            answered += 1
            sums["citation_precision"] += len(cited & gold) / len(cited)
    result = {}
    for name in ("hits@4", "hits@10", "mrr@10", "citation_recall", "false_refusal"):
        result[name] = sums[name] / len(answerable) if answerable else 0.0
    result["citation_precision"] = sums["citation_precision"] / answered if answered else 0.0
    result["null_refusal"] = sum(o.refused for o in nulls) / len(nulls) if nulls else 0.0
    scored = {name: round(result[name], 4) for name in METRICS}
    spans = [o for o in answerable if o.span]
    if spans:
        gold = [frozenset().union(*o.facts) for o in spans]
        hits = sum(not o.refused and contains_answer(o.text, o.span) for o in spans)
        firsts = sum(o.first_cited in g for o, g in zip(spans, gold, strict=True))
        scored["answer_hit"] = round(hits / len(spans), 4)
        scored["first_citation_hit"] = round(firsts / len(spans), 4)
    return scored


def report(outcomes: list[Outcome]) -> dict:
    """Overall and per-question-type metrics, in the JSON shape of `--out`."""
    by_type: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_type[o.question_type].append(o)
    return {
        "n_queries": len(outcomes),
        "overall": score(outcomes),
        "by_type": {t: {"n": len(os), **score(os)} for t, os in sorted(by_type.items())},
    }


def format_table(result: dict) -> str:
    """A readable table of a report (the answer metrics where the benchmark has them)."""
    shown = METRICS + tuple(m for m in ANSWER_METRICS if m in result["overall"])
    header = f"{'':18}{'n':>6}" + "".join(f"{m:>20}" for m in shown)
    rows = [header]
    for name, metrics in [("overall", result["overall"]), *result["by_type"].items()]:
        n = result["n_queries"] if name == "overall" else metrics["n"]
        cells = "".join(f"{metrics[m]:>20.3f}" if m in metrics else f"{'':>20}" for m in shown)
        rows.append(f"{name:18}{n:>6}" + cells)
    return "\n".join(rows)


def load_queries(path: Path) -> list[dict]:
    """Benchmark queries: a JSON array of {query, question_type, evidence_list}."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NewsdeskError(f"{path}: cannot read the queries ({exc})") from None
    if not isinstance(data, list) or not all(isinstance(q, dict) and "query" in q for q in data):
        raise NewsdeskError(f"{path}: expected a JSON array of objects with a 'query'")
    return data


def load_corpus(corpus: Path) -> list[Article]:
    """A benchmark's articles; raises NewsdeskError when any record cannot be read."""
    loaded = list(load_paths([corpus]))
    problems = [str(item) for item in loaded if isinstance(item, Skipped)]
    if problems:
        raise NewsdeskError(f"{corpus}: not a usable corpus: {problems[0]}")
    return [a for a in loaded if isinstance(a, Article)]


def evaluate(
    engine: Engine,
    articles: list[Article],
    queries: list[dict],
    settings: Settings,
    on_progress: Callable[[int], None] | None = None,
) -> list[Outcome]:
    """Run and judge every query on an engine whose index holds `articles`."""
    by_url = {a.url: a for a in articles if a.url}
    k = max(10, settings.retrieval.top_k)
    outcomes = []
    for i, q in enumerate(queries):
        facts = gold_paragraphs(q.get("evidence_list") or [], by_url)
        kind = q.get("question_type", "query")
        try:
            answer = engine.ask(q["query"], settings, top_k=k)
        except QuestionError:
            outcomes.append(Outcome(kind, facts, (), (), True, span_answer(q)))
        else:
            outcomes.append(
                Outcome(
                    kind,
                    facts,
                    retrieved=tuple(h.key for h in answer.hits),
                    cited=tuple((c.article_id, c.paragraph) for c in answer.citations),
                    refused=answer.refused,
                    span=span_answer(q),
                    text=answer.text,
                    first_cited=first_cited(answer),
                )
            )
        if on_progress is not None:
            on_progress(i + 1)
    return outcomes
