import pytest

from assistant import REFUSAL, ChatSession, query
from assistant.answering.refusal import TASK_NOTE
from assistant.chat import is_follow_up, resolve
from assistant.errors import QuestionError
from assistant.settings import get_settings


def test_greeting_question_cites_the_vnukovo_paragraph(sample_dir):
    answer = query("Who greeted Xi Jinping when he arrived in Moscow?", data_dir=sample_dir)
    assert not answer.refused
    first = answer.citations[0]
    assert (first.n, first.paragraph) == (1, 11)
    assert first.quote.startswith("Xi was greeted on his arrival at Vnukovo airport")
    assert "Dmitry Chernyshenko" in answer.text and answer.text.index("[1]") > 0
    assert first.source == "cnn.com" and first.text == first.quote


def test_kirby_question_cites_the_kirby_paragraph(sample_dir):
    answer = query("What did John Kirby say a ceasefire would do?", data_dir=sample_dir)
    assert [c.paragraph for c in answer.citations] == [19]
    assert "regroup" in answer.citations[0].quote


def test_a_misspelt_question_is_read_as_the_article_spells_it_and_says_so(sample_dir):
    answer = query("waht job does john kirby have", data_dir=sample_dir)
    assert not answer.refused and answer.citations[0].paragraph == 19
    assert answer.note.startswith("Read “waht” as “what”.")
    assert answer.respelt == (("waht", "what"),) and answer.to_dict()["respelt"] == [
        ["waht", "what"]
    ]
    # turned off, the slip is searched as typed: a word no article uses, so refused
    off = get_settings(data_dir=sample_dir, respell=False)
    typed = query("waht job does john kirby have", settings=off)
    assert typed.refused and typed.respelt == ()
    assert typed.note == "No loaded article uses these words of the question: waht, job."
    # a name the article never mentions is left as typed, and the question refused
    refused = query("What did Kirbie Smythe say?", data_dir=sample_dir)
    assert refused.refused and refused.respelt == ()


def test_an_acronym_the_article_only_spells_out_is_read_as_its_name_and_says_so(sample_dir):
    # paragraph 2 names "the International Criminal Court" and never "ICC"
    answer = query("What did the ICC accuse Putin of?", data_dir=sample_dir)
    assert not answer.refused and [c.paragraph for c in answer.citations] == [2]
    assert answer.respelt == (("ICC", "International Criminal Court"),)
    assert answer.note == "Read “ICC” as “International Criminal Court”."
    assert not answer.doubtful
    # searched as typed, the paragraph matches only weakly, and a question on the warrant's
    # date (which no article gives) is refused for the name no article mentions
    off = get_settings(data_dir=sample_dir, respell=False)
    typed = query("What did the ICC accuse Putin of?", settings=off)
    assert typed.doubtful and typed.citations[0].paragraph == 2 and typed.respelt == ()
    dated = query("On what date was the ICC warrant issued?", settings=off)
    assert dated.refused and dated.note == "No loaded article mentions ICC."


def test_an_answer_the_decision_doubts_comes_with_a_caution_and_a_clear_one_without(sample_dir):
    from assistant.answering.refusal import CAUTION

    # paragraph 11 names the deputy prime minister who met Xi; the article names no
    # foreign minister of China
    doubted = query("Who is China's foreign minister?", data_dir=sample_dir)
    assert not doubted.refused and doubted.citations[0].paragraph == 11
    assert doubted.doubtful and doubted.note == CAUTION and doubted.to_dict()["doubtful"]
    clear = query("What did John Kirby say a ceasefire would do?", data_dir=sample_dir)
    assert not clear.doubtful and clear.note == "" and clear.to_dict()["doubtful"] is False
    # the caution comes after how a misspelt word was read
    typed = query("waht job does john kirby have", data_dir=sample_dir)
    assert typed.doubtful and typed.note == f"Read “waht” as “what”. {CAUTION}"


def test_unrelated_question_is_refused_without_citations(sample_dir):
    answer = query("What is the boiling point of tungsten?", data_dir=sample_dir)
    assert answer.refused and answer.text == REFUSAL and answer.citations == ()


def test_every_answer_sentence_carries_a_marker_that_names_a_citation(sample_dir):
    answer = query("What did Xi and Putin do at past meetings?", data_dir=sample_dir)
    numbers = {c.n for c in answer.citations}
    assert answer.sentences and all(
        s.citations and set(s.citations) <= numbers for s in answer.sentences
    )
    for citation in answer.citations:
        assert citation.quote in citation.text


@pytest.mark.parametrize("question", ["", "   ", "?!...", "\x00\x01"])
def test_questions_without_words_get_a_clear_error(sample_dir, question):
    with pytest.raises(QuestionError, match="no words in it"):
        query(question, data_dir=sample_dir)


def test_follow_up_is_resolved_against_the_conversation(sample_dir):
    chat = ChatSession(data_dir=sample_dir)
    chat.ask("Where did Xi land?")
    answer = chat.ask("Who greeted him there?")
    assert chat.turns[-1].resolved == "Who greeted him there? (Xi)"
    assert any(c.paragraph == 11 for c in answer.citations)


def test_citation_numbers_stay_stable_within_a_conversation(sample_dir):
    chat = ChatSession(data_dir=sample_dir)
    first = chat.ask("What did John Kirby say a ceasefire would do?")
    chat.ask("Who greeted Xi Jinping when he arrived in Moscow?")
    again = chat.ask("What did John Kirby say about a ceasefire?")
    kirby = {c.paragraph: c.n for c in first.citations}[19]
    assert {c.paragraph: c.n for c in again.citations}[19] == kirby == 1
    chat.reset()
    assert chat.ask("Who greeted Xi Jinping when he arrived in Moscow?").citations[0].n == 1


def test_follow_up_detection():
    assert is_follow_up("Who greeted him there?")
    assert not is_follow_up("Who greeted Xi Jinping in Moscow?")
    assert (
        resolve("What did he say?", ["What did John Kirby say?"]) == "What did he say? (John Kirby)"
    )
    assert resolve("What did he say?", []) == "What did he say?"


def test_a_question_with_its_own_subject_is_not_a_follow_up(sample_dir):
    chat = ChatSession(data_dir=sample_dir)
    chat.ask("What did John Kirby say a ceasefire would do?")
    answer = chat.ask("What is the boiling point of tungsten?")
    assert chat.turns[-1].resolved == "What is the boiling point of tungsten?"
    assert answer.refused and answer.citations == ()


def test_a_follow_up_takes_the_subject_of_the_last_question_answered(sample_dir):
    chat = ChatSession(data_dir=sample_dir)
    assert not chat.ask("Who greeted Xi at the airport?").refused
    assert chat.ask("what about the third day").refused  # no article says "third"
    chat.ask("and who is he?")
    assert chat.turns[-1].resolved == "and who is he? (Xi)"
    # one word that the article writes as a name is a question of its own
    assert chat.ask("who's kirby").citations[0].paragraph == 19
    assert chat.turns[-1].resolved == "who's kirby"
    # thanks are thanks, not a follow-up
    thanks = chat.ask("thx")
    assert not thanks.refused and thanks.text.startswith(
        "You are welcome. Ask me about the loaded articles (1 article is loaded: "
    )


def test_a_word_of_a_chat_that_asks_nothing_is_not_a_word_the_articles_lack(sample_dir):
    answer = query("how much fuel exactly", data_dir=sample_dir)
    assert not answer.refused and answer.citations[0].paragraph == 16
    assert (
        answer.caution == "This may not answer the question: none of its sentences gives a number."
    )


def test_a_refused_task_says_what_newsdesk_does(sample_dir):
    for message in (
        "Translate the paragraph about the airport into Spanish",
        "make it into a timeline table",
        "List all the people named in the article",
    ):
        answer = query(message, data_dir=sample_dir)
        assert answer.refused and answer.note == TASK_NOTE, message
    # a question is refused with its own reason
    assert query("What is the boiling point of tungsten?", data_dir=sample_dir).note != TASK_NOTE


def test_the_chat_bench_asks_each_user_in_one_conversation(sample_dir, tmp_path, capsys):
    import json
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    import chat_messages

    messages = [
        {"text": "who greeted xi at the airprot", "user": 1, "expect": "paragraph 11"},
        {"text": "and who is he?", "user": 1, "expect": "Chernyshenko"},
        {"text": "who won the world cup", "user": 2, "expect": "refused"},
    ]
    path = tmp_path / "m.json"
    path.write_text(json.dumps({"messages": messages}), encoding="utf-8")
    assert chat_messages.main(["--messages", str(path), "--data-dir", str(sample_dir)]) == 0
    out = capsys.readouterr().out
    assert "  got: [11] Read “airprot” as “airport”.\n" in out
    assert "[user 2] who won the world cup\n  expected: refused\n  got: refused " in out
    assert out.endswith("refused: 1 of 3\n")


def test_a_name_typed_without_its_accent_or_its_dots_is_the_name_the_article_writes(fresh_dir):
    from assistant.pipeline import Engine
    from index.text import terms
    from index.types import Article

    paragraphs = (
        "Beyoncé will release a concert film of her Renaissance tour in December, "
        "her label said on Monday.",
        "The U.S. men's team beat Germany 3-1 in a friendly in Connecticut, and "
        "Christian Pulisic scored the opening goal.",
        "Tickets for the film go on sale this week in most cinemas.",
        "Rain fell in Hartford for most of the evening, and the pitch was heavy.",
    )
    article = Article("Pop and football", paragraphs, source="Bay Herald")
    engine = Engine(get_settings(data_dir=fresh_dir).index, create=True)
    engine.ingest_articles([article])
    held = engine.retriever.lexical
    assert [held.document_frequency(t) for t in terms("beyonce US")] == [1, 1]
    # typed so, "beyonce" was a word no article uses and "US" a name none mentions
    film = query("what did beyonce announce", data_dir=fresh_dir)
    assert not film.refused and [c.paragraph for c in film.citations] == [1]
    team = query("how did the US do", data_dir=fresh_dir)
    assert not team.refused and [c.paragraph for c in team.citations] == [2]


def test_a_question_for_the_score_leads_with_the_result(fresh_dir):
    from assistant.answering.refusal import kind_caution
    from assistant.pipeline import Engine
    from assistant.types import Answer
    from index.types import Article

    paragraphs = (
        "Germany and the United States met in a friendly in East Hartford on Saturday, "
        "the last game of the American team's autumn tour.",
        "The Germany friendly drew a crowd of 25,000, and the home fans sang through "
        "the rain in East Hartford.",
        "Pulisic, Balogun and Reyna scored as the US beat Germany 3-1.",
        "The US now play Ghana in Nashville on Tuesday.",
    )
    article = Article("US beat Germany", paragraphs, source="Bay Herald")
    Engine(get_settings(data_dir=fresh_dir).index, create=True).ingest_articles([article])
    final = query("what was the final score of the germany friendly", data_dir=fresh_dir)
    assert final.citations[0].paragraph == 3 and "3-1" in final.sentences[0].text
    # a score no paragraph gives: cautioned that no sentence gives one
    ghana = query("what was the score of the ghana game", data_dir=fresh_dir)
    assert [c.paragraph for c in ghana.citations] == [3, 4]
    assert ghana.caution == kind_caution("score", further=True)
    # doubted, and no sentence gives a number of goals: refused, saying why
    goals = query("how many goals did ghana score", data_dir=fresh_dir)
    assert goals.refused and goals.citations == ()
    assert goals.note == (
        "The best paragraphs match the question only weakly. None of the sentences that "
        "match it best gives a number of goals."
    )
    # nor are its sentences shown one by one before it is refused
    engine = Engine(get_settings(data_dir=fresh_dir).index)
    assert [type(item) for item in engine.stream("how many goals did ghana score")] == [Answer]
