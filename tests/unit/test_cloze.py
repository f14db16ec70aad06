"""bench/cloze.py: short questions made from news sentences, and the reader's pairs."""

import random
import sys
import zlib

from index.types import Article
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import cloze  # noqa: E402

SENTENCE = (
    "AAA projects that 42.5 million people will travel at least 50 miles during the "
    "Thanksgiving holiday period."
)
OTHER = "Roads will be busy on the coast and airports expect long lines for security."


def _passages(paragraph):
    return [(0, len(paragraph), paragraph)]


def _training_url() -> str:
    """An address outside the held-out quarter."""
    urls = (f"https://news.example/{n}" for n in range(100))
    return next(u for u in urls if zlib.crc32(u.encode()) % 4)


def test_the_answer_is_taken_out_and_a_question_word_of_its_kind_leads():
    made = cloze.make_question(SENTENCE, random.Random(0))
    assert made == ("How many miles during the Thanksgiving holiday period?", "50")
    # a fifth are typed in lower case, some function words dropped
    assert cloze.make_question(SENTENCE, random.Random(4)) == (
        "how many miles during thanksgiving holiday period?",
        "50",
    )


def test_a_sentence_with_nothing_to_ask_for_gives_no_question():
    plain = "the weather was nice and everyone enjoyed it a lot."
    assert cloze.make_question(plain, random.Random(0)) is None


def test_pairs_hold_one_positive_and_negatives_without_the_answer():
    url = _training_url()
    article = Article("Holiday travel", (SENTENCE, OTHER), "Example News", url)
    other = Article("Markets", ("Shares rose after the report.",), "Example", "other")
    rows = cloze.news_pairs([article, other], _passages, random.Random(0))
    mine = [r for r in rows if r[3] == url + "#0"]
    assert [r[2] for r in mine] == [1, 0]  # the sentence's passage; the article's other one
    assert mine[0][1] == SENTENCE and mine[1][1] == OTHER
    held = cloze.news_pairs([article, other], _passages, random.Random(0), held_out=True)
    assert not any(r[3].startswith(url) for r in held)  # a training article is not held out
