import pytest

from assistant.evaluation import Outcome, load_queries, score
from tests.conftest import FIXTURES

CORPUS = FIXTURES / "eval" / "corpus.json"
QUERIES = FIXTURES / "eval" / "queries.json"


def _o(kind, facts, retrieved, cited=(), refused=False):
    return Outcome(
        kind, tuple(frozenset(f) for f in facts), tuple(retrieved), tuple(cited), refused
    )


def test_score_follows_the_paragraph_protocol():
    a, b, c, x = ("A", 1), ("B", 2), ("C", 3), ("X", 9)
    outcomes = [
        # two facts; the first found at rank 5, the second at rank 2; one gold and one wrong cited
        _o("comparison", [{a}, {b}], [x, b, x, x, a], cited=[b, x]),
        # one fact, found at rank 1, refused anyway
        _o("inference", [{c}], [c], refused=True),
        # a null question answered, one refused
        _o("null_query", [], [x], cited=[x]),
        _o("null_query", [], [], refused=True),
    ]
    assert score(outcomes) == {
        "hits@4": 0.75,  # (1/2 + 1) / 2
        "hits@10": 1.0,
        "mrr@10": 0.75,  # (1/2 + 1) / 2
        "citation_precision": 0.5,  # only the first was answered: 1 of 2 cited is gold
        "citation_recall": 0.25,  # (1/2 + 0) / 2
        "null_refusal": 0.5,
        "false_refusal": 0.5,
    }


def test_queries_file_of_the_wrong_shape_is_a_clear_error(tmp_path):
    bad = tmp_path / "q.json"
    bad.write_text('{"query": "x"}')
    from assistant.errors import NewsdeskError

    with pytest.raises(NewsdeskError, match="expected a JSON array of objects with a 'query'"):
        load_queries(bad)


def test_a_span_answer_is_found_as_whole_words_whatever_the_case_and_punctuation():
    from assistant.evaluation import contains_answer

    assert contains_answer("He was greeted by Dmitry Chernyshenko [1].", "dmitry chernyshenko")
    assert contains_answer("It lasts three days.", "three-day") is False
    assert contains_answer("A three-day visit [1]", "three day")
    assert contains_answer("In 1990, talks began", "199") is False  # not part of a word
    assert contains_answer("anything", "") is False


def test_only_answers_that_are_their_evidence_count_as_spans():
    from assistant.evaluation import span_answer

    newsqa = {"answer": "three days", "evidence_list": [{"fact": "three  days", "url": "u"}]}
    multihop = {
        "answer": "Yes",
        "evidence_list": [{"fact": "The court said yes to it.", "url": "u"}],
    }
    assert span_answer(newsqa) == "three days"
    assert span_answer(multihop) == ""


def test_answer_metrics_count_refusals_as_misses_and_read_the_first_citation():
    gold = frozenset({("a", 3)})
    outcomes = [
        Outcome(
            "q", (gold,), (("a", 3),), (("a", 3),), False, "Vnukovo", "At Vnukovo [1].", ("a", 3)
        ),
        Outcome(
            "q", (gold,), (("a", 3),), (("a", 4),), False, "Vnukovo", "In Moscow [1].", ("a", 4)
        ),
        Outcome("q", (gold,), (), (), True, "Vnukovo", "Vnukovo?", None),  # refused
        Outcome("null_query", (), (), (), True),
    ]
    scored = score(outcomes)
    assert (scored["answer_hit"], scored["first_citation_hit"]) == (0.3333, 0.3333)
    assert "answer_hit" not in score(outcomes[3:] + [_o("q", [{("a", 1)}], [("a", 1)])])
