"""A chat on the bundled sample article, as people type it: each answer beside what a
good assistant would do.

    python bench/chat_messages.py [--messages bench/chat_messages.json] [--data-dir DIR]

`bench/chat_messages.json` holds 60 messages of 8 users (session 28, written by a helper
shown the article and none of the code): short and misspelt questions, yes/no and false
premises, follow-ups, requests about the article as a whole, tasks ("translate it"),
questions the article cannot answer and odd inputs. Each user's messages are asked in
order in one ChatSession, so follow-ups lean on the conversation. Prints each answer
(refused or the cited paragraphs, the note, the text's start) under the expectation, and
the count of refusals; read by eye, as no single figure says whether a chat went well.
The sample is ingested into `--data-dir` when it is not there yet.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant import ChatSession  # noqa: E402
from assistant.pipeline import Engine  # noqa: E402
from assistant.settings import get_settings  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=Path, default=ROOT / "bench" / "chat_messages.json")
    parser.add_argument("--data-dir", type=Path, default=ROOT / ".newsdesk-chat-bench")
    args = parser.parse_args(argv)
    settings = get_settings(data_dir=args.data_dir)
    Engine(settings.index, create=True).ingest([ROOT / "samples"], progress=False)
    sessions: dict[int, ChatSession] = {}
    refused = 0
    for m in json.loads(args.messages.read_text(encoding="utf-8"))["messages"]:
        chat = sessions.setdefault(m["user"], ChatSession(settings=settings))
        answer = chat.ask(m["text"])
        refused += answer.refused
        cited = ",".join(str(c.paragraph) for c in answer.citations)
        shown = "refused" if answer.refused else f"[{cited}]"
        print(f"[user {m['user']}] {m['text']}\n  expected: {m['expect']}")
        print(f"  got: {shown} {answer.note}\n  {answer.text[:200]}")
    print(f"refused: {refused} of {sum(len(c.turns) for c in sessions.values())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
