"""A conversation: history, follow-up questions and stable citation numbers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.answering.citations import Numbering
from assistant.errors import LLMError
from assistant.pipeline import Engine, get_engine
from assistant.retrieval.understand import names
from assistant.settings import Settings, get_settings
from assistant.types import Answer, Filters, Sentence, final_answer
from index.text import STOPWORDS, words

# Words that point back into the conversation instead of naming what they mean.
_ANAPHORA = frozenset(
    "he him his she her hers they them their theirs it its there that this these those "
    "former latter".split()
)
_QUESTION_WORDS = frozenset(
    "who what when where why how which whom whose did does do is are was were can could would "
    "will should".split()
)


def is_follow_up(question: str, named: Callable[[str], bool] = lambda word: False) -> bool:
    """True when a question leans on the conversation: pronouns and no names of its own,
    or one word only, unless that word is a name (`named`: does the corpus write it as a
    name? "who's kirby" names Kirby, typed in lower case)."""
    tokens = words(question)
    if any(t in _ANAPHORA for t in tokens):
        return not names(question, ignore=_ANAPHORA)
    content = [t for t in tokens if t not in STOPWORDS]
    return len(content) == 0 or (len(content) == 1 and not named(content[0]))


def resolve(question: str, previous: list[str]) -> str:
    """The text to search for: a follow-up carries the subject of the last question."""
    if not previous or not is_follow_up(question):
        return question
    last = previous[-1]
    context = " ".join(names(last, ignore=_ANAPHORA)) or " ".join(
        w for w in words(last) if w not in STOPWORDS and w not in _QUESTION_WORDS
    )
    return f"{question} ({context})" if context else question


@dataclass
class Turn:
    question: str
    resolved: str
    answer: Answer


@dataclass
class ChatSession:
    """Questions and answers in order; a cited paragraph keeps its number throughout."""

    settings: Settings | None = None
    data_dir: str | Path | None = None
    turns: list[Turn] = field(default_factory=list)
    numbering: Numbering = field(default_factory=Numbering)
    filters: Filters = field(default_factory=Filters)

    def __post_init__(self) -> None:
        self.settings = get_settings(
            self.settings, data_dir=Path(self.data_dir) if self.data_dir else None
        )

    @property
    def engine(self) -> Engine:
        return get_engine(self.settings)

    def stream(self, question: str) -> Iterator[Sentence | Answer]:
        """Answer sentences as they are composed, then the Answer; the turn is recorded."""
        resolved = self.resolve(question)
        final = None
        for item in self.engine.stream(
            question,
            self.settings,
            filters=self.filters,
            numbering=self.numbering,
            search_text=resolved,
        ):
            if isinstance(item, Answer):
                final = item
            yield item
        assert final is not None
        self.turns.append(Turn(question, resolved, final))

    def resolve(self, question: str) -> str:
        """The question to search for. A follow-up carries the conversation's subject:
        rewritten by the LLM when one is configured, else by `resolve()` (no LLM), from
        the last question that was answered."""
        if not self.turns or not is_follow_up(question, self._named):
            return question
        if self.settings.llm.backend != "none":
            from assistant.llm.backends import get_backend
            from assistant.llm.condense import condense_question

            history = [(t.question, t.answer.text) for t in self.turns]
            try:
                return condense_question(get_backend(self.settings.llm), history, question)
            except LLMError:
                pass  # the answer itself falls back and says why
        # the subject of the last question answered: a refused one's words are those the
        # articles lack, and carried on they would have the follow-up refused too
        return resolve(question, [t.resolved for t in self.turns if not t.answer.refused])

    def _named(self, word: str) -> bool:
        """Do the loaded articles write `word` as a name, capitalised in most chunks?"""
        held = self.engine.retriever.lexical
        return 2 * held.names.get(word, 0) > held.spellings.get(word, 0) > 0

    def ask(self, question: str) -> Answer:
        """The whole answer to one question of the conversation."""
        return final_answer(self.stream(question))

    def reset(self) -> None:
        """Start a new conversation: no history, numbering from [1] again."""
        self.turns.clear()
        self.numbering = Numbering()
