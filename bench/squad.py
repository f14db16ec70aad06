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

from index.types import Article

SQUAD = Path(__file__).resolve().parent.parent.parent / "shared" / "train" / "squad2"


def halves(seed: int = 0) -> tuple[set[str], set[str]]:
    """The titles of the articles in each half."""
    data = json.loads((SQUAD / "squad2-dev-half.json").read_text())["data"]
    titles = sorted(a["title"] for a in data)
    random.Random(seed).shuffle(titles)
    return set(titles[::2]), set(titles[1::2])


def articles_and_questions(seed: int = 0) -> Iterator[tuple[list[Article], list[dict], list[dict]]]:
    """For each half: its articles, its answerable questions (in the benchmarks' query
    format, the answer span as evidence) and the other half's questions (no evidence)."""
    data = json.loads((SQUAD / "squad2-dev-half.json").read_text())["data"]
    for loaded in halves(seed):
        articles, own, other = [], [], []
        for article in data:
            url = f"squad:{article['title']}"
            if article["title"] in loaded:
                articles.append(
                    Article(
                        article["title"].replace("_", " "),
                        tuple(p["context"] for p in article["paragraphs"]),
                        "Wikipedia",
                        url,
                    )
                )
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
