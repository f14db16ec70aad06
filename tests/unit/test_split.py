from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.split import MAX_CHUNK_CHARS, chunk_spans, sentences, split_article
from index.types import Article


def test_sentences_keep_abbreviations_and_initials_inside():
    text = "Mr. Smith met Dr. J. Jones in the U.S. capital. They talked! Did it help? Yes."
    assert sentences(text) == [
        "Mr. Smith met Dr. J. Jones in the U.S. capital.",
        "They talked!",
        "Did it help?",
        "Yes.",
    ]


def test_initials_of_two_letters_or_more_end_no_sentence_but_lower_case_ones_may():
    text = (
        "Golfer K.J. Choi gave $100,000. J.R.R. Tolkien wrote it. They met at 3 p.m. Then he left."
    )
    assert sentences(text) == [
        "Golfer K.J. Choi gave $100,000.",
        "J.R.R. Tolkien wrote it.",
        "They met at 3 p.m.",
        "Then he left.",
    ]


def test_an_abbreviation_ends_a_sentence_before_a_word_that_opens_one():
    text = "He lives in the U.S. He works for Acme Inc. The firm is in the U.S. capital."
    assert sentences(text) == [
        "He lives in the U.S.",
        "He works for Acme Inc.",
        "The firm is in the U.S. capital.",
    ]
    # A title is always followed by a name, even one that is also a pronoun.
    assert sentences("Dr. He Jiankui spoke. Mr. He said no.") == [
        "Dr. He Jiankui spoke.",
        "Mr. He said no.",
    ]


def test_sentences_end_after_closing_quotes():
    text = "He said: “We will win.” Then he left."
    assert sentences(text) == ["He said: “We will win.”", "Then he left."]


def test_long_paragraph_is_cut_at_sentences_within_the_word_limit():
    sentence = "Start " + " ".join(f"w{i}" for i in range(28)) + " end."  # 30 words
    paragraph = " ".join([sentence] * 20)  # 600 words
    spans = chunk_spans(paragraph, max_words=170)
    lengths = [len(paragraph[a:b].split()) for a, b in spans]
    assert lengths == [150, 150, 150, 150]
    assert all(paragraph[a:b].endswith("end.") for a, b in spans)
    assert " ".join(paragraph[a:b] for a, b in spans) == paragraph


def test_text_without_spaces_is_cut_by_characters():
    paragraph = "x" * 200_000
    spans = chunk_spans(paragraph)
    assert len(spans) == 167
    assert max(b - a for a, b in spans) == MAX_CHUNK_CHARS
    assert "".join(paragraph[a:b] for a, b in spans) == paragraph


def test_split_article_numbers_paragraphs_from_one_and_keeps_numbers_on_parts():
    long = " ".join(["This is a sentence of eight words here."] * 50)  # 400 words
    article = Article(title="T", paragraphs=("First.", long, "Last."))
    chunks = split_article(article)
    assert [(c.paragraph, c.part) for c in chunks] == [(1, 0), (2, 0), (2, 1), (2, 2), (3, 0)]
    assert chunks[1].id == f"{article.id}:2:0"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=3000))
def test_chunks_cover_every_character_of_a_paragraph_once(text):
    spans = chunk_spans(text)
    pieces = [text[a:b] for a, b in spans]
    assert "".join("".join(p.split()) for p in pieces) == "".join(text.split())
    assert all(b - a <= MAX_CHUNK_CHARS for a, b in spans)
    assert all(a < b for a, b in spans) and all(
        spans[i][1] <= spans[i + 1][0] for i in range(len(spans) - 1)
    )
