"""Short news questions made by rule from MultiHop-RAG's articles, for training the reader.

    from cloze import news_pairs

The reader (bench/train_reader.py) learns from SQuAD's Wikipedia questions only;
NewsQA may not be trained on, and MultiHop-RAG (ODC-BY) has no short questions. So
questions are made from its articles' sentences the way cloze questions are: an
answer of a kind a question can ask for (a count, an amount, a date, a person, a
place) is taken out of a sentence, and a question word of that kind leads what is
left, cut to a short question's length ("AAA projects that 42.5 million Americans
will travel ..." -> "How many Americans will travel at least 50 miles during ...?").
Some function words are dropped and some questions lower-cased, as people type them.

Pairs, each (question, passage, label, question id), passages as in train_reader:
- positive: the passage that holds the sentence the question was made from;
- negative: the same passage without that sentence (same subject, the answer gone),
  the two passages of the article's others that share most words with the question
  and do not hold the answer, and a passage of another article.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Callable

from index.split import sentences
from index.text import terms

QUESTION_WORDS = (5, 11)  # words after the question word, fewest and most
PER_ARTICLE = 8  # questions made from one article, at most
DROP = 0.2  # chance that a function word of the question is dropped
LOWER = 0.2  # chance that a question is typed in lower case
_FUNCTION = frozenset("the a an of that to has have had is was were are been be will".split())
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_CAP = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
_NOT_NAME = re.compile(
    rf"^(?:{_MONTH}|{_WEEKDAY}|The|This|That|These|Those|It|He|She|They|We|I|In|On|At|But|And|"
    r"A|An|If|When|While|After|Before|As|So|Our|Its|His|Her|Their|What|Why|How|Here|There)$"
)
# a name that is a sentence's subject: a verb follows it
_VERB = r"(?:said|says|told|is|was|has|had|will|would|can|could|announced|added|[a-z]+ed)\b"
_CLAUSE = re.compile(r"\s*(?:[,;:(]|\s[–—-]\s)")  # where a question's words stop
_JUNK = re.compile(r"https?:|www\.|@|#|\?\?")
# (pattern, question word, where the question's words start: "after" the answer, or
# the sentence's "start" with the answer taken out)
_RULES = (
    (re.compile(r"\$\d[\d,.]*(?:\s+(?:million|billion|trillion))?"), "How much", "after"),
    (re.compile(r"\b\d[\d,.]*\s*(?:%|percent)"), "What percentage", "after"),
    (
        re.compile(r"\b\d[\d,.]*(?:\s+(?:million|billion|thousand|hundred))?(?=\s+[a-z]{3,}s\b)"),
        "How many",
        "after",
    ),
    (
        re.compile(
            rf"\b(?:on|in|since|by)?\s*(?:{_WEEKDAY},?\s+)?{_MONTH}(?:\s+\d{{1,2}})?"
            r"(?:,?\s+(?:19|20)\d\d)?"
            rf"|\b(?:on|last|this|next)\s+{_WEEKDAY}|\bin\s+(?:19|20)\d\d\b"
        ),
        "When",
        "start",
    ),
    (re.compile(rf"^{_CAP}(?:\s+{_CAP}){{1,2}}(?=\s+{_VERB})"), "Who", "after"),
    (re.compile(rf"\bin\s+{_CAP}(?:\s+{_CAP})?(?=[\s,.])"), "Where", "start"),
)


def make_question(sentence: str, rng: random.Random) -> tuple[str, str] | None:
    """(question, answer) made from one sentence, or None when no rule fits it."""
    for pattern, wh, where in rng.sample(_RULES, len(_RULES)):
        match = pattern.search(sentence)
        if not match or not match.group(0).strip():
            continue
        answer = match.group(0).strip()
        if wh in ("Who", "Where") and any(_NOT_NAME.match(w) for w in answer.split()):
            continue
        before, after = sentence[: match.start()], sentence[match.end() :]
        # "... will shut down on June 30": the question's words come before the answer
        leads = where == "start" and len(before.split()) >= 4
        if leads:
            rest = _CLAUSE.split(before)[-1].split()
        else:
            rest = _CLAUSE.split(after.lstrip(" ,"))[0].split()
        words = [w.strip('"“”()') for w in rest]
        words = [w for w in words if w and not (w.lower() in _FUNCTION and rng.random() < DROP)]
        n = rng.randint(*QUESTION_WORDS)
        if len(words) < QUESTION_WORDS[0]:
            continue
        words = words[-n:] if leads else words[:n]
        question = f"{wh} {' '.join(words).rstrip('.!?')}?"
        if rng.random() < LOWER:
            question = question.lower()
        return question, _bare(answer)
    return None


def _bare(answer: str) -> str:
    """The answer without the preposition a date or place was matched with."""
    return re.sub(r"^(?:on|in|since|by|last|this|next)\s+", "", answer, flags=re.I)


def news_pairs(
    articles,
    passages: Callable[[str], list[tuple[int, int, str]]],
    rng: random.Random,
    held_out: bool = False,
) -> list[tuple[str, str, int, str]]:
    """Question-passage pairs from the articles (a quarter of them, by URL, kept for
    the held-out figure: `held_out` picks that quarter, else the rest)."""
    chosen = [a for a in articles if (zlib.crc32(a.url.encode()) % 4 == 0) == held_out]
    everywhere = [(a.url, text) for a in chosen for p in a.paragraphs for _, _, text in passages(p)]
    rows = []
    for article in chosen:
        runs = [text for p in article.paragraphs for _, _, text in passages(p)]
        run_terms = {text: set(terms(text)) for text in runs}
        other = [t for url, t in everywhere if url != article.url]
        made = []
        for text in runs:
            for sentence in sentences(text):
                if 8 <= len(sentence.split()) <= 45 and not _JUNK.search(sentence):
                    found = make_question(sentence, rng)
                    if found:
                        made.append((text, sentence, *found))
        for n, (text, sentence, question, answer) in enumerate(
            rng.sample(made, min(PER_ARTICLE, len(made)))
        ):
            qid = f"{article.url}#{n}"
            rows.append((question, text, 1, qid))
            rest = " ".join(s for s in sentences(text) if s != sentence)
            if rest and answer.lower() not in rest.lower():
                rows.append((question, rest, 0, qid))
            asked = set(terms(question))
            near = sorted(
                (t for t in runs if t != text and answer.lower() not in t.lower()),
                key=lambda t: -len(asked & run_terms[t]),
            )
            rows += [(question, t, 0, qid) for t in near[:2]]
            if other:
                rows.append((question, rng.choice(other), 0, qid))
    return rows
