"""'Who is X?' about a story that describes X in its lede and names X only after it:
the lede says who X is, and the answer leads with it (asked.describes)."""

from __future__ import annotations

import pytest

from index.types import Article

MARATHON = Article(
    title="Harbourton marathon",
    source="Harbour Wire",
    url="https://example.org/marathon",
    published="2024-04-14",
    paragraphs=(
        "HARBOURTON (Harbour Wire) -- A 58-year-old ferry mechanic who took up running "
        "three years ago won the Harbourton marathon on Sunday, beating a field of 4,000. "
        "He crossed the line in 2 hours 41 minutes.",
        "Tomas Reyna said he trained on the night shift, running laps of the ferry deck "
        "between sailings. Reyna's wife, Lena, waited for him at the finish.",
        "Race officials said Reyna was the oldest winner in the race's 40-year history.",
        "Reyna plans to run the Boston marathon next spring.",
    ),
)
FERRY = Article(
    title="Ferry fares rise",
    source="Bay Herald",
    url="https://example.org/fares",
    published="2024-04-10",
    paragraphs=(
        "Ferry fares across the bay will rise by 8 percent from May, the operator said.",
        "Union leader Ada Brill, a former deckhand, called the rise unfair to night workers.",
    ),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    from assistant.pipeline import Engine
    from assistant.settings import get_settings

    settings = get_settings(data_dir=tmp_path_factory.mktemp("lede"))
    engine = Engine(settings.index, create=True)
    engine.ingest_articles([MARATHON, FERRY], progress=False)
    return engine, settings


def test_who_is_is_answered_first_by_the_lede_that_describes_them(engine):
    engine, settings = engine
    answer = engine.ask("Who is Tomas Reyna?", settings)
    assert not answer.refused
    assert [c.paragraph for c in answer.citations][:2] == [1, 2]
    assert answer.sentences[0].text == (
        "HARBOURTON (Harbour Wire) -- A 58-year-old ferry mechanic who took up running "
        "three years ago won the Harbourton marathon on Sunday, beating a field of 4,000."
    )
    assert answer.sentences[0].citations == (answer.citations[0].n,)


def test_a_lede_that_names_them_or_another_question_changes_nothing(engine):
    engine, settings = engine
    named = engine.ask("Who is Ada Brill?", settings)  # named where she is described
    assert named.citations[0].paragraph == 2 and named.citations[0].title == "Ferry fares rise"
    other = engine.ask("Where does Reyna plan to run next spring?", settings)
    assert other.citations[0].paragraph == 4
