"""How much of a thing the claim says: of all or of some ("all" where the passage says
"several"), and that it alone is so ("only", "the best" where the passage says "one of
the best") (assistant/answering/claims.py). Pure."""

from __future__ import annotations

from assistant.answering.claim_text import Text, clause_before, clause_terms
from assistant.answering.claim_words import WORDS

_UNIVERSAL, _WHOLE, _PARTIAL = WORDS["universal"], WORDS["whole"], WORDS["partial"]
# Words that say a thing alone is so, in a claim and in a passage that supports it
_SOLE = frozenset("only sole solely exclusively".split())
_ALONE = _SOLE | frozenset("alone lone single unique uniquely".split())
# After "only" a figure, a time or a cause: "only five", "only days after", "only a few",
# "only after": it says how few or how soon, not that one alone is so
_NOT_SOLE = frozenset(
    "after before when if because recently now later once slightly partly briefly then just"
    " about a an seconds minutes hours days weeks months years decades".split()
)


# "all" that says nothing of how many: "at all", "after all", "all but", "every day"
_IDIOM_BEFORE = frozenset(("at", "after", "above"))
_IDIOM_AFTER = frozenset(("but", "along", "too", "time", "right", "same", "told"))
_EVERY_TIME = frozenset(
    "day days week weeks month months year years time times hour minute morning night"
    " evening season weekend decade quarter summer winter spring autumn".split()
)


def _every(out: list[str]) -> bool:
    return bool(out) and out[-1].startswith("all")


def _quantity(t: Text) -> list[str]:
    """For each token: "all" (all, every, each; not in "at all", "every day" and the like;
    "all n" before a figure), "some" (some, several, many, most, few), "part" (a figure
    before "of": "one of the ten") or ""."""
    out = []
    for i, w in enumerate(t.lower):
        before, nxt = t.lower[i - 1 : i] if i else (), t.lower[i + 1 : i + 2]
        if w in _UNIVERSAL:
            idiom = set(before) & _IDIOM_BEFORE or set(nxt) & (_IDIOM_AFTER | _EVERY_TIME)
            idiom = idiom or t.lower[i - 2 : i] == ("first", "of") or (w, *nxt) == ("each", "other")
            counted = i + 1 < len(t.term) and t.term[i + 1].isdigit()  # "all three"
            out.append("" if idiom else "all n" if counted else "all")
        elif w in _PARTIAL and before not in (("the",), ("how",), ("as",), ("so",), ("too",)):
            out.append("some")  # not "the most", "how many", "as many as"
        elif nxt == ("of",) and (w == "one" or t.term[i].isdigit()) and not _every(out):
            out.append("part")  # not "every one of"
        else:
            out.append("")
    return out


def scope(claim: Text, passage: Text) -> str:
    """Why the passage does not say of all (every, each) what the claim says of all: the
    quantifier nearest the same words says some (several, many, most; "one of"), or none
    says anything of all ("entire", "both", "everyone" and the like count). A claim's
    "all" with its own "some" in the clause is left alone ("all met several times")."""
    mine, theirs = _quantity(claim), _quantity(passage)
    for i in (i for i, q in enumerate(mine) if q.startswith("all")):
        if not (near := clause_terms(claim, i)):  # "all of that, all of it"
            continue
        if any(q == "some" and near & clause_terms(claim, k) for k, q in enumerate(mine)):
            continue
        shared = [(len(near & clause_terms(passage, j)), q, j) for j, q in enumerate(theirs) if q]
        if most := max((n for n, _, _ in shared), default=0):
            nearest = [(q, j) for n, q, j in shared if n == most]
            if not any(q.startswith("all") for q, _ in nearest):
                said = passage.surface[nearest[0][1]]
                return f"says '{claim.surface[i]}', the paragraph says '{said}'"
            continue
        if mine[i] == "all n":  # "all three leaders": "the three leaders" says as much
            continue
        whole = (j for j, w in enumerate(passage.lower) if w in _WHOLE)
        if not any(near & clause_terms(passage, j) for j in whole):
            return f"says '{claim.surface[i]}', the paragraph does not"
    return ""


def sole(claim: Text, passage: Text) -> str:
    """Why the passage does not say that the claim's thing alone is so: the claim's
    "only" (sole, solely) has no "only", "alone", "single" ... among the same words in the
    passage ("Only Russia voted against" where "Russia and Belarus voted against"), or its
    superlative is "one of" the passage's ("the richest man" against "one of the richest
    men"), or ""."""
    for i, word in enumerate(claim.lower):
        nxt = claim.lower[i + 1 : i + 2]
        if word not in _SOLE or (i and claim.lower[i - 1] == "not") or set(nxt) & _NOT_SOLE:
            continue  # "not only ... but also"
        if i + 1 < len(claim.term) and claim.term[i + 1].isdigit():
            continue  # "only five": the figure is step 2's
        near = clause_terms(claim, i)
        if near and not any(
            w in _ALONE and near & clause_terms(passage, j) for j, w in enumerate(passage.lower)
        ):
            return f"says '{claim.surface[i]}', the paragraph does not"
    for j in range(len(passage.lower) - 2):
        if passage.lower[j : j + 2] != ("one", "of"):
            continue
        best = [k for k in range(j + 2, min(j + 6, len(passage.lower))) if _superlative(passage, k)]
        for k in best:
            said = [i for i, term in enumerate(claim.term) if term == passage.term[k]]
            if said and not any({"one", "among"} & set(clause_before(claim, i)) for i in said):
                return f'the paragraph says "{" ".join(passage.surface[j : k + 1])}"'
    return ""


def _superlative(t: Text, k: int) -> bool:
    """Whether token `k` is a superlative: "richest", "closest", "best", "worst"."""
    w = t.lower[k]
    return bool(t.term[k]) and (w in ("best", "worst") or (len(w) > 5 and w.endswith("est")))
