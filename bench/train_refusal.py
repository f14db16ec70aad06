"""Fit the answerability decision (assistant/answering/answerability.py) and check it.

    .venv/bin/python bench/train_refusal.py --work /tmp/refusal [--write]

Training questions, each with the signals `query()` computes and whether the loaded
articles answer it:
- MultiHop-RAG dev (ODC-BY): the 3 of 4 queries not in the scored quarter
  (queries[i], i % 4 != 0), answerable or null, over the whole corpus.
- SQuAD 2.0 (CC BY-SA 4.0, ../shared/train/squad2/): its 16 Wikipedia articles split
  in two halves; each half is loaded alone and asked its own answerable questions
  (answerable) and the other half's (null: their article is not loaded), so the
  corpus is small, as a user's often is. Only questions of the articles the reader
  never trained on (assistant/retrieval/reader.json) are asked, so that its signal
  weighs what it is worth on new questions. Its questions written to look answerable
  from a paragraph that lacks the answer are left out: the story is loaded there, and
  no signal here tells them apart (measured: see docs/tuning-log.md, "Refusal model").
- SQuAD near-subject nulls (squad_gap_rows): each half loaded with half its
  paragraphs left out, asked the left-out paragraphs' questions that the rest cannot
  answer; NewsQA's nulls are of this kind (their story is left out, stories on its
  subject are loaded).
- The same SQuAD questions again, each corpus loaded beside MultiHop-RAG's 609
  articles (a copy of its index): among 29,000 paragraphs a null's best match comes
  closer than among 400, and the short model learns what corpus size does to the
  signals (answerability's `corpus_size`) from questions asked at both sizes.
NewsQA is never fitted on (its terms allow evaluation only); the scored MultiHop
quarter and NewsQA dev are measured with `newsdesk eval`.

Each kind of question (answerability.KINDS: short, as people type them, or long) has
its own model, fitted on the training questions of that kind: the short ones are
SQuAD's, the long ones MultiHop's (and SQuAD's few long questions). Each threshold is
the probability that refuses --max-false (1 %) of the kind's training answerable
questions (2 % for short ones was tried: "Refusal model" in docs/tuning-log.md).
Above it, an answer whose probability is among the lowest --caution (5 %) of those
questions' comes with a caution that the articles may not answer (answerability's
`doubt`: "Answers given with a caution").
"""

from __future__ import annotations

import argparse
import json
import math
import random
import shutil
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import squad  # noqa: E402

from assistant.answering import answerability  # noqa: E402
from assistant.evaluation import load_corpus  # noqa: E402
from assistant.pipeline import Engine  # noqa: E402
from assistant.retrieval import reader  # noqa: E402
from assistant.settings import get_settings  # noqa: E402

SHARED = ROOT.parent / "shared"
MULTIHOP = SHARED / "bench" / "multihop"
GAP_SHARE = 0.5  # of each article's paragraphs left out for the near-subject nulls
# the long model's questions come at one corpus size per source: it does not read it
LONG_IGNORES = ("corpus_size",)
CAUTION = 0.05  # of the training answerables whose answer comes with a caution, at most
BESIDE = "-in-multihop"  # ends the source of a question asked beside MultiHop's articles


def _engine(data_dir: Path, background: Path | None) -> Engine:
    """An engine on a new index at `data_dir`: empty, or a copy of `background`'s."""
    if data_dir.exists():
        shutil.rmtree(data_dir)
    if background is not None:
        shutil.copytree(background, data_dir)
    return Engine(get_settings(data_dir=data_dir).index, create=True)


def collect(engine: Engine, questions: list[tuple[str, int, str]]) -> list[dict]:
    """(question, answerable, source) -> the signals of each, as query() computes them."""
    rows = []
    for question, answerable, source in questions:
        found = engine.retrieve(question, top_k=8)
        signals = answerability.signals(
            question, found.understanding, found.hits, found.index, engine.embedder
        )
        rows.append(
            {
                "x": signals.vector().tolist(),
                "y": answerable,
                "source": source,
                "short": signals.short,
            }
        )
    return rows


def multihop_rows(data_dir: Path) -> list[dict]:
    engine = Engine(get_settings(data_dir=data_dir).index, create=True)
    engine.ingest_articles(load_corpus(MULTIHOP / "corpus.json"))  # as `newsdesk eval` does
    queries = json.loads((MULTIHOP / "queries_dev.json").read_text())
    picked = [q for i, q in enumerate(queries) if i % 4]
    return collect(
        engine, [(q["query"], int(q["question_type"] != "null_query"), "multihop") for q in picked]
    )


def squad_rows(
    work: Path, per_half: int, seed: int = 0, background: Path | None = None
) -> list[dict]:
    """Each half's answerable questions and the other half's (nulls), asked of the half
    loaded alone, or beside the articles of the index at `background`."""
    unseen = set(json.loads(reader.HELD_OUT_FILE.read_text())["held_out_titles"])
    source = "squad" + ("" if background is None else BESIDE)
    rows = []
    for n, (articles, own, other) in enumerate(squad.articles_and_questions(seed)):
        engine = _engine(work / f"{source}-{n}", background)
        engine.ingest_articles(articles)
        # the reader's signal is honest only on questions it was not trained on
        own = [q for q in own if q["article"] in unseen]
        other = [q for q in other if q["article"] in unseen]
        rng = random.Random(seed + n)
        picked = rng.sample(own, min(per_half, len(own))) + rng.sample(
            other, min(per_half // 2, len(other))
        )
        rows += collect(engine, [(q["query"], int("evidence_list" in q), source) for q in picked])
    return rows


def squad_gap_rows(work: Path, seed: int = 0, background: Path | None = None) -> list[dict]:
    """Nulls on a near subject: each half loaded with half its paragraphs left out (alone,
    or beside the articles of the index at `background`), asked the left-out paragraphs'
    questions that the rest cannot answer (bench/squad.py, with_gaps), of the articles
    the reader never trained on."""
    unseen = set(json.loads(reader.HELD_OUT_FILE.read_text())["held_out_titles"])
    source = "squad-gaps" + ("" if background is None else BESIDE)
    rows = []
    for n, (articles, nulls) in enumerate(squad.with_gaps(seed, share=GAP_SHARE)):
        engine = _engine(work / f"{source}-{n}", background)
        engine.ingest_articles(articles)
        asked = [(q["query"], 0, source) for q in nulls if q["article"] in unseen]
        rows += collect(engine, asked)
    return rows


def fit(rows: list[dict], max_false: float, caution: float = CAUTION) -> dict:
    """A model for each kind of question, fitted on the training questions of that kind;
    its threshold refuses `max_false` of them, and `caution` of them fall below its
    doubt."""
    fitted = {"features": list(answerability.FEATURES)}
    ignored = [answerability.FEATURES.index(name) for name in LONG_IGNORES]
    for kind in answerability.KINDS:
        mine = [r for r in rows if r["short"] == (kind == "short")]
        if kind == "long":  # one corpus size per source: SQuAD's inside MultiHop left out
            mine = [
                dict(r, x=[math.nan if i in ignored else v for i, v in enumerate(r["x"])])
                for r in mine
                if not r["source"].endswith(BESIDE)
            ]
        fitted[kind] = fit_one(mine, max_false, caution)
    return fitted


def fit_one(rows: list[dict], max_false: float, caution: float = CAUTION) -> dict:
    """The standardised logistic regression, its threshold and its doubt level."""
    from sklearn.linear_model import LogisticRegression

    x = np.array([r["x"] for r in rows], dtype=float)
    y = np.array([r["y"] for r in rows])
    measured = ~np.isnan(x).all(axis=0)  # the reader reads no long question
    mean = np.zeros(x.shape[1])
    mean[measured] = np.nanmean(x[:, measured], axis=0)
    x = np.where(np.isnan(x), mean, x)  # a signal not measured: as Model.probability reads it
    std = np.where(measured, x.std(axis=0) + 1e-9, 1.0)
    model = LogisticRegression(C=1.0, max_iter=5000).fit((x - mean) / std, y)
    p = model.predict_proba((x - mean) / std)[:, 1]
    answerable = np.sort(p[y == 1])
    threshold = float(answerable[int(max_false * len(answerable))])
    doubt = float(answerable[int(caution * len(answerable))])
    return {
        "questions": len(rows),
        "mean": mean.tolist(),
        "std": std.tolist(),
        "weights": model.coef_[0].tolist(),
        "bias": float(model.intercept_[0]),
        "threshold": math.floor(threshold * 1e4) / 1e4,  # rounded down: it refuses no more
        "doubt": math.floor(doubt * 1e4) / 1e4,  # rounded down: it cautions no more
    }


def report(rows: list[dict], fitted: dict) -> None:
    refused = np.array([refuses(fitted[("long", "short")[r["short"]]], r["x"]) for r in rows])
    for source in sorted({r["source"] for r in rows}):
        mine = [i for i, r in enumerate(rows) if r["source"] == source]
        y = np.array([rows[i]["y"] for i in mine])
        print(
            f"{source}: {len(mine)} questions; null refused "
            f"{refused[mine][y == 0].sum()} of {(y == 0).sum()}, answerable refused "
            f"{refused[mine][y == 1].sum()} of {(y == 1).sum()}"
        )


def probability(model: dict, x: list[float]) -> float:
    """The fitted `model`'s probability that a question with signals `x` is answerable."""
    return answerability.Model.from_fitted(model).probability_of(np.array(x, dtype=float))


def refuses(model: dict, x: list[float]) -> bool:
    """Does the fitted `model` refuse a question with signals `x`, as query() decides."""
    return probability(model, x) < model["threshold"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--work", type=Path, required=True, help="folder for the indexes")
    parser.add_argument("--multihop-dir", type=Path, help="an index of MultiHop-RAG (reused)")
    parser.add_argument("--per-half", type=int, default=600, help="SQuAD questions per half")
    parser.add_argument("--max-false", type=float, default=0.01)
    parser.add_argument("--caution", type=float, default=CAUTION)
    parser.add_argument("--rows", type=Path, help="reuse (or save) the collected signals here")
    parser.add_argument("--write", action="store_true", help=f"write {answerability.MODEL_FILE}")
    args = parser.parse_args()
    if args.rows and args.rows.exists():
        rows = json.loads(args.rows.read_text())
    else:
        multihop = args.multihop_dir or args.work / "multihop"
        rows = multihop_rows(multihop)
        for background in (None, multihop):
            rows += squad_rows(args.work, args.per_half, background=background)
            rows += squad_gap_rows(args.work, background=background)
        if args.rows:
            args.rows.write_text(json.dumps(rows))
    model = fit(rows, args.max_false, args.caution)
    model["fitted_on"] = (
        "MultiHop-RAG dev (3 of 4 queries), SQuAD 2.0 (half-corpus splits and near-subject "
        "gaps, each alone and beside MultiHop-RAG's articles)"
    )
    for kind in answerability.KINDS:
        shown = ("questions", "weights", "threshold", "doubt")
        print(kind, json.dumps({k: model[kind][k] for k in shown}))
    report(rows, model)
    if args.write:
        answerability.MODEL_FILE.write_text(json.dumps(model, indent=2) + "\n")
        print(f"written to {answerability.MODEL_FILE}")


if __name__ == "__main__":
    main()
