"""SQuAD 2.0 (../shared/train/squad2/, CC BY-SA 4.0) as small news-like corpora for training.

Its 16 Wikipedia articles are split in two halves at random (seeded); each half is a
corpus of its own, loaded alone: its answerable questions are answerable there (their
evidence is the answer span, found in the article as NewsQA's is), and the other
half's questions are questions whose article is not loaded.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from index.text import terms
from index.types import Article

SQUAD = Path(__file__).resolve().parent.parent.parent / "shared" / "train" / "squad2"


def halves(seed: int = 0) -> tuple[set[str], set[str]]:
    """The titles of the articles in each half."""
    data = json.loads((SQUAD / "squad2-dev-half.json").read_text())["data"]
    titles = sorted(a["title"] for a in data)
    random.Random(seed).shuffle(titles)
    return set(titles[::2]), set(titles[1::2])


def _article(title: str, paragraphs: list[dict]) -> Article:
    """A SQuAD article (its title, some of its paragraphs) as a news article."""
    return Article(
        title.replace("_", " "), tuple(p["context"] for p in paragraphs), "Wikipedia", _url(title)
    )


def _url(title: str) -> str:
    return f"squad:{title}"


def articles_and_questions(seed: int = 0) -> Iterator[tuple[list[Article], list[dict], list[dict]]]:
    """For each half: its articles, its answerable questions (in the benchmarks' query
    format, the answer span as evidence) and the other half's questions (no evidence)."""
    data = json.loads((SQUAD / "squad2-dev-half.json").read_text())["data"]
    for loaded in halves(seed):
        articles, own, other = [], [], []
        for article in data:
            url = _url(article["title"])
            if article["title"] in loaded:
                articles.append(_article(article["title"], article["paragraphs"]))
            for paragraph in article["paragraphs"]:
                for qa in paragraph["qas"]:
                    if article["title"] not in loaded:
                        other.append(
                            {
                                "query": qa["question"],
                                "question_type": "null_query",
                                "article": article["title"],
                            }
                        )
                    elif not qa["is_impossible"]:
                        fact = qa["answers"][0]["text"]
                        own.append(
                            {
                                "query": qa["question"],
                                "question_type": "squad_query",
                                "answer": fact,
                                "article": article["title"],
                                "evidence_list": [{"url": url, "fact": fact}],
                            }
                        )
        yield articles, own, other


def with_gaps(seed: int, share: float) -> Iterator[tuple[list[Article], list[dict]]]:
    """For each half: its articles with `share` of their paragraphs left out (seeded),
    and the questions of the left-out paragraphs that the rest cannot answer. Those are
    nulls on a near subject, as NewsQA's are (their story is not loaded, stories on
    its subject are): no kept paragraph holds any of their answers, nor half or more
    of their terms."""
    data = json.loads((SQUAD / "squad2-dev-half.json").read_text())["data"]
    rng = random.Random(seed)
    for loaded in halves(seed):
        articles, gaps = [], []
        for article in data:
            if article["title"] not in loaded:
                continue
            kept, left = [], []
            for paragraph in article["paragraphs"]:
                (left if rng.random() < share else kept).append(paragraph)
            articles.append(_article(article["title"], kept))
            gaps += [(article["title"], qa) for p in left for qa in p["qas"]]
        said = [p.lower() for a in articles for p in a.paragraphs]
        held = [set(terms(p)) for p in said]
        nulls = []
        for title, qa in gaps:
            asked = set(terms(qa["question"]))
            answers = {a["text"].lower() for a in qa["answers"]} | {
                a["text"].lower() for a in qa.get("plausible_answers", [])
            }
            if any(answer in p for answer in answers for p in said):
                continue
            if asked and max(len(asked & h) for h in held) * 2 >= len(asked):
                continue
            nulls.append({"query": qa["question"], "question_type": "null_query", "article": title})
        yield articles, nulls
