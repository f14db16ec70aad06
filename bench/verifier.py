"""Measure the citation verifier on the MultiHop-RAG development split.

Each evidence fact is paired with its gold paragraph (the `\\n`-separated
paragraph of its article that contains it: should be accepted) and with other
paragraphs of the same article (should be rejected): the neighbouring
paragraph, which shares the most context, and one drawn at random (seed 0).
A fact that gives a figure is also paired with its own paragraph with that
figure changed (its last digit one up: "25 ships" -> "26 ships"): a misquoted
number, which should be rejected. The data is read where it lies, never copied.

    .venv/bin/python bench/verifier.py [--bench DIR] [--limit N] [--no-semantic] [--sweep]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answering import verify  # noqa: E402

BENCH = Path("/work/shared/bench/multihop")


@dataclass(frozen=True)
class Pair:
    fact: str
    paragraph: str
    gold: bool
    kind: str  # "gold", "adjacent", "random" or "altered"


def paragraphs(body: str) -> list[str]:
    """The benchmark's paragraphs: `\\n`-separated, stripped, non-empty."""
    return [p.strip() for p in body.split("\n") if p.strip()]


def altered(fact: str) -> str | None:
    """The fact with its first figure (not a year) changed in its last digit, or None."""
    for match in verify._FIGURE.finditer(fact):
        if verify._YEAR.fullmatch(match[0]):
            continue
        last = str((int(match[0][-1]) + 1) % 10)
        return fact[: match.end() - 1] + last + fact[match.end() :]
    return None


def pairs(bench: Path, limit: int | None = None) -> list[Pair]:
    """Fact/paragraph pairs: the gold one and two wrong ones from the same article."""
    corpus = {
        a["url"]: paragraphs(a["body"]) for a in json.loads((bench / "corpus.json").read_text())
    }
    queries = json.loads((bench / "queries_dev.json").read_text())[:limit]
    rng = random.Random(0)
    out: list[Pair] = []
    seen: set[tuple[str, str]] = set()
    for query in queries:
        for evidence in query["evidence_list"]:
            fact, url = evidence["fact"].strip(), evidence["url"]
            if (fact, url) in seen or url not in corpus:
                continue
            seen.add((fact, url))
            paras = corpus[url]
            gold = [i for i, p in enumerate(paras) if fact in p]
            if not gold:
                continue
            i = gold[0]
            out.append(Pair(fact, paras[i], True, "gold"))
            misquoted = altered(fact)
            if misquoted is not None:
                out.append(Pair(misquoted, paras[i], False, "altered"))
            others = [j for j, p in enumerate(paras) if fact not in p]
            if not others:
                continue
            adjacent = i + 1 if i + 1 in others else max((j for j in others if j < i), default=None)
            if adjacent is not None:
                out.append(Pair(fact, paras[adjacent], False, "adjacent"))
            out.append(Pair(fact, paras[rng.choice(others)], False, "random"))
    return out


# Every rule tried consults the similarity of meaning only in this lexical band.
SEMANTIC_BAND = (0.3, 0.7)


def scores(items: list[Pair], embedder) -> list[tuple[float, float | None, bool]]:
    """(lexical, semantic, same figures) for every pair; semantic is None outside
    SEMANTIC_BAND or without an embedder (computing it everywhere takes half an hour)."""
    out = []
    for pair in items:
        lexical, _ = verify.lexical_support(pair.fact, pair.paragraph)
        semantic = None
        if embedder is not None and SEMANTIC_BAND[0] <= lexical < SEMANTIC_BAND[1]:
            semantic = verify.semantic_support(pair.fact, pair.paragraph, embedder)
        out.append((lexical, semantic, verify.figures(pair.fact) <= verify.figures(pair.paragraph)))
    return out


def accepted(
    lexical: float, semantic: float | None, figures: bool, accept: float, floor: float, cos: float
) -> bool:
    """The verifier's rule with the given thresholds."""
    if not figures:
        return False
    if lexical >= accept:
        return True
    return semantic is not None and lexical >= floor and semantic >= cos


def report(items, found, accept, floor, cos) -> dict:
    """Accepted-gold and rejected-wrong rates, overall and per kind of wrong paragraph."""
    result: dict[str, float | int] = {}
    for kind in ("gold", "adjacent", "random", "altered"):
        chosen = [
            accepted(*s, accept, floor, cos)
            for p, s in zip(items, found, strict=True)
            if p.kind == kind
        ]
        if kind == "gold":
            result["gold_pairs"] = len(chosen)
            result["accepted_gold"] = sum(chosen) / len(chosen)
        else:
            result[f"{kind}_pairs"] = len(chosen)
            result[f"rejected_{kind}"] = 1 - sum(chosen) / len(chosen)
    wrong = [
        accepted(*s, accept, floor, cos) for p, s in zip(items, found, strict=True) if not p.gold
    ]
    result["rejected_wrong"] = 1 - sum(wrong) / len(wrong)
    right = sum(
        accepted(*s, accept, floor, cos) == p.gold for p, s in zip(items, found, strict=True)
    )
    result["accuracy"] = right / len(items)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--limit", type=int, help="only the first N queries")
    parser.add_argument("--no-semantic", action="store_true", help="lexical check only")
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds")
    args = parser.parse_args(argv)

    started = time.time()
    items = pairs(args.bench, args.limit)
    embedder = None
    if not args.no_semantic:
        from index.embed import get_embedder

        embedder = get_embedder("all-MiniLM-L6-v2")
    found = scores(items, embedder)
    chosen = (verify.LEXICAL_ACCEPT, verify.LEXICAL_FLOOR, verify.SEMANTIC_ACCEPT)
    print(
        json.dumps(
            {
                "thresholds": dict(
                    zip(("lexical_accept", "lexical_floor", "semantic_accept"), chosen, strict=True)
                ),
                "semantic": embedder is not None,
                **report(items, found, *chosen),
                "seconds": round(time.time() - started, 1),
            },
            indent=2,
        )
    )
    if args.sweep:
        lexical_only = [(lex, None, same) for lex, _, same in found]
        for accept in (0.4, 0.5, 0.6, 0.7):
            r = report(items, lexical_only, accept, 1.1, 1.1)
            print(
                f"lexical>={accept:.1f}: "
                f"gold {r['accepted_gold']:.3f} wrong {r['rejected_wrong']:.3f}"
            )
        if embedder is not None:
            for accept in (0.6, 0.7):
                for floor in (0.3, 0.4, 0.5):
                    for cos in (0.6, 0.7, 0.75, 0.8):
                        r = report(items, found, accept, floor, cos)
                        print(
                            f"lexical>={accept} or (>={floor} and cos>={cos}): "
                            f"gold {r['accepted_gold']:.3f} wrong {r['rejected_wrong']:.3f}"
                        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
