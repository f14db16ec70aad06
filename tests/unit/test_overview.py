"""An overview: how an article opens (answering/overview.py), each sentence cited."""

from assistant.answering.citations import Numbering
from assistant.answering.overview import opening, sources, stream
from assistant.types import Answer, Hit

BYLINE = "By Ada Brill, Bay Herald"
LEDE = (
    "Ferry fares across the bay will rise by 8 percent from May, the operator said. "
    "It is the first rise in six years. Season tickets are spared."
)
CAPTION = "Commuters board the 7.15 ferry at Harbourton pier. | Bay Herald via Getty Images"
SECOND = "Union leader Ada Brill called the rise unfair to night workers. She wants a vote."
THIRD = "The operator said fuel costs had doubled since 2021."


def hit(article_id: str, paragraph: int, text: str) -> Hit:
    return Hit(article_id, paragraph, text, f"Story {article_id}", "Bay Herald", "", "", "", 0.0)


FERRY = [hit("a", 1, BYLINE), hit("a", 2, LEDE), hit("a", 3, CAPTION), hit("a", 4, SECOND),
         hit("a", 5, THIRD)]  # fmt: skip


def test_an_article_opens_with_two_sentences_of_its_lede_and_one_of_the_next_paragraph():
    chosen = opening(FERRY)
    assert [(h.paragraph, s) for h, s in chosen] == [
        (2, "Ferry fares across the bay will rise by 8 percent from May, the operator said."),
        (2, "It is the first rise in six years."),
        (4, "Union leader Ada Brill called the rise unfair to night workers."),
    ]
    assert [h.paragraph for h, _ in opening(FERRY, 1)] == [2]  # the byline and caption skipped


def test_an_article_of_short_lines_only_opens_with_its_first_line():
    lines = [hit("b", 1, "Storm warning."), hit("b", 2, "Schools shut.")]
    assert [s for _, s in opening(lines)] == ["Storm warning.", "Schools shut."]


def test_one_article_is_cited_sentence_by_sentence_and_several_by_their_first_sentences():
    *sentences, answer = stream([FERRY], Numbering())
    assert isinstance(answer, Answer) and not answer.refused
    assert [s.citations for s in sentences] == [(1,), (1,), (2,)]
    assert [(c.n, c.paragraph, c.quote) for c in answer.citations] == [
        (1, 2, "Ferry fares across the bay will rise by 8 percent from May, the operator said."),
        (2, 4, "Union leader Ada Brill called the rise unfair to night workers."),
    ]
    assert answer.text.endswith("unfair to night workers. [2]")
    other = [hit("c", 1, THIRD), hit("c", 2, SECOND)]
    *_, both = stream([FERRY, other], Numbering())
    assert [(c.article_id, c.paragraph) for c in both.citations] == [("a", 2), ("c", 1)]
    assert [(h.article_id, h.paragraph) for h in sources([FERRY, other])] == [("a", 2), ("c", 1)]
    assert sources([FERRY]) == FERRY  # one article: an LLM is given its opening paragraphs


def test_details_say_what_is_stored_and_what_is_not():
    from dataclasses import replace

    from assistant.answering.overview import described

    full = replace(
        FERRY[0], author="Ada Brill", published="2024-05-02T08:00:00", url="https://x.org/f"
    )
    assert described(full) == (
        "“Story a”, by Ada Brill: published by Bay Herald on 2024-05-02. https://x.org/f"
    )
    bare = replace(FERRY[0], source="")
    assert described(bare) == (
        "“Story a”: from an outlet it does not name; it gives no date and names no author."
    )


def test_the_title_again_and_a_note_about_the_story_are_no_part_of_its_opening():
    from dataclasses import replace

    title = replace(FERRY[1], paragraph=1, text="Story a", title="Story a")
    repeated = hit("a", 1, "Ferry fares rise by eight percent from May across the bay")
    repeated = replace(repeated, title="Ferry fares rise by eight percent from May across the bay")
    note = hit("a", 2, "Editor's note: Ada Brill writes about the bay's ferries every week.")
    story = hit("a", 3, SECOND)
    assert [h.paragraph for h, _ in opening([title, repeated, note, story], 1)] == [3]
