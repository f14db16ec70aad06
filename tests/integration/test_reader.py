"""The reader: the shipped cross-encoder reads question and paragraph together."""

import json
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.retrieval.reader import (
    HELD_OUT_FILE,
    ORDER_WEIGHT,
    WEIGHT,
    WEIGHTS_FILE,
    Reader,
    default_reader,
    read,
)
from assistant.settings import get_settings
from assistant.types import Hit

TRIP = "Xi's three-day visit will be closely watched for its impact on the war in Ukraine."
ABOUT = "Xi's trip is likely to be seen in Western capitals as an endorsement of Putin."
AIRPORT = "Xi was greeted on his arrival at Vnukovo airport by a deputy prime minister."


def _hit(paragraph: int, text: str, score: float) -> Hit:
    return Hit("a", paragraph, text, "Xi in Moscow", "CNN", "u", "", "", score)


def test_the_weights_ship_small_and_say_what_they_were_trained_on():
    assert WEIGHTS_FILE.stat().st_size <= 50 * 2**20
    trained = json.loads(HELD_OUT_FILE.read_text())
    assert trained["held_out_articles"] == len(trained["held_out_titles"]) == 4
    assert trained["held_out_first_passage"]["reader"] > trained["held_out_first_passage"]["cosine"]


@pytest.mark.parametrize(
    "question, answering",
    [
        ("How many days will Xi spend in Russia?", 1),
        ("How will the West see the trip?", 0),
        ("who greeted xi", 2),
        ("where did xi land", 2),
    ],
)
def test_it_prefers_the_paragraph_that_says_what_was_asked(question, answering):
    scores = default_reader().scores(question, [ABOUT, TRIP, AIRPORT])
    assert scores.argmax() == answering


def test_read_reorders_only_the_leading_hits_and_keeps_its_scores():
    hits = [_hit(1, ABOUT, 3.0), _hit(2, TRIP, 2.9), _hit(3, AIRPORT, 2.8), _hit(4, AIRPORT, 9.0)]
    found = read("who greeted xi", hits, default_reader(), depth=3)
    assert [hit.paragraph for hit in found] == [3, 1, 2, 4]
    assert found[0].score == pytest.approx(2.8 + WEIGHT * found[0].read)
    assert found[3] == hits[3]  # below the depth: untouched, not read


def test_the_order_weighs_the_reader_more_than_the_score_the_citation_gap_reads():
    # the reader: AIRPORT answers "who greeted xi" (log-odds about +1.8), ABOUT does not
    # (about -1.8); 1.5 apart in the learned order, AIRPORT leads only at ORDER_WEIGHT
    hits = [_hit(1, ABOUT, 3.5), _hit(2, AIRPORT, 2.0)]
    found = read("who greeted xi", hits, default_reader(), depth=2)
    assert [hit.paragraph for hit in found] == [2, 1]
    assert ORDER_WEIGHT > WEIGHT
    assert [hit.score for hit in found] == pytest.approx(
        [2.0 + WEIGHT * found[0].read, 3.5 + WEIGHT * found[1].read]
    )
    at_score_weight = read("who greeted xi", hits, default_reader(), depth=2, order_weight=WEIGHT)
    assert [hit.paragraph for hit in at_score_weight] == [1, 2]


def test_other_weights_are_refused_with_the_file_named(tmp_path):
    import torch
    from safetensors.torch import save_file

    wrong = tmp_path / "wrong.safetensors"
    save_file({"layer.weight": torch.zeros(2)}, str(wrong))
    with pytest.raises(ValueError, match="wrong.safetensors: not the reader's weights"):
        Reader(wrong).scores("q", ["text"])


def test_a_reader_depth_of_0_turns_it_off(sample_dir):
    from assistant.pipeline import get_engine

    settings = get_settings(data_dir=sample_dir, reader_depth=0)
    hits = get_engine(settings).retrieve("How long is Xi's trip?", settings).hits
    assert hits and all(hit.read is None for hit in hits)
    settings = get_settings(data_dir=sample_dir)
    depth = settings.retrieval.reader_depth
    hits = get_engine(settings).retrieve("How long is Xi's trip?", settings, top_k=depth + 2).hits
    assert [hit.read is not None for hit in hits] == [True] * depth + [False] * 2


def test_a_long_question_is_not_read(sample_dir):
    from assistant.pipeline import get_engine

    settings = get_settings(data_dir=sample_dir)
    question = (
        "According to the article, what did the Kremlin spokesperson Dmitry Peskov say "
        "would be touched upon during the exchange of views on Ukraine?"
    )
    assert len(question.split()) > 15
    hits = get_engine(settings).retrieve(question, settings).hits
    assert hits and all(hit.read is None for hit in hits)


def test_bfloat16_reads_as_float32_does():
    texts = [ABOUT, TRIP, AIRPORT]
    exact = Reader(precision="float32").scores("who greeted xi", texts)
    fast = Reader(precision="bfloat16").scores("who greeted xi", texts)
    assert exact.argmax() == fast.argmax() == 2
    assert abs(exact - fast).max() < 0.1


def test_it_scores_as_the_transformers_model_it_was_trained_as():
    import sys

    import torch
    from safetensors.torch import load_file

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import train_reader

    tokenizer, model = train_reader.base_model()
    model.load_state_dict(
        {k: v.float() for k, v in load_file(str(WEIGHTS_FILE)).items()}, strict=False
    )
    model.eval()
    texts = [ABOUT, TRIP, AIRPORT]
    long_question = " ".join(["word"] * 150)  # cut to fit, as in training
    for question in ("who greeted xi", long_question):
        with torch.inference_mode():
            enc = train_reader.pairs(tokenizer, [question] * 3, texts)
            expected = model(**enc).logits.squeeze(-1).numpy()
        assert abs(Reader(precision="float32").scores(question, texts) - expected).max() < 1e-4


def test_the_reader_follows_the_embedding_precision(sample_dir):
    from assistant.pipeline import get_engine

    settings = get_settings(data_dir=sample_dir, embedding_precision="float32")
    hits = get_engine(settings).retrieve("who greeted xi", settings).hits[:5]
    exact = Reader(precision="float32").scores("who greeted xi", [hit.text for hit in hits])
    assert [hit.read for hit in hits] == pytest.approx(exact.tolist(), abs=1e-5)


# -- the sentence quoted from a paragraph it read ---------------------------------------

SINGER = (
    "The London video of Maria Lund's performance has had more than 5 million hits. "
    "Maria Lund, from a village near Bergen in Norway, appeared on the show last weekend."
)


@pytest.mark.parametrize("question", ["From where is Maria Lund?", "Where is Maria Lund from?"])
def test_the_answer_quotes_the_sentence_the_reader_finds_answering(question):
    from assistant.answering.extractive import ExtractiveAnswerer

    read = replace(_hit(1, SINGER, 1.0), read=0.0)
    # both sentences hold the question's words and a place: by words alone, the first wins
    by_words = ExtractiveAnswerer(lambda term: 1, 100).answer(question, [read])
    assert by_words.sentences[0].text.startswith("The London video")
    with_reader = ExtractiveAnswerer(lambda term: 1, 100, reader=default_reader())
    assert with_reader.answer(question, [read]).sentences[0].text.startswith("Maria Lund, from")
    # a paragraph the retrieval did not read (a long question, or the reader off) is not
    # read for its sentences either
    unread = _hit(1, SINGER, 1.0)
    assert with_reader.answer(question, [unread]).sentences[0].text.startswith("The London")


PIER = (
    "The harbour reopened on Monday after the storm. The damage to the old pier was the "
    "worst in decades. Its repair will cost 4 million euros, the mayor said."
)


def test_two_sentences_are_quoted_together_when_they_answer_better_than_either():
    from assistant.answering.extractive import ExtractiveAnswerer

    question = "How much will the repair of the old pier cost?"
    # "Its repair" says what it costs only after the sentence that names the pier
    answerer = ExtractiveAnswerer(lambda term: 1, 100, reader=default_reader())
    answer = answerer.answer(question, [replace(_hit(1, PIER, 1.0), read=0.0)])
    assert answer.sentences[0].text == PIER[PIER.index("The damage") :]
    assert answer.citations[0].quote == PIER[PIER.index("The damage") :]
    # unread, no pair is weighed: the sentence with the figure is chosen, and as "Its"
    # points back, the sentence before comes with it (extractive.with_antecedent)
    unread = answerer.answer(question, [_hit(1, PIER, 1.0)])
    assert unread.sentences[0].text == PIER[PIER.index("The damage") :]
    no_pointer = PIER.replace("Its repair", "The pier's repair")
    unread = answerer.answer(question, [_hit(1, no_pointer, 1.0)])
    assert unread.sentences[0].text == no_pointer[no_pointer.index("The pier's") :]


def test_the_answer_leads_with_the_paragraph_the_reader_finds_answering():
    from assistant.answering.extractive import ExtractiveAnswerer

    # both cited (within the citation gap); the reader reads AIRPORT as the answer
    hits = [replace(_hit(1, TRIP, 3.0), read=0.0), replace(_hit(2, AIRPORT, 2.9), read=0.0)]
    answer = ExtractiveAnswerer(lambda term: 1, 100, reader=default_reader()).answer(
        "Who was at the airport for Xi's arrival?", hits
    )
    assert [s.text for s in answer.sentences] == [AIRPORT, TRIP]
    assert [c.paragraph for c in answer.citations] == [2, 1]
    unread = ExtractiveAnswerer(lambda term: 1, 100).answer(
        "Who was at the airport for Xi's arrival?", hits
    )
    assert [s.text for s in unread.sentences] == [TRIP, AIRPORT]
