"""bench/typos.py: one slip per question, the kind respelling reads back."""

import random
import sys

from assistant.retrieval.spelling import edits
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import typos  # noqa: E402


def test_a_slip_is_one_edit_after_the_first_letter():
    rng = random.Random(0)
    for word in ["government", "expected", "daughter", "staying"] * 25:
        slipped = typos.slip(word, rng)
        assert slipped[0] == word[0] and slipped in edits(word) | {word}


def test_one_longer_content_word_of_the_question_is_mistyped():
    rng = random.Random(3)
    question = "Who is the Nevada real estate developer?"
    slipped = typos.with_slip(question, rng)
    changed = [(a, b) for a, b in zip(question.split(), slipped.split(), strict=True) if a != b]
    assert len(changed) == 1 and changed[0][0] in {"Nevada", "estate", "developer?"}
    assert typos.with_slip("Who is he?", rng) == "Who is he?"  # no word of 5 letters
