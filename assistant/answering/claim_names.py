"""Names in their places: which names of a claim the paragraph lacks, a name the
paragraph gives in another sentence put where this one gives another, and two names
the other way round (assistant/answering/claims.py). Pure."""

from __future__ import annotations

from assistant.answering.claim_text import Name, Text, same_name
from assistant.answering.claim_words import WORDS, canon

_REPORTING = WORDS["reporting"]


def missing_names(claim: Text, paragraph: Text) -> list[Name]:
    """The names of the claim that the paragraph does not hold."""
    held = [n.key for n in paragraph.names]
    loose = {w for key in held for w in key}  # "China-Russia" against "China" and "Russia"
    # A lone word opening the claim may be an ordinary word ("Officials"); each name once.
    named = {n.key: n for n in claim.names if not (n.unsure and n.key[0] in paragraph.lower)}
    found = (n for k, n in named.items() if not set(k) <= loose)
    return [n for n in found if not any(same_name(n.key, key) for key in held)]


def borrowed(claim: Text, parts: tuple[Text, ...]) -> str:
    """Why the claim puts a name the paragraph gives elsewhere where the passage's own
    sentence gives another ("Peskov said" where the sentence says "Kirby said"), or "".
    The sentence is the part of the passage that holds most of the claim's content. A
    name of the claim it lacks is borrowed where a name of the sentence that the claim
    lacks, or gives less often ("Putin met Xi, and Lavrov praised" against "Putin met Xi,
    and Putin praised"), stands in its place: the same term beside it on the same side,
    or both speak ("said", "according to"), and both or neither stand as places ("in
    Moscow"). So "He was greeted by Chernyshenko" still supports "Xi was greeted", the
    name coming from the sentence before."""
    core = max(parts, key=lambda p: len(claim.content & p.terms))
    if not (lent := missing_names(claim, core)):
        return ""
    own = _fewer(core, claim)
    for mine in lent:
        left, right = _sides(claim, mine)
        for theirs in (n for n in own if at_place(core, n) == at_place(claim, mine)):
            other = _sides(core, theirs)
            speak = _REPORTING & {left, right} and _REPORTING & set(other)
            if speak or (left and left == other[0]) or (right and right == other[1]):
                return f"says {mine.surface} where its sentence says {theirs.surface}"
    return ""


def _fewer(t: Text, other: Text) -> list[Name]:
    """The names `t` gives more often than `other` does: those `other` lacks, and one it
    gives once where `t` gives it twice ("India ... in southern India")."""

    def count(n: Name, u: Text) -> int:
        return sum(same_name(n.key, m.key) for m in u.names)

    return [n for n in t.names if count(n, t) > count(n, other)]


_AT = frozenset("in at from to near into inside outside across around throughout".split())


def at_place(t: Text, n: Name) -> bool:
    """Whether a name stands as a place ("in Moscow", "at Vnukovo"), not as who acts."""
    before = t.lower[max(0, n.start - 2) : n.start]
    return bool(before) and before[-1] in _AT and before != ("according", "to")


def _verb(t: Text, after: int, before: int) -> tuple[str, bool]:
    """The term after a name (what it does), and whether it is passive ("was greeted by")."""
    between = t.lower[after + 1 : before]
    passive = "by" in between and bool(WORDS["be"] & set(between))
    verb = next((w for w in t.term[after + 1 : min(after + 4, before)] if w), "")
    return ("" if verb in canon()[2] else verb), passive


def _sides(t: Text, n: Name, past_names: bool = True) -> tuple[str, str]:
    """The nearest terms left and right of a name, within 3 tokens and its clause; past
    other names or not ("Kyiv if Russia agrees": for roles, "agrees" is Russia's only)."""
    found = ["", ""]
    spans = (range(n.start - 1, n.start - 4, -1), range(n.end + 1, n.end + 4))
    for side, steps in enumerate(spans):
        for i in steps:
            if not 0 <= i < len(t.term) or t.brk[max(i, i + 1 - side)]:
                break
            if not past_names and i in t.named:
                break  # "Kyiv if Russia agrees": "agrees" is Russia's
            report = t.lower[i] if t.lower[i] in _REPORTING else ""
            if word := "" if i in t.named else t.term[i] or report:
                found[side] = word
                break
    return found[0], found[1]


def roles(claim: Text, passage: Text) -> str:
    """Why the passage has two names of the claim the other way round, or ""."""
    for a in claim.names:
        for b in claim.names:
            # Names side by side are one name cut at a hyphen ("Bankman-Fried").
            if not 1 < b.start - a.end <= 25 or same_name(a.key, b.key):
                continue
            xs = [n for n in passage.names if same_name(a.key, n.key)]
            pairs = [(x, y) for x in xs for y in passage.names if same_name(b.key, y.key)]
            pairs = [(x, y) for x, y in pairs if x.end < y.start or y.end < x.start]
            verb, passive = _verb(claim, a.end, b.start) if b.start - a.end <= 12 else ("", False)
            verdicts = []
            for x, y in pairs if verb else []:
                lo, hi = (x, y) if x.end < y.start else (y, x)
                if any(lo.end < k <= hi.start for k in passage.ends):
                    continue  # a "by" of the next sentence is none of theirs
                theirs, turned = _verb(passage, lo.end, hi.start)
                if hi.start - lo.end <= 12 and theirs == verb:
                    verdicts.append((lo is x) ^ turned ^ passive)
            # Without that verb: "the crisis in Snapchat ... on Gaza" against the other way.
            sides = any(_swapped_sides(claim, passage, (a, b, x, y)) for x, y in pairs)
            if not any(verdicts) if verdicts else sides:
                return f"swaps {a.surface} and {b.surface}: the paragraph has them the other way"
    return ""


def _swapped_sides(claim: Text, passage: Text, names: tuple[Name, ...]) -> bool:
    """The words around each name in the claim are those around the other in the passage."""
    a, b, x, y = names
    ac, bc = _sides(claim, a, False), _sides(claim, b, False)
    ax, by = _sides(passage, x, False), _sides(passage, y, False)
    one = any(m and m == o != w for m, w, o in zip(ac, ax, by, strict=True))
    two = any(m and m == o != w for m, w, o in zip(bc, by, ax, strict=True))
    return (one and (two or not any(bc))) or (two and (one or not any(ac)))
