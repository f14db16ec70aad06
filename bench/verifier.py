"""Measure the claim checker on claims made at run time from news dev articles.

Sources: MultiHop-RAG dev (every evidence fact: a sentence quoted verbatim from one
`\\n`-separated paragraph of its article) and NewsQA dev (for every answerable
question, the sentence of the story that holds the answer, in the first paragraph
that holds it), and SQuAD 2.0's Wikipedia paragraphs (the sentence that holds each
answer; another style than news). The data is read where it lies (/work/shared) and
never copied. Thresholds are looked at on MultiHop-RAG only (--sweep); NewsQA and SQuAD
are held out and reported apart.

From each source sentence S of paragraph P (seeded by S, so every run makes the
same claims) come these claims, each checked against P unless said otherwise:

- true: S in other words, by rules: "X said Y" / "Y, X said" -> "According to X, Y"
  (quotes turned into reported speech); a leading clause moved to the end ("On
  Friday, X did Y" -> "X did Y on Friday"); a relative or trailing -ing clause
  dropped (never one that negates or denies); synonyms from a small table (most
  of it not in the checker's table); number words <-> digits; "three-day visit"
  -> "visit of three days"; "has announced" -> "announced". Up to two per S:
  (a) clause change + numbers + one synonym, (b) two synonyms + compound + tense.
- resolved (true): each sentence of P that opens with "He", "She", "They", "It" or
  "His", "Her", "Their", "Its" after one that opens with a name of two words or more,
  the pronoun made that name or its possessive ("He was greeted" -> "Xi Jinping was
  greeted", "Its shares fell" -> "Tesla Inc’s shares fell"): an answer's sentence that
  joins two of the paragraph's (session 19; once per paragraph).
- name: a name of S (a capitalised run not opening a sentence, no date) replaced by
  one from elsewhere in the article with as many words, none of them in P, never
  written in lower case in the article, and not a demonym of a place P names
  ("Ghanaian" for "Ghana": the checker counts those as the same place).
- figure: the first figure of S changed (last digit one up; "three" -> "four").
- measure: the scale or unit of S's first figure that has one made another of its kind
  ("$190 billion" -> "$190 million", "30 percent" -> "30 points", "three days" -> "three
  weeks"), or its first "$" made "€".
- bound: the first bound on a figure put on its other side ("more than 40" -> "less than
  40", "nearly 40" -> "more than 40").
- change: the first "by" before a figure made "to" ("rose by 5%" -> "rose to 5%"), or the
  first "to" before a figure after a word of change made "by" (session 21).
- date: the first weekday or month of S made the next one ("Friday" -> "Saturday").
- order: the first "first" of S made "second", or "second" made "first".
- plan: what S says will happen said as done ("will meet" -> "met", "is expected to
  announce" -> "announced").
- possible: what S says may happen ("may", "might", "could") said as sure to ("will";
  session 20: "could cut" -> "will cut").
- asked: what S says one urged, asked, ordered or expected another to do, said as done
  ("Regulators urged the company to recall 10,000 cars." -> "The company recalled 10,000
  cars."; session 20).
- supposed: the clause that S's first "if" or "unless" opens said as fact, as a sentence
  of its own ("If the senate passes the bill, ..." -> "The senate passes the bill.";
  session 20; clauses of 3 words or more).
- unconditioned: S's main clause without the condition its first "if" or "unless" puts
  on it ("Xi will visit Kyiv if Russia agrees." -> "Xi will visit Kyiv."; "If the bill
  passes, taxes will rise." -> "Taxes will rise."; session 21; 4 words or more).
- alternative: the first word of S in the checker's [alternatives] list made the first
  word of the next value of its line ("charged" -> "convicted", "killed" -> "injured",
  "gold" -> "silver"; session 20), unless S holds that word already.
- relative: the first "this", "last" or "next" before week, month, year, season or
  quarter made another ("last year" -> "this year", "this" -> "next", "next" -> "last";
  session 20).
- sole: "Only " put before S when S opens with a capitalised word that is no stopword
  ("Russia voted against" -> "Only Russia voted against"), and "one of" taken from
  before a superlative ("one of the richest men" -> "the richest men"; session 20).
- sequence: the first "before" of S made "after", or "after" made "before".
- all: the first "some", "several", "many" or "most" of S made "all".
- direction: the first word of S found in DIRECTIONS replaced by its opposite,
  unless S holds that opposite already. The table overlaps the checker's own
  (increase/decrease, rose/fell, won/lost, ...): the figure is reported apart for
  words the checker knows ("known") and for those it does not (above/below,
  opened/closed, surplus/deficit: "unknown").
- opposite: the first word of S in OPPOSITES, actions the checker's direction table
  reads since session 21, made its opposite ("arrested" -> "released", "hired" ->
  "fired", "praised" -> "criticized", "survived" -> "died"), unless S holds it already.
- prefix: the first word of S in the checker's list of prefix-negated words made its base
  ("unwilling" -> "willing"), or the first base made the listed word.
- negation: "not" after the first auxiliary, "never" before a past-tense verb,
  "Officials denied that S" or "There is no evidence that S" (one, seeded).
- roles: two names of S exchanged, when a word of three letters or more (not "and",
  "the", "with") stands between them and no stop, colon or dash (so not "A and B").
- speaker: S's first named speaker ("Kirby said", "said Kirby", "according to Kirby")
  made the named speaker of another sentence of P who shares no word with S: the words
  put in another's mouth (session 19; "name" never takes a name P holds).
- borrowed: a name of S made a name another sentence of P gives, with as many words and
  none in S (session 19): the paragraph holds both names, not this claim.
- spliced: for each two adjacent sentences of P of 8 words or more, the first half of
  one's words and the second half of the other's (session 19; once per paragraph): each
  half is said, the two together are not.
- next: true claim (a), or S, against the paragraph next to P.

And the pairs the earlier bench measured: S against P (gold, must be
accepted), against the next paragraph and a random other one of the article, and
with its first figure changed (altered).

Speed: groups of six true claims as an answer; the median time to check each sentence
against its own paragraph, and each against all six paragraphs.

    .venv/bin/python bench/verifier.py [--limit N] [--no-semantic] [--out FILE] [--show K]
                                     [--sweep]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
import zlib
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.answering import claim_text, claim_time, claim_words, claims, figures  # noqa: E402
from assistant.retrieval.spelling import english  # noqa: E402
from index.split import sentence_spans, sentences  # noqa: E402
from index.text import STOPWORDS  # noqa: E402

BENCH = Path("/work/shared/bench")
SQUAD = Path("/work/shared/train/squad2")
WRONG = (
    "name", "figure", "measure", "bound", "change", "date", "order", "plan", "as_planned",
    "possible", "asked", "supposed", "unconditioned", "alternative", "relative", "sole",
    "sequence", "all", "direction", "opposite",
    "prefix", "negation", "roles", "speaker", "borrowed", "spliced", "next",
)  # fmt: skip
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = "January February March April June July August September October November December"
_MONTHS_LIST = _MONTHS.split()  # not May, a word of its own


@dataclass(frozen=True)
class Case:
    claim: str
    paragraph: str
    kind: str  # "true", a kind of WRONG, or the old figures: gold/adjacent/random/altered
    truth: bool
    note: str = ""  # for "direction": whether the checker's own table holds the word


@dataclass(frozen=True)
class Source:
    sentence: str
    paragraphs: tuple[str, ...]
    index: int  # of the paragraph that holds the sentence
    article: str


def paragraphs(body: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in body.split("\n") if p.strip())


def multihop(limit: int | None) -> list[Source]:
    """Every distinct evidence fact of the first `limit` queries, in its paragraph."""
    root = BENCH / "multihop"
    corpus = {a["url"]: a["body"] for a in json.loads((root / "corpus.json").read_text())}
    out, seen = [], set()
    for query in json.loads((root / "queries_dev.json").read_text())[:limit]:
        for ev in query["evidence_list"]:
            fact, url = ev["fact"].strip(), ev["url"]
            if (fact, url) in seen or url not in corpus:
                continue
            seen.add((fact, url))
            paras = paragraphs(corpus[url])
            where = [i for i, p in enumerate(paras) if fact in p]
            if where:
                out.append(Source(fact, paras, where[0], corpus[url]))
    return out


def newsqa(limit: int | None) -> list[Source]:
    """For every answerable question, the story sentence that holds the answer."""
    root = BENCH / "newsqa"
    corpus = {a["url"]: a["body"] for a in json.loads((root / "corpus.json").read_text())}
    out, seen = [], set()
    for query in json.loads((root / "queries_dev.json").read_text())[:limit]:
        for ev in query["evidence_list"]:
            if ev["url"] not in corpus:
                continue
            paras = paragraphs(corpus[ev["url"]])
            for i, para in enumerate(paras):
                held = [s for s in sentences(para) if ev["fact"] in s]
                if held and (held[0], ev["url"]) not in seen:
                    seen.add((held[0], ev["url"]))
                    out.append(Source(held[0], paras, i, corpus[ev["url"]]))
                    break
    return out


def squad(limit: int | None) -> list[Source]:
    """For every answerable SQuAD 2.0 question, the sentence of its Wikipedia paragraph
    that holds the answer (another style than news: a check that the rules carry over)."""
    data = json.loads((SQUAD / "squad2-dev-half.json").read_text())["data"]
    out, seen, asked = [], set(), 0
    for article in data:
        paras = tuple(" ".join(p["context"].split()) for p in article["paragraphs"])
        for i, p in enumerate(article["paragraphs"]):
            for qa in p["qas"]:
                if qa["is_impossible"] or (limit is not None and asked >= limit):
                    continue
                asked += 1
                start = qa["answers"][0]["answer_start"]
                spans = sentence_spans(p["context"]) or [(0, len(p["context"]))]
                held = next((p["context"][a:b] for a, b in spans if a <= start < b), "")
                held = " ".join(held.split())
                if held and (held, i, article["title"]) not in seen:
                    seen.add((held, i, article["title"]))
                    out.append(Source(held, paras, i, "\n".join(paras)))
    return out


# -- true rewrites -------------------------------------------------------------------------

_WHO = r"(?P<who>(?!(?:It|This|That|We|I)\b)(?:[A-Z][\w.'’-]*\s){0,3}[A-Z][\w.'’-]*|he|she|they)"
_SAID_END = re.compile(rf"^(?P<body>.+?),?[”\"]?\s+{_WHO}\s+(?:said|says)\.?$")
_SAID_START = re.compile(rf"^{_WHO}\s+(?:said|says)(?: that)?,?\s+(?P<body>.+)$")
_PRONOUN = {"he": "him", "she": "her", "they": "them"}
_LEAD = re.compile(
    r"^(?P<lead>(?:On|In|At|After|Before|During|Since|Last|Following|Earlier|Later|Despite|"
    r"While|When|Although|Because|By|Under)\b[^,]{2,80}),\s+(?P<rest>.+?)(?P<end>[.!?]?)$"
)
_CLAUSE = re.compile(r",\s+(?:which|who|whose|where|although|though|while)\s[^,.;]+(?:,|(?=\.$))")
_TRAILING = re.compile(r",\s+[a-z]+ing\b[^,.;]*(?=\.$)")
_NEGATIVE = re.compile(r"\b(not|no|never|n't|deni\w*|deny|refus\w*|declin\w*|without)\b", re.I)
SYNONYMS = dict(
    pair.split(":")
    for pair in """said:stated says:states big:large large:big huge:enormous
    important:significant significant:important key:crucial started:began began:started
    ended:concluded bought:purchased help:assist helped:assisted show:demonstrate
    shows:demonstrates showed:demonstrated tried:attempted wants:wishes needs:requires
    expected:anticipated warned:cautioned company:firm companies:firms quickly:rapidly
    people:individuals children:kids cars:vehicles country:nation countries:nations
    visit:trip trip:visit announced:declared chose:selected enough:sufficient often:frequently
    almost:nearly nearly:almost many:numerous major:big small:little job:position jobs:positions
    law:legislation rules:regulations goal:aim problem:issue problems:issues change:shift
    talks:discussions received:got decided:chose spokesman:spokesperson""".split()
)
_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()


def according(s: str, article: str) -> str | None:
    """ "X said Y" or "Y, X said" as "According to X, Y" (quotes become reported speech)."""
    m = _SAID_END.match(s) or _SAID_START.match(s)
    if not m or len(m["body"].split()) < 4:
        return None
    who = _PRONOUN.get(m["who"], m["who"])
    body = m["body"].strip().strip('“”"').rstrip(",.").strip()
    return f"According to {who}, {lower_first(body, article)}."


def lead_clause(s: str) -> str | None:
    """A leading clause moved to the end."""
    m = _LEAD.match(s)
    if not m or len(m["rest"].split()) < 4:
        return None
    rest = m["rest"][0].upper() + m["rest"][1:]
    return f"{rest} {m['lead'][0].lower()}{m['lead'][1:]}{m['end'] or '.'}"


def drop_clause(s: str) -> str | None:
    """A relative or trailing -ing clause dropped, unless it negates or denies."""
    for pattern in (_CLAUSE, _TRAILING):
        m = pattern.search(s)
        if m and not _NEGATIVE.search(m[0]):
            out = (s[: m.start()] + ("," if m[0].endswith(",") else "") + s[m.end() :]).strip()
            out = out.replace(",.", ".").replace(" ,", ",")
            if len(out.split()) >= 6:
                return out
    return None


def synonyms(s: str, n: int) -> str | None:
    """Up to `n` words swapped for synonyms from SYNONYMS."""
    done = 0

    def swap(m: re.Match) -> str:
        nonlocal done
        if done >= n or m[0] not in SYNONYMS:
            return m[0]
        done += 1
        return SYNONYMS[m[0]]

    out = re.sub(r"\b[a-z]+\b", swap, s)
    return out if done else None


def numbers(s: str) -> str | None:
    """Small numbers written as words, and number words as digits."""

    def swap(m: re.Match) -> str:
        word = m[0]
        if word.isdigit():
            return _NUMBERS[int(word)] if 2 <= int(word) <= 12 else word
        return str(_NUMBERS.index(word.lower())) if word.lower() in _NUMBERS[2:] else word

    out = re.sub(
        r"(?<![\d.,:$£€-])\b\d{1,2}\b(?![\d.,:%-])|(?<![-:])\b[A-Za-z]+\b(?![-:])", swap, s
    )
    return out if out != s else None


def compound(s: str) -> str | None:
    """ "three-day visit" as "visit of three days"."""
    units = "day|week|month|year|hour|minute|mile|point|game|member|seat|page|person|story"
    pattern = rf"\b(?P<n>\d+|{'|'.join(_NUMBERS[2:])})-(?P<u>{units})\s+(?P<noun>[a-z]+)\b"
    out = re.sub(pattern, lambda m: f"{m['noun']} of {m['n']} {m['u']}s", s, count=1)
    return out if out != s else None


def tense(s: str) -> str | None:
    """ "has announced" as "announced"."""
    out = re.sub(r"\b(?:has|have) (\w+ed)\b", r"\1", s, count=1)
    return out if out != s else None


def reworded(s: str, article: str) -> list[str]:
    """Up to two true claims: S in other words."""
    out = []

    def one(x: str) -> str | None:
        return synonyms(x, 1)

    for steps in (
        [lambda x: according(x, article) or lead_clause(x) or drop_clause(x), numbers, one],
        [lambda x: synonyms(x, 2), compound, tense, numbers],
    ):
        claim = s
        for step in steps:
            claim = step(claim) or claim
        if claim != s and claim not in out:
            out.append(claim)
    return out


# -- wrong claims --------------------------------------------------------------------------

_NAME = re.compile(
    r"(?<![\w-])[A-Z][a-z]+(?:-[A-Z][a-z]+)*(?:\s[A-Z][a-z]+(?:-[A-Z][a-z]+)*){0,2}(?![\w-])"
)
# Dates are not people, organisations or places: the checker leaves them to the figures.
_NOT_NAME = frozenset(
    """The A An In On At It He She They We I This That But And Mr Mrs Ms President Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
    July August September October November December Week""".split()
)
DIRECTIONS = dict(
    pair.split(":")
    for pair in """increased:decreased increase:decrease increases:decreases increasing:decreasing
    rose:fell rise:fall rises:falls rising:falling grew:shrank grow:shrink growing:shrinking
    gained:lost gain:lose gains:losses higher:lower won:lost win:lose wins:loses winning:losing
    strengthen:weaken strengthened:weakened boosted:cut expanded:reduced expand:reduce
    approved:rejected approve:reject supported:opposed support:oppose allowed:banned
    bought:sold buy:sell buying:selling best:worst began:ended started:ended opened:closed
    improved:worsened improve:worsen profit:loss surplus:deficit succeeded:failed
    above:below largest:smallest biggest:smallest highest:lowest raised:lowered
    more:fewer""".split()
)
DIRECTIONS |= {v: k for k, v in list(DIRECTIONS.items()) if v not in DIRECTIONS}


def names_in(text: str) -> list[re.Match]:
    """Capitalised runs that are not the first word of a sentence."""
    out = []
    for m in _NAME.finditer(text):
        before = text[: m.start()].rstrip()
        if not before or before[-1] in '.!?“":-—' or set(m[0].split()) & _NOT_NAME:
            continue
        out.append(m)
    return out


def swapped_name(src: Source, rng: random.Random) -> str | None:
    mine = names_in(src.sentence)
    if not mine:
        return None
    m = rng.choice(mine)
    para = src.paragraphs[src.index]
    # A replacement the article never writes in lower case ("Instead" is no name), and
    # not the demonym of a place the paragraph names ("Ghanaian" for "Ghana").
    plain = set(re.findall(r"\b[a-z]+\b", src.article))
    stems = {w[:5] for w in re.findall(r"\b[A-Z][a-z]{4,}", para)}
    others = {
        o[0]
        for o in names_in(src.article)
        if len(o[0].split()) == len(m[0].split())
        and not any(w in para or w.lower() in plain or w[:5] in stems for w in o[0].split())
    }
    if not others:
        return None
    return src.sentence[: m.start()] + rng.choice(sorted(others)) + src.sentence[m.end() :]


_WORD = r"[A-Z][\w’'-]+"  # a capitalised word
_CAPITALISED = rf"{_WORD}(?: {_WORD})*"
_SPEAKER = re.compile(
    rf"(?P<a>\b{_CAPITALISED}),? (?:also |later )?(?:said|says|told|added|warned)\b"
    rf"|\b(?:said|says|according to) (?P<b>{_CAPITALISED})"
)


def speakers(text: str) -> list[tuple[str, int, int]]:
    """Each named speaker of `text` ("Kirby said", "said Kirby", "according to Kirby")
    with its span; not a capitalised word opening a sentence ("The" in "The agency said")."""
    out = []
    for m in _SPEAKER.finditer(text):
        key = "a" if m["a"] else "b"
        who, start = m[key], m.start(key)
        if key == "a" and (not text[:start].rstrip() or text[:start].rstrip()[-1] in '.!?“"'):
            continue  # the first word of a sentence may be no name
        out.append((who, start, start + len(who)))
    return out


def swapped_speaker(src: Source) -> str | None:
    """S's first named speaker replaced by the named speaker of another sentence of its
    paragraph who shares no word with it: the words put in another's mouth."""
    mine = speakers(src.sentence)
    if not mine:
        return None
    who, start, end = mine[0]
    for other in sentences(src.paragraphs[src.index]):
        if other == src.sentence or src.sentence in other:
            continue
        for them, _, _ in speakers(other):
            if not set(them.split()) & set(src.sentence.split()):
                return src.sentence[:start] + them + src.sentence[end:]
    return None


def borrowed_name(src: Source, rng: random.Random) -> str | None:
    """A name of S replaced by a name another sentence of P gives, with as many words and
    none of them in S: the paragraph holds the name, but not doing this."""
    mine = names_in(src.sentence)
    if not mine:
        return None
    m, words = rng.choice(mine), src.sentence.split()
    others = {
        o[0]
        for other in sentences(src.paragraphs[src.index])
        if other != src.sentence and src.sentence not in other
        for o in names_in(other)
        if len(o[0].split()) == len(m[0].split()) and not set(o[0].split()) & set(words)
    }
    if not others:
        return None
    return src.sentence[: m.start()] + rng.choice(sorted(others)) + src.sentence[m.end() :]


def resolved(paragraph: str) -> list[str]:
    """Each sentence of the paragraph that opens with "He", "She", "They", "It" (or "His",
    "Her", "Their", "Its") after one that opens with a name of two words or more: that
    sentence with the pronoun made the name (or its possessive).
    True, and its name is in the sentence before only, as an answer's sentence often
    joins two of the paragraph's."""
    said, out = sentences(paragraph), []
    for before, nxt in pairwise(said):
        first = re.match(rf"({_WORD}(?: {_WORD})+)\b(?!['’])", before)
        m = re.match(r"(He|She|They|It|His|Her|Their|Its) ", nxt)
        if first and m and first[1].split()[0] not in ("The", "A", "An", "In", "On", "At", "But"):
            owner = "’s" if m[1] in ("His", "Her", "Their", "Its") else ""
            out.append(first[1] + owner + nxt[m.end() - 1 :])
    return out


def spliced(paragraph: str) -> list[str]:
    """For each two adjacent sentences of the paragraph, of 8 words or more: the first
    half of the one's words and the second half of the other's ("Trade between the two
    countries" + "fell sharply last year"): each half is said, not the two together."""
    said, out = sentences(paragraph), []
    for a, b in pairwise(said):
        x, y = a.rstrip(".!?").split(), b.split()
        if min(len(x), len(y)) >= 8:
            out.append(" ".join(x[: len(x) // 2] + y[len(y) // 2 :]))
    return out


def changed_figure(s: str) -> str | None:
    for m in re.finditer(r"\d+(?:[.,]\d+)*", s):
        if not re.fullmatch(r"(?:19|20)\d\d", m[0]):
            return s[: m.end() - 1] + str((int(m[0][-1]) + 1) % 10) + s[m.end() :]
    m = re.search(rf"\b({'|'.join(_NUMBERS[2:12])})\b", s)
    return s[: m.start()] + _NUMBERS[_NUMBERS.index(m[1]) + 1] + s[m.end() :] if m else None


_OTHER_MEASURE = dict(
    pair.split(":")
    for pair in (
        "thousand:million million:billion billion:million trillion:billion bn:m m:bn "
        "percent:points per_cent:points points:percent days:weeks weeks:months months:years "
        "years:months hours:days minutes:hours miles:kilometres kilometres:miles day:week "
        "week:month month:year year:month hour:day minute:hour"
    ).split()
)
_MEASURED = re.compile(
    r"\d(?:[\d,.]*\d)?(?:[\s-]|(?=(?:bn|m)\b))"
    r"(thousand|million|billion|trillion|bn|m|percent|per cent|points|days?|weeks?|months?"
    r"|years?|hours?|minutes?|miles|kilometres)\b"
)


def changed_measure(s: str) -> str | None:
    """The scale or unit of the first figure of S that has one made another of its kind
    ("$190 billion" -> "$190 million", "30 percent" -> "30 points", "three days" -> "three
    weeks"); else its first "$" made "€"."""
    m = _MEASURED.search(_spelt(s))
    if m and (at := re.search(rf"(?<=[\d\s-]){re.escape(m[1])}\b", s)):
        other = _OTHER_MEASURE[m[1].replace(" ", "_")].replace("_", " ")
        return s[: at.start()] + other + s[at.end() :]
    return re.sub(r"\$(?=\d)", "€", s, count=1) if re.search(r"\$\d", s) else None


_OTHER_BOUND = {
    "more than": "less than", "over": "under", "above": "below", "at least": "at most",
    "less than": "more than", "fewer than": "more than", "under": "over", "below": "above",
    "nearly": "more than", "almost": "more than", "up to": "more than", "at most": "at least",
}  # fmt: skip
_BOUNDED = re.compile(rf"\b({'|'.join(_OTHER_BOUND)})(?= (?:[$€£]\s?)?\d)", re.IGNORECASE)


def changed_bound(s: str) -> str | None:
    """The first bound on a figure put on its other side ("more than 40" -> "less than
    40", "nearly 40" -> "more than 40")."""
    m = _BOUNDED.search(s)
    if not m:
        return None
    other = _OTHER_BOUND[m[1].lower()]
    return s[: m.start()] + (other.capitalize() if m[1][0].isupper() else other) + s[m.end() :]


def _spelt(s: str) -> str:  # number words as digits, for finding the figure's unit
    return re.sub(rf"\b(?:{'|'.join(_NUMBERS[1:])})\b", "5", s)


def prefix_swapped(s: str) -> str | None:
    """The first word of S that the checker's [negated] list holds ("unwilling") made its
    base ("willing"), or the first base word made the listed word. The list is the
    checker's own: this measures the mechanism, not its coverage."""
    listed = claim_words.WORDS["negated"]
    bases = {claims._negated_base(w): w for w in listed}
    for m in re.finditer(r"[A-Za-z]+", s):
        word = m[0].lower()
        other = claims._negated_base(word) if word in listed else bases.get(word)
        if other and not (m.start() == 0 and m[0][0].isupper()):
            return s[: m.start()] + other + s[m.end() :]
    return None


_BY = re.compile(r"\bby(?= [$€£]?\d)(?! (?:1[89]|20)\d\d\b)")  # not a year: "by 2030"
_TO = re.compile(
    r"\b(?:rose|rising|risen|fell|falling|fallen|increased|decreased|grew|dropped|climbed|"
    r"jumped|declined|raised|lowered|reduced|boosted|cut|slipped|gained|lost)"
    r"(?: [\w$€£.,%-]+){0,3}? (to)(?= [$€£]?\d)"
)


def changed_change(s: str) -> str | None:
    """The first "by" before a figure made "to" ("rose by 5%" -> "rose to 5%"), or else the
    first "to" before a figure after a word of change made "by" (session 21)."""
    if m := _BY.search(s):
        return s[: m.start()] + "to" + s[m.end() :]
    if m := _TO.search(s):
        return s[: m.start(1)] + "by" + s[m.end(1) :]
    return None


def changed_date(s: str) -> str | None:
    """The first weekday or month of S replaced by the next one."""
    m = re.search(rf"\b({'|'.join(_DAYS + _MONTHS_LIST)})\b", s)
    if not m:
        return None
    names = _DAYS if m[1] in _DAYS else _MONTHS_LIST
    return s[: m.start()] + names[(names.index(m[1]) + 1) % len(names)] + s[m.end() :]


def changed_order(s: str) -> str | None:
    """The first "first" of S made "second", or "second" made "first"."""
    m = re.search(r"\b(first|second)\b", s)
    if not m:
        return None
    return s[: m.start()] + ("second" if m[1] == "first" else "first") + s[m.end() :]


def changed_sequence(s: str) -> str | None:
    """The first "before" of S made "after", or "after" made "before" (not "after all")."""
    m = re.search(r"\b([Bb]efore|[Aa]fter)\b(?! all\b)", s)
    if not m:
        return None
    other = {"before": "after", "after": "before"}[m[1].lower()]
    return s[: m.start()] + (other.title() if m[1][0].isupper() else other) + s[m.end() :]


def made_all(s: str) -> str | None:
    """The first "some", "several", "many" or "most" of S made "all" (not "the most",
    "how many", "as many")."""
    m = re.search(r"(?<!\bthe )(?<!\bhow )(?<!\bas )(?<!\bso )(?<!\btoo )"
                  r"\b([Ss]ome|[Ss]everal|[Mm]any|[Mm]ost)\b", s)  # fmt: skip
    if not m:
        return None
    return s[: m.start()] + ("All" if m[1][0].isupper() else "all") + s[m.end() :]


_IRREGULAR = dict(
    pair.split(":")
    for pair in (
        "take:took go:went make:made come:came meet:met give:gave hold:held send:sent find:found "
        "lead:led see:saw write:wrote fly:flew run:ran bring:brought keep:kept pay:paid "
        "build:built spend:spent begin:began speak:spoke win:won lose:lost leave:left get:got "
        "become:became tell:told say:said know:knew think:thought sell:sold buy:bought rise:rose "
        "fall:fell cut:cut put:put set:set let:let hit:hit seek:sought stand:stood"
    ).split()
)
_PLANNED = re.compile(
    r"\b(?:will|(?:is|are) (?:expected|set|scheduled|due|poised) to|plans? to)\s+([a-z]+)\b"
)


def happened(s: str) -> str | None:
    """What S says will happen, said as done: "will meet" -> "met", "is set to announce" ->
    "announced" (the first such verb; not "be" or "have")."""
    m = _PLANNED.search(s)
    if not m or m[1] in ("be", "have", "not", "also", "still", "soon", "likely"):
        return None
    return s[: m.start()] + _past(m[1]) + s[m.end() :]


def _past(verb: str) -> str:
    """The verb's past form: "meet" -> "met", "announce" -> "announced"."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


_PAST_OF = {past: verb for verb, past in _IRREGULAR.items() if past != verb}
_AUXILIARY = frozenset(
    "has have had having was were is are be been being am get got gets the a an its his her "
    "their our my your this that these those who which".split()
)


def _base(past: str) -> str | None:
    """The verb a past form is of: "visited" -> "visit", "announced" -> "announce",
    "planned" -> "plan", "carried" -> "carry", "met" -> "meet"; None if none is a word."""
    if past in _PAST_OF:
        return _PAST_OF[past]
    if not past.endswith("ed") or len(past) < 5:
        return None
    words = english()
    stems = [past[:-1], past[:-2], past[:-3], past[:-3] + "y"]  # announce, visit, plan, carry
    found = [w for w in stems if w in words and w[-1:] != "e" or w == past[:-1] and w in words]
    return max(found, key=lambda w: words.get(w, 0), default=None)


def as_planned(s: str) -> str | None:
    """What S says was done, said as to be done: "Xi visited Kyiv" -> "Xi will visit Kyiv"
    (the first past form after a word that is no auxiliary or article)."""
    tokens = list(re.finditer(r"[A-Za-z’']+", s))
    for before, m in pairwise(tokens):
        verb = _base(m[0]) if m[0].islower() else None
        if verb and before[0].lower() not in _AUXILIARY and m.start() > 0:
            return s[: m.start()] + "will " + verb + s[m.end() :]
    return None


_ASKED = re.compile(
    r"\b(?:urged|called on|asked|ordered|pressed|pressured|encouraged|expected|expects)\s+"
    r"((?:the\s+|its\s+|their\s+)?[\w’'-]+(?:\s+[\w’'-]+)?)\s+to\s+([a-z]+)\b"
)


def done_as_asked(s: str) -> str | None:
    """What S says one asked (urged, ordered, expected) another to do, said as done:
    "Regulators urged the company to recall 10,000 cars." -> "The company recalled 10,000
    cars." (the first such; not "be" or "have")."""
    m = _ASKED.search(s)
    if not m or m[2] in ("be", "have", "not", "also") or m[1].split()[-1] in ("not", "also"):
        return None
    who = m[1][0].upper() + m[1][1:]
    return f"{who} {_past(m[2])}{s[m.end() :].rstrip()}"


_MAY = re.compile(r"\b(?:may|might|could)\s+(?!not\b|never\b|also\b|still\b)(?=[a-z])")


def made_sure(s: str) -> str | None:
    """What S says may happen, said as sure to: "could cut" -> "will cut" (the first one)."""
    m = _MAY.search(s)
    return s[: m.start()] + "will " + s[m.end() :] if m else None


_IF = re.compile(r"\b(?:if|unless)\s+([^,.;:!?()“”\"]+)", re.I)


def supposed(s: str) -> str | None:
    """The clause S's first "if" or "unless" opens, said as fact: "If the senate passes
    the bill, ..." -> "The senate passes the bill." (3 words at least)."""
    m = _IF.search(s)
    if not m or len(m[1].split()) < 3:
        return None
    clause = m[1].strip()
    return clause[0].upper() + clause[1:] + "."


_CONDITION = re.compile(r"(?<!\beven )(?<!\bas )\b(if|unless)\s+[^,.;:!?()“”\"]{8,}", re.I)


def unconditioned(s: str) -> str | None:
    """S's main clause said without the condition its "if" or "unless" puts on it: "Xi will
    visit Kyiv if Russia agrees." -> "Xi will visit Kyiv." ("If the bill passes, taxes will
    rise." -> "Taxes will rise."); the main clause of 4 words at least."""
    m = _CONDITION.search(s)
    if not m or re.search(r"\b(?:ask|asked|asking|wonder\w*|see|know|whether)\s*$", s[: m.start()]):
        return None
    if m.start() == 0:
        rest = s[m.end() :].lstrip(", ")
        main = rest if m.end() < len(s) and s[m.end()] == "," else ""
    else:
        main = s[: m.start()].rstrip(" ,") + "."
    if len(main.split()) < 4 or main.count('"') % 2 or main.count("“") != main.count("”"):
        return None
    return main[0].upper() + main[1:]


def _next_values() -> dict[str, str]:
    """Each word of the checker's [alternatives] -> the first word of the next value of
    its line ("charged" -> "convicted", "sentenced" -> "arrested")."""
    out = {}
    for line in claim_words.ALTERNATIVE_LINES:
        values = [v.split() for v in line.split("/")]
        for k, words in enumerate(values):
            out |= {w: values[(k + 1) % len(values)][0] for w in words}
    return out


_NEXT_VALUE = _next_values()


def other_alternative(s: str) -> str | None:
    """S with its first word of [alternatives] made another of its line ("charged" ->
    "convicted"), unless S holds that word already."""
    for m in re.finditer(r"\b[a-z]+\b", s):
        other = _NEXT_VALUE.get(m[0])
        if other and not _RELATIVE.match(s, m.start()):  # "last year": kind "relative"
            return None if other in s.split() else s[: m.start()] + other + s[m.end() :]
    return None


_RELATIVE = re.compile(r"\b([Tt]his|[Ll]ast|[Nn]ext)(?= (?:week|month|year|season|quarter)\b)")
_OTHER_TIME = {"this": "next", "last": "this", "next": "last"}


def other_relative(s: str) -> str | None:
    """S with its first "this/last/next year" (week, month ...) made another one."""
    m = _RELATIVE.search(s)
    if not m:
        return None
    other = _OTHER_TIME[m[1].lower()]
    other = other.capitalize() if m[1][0].isupper() else other
    return s[: m.start()] + other + s[m.end() :]


_ONE_OF = re.compile(
    r"\b[Oo]ne of (?=(?:the )?(?:[\w’'-]+['’]s )?(?:\w+ )?(?:\w{3,}est|best|worst)\b)"
)


def made_sole(s: str) -> str | None:
    """S said of one alone: "one of" taken from before a superlative, or else "Only" put
    before S's opening name ("Russia voted" -> "Only Russia voted")."""
    if m := _ONE_OF.search(s):
        return s[: m.start()] + s[m.end() :]
    first = s.split(" ", 1)[0]
    if re.fullmatch(r"[A-Z][a-z]+", first) and first.lower() not in STOPWORDS | {"one"}:
        return "Only " + s
    return None


def reversed_direction(s: str) -> tuple[str, str] | None:
    """The claim, and whether the checker's table knows the word it swapped."""
    for m in re.finditer(r"\b[a-z]+\b", s):
        opposite = DIRECTIONS.get(m[0])
        if opposite and not s[m.end() :].startswith(" than") and opposite not in s.split():
            known = claim_text.word_term(m[0])[:1] == "+" or m[0] in ("more", "fewer")
            return s[: m.start()] + opposite + s[m.end() :], "known" if known else "unknown"
    return None


OPPOSITES = dict(
    pair.split(":")
    for pair in """hired:fired hire:fire arrested:released arrest:release detained:freed
    praised:criticized praise:criticize hailed:condemned doubled:halved survived:died
    joined:left married:divorced attacked:defended signed:vetoed appointed:dismissed
""".split()
)  # actions read as opposites since session 21 (kind "opposite")
OPPOSITES |= {v: k for k, v in list(OPPOSITES.items()) if v not in OPPOSITES}


def made_opposite(s: str) -> str | None:
    """S with its first word of OPPOSITES made its opposite ("arrested" -> "released")."""
    for m in re.finditer(r"\b[a-z]+\b", s):
        other = OPPOSITES.get(m[0])
        if other and other not in s.split():
            return s[: m.start()] + other + s[m.end() :]
    return None


def negated(s: str, article: str, rng: random.Random) -> str:
    forms = ["deny", "evidence"]
    aux = re.search(r"(?<=\w )\b(is|are|was|were|has|have|had|will|would|can|could)\b(?! not)", s)
    past = re.search(r"(?<=\w )\b([a-z]{3,}ed)\b", s)
    if not _NEGATIVE.search(s):  # a second negation would muddle, not reverse, S
        forms += ["aux"] * bool(aux) * 2 + ["never"] * bool(past)
    form = rng.choice(forms)
    if form == "aux":
        return s[: aux.end()] + " not" + s[aux.end() :]
    if form == "never":
        return s[: past.start()] + "never " + s[past.start() :]
    opening = "Officials denied that" if form == "deny" else "There is no evidence that"
    return f"{opening} {lower_first(s, article)}"


def swapped_roles(s: str) -> str | None:
    found = names_in(s)
    for a in found:
        for b in found:
            between = s[a.end() : b.start()]
            if b.start() <= a.end() or len(between.split()) > 12 or a[0] == b[0]:
                continue
            words = set(re.findall(r"\b[a-z]{3,}\b", between)) - {"and", "the", "with"}
            if not words or re.search(r"[.:;()—]|--", between):
                continue  # "A and B" says the same as "B and A"
            if set(a[0].split()) & set(b[0].split()):
                continue
            return s[: a.start()] + b[0] + between + a[0] + s[b.end() :]
    return None


def lower_first(s: str, article: str) -> str:
    """The first letter lower-cased unless the first word is a name: one the article
    never writes in lower case."""
    first = re.match(r"\w+", s)
    if first and (
        first[0].lower() in STOPWORDS
        or first[0].endswith("ly")
        or re.search(rf"\b{re.escape(first[0].lower())}\b", article)
    ):
        return s[0].lower() + s[1:]
    return s


def cases(sources: list[Source]) -> list[Case]:
    """Every claim made from every source, with its paragraph and its truth."""
    out: list[Case] = []
    seen: set[str] = set()
    for src in sources:
        rng = random.Random(zlib.crc32(src.sentence.encode()))
        para, s = src.paragraphs[src.index], src.sentence
        true = reworded(s, src.article)
        out += [Case(c, para, "true", True) for c in true]
        if para not in seen:  # once per paragraph, not once per source in it
            seen.add(para)
            out += [Case(joined, para, "resolved", True) for joined in resolved(para)]
            out += [Case(both, para, "spliced", False) for both in spliced(para)]
        wrong = {
            "name": swapped_name(src, rng),
            "figure": changed_figure(s),
            "measure": changed_measure(s),
            "bound": changed_bound(s),
            "change": changed_change(s),
            "date": changed_date(s),
            "order": changed_order(s),
            "plan": happened(s),
            "as_planned": as_planned(s),
            "possible": made_sure(s),
            "asked": done_as_asked(s),
            "supposed": supposed(s),
            "unconditioned": unconditioned(s),
            "alternative": other_alternative(s),
            "relative": other_relative(s),
            "sole": made_sole(s),
            "sequence": changed_sequence(s),
            "all": made_all(s),
            "direction": None,
            "opposite": made_opposite(s),
            "prefix": prefix_swapped(s),
            "negation": negated(s, src.article, rng),
            "roles": swapped_roles(s),
            "speaker": swapped_speaker(src),
            "borrowed": borrowed_name(src, random.Random(zlib.crc32(s.encode()) + 1)),
        }
        out += [Case(c, para, kind, False) for kind, c in wrong.items() if c and c != s]
        if direction := reversed_direction(s):
            out.append(Case(direction[0], para, "direction", False, direction[1]))
        others = [i for i, p in enumerate(src.paragraphs) if s not in p]
        near = src.index + 1 if src.index + 1 in others else src.index - 1
        if near in others:
            out.append(Case(true[0] if true else s, src.paragraphs[near], "next", False))
            out.append(Case(s, src.paragraphs[near], "adjacent", False))
        if others:
            out.append(Case(s, src.paragraphs[rng.choice(others)], "random", False))
        out.append(Case(s, para, "gold", True))
        if wrong["figure"]:
            out.append(Case(wrong["figure"], para, "altered", False))
    return out


# -- measuring -----------------------------------------------------------------------------


def score(items: list[Case], embedder, show: int) -> dict:
    """Acceptance per kind (true claims and gold facts should be accepted)."""
    verdicts = [claims.check_claim(c.claim, c.paragraph, embedder=embedder) for c in items]
    result: dict[str, object] = {}
    for kind in ("true", "resolved", *WRONG, "gold", "adjacent", "random", "altered"):
        chosen = [(c, v) for c, v in zip(items, verdicts, strict=True) if c.kind == kind]
        if not chosen:
            continue
        rate = sum(v.supported for _, v in chosen) / len(chosen)
        result[kind] = {"n": len(chosen), "accepted": round(rate, 3)}
        for note in sorted({c.note for c, _ in chosen} - {""}):
            some = [v.supported for c, v in chosen if c.note == note]
            result[f"{kind}_{note}_word"] = {
                "n": len(some),
                "accepted": round(sum(some) / len(some), 3),
            }
        wrong = [(c, v) for c, v in chosen if v.supported != c.truth]
        for c, v in wrong[:show]:
            print(f"[{kind}] {c.claim}\n    -> {v.reason or v.quote}\n", file=sys.stderr)
    return result


def timing(items: list[Case], embedder, answers: int = 30) -> dict:
    """Median ms to check a six-sentence answer: each sentence against its own paragraph,
    and each against all six paragraphs. Per-text caches are cleared before each
    answer (a new answer brings new text); the model and the word tables stay warm."""
    true = [c for c in items if c.kind == "true"]
    groups = [true[i : i + 6] for i in range(0, len(true) - 5, 6)][: answers + 1]
    cited, every = [], []
    counted = _Counting(embedder) if embedder is not None else None
    embedder = counted
    for n, group in enumerate(groups):
        for how, out in (("cited", cited), ("every", every)):
            caches = (claim_text.analyse, claims._passages, claims._cues, claims._alternatives)
            reads = (figures.measures, figures.bounds, figures.changes)
            for cached in (*caches, claim_time.plans, *reads):
                cached.cache_clear()
            started = time.perf_counter()
            for c in group:
                for paragraph in [c.paragraph] if how == "cited" else [g.paragraph for g in group]:
                    claims.check_claim(c.claim, paragraph, embedder=embedder)
            if n:  # the first answer warms up
                out.append((time.perf_counter() - started) * 1000)
    result = {
        "answers": len(cited),
        "median_ms_six_sentences_cited_paragraph": round(statistics.median(cited), 1),
        "median_ms_six_sentences_x_six_paragraphs": round(statistics.median(every), 1),
    }
    if counted is not None:  # the model is consulted only between the two lexical thresholds
        calls = []
        for c in true[:20]:
            started = time.perf_counter()
            counted.inner.encode([c.claim, *sentences(c.paragraph)])
            calls.append((time.perf_counter() - started) * 1000)
        result["model_calls_per_answer"] = round(counted.calls / len(groups) / 2, 2)
        result["median_ms_one_model_call"] = round(statistics.median(calls), 1)
    return result


class _Counting:
    """An embedder that counts how often it is asked."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.calls = inner, inner.name, 0

    def encode(self, texts: list[str]):
        self.calls += 1
        return self.inner.encode(texts)


def sweep(items: list[Case], embedder) -> dict[str, dict[str, float]]:
    """True claims accepted and the worst kind of wrong claim accepted, for other thresholds."""
    chosen = (claims.LEXICAL_ACCEPT, claims.CONTENT_ACCEPT)
    out = {}
    for lexical in (0.5, 0.6, 0.7):
        for content in (0.4, 0.5, 0.6):
            claims.LEXICAL_ACCEPT, claims.CONTENT_ACCEPT = lexical, content
            found = score(items, embedder, 0)
            worst = max(found[k]["accepted"] for k in WRONG if k in found)
            out[f"lexical {lexical} content {content}"] = {
                "true": found["true"]["accepted"],
                "next_paragraph": found["next"]["accepted"],
                "worst_wrong_kind": worst,
            }
    claims.LEXICAL_ACCEPT, claims.CONTENT_ACCEPT = chosen
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N queries of each set")
    parser.add_argument("--no-semantic", action="store_true", help="lexical check only")
    parser.add_argument("--out", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--show", type=int, default=0, help="print K wrong verdicts per kind")
    parser.add_argument("--sweep", action="store_true", help="also try other thresholds (MultiHop)")
    args = parser.parse_args(argv)

    started = time.time()
    embedder = None
    if not args.no_semantic:
        from index.embed import get_embedder

        embedder = get_embedder("all-MiniLM-L6-v2")
    report: dict[str, object] = {
        "thresholds": {
            "lexical_accept": claims.LEXICAL_ACCEPT,
            "content_accept": claims.CONTENT_ACCEPT,
            "lexical_floor": claims.LEXICAL_FLOOR,
            "semantic_accept": claims.SEMANTIC_ACCEPT,
        },
        "semantic": embedder is not None,
    }
    sets = (
        ("multihop_dev (tuned on)", multihop),
        ("newsqa_dev (held out)", newsqa),
        ("squad2_wikipedia (held out)", squad),
    )
    for name, load in sets:
        sources = load(args.limit)
        items = cases(sources)
        report[name] = {"sources": len(sources), **score(items, embedder, args.show)}
        if name.startswith("multihop"):
            report["speed"] = timing(items, embedder)
    if args.sweep:
        report["sweep (multihop)"] = sweep(cases(multihop(args.limit)), embedder)
    report["seconds"] = round(time.time() - started, 1)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
