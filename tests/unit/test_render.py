"""What the window shows of an answer: pure rendering, escaped."""

from dataclasses import replace

from assistant.types import Sentence
from assistant.ui.render import chat_markdown


def test_an_unsupported_sentence_shows_why_and_a_supported_one_its_markers():
    shown = chat_markdown(
        [
            Sentence("Xi landed in Moscow.", (1,)),
            Sentence(
                "Lavrov welcomed Xi.",
                (),
                False,
                "[1] names Sergei <b>Lavrov</b>, whom the paragraph does not mention",
            ),
        ]
    )
    assert shown == (
        "Xi landed in Moscow\\. [\\[1\\]](#nd-source-1) Lavrov welcomed Xi\\. "
        '<small class="nd-unsupported">(unsupported: [1] names Sergei &lt;b&gt;Lavrov&lt;/b&gt;, '
        "whom the paragraph does not mention)</small>"
    )


def test_a_misspelt_word_shows_how_it_was_read_for_answers_and_refusals():
    from assistant.answering.refusal import refusal
    from assistant.chat import Turn
    from assistant.types import Answer
    from assistant.ui.render import turn_markdown

    answered = Answer(
        "Kirby speaks for the White House.",
        False,
        sentences=(Sentence("Kirby speaks for the White House.", (1,)),),
        respelt=(("waht", "what"), ("<b>jbo</b>", "job")),
    )
    shown = turn_markdown(Turn("waht jbo", "waht jbo", answered))
    assert shown.endswith(
        "<small>Read “waht” as “what”, “&lt;b&gt;jbo&lt;/b&gt;” as “job”.</small>"
    )
    refused = Turn("waht is it", "waht is it", replace(refusal(), respelt=(("waht", "what"),)))
    assert turn_markdown(refused).endswith("<small>Read “waht” as “what”.</small>")
    plain = Turn("what", "what", replace(answered, respelt=()))
    assert "Read" not in turn_markdown(plain)


def test_an_answer_about_the_articles_as_a_whole_says_what_it_is_drawn_from():
    from assistant.chat import Turn
    from assistant.types import Answer
    from assistant.ui.render import markdown_text, turn_markdown

    said = "“Ferry fares rise”: published by Bay Herald; it gives no date and names no author."
    about = "6 articles are loaded: here are the newest 5. <Name> one."
    answer = Answer(said, False, sentences=(Sentence(said, ()),), about=about)
    shown = turn_markdown(Turn("Who wrote it?", "Who wrote it?", answer))
    assert shown == (
        f'{markdown_text(said)}\n\n<small class="nd-about">{markdown_text(about)}</small>'
    )
    assert "&lt;Name&gt;" in shown  # escaped, never markup
    assert answer.to_dict()["about"] == about
    assert "nd-about" not in turn_markdown(Turn("q", "q", replace(answer, about="")))


def test_an_answer_given_with_a_caution_says_so_under_its_sentences():
    from assistant.answering.refusal import CAUTION
    from assistant.chat import Turn
    from assistant.types import Answer
    from assistant.ui.render import markdown_text, turn_markdown

    answer = Answer(
        "Chernyshenko met Xi.",
        False,
        sentences=(Sentence("Chernyshenko met Xi.", (1,)),),
        caution=CAUTION,
    )
    shown = turn_markdown(
        Turn("who is the foreign minister", "who is the foreign minister", answer)
    )
    assert shown == (
        "Chernyshenko met Xi\\. [\\[1\\]](#nd-source-1)\n\n"
        f'<small class="nd-caution">{markdown_text(CAUTION)}</small>'
    )
    plain = Turn("who", "who", replace(answer, caution=""))
    assert "nd-caution" not in turn_markdown(plain)
    # An answer whose sentences give no answer of the kind asked says that instead.
    where = replace(answer, caution="This may not answer the question: none of its "
                    "sentences gives a place the question does not give.")  # fmt: skip
    assert turn_markdown(Turn("where", "where", where)).endswith(
        '<small class="nd-caution">This may not answer the question\\: none of its sentences '
        "gives a place the question does not give\\.</small>"
    )


def test_a_refusal_says_why_once_with_how_its_words_were_read():
    from assistant.answering.refusal import refusal
    from assistant.chat import Turn
    from assistant.ui.render import refusal_markdown, turn_markdown

    why = refusal(note="No loaded article mentions Sergei <b>Lavrov</b>.")
    assert turn_markdown(Turn("who is lavrov", "who is lavrov", why)) == (
        refusal_markdown(why)
        + "\n\n<small>No loaded article mentions Sergei &lt;b&gt;Lavrov&lt;/b&gt;\\.</small>"
    )
    note = "Read “waht” as “what”. No loaded article uses these words of the question: job."
    typed = replace(refusal(note=note), respelt=(("waht", "what"),))
    shown = turn_markdown(Turn("waht job", "waht job", typed))
    assert shown.count("Read") == 1 and shown.endswith("question\\: job\\.</small>")


def test_an_answer_the_llm_did_not_write_says_why_under_its_sentences():
    from assistant.chat import Turn
    from assistant.types import Answer
    from assistant.ui.render import turn_markdown

    answer = Answer(
        "Chernyshenko met Xi.",
        False,
        sentences=(Sentence("Chernyshenko met Xi.", (1,)),),
        llm_skipped="Cannot reach the ollama server at http://127.0.0.1:9/<x>",
    )
    shown = turn_markdown(Turn("who met xi", "who met xi", answer))
    assert shown == (
        "Chernyshenko met Xi\\. [\\[1\\]](#nd-source-1)\n\n"
        '<small class="nd-fallback">The LLM was not used\\: Cannot reach the ollama server '
        "at http\\://127\\.0\\.0\\.1\\:9/&lt;x&gt;\\. This is the extractive answer "
        "instead\\.</small>"
    )
    assert "nd-fallback" not in turn_markdown(Turn("who", "who", replace(answer, llm_skipped="")))


def test_citations_an_llm_wrote_that_did_not_check_out_are_counted_under_its_answer():
    from assistant.chat import Turn
    from assistant.types import Answer
    from assistant.ui.render import turn_markdown

    answer = Answer(
        "Chernyshenko met Xi.",
        False,
        sentences=(Sentence("Chernyshenko met Xi.", (1,)),),
        backend="ollama",
        removals=(
            "“Xi lands in Moscow”, paragraph 6: the paragraph does not say this",
            "[7]: names no source given to the answerer",
        ),
    )
    assert answer.citations_removed == 2 and answer.to_dict()["citations_removed"] == 2
    assert turn_markdown(Turn("who met xi", "who met xi", answer)) == (
        "Chernyshenko met Xi\\. [\\[1\\]](#nd-source-1)\n\n"
        '<small class="nd-checked">2 citations that did not check out against their '
        "paragraphs were removed \\(“Xi lands in Moscow”, paragraph 6\\: the paragraph does "
        "not say this; \\[7\\]\\: names no source given to the answerer\\)\\.</small>"
    )
    one = turn_markdown(Turn("who", "who", replace(answer, removals=answer.removals[:1])))
    assert one.endswith(
        "1 citation that did not check out against its paragraph was removed "
        "\\(“Xi lands in Moscow”, paragraph 6\\: the paragraph does not say this\\)\\.</small>"
    )
    assert "nd-checked" not in turn_markdown(Turn("who", "who", replace(answer, removals=())))
