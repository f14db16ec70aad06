"""What the window shows of an answer: pure rendering, escaped."""

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
