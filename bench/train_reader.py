"""Fine-tune the reader (assistant/retrieval/reader.py): the packaged MiniLM as a cross-encoder.

    .venv/bin/python bench/train_reader.py --out /tmp/reader [--write]

A bi-encoder compares a question and a paragraph that were read apart, so it says
how alike their subjects are; a cross-encoder reads them together and can tell
whether the paragraph says what was asked. Nothing on PyPI ships one, so this script
makes one from the model Newsdesk already has (all-MiniLM-L6-v2, Apache 2.0) and
SQuAD 2.0 (../shared/train/squad2/, CC BY-SA 4.0), on this machine's CPU in bfloat16.

Pairs, each (question, passage), a passage being one to three sentences of a SQuAD
paragraph, as long as a news paragraph:
- positive: an answerable question and the passage that holds its answer;
- negative: the same question and the other passages of its paragraph (same subject,
  no answer), and a passage of another article;
- negative: an unanswerable question (written to look answerable from its
  paragraph) and its paragraph's passages that share most words with it;
- optionally (--mined N): the N passages of the article's other paragraphs that the
  bi-encoder finds nearest to an answerable question and that lack its answer (same
  story, near subject, no answer). Tried and not kept: no gain on held-out articles
  ("Reader" in docs/tuning-log.md); the held-out report always counts 2 of them.
The articles are split: --held-out of the 16 (half of them in each half of
bench/squad.py, so that the refusal fit can ask questions the reader never saw in
both) are never trained on and the script
reports, on their questions, how often the passage that holds the answer is ranked
first among its paragraph's passages, by the reader and by the bi-encoder's cosine.

With --news, short questions made by rule from three quarters of MultiHop-RAG's
articles (ODC-BY; bench/cloze.py) join SQuAD's; the last quarter's are held out and
reported apart. Alone, that reader trusts word overlap more and fell back on reworded
questions; --soup averages its weights with another run's (the SQuAD-only reader), and
that average is what ships (add --write to the second run to ship it; "Cloze news
questions for the reader" in docs/tuning-log.md):

    bench/train_reader.py --out /tmp/squad --epochs 2
    bench/train_reader.py --out /tmp/news --epochs 2 --news --soup /tmp/squad/reader.safetensors

The word and position embeddings stay frozen (they are the packaged model's), so the
weights written are the rest: the transformer layers and the scoring head, in float16.
NewsQA is never trained on (its terms allow evaluation only).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from functools import cache
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

sys.path.insert(0, str(ROOT / "bench"))
import cloze  # noqa: E402
import squad  # noqa: E402

from assistant.evaluation import load_corpus  # noqa: E402
from assistant.retrieval import reader  # noqa: E402
from index.embed import model_location  # noqa: E402
from index.split import sentences  # noqa: E402
from index.text import terms  # noqa: E402

SQUAD = ROOT.parent / "shared" / "train" / "squad2" / "squad2-dev-half.json"
MULTIHOP = ROOT.parent / "shared" / "bench" / "multihop" / "corpus.json"  # ODC-BY
PASSAGE_WORDS = 60  # a news paragraph's length, about
HELD_OUT_MINED = 2  # nearest passages of other paragraphs, in the held-out figure
# left as the packaged model has them, and not shipped
FROZEN = ("bert.embeddings.word_embeddings", "bert.embeddings.position_embeddings")


def base_model():
    """The tokenizer and a cross-encoder with the packaged MiniLM's weights and a new head."""
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging

    location = model_location(reader.BASE)
    logging.set_verbosity_error()  # "newly initialized" head: it is what we train
    tokenizer = AutoTokenizer.from_pretrained(location, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        location, num_labels=1, local_files_only=True
    )
    return tokenizer, model


def pairs(tokenizer, questions: list[str], texts: list[str]):
    """Training input (transformers) for (question, text) pairs: at most MAX_TOKENS each,
    the longer of the two cut first, as Reader.scores cuts them."""
    return tokenizer(
        questions,
        texts,
        truncation="longest_first",
        max_length=reader.MAX_TOKENS,
        padding=True,
        return_tensors="pt",
    )


def save(model, path: Path) -> None:
    """The trained weights, less the frozen embeddings, in float16."""
    from safetensors.torch import save_file

    state = {
        name: tensor.detach().to("cpu").half().contiguous()
        for name, tensor in model.state_dict().items()
        if not name.startswith(FROZEN)
    }
    save_file(state, str(path))


def soup(model, path: Path) -> None:
    """The model's trained weights replaced by their mean with another run's (`save`d at
    `path`; the frozen embeddings are the same in both): a uniform model soup."""
    from safetensors.torch import load_file

    other = load_file(str(path))
    state = model.state_dict()
    for name, tensor in other.items():
        state[name] = ((state[name].float() + tensor.float()) / 2).to(state[name].dtype)
    model.load_state_dict(state)


def passages(context: str) -> list[tuple[int, int, str]]:
    """The paragraph in runs of whole sentences of at most PASSAGE_WORDS words (a longer
    sentence stands alone), each with its character span in the paragraph."""
    runs: list[tuple[int, int, str]] = []
    start, end, words, cursor = None, 0, 0, 0
    for sentence in sentences(context):
        at = context.find(sentence, cursor)
        at = cursor if at < 0 else at
        cursor = at + len(sentence)
        n = len(sentence.split())
        if start is not None and words + n > PASSAGE_WORDS:
            runs.append((start, end, context[start:end]))
            start, words = None, 0
        if start is None:
            start = at
        end, words = cursor, words + n
    if start is not None:
        runs.append((start, end, context[start:end]))
    return runs


def overlap(question: str, passage: str) -> int:
    return len(set(terms(question)) & set(terms(passage)))


def pairs_of(articles: list[dict], rng: random.Random) -> list[tuple[str, str, int, str]]:
    """(question, passage, label, question id) for every question of the articles."""
    everywhere = [
        (a["title"], p)
        for a in articles
        for paragraph in a["paragraphs"]
        for _, _, p in passages(paragraph["context"])
    ]
    rows = []
    for article in articles:
        for paragraph in article["paragraphs"]:
            runs = passages(paragraph["context"])
            for qa in paragraph["qas"]:
                question = qa["question"]
                if qa["is_impossible"]:
                    near = sorted(runs, key=lambda r: -overlap(question, r[2]))[:2]
                    rows += [(question, text, 0, qa["id"]) for _, _, text in near]
                    continue
                at = qa["answers"][0]["answer_start"]
                for start, end, text in runs:
                    rows.append((question, text, int(start <= at < end), qa["id"]))
                other = [p for title, p in everywhere if title != article["title"]]
                if other:
                    rows.append((question, rng.choice(other), 0, qa["id"]))
    return rows


def mined(articles: list[dict], per_question: int) -> list[tuple[str, str, int, str]]:
    """(question, passage, 0, question id): for each answerable question, the passages
    of its article's other paragraphs nearest to it by MiniLM's cosine that do not hold
    its answer."""
    if per_question <= 0:
        return []
    model = bi_encoder()
    rows = []
    for article in articles:
        runs = [
            (n, text)
            for n, paragraph in enumerate(article["paragraphs"])
            for _, _, text in passages(paragraph["context"])
        ]
        asked = [
            (n, qa)
            for n, paragraph in enumerate(article["paragraphs"])
            for qa in paragraph["qas"]
            if not qa["is_impossible"]
        ]
        if not runs or not asked:
            continue
        found = model.encode([t for _, t in runs], normalize_embeddings=True, batch_size=64)
        questions = model.encode(
            [qa["question"] for _, qa in asked], normalize_embeddings=True, batch_size=64
        )
        for (n, qa), similarity in zip(asked, questions @ found.T, strict=True):
            answers = [a["text"].lower() for a in qa["answers"]]
            picked = 0
            for i in np.argsort(-similarity):
                at, text = runs[i]
                if at == n or any(answer in text.lower() for answer in answers):
                    continue
                rows.append((qa["question"], text, 0, qa["id"]))
                picked += 1
                if picked == per_question:
                    break
    return rows


def trainable(model) -> list[torch.nn.Parameter]:
    """Everything but the word and position embeddings, which stay the packaged model's."""
    frozen = FROZEN
    params = []
    for name, param in model.named_parameters():
        param.requires_grad = not name.startswith(frozen)
        if param.requires_grad:
            params.append(param)
    return params


def scores(model, tokenizer, rows, batch: int = 64) -> np.ndarray:
    model.eval()
    out = []
    with torch.inference_mode():
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            enc = pairs(tokenizer, [r[0] for r in chunk], [r[1] for r in chunk])
            out.append(model(**enc).logits.squeeze(-1).float().numpy())
    return np.concatenate(out) if out else np.zeros(0)


def first_hit_rate(rows, values) -> float:
    """Share of answerable questions whose answering passage scores highest of its
    paragraph's passages (the pair with another article's passage left out)."""
    by_question: dict[str, list[tuple[float, int]]] = {}
    for row, value in zip(rows, values, strict=True):
        by_question.setdefault(row[3], []).append((float(value), row[2]))
    found = [max(v)[1] for v in by_question.values() if any(label for _, label in v)]
    return float(np.mean(found)) if found else 0.0


@cache
def bi_encoder():
    """The packaged MiniLM as sentence-transformers loads it, once per run."""
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(model_location(reader.BASE), device="cpu")


def cosine(rows) -> np.ndarray:
    model = bi_encoder()
    q = model.encode([r[0] for r in rows], normalize_embeddings=True, batch_size=64)
    p = model.encode([r[1] for r in rows], normalize_embeddings=True, batch_size=64)
    return np.sum(q * p, axis=1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, required=True, help="folder for the log and weights")
    ap.add_argument("--held-out", type=int, default=4, help="articles never trained on")
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mined", type=int, default=0, help="mined negatives per question")
    ap.add_argument(
        "--news", action="store_true", help="add questions made from MultiHop-RAG's articles"
    )
    ap.add_argument(
        "--soup", type=Path, help="average the trained weights with these (another run's)"
    )
    ap.add_argument("--write", action="store_true", help="save to " + str(reader.WEIGHTS_FILE))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)

    data = json.loads(SQUAD.read_text())["data"]
    held_titles = set()
    for half in squad.halves(args.seed):  # as many held out of each half the refusal fit loads
        held_titles |= set(rng.sample(sorted(half), args.held_out // 2))
    held = [a for a in data if a["title"] in held_titles]
    train = [a for a in data if a["title"] not in held_titles]
    train_rows = pairs_of(train, rng)
    held_rows = [r for r in pairs_of(held, rng)]
    train_rows += mined(train, args.mined)
    held_mined = mined(held, HELD_OUT_MINED)
    news = load_corpus(MULTIHOP) if args.news else []
    train_rows += cloze.news_pairs(news, passages, rng)
    held_news = cloze.news_pairs(news, passages, rng, held_out=True)
    rng.shuffle(train_rows)
    print(
        f"train: {len(train)} articles, {len(train_rows)} pairs "
        f"({sum(r[2] for r in train_rows)} positive); held out: {len(held)} articles, "
        f"{len(held_rows)} pairs",
        flush=True,
    )

    tokenizer, model = base_model()
    params = trainable(model)
    steps = int(len(train_rows) * args.epochs / args.batch)
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    warm = max(steps // 10, 1)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm)))
    )
    positive_weight = torch.tensor(
        (len(train_rows) - sum(r[2] for r in train_rows)) / max(sum(r[2] for r in train_rows), 1)
    )
    model.train()
    started = time.time()
    for step in range(steps):
        at = (step * args.batch) % len(train_rows)
        chunk = train_rows[at : at + args.batch]
        enc = pairs(tokenizer, [r[0] for r in chunk], [r[1] for r in chunk])
        labels = torch.tensor([float(r[2]) for r in chunk])
        with torch.autocast("cpu", dtype=torch.bfloat16):
            logits = model(**enc).logits.squeeze(-1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(
            logits.float(), labels, pos_weight=positive_weight
        )
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad()
        if step % 50 == 0 or step == steps - 1:
            print(
                f"step {step + 1}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s",
                flush=True,
            )
    model.eval()
    if args.soup:
        soup(model, args.soup)
    save(model, args.out / reader.WEIGHTS_FILE.name)
    held_scores = scores(model, tokenizer, held_rows)
    labels = np.array([r[2] for r in held_rows])
    from sklearn.metrics import roc_auc_score

    cos = cosine(held_rows)
    # the same, with the nearest passages of the article's other paragraphs among them
    with_mined = held_rows + held_mined
    mined_scores = np.concatenate([held_scores, scores(model, tokenizer, held_mined)])
    mined_cos = np.concatenate([cos, cosine(held_mined)]) if held_mined else cos
    report = {
        "train_articles": len(train),
        "train_pairs": len(train_rows),
        "held_out_articles": len(held),
        "held_out_titles": sorted(a["title"] for a in held),
        "held_out_pairs": len(held_rows),
        "steps": steps,
        "seconds": round(time.time() - started),
        "held_out_first_passage": {
            "reader": round(first_hit_rate(held_rows, held_scores), 3),
            "cosine": round(first_hit_rate(held_rows, cos), 3),
        },
        "held_out_first_with_mined": {
            "reader": round(first_hit_rate(with_mined, mined_scores), 3),
            "cosine": round(first_hit_rate(with_mined, mined_cos), 3),
        },
        "mined_per_question": args.mined,
        "news_questions": args.news,
        "averaged_with": str(args.soup or ""),
        "held_out_mined_per_question": HELD_OUT_MINED,
        "held_out_auc": {
            "reader": round(float(roc_auc_score(labels, held_scores)), 3),
            "cosine": round(float(roc_auc_score(labels, cos)), 3),
        },
    }
    if held_news:
        news_scores = scores(model, tokenizer, held_news)
        news_cos = cosine(held_news)
        report["held_out_news"] = {
            "pairs": len(held_news),
            "first": {
                "reader": round(first_hit_rate(held_news, news_scores), 3),
                "cosine": round(first_hit_rate(held_news, news_cos), 3),
            },
        }
    print(json.dumps(report, indent=1), flush=True)
    (args.out / "report.json").write_text(json.dumps(report, indent=1))
    if args.write:
        save(model, reader.WEIGHTS_FILE)
        reader.HELD_OUT_FILE.write_text(json.dumps(report, indent=1) + "\n")
        print(f"wrote {reader.WEIGHTS_FILE} and {reader.HELD_OUT_FILE}")


if __name__ == "__main__":
    main()
