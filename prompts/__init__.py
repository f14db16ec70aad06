"""Prompt templates as plain files, loaded by name and checked when loaded.

A template is a `NAME.txt` file in this folder using `{variable}` fields
(`{{` and `}}` for literal braces). Each known template declares the exact
variables it must use: one missing or one unknown fails at load time with a
message naming the file, not in the middle of an answer.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from index.errors import NewsdeskError

HERE = Path(__file__).resolve().parent

# The variables each template must use, no more and no fewer.
VARIABLES: dict[str, frozenset[str]] = {
    "system": frozenset({"refusal"}),
    "answer": frozenset({"sources", "question", "refusal"}),
    "source": frozenset({"n", "title", "outlet", "date", "text"}),
    "condense": frozenset({"history", "question"}),
}


class PromptError(NewsdeskError):
    """A prompt template that is missing, malformed, or has the wrong variables."""


@dataclass(frozen=True)
class Prompt:
    """A checked template; `format()` fills exactly its variables."""

    name: str
    path: Path
    text: str
    variables: frozenset[str]

    def format(self, **values: object) -> str:
        """The template filled in; every variable must be given, and no other."""
        given = frozenset(values)
        if given != self.variables:
            missing = ", ".join(sorted(self.variables - given)) or "none"
            unknown = ", ".join(sorted(given - self.variables)) or "none"
            raise PromptError(
                f"Prompt {self.path} takes {sorted(self.variables)}: "
                f"missing {missing}, unknown {unknown}"
            )
        return self.text.format(**values)


def fields(text: str, path: Path) -> frozenset[str]:
    """The `{variable}` names a template uses; raises PromptError on bad syntax."""
    names: set[str] = set()
    try:
        for _, name, _, _ in string.Formatter().parse(text):
            if name is None:
                continue
            if not name.isidentifier():
                raise PromptError(
                    f"Prompt {path} has the field {{{name}}}: use plain names like {{question}}, "
                    "and {{ }} for literal braces"
                )
            names.add(name)
    except ValueError as exc:
        raise PromptError(f"Prompt {path} is not a valid template: {exc}") from None
    return frozenset(names)


def load(name: str, directory: Path | str | None = None) -> Prompt:
    """The template `name` from `directory` (default: this folder), its variables checked."""
    if name not in VARIABLES:
        raise PromptError(f"No prompt named {name!r}: known prompts are {sorted(VARIABLES)}")
    return _load(name, Path(directory) if directory is not None else HERE)


@cache
def _load(name: str, directory: Path) -> Prompt:
    path = directory / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8").strip() + "\n"
    except OSError as exc:
        raise PromptError(f"Cannot read prompt {path}: {exc.strerror or exc}") from None
    used = fields(text, path)
    wanted = VARIABLES[name]
    if used != wanted:
        problems = []
        if wanted - used:
            problems.append(f"missing {', '.join('{' + v + '}' for v in sorted(wanted - used))}")
        if used - wanted:
            problems.append(f"unknown {', '.join('{' + v + '}' for v in sorted(used - wanted))}")
        raise PromptError(f"Prompt {path}: {'; '.join(problems)} (it must use {sorted(wanted)})")
    return Prompt(name, path, text, wanted)


__all__ = ["VARIABLES", "Prompt", "PromptError", "load"]
