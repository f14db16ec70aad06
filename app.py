"""The Gradio chat window. Run `python app.py` or `newsdesk serve`.

Turns library errors into messages for people; article text is always shown
as text, never as HTML.
"""

from __future__ import annotations

import html
import sys

from assistant.chat import resolve
from assistant.cite import format_sources
from assistant.errors import NewsdeskError
from assistant.settings import Settings, get_settings
from assistant.types import Answer


def _answer_markdown(answer: Answer) -> str:
    if answer.refused or not answer.citations:
        return html.escape(answer.text)
    return html.escape(answer.text) + "\n\n**Sources**\n\n" + html.escape(
        format_sources(answer.citations)
    ).replace("\n", "  \n")


def build_app(settings: Settings):
    """The chat window for the index that `settings` names."""
    import gradio as gr

    from assistant.engine import get_engine

    def chat(message: str, history: list[dict]):
        previous = [m["content"] for m in history if m.get("role") == "user" and isinstance(m.get("content"), str)]
        try:
            engine = get_engine(settings)
            shown = ""
            for item in engine.stream(message, search_text=resolve(message, previous)):
                if isinstance(item, Answer):
                    yield _answer_markdown(item)
                else:
                    shown += html.escape(item.text) + "".join(f" [{n}]" for n in item.citations) + " "
                    yield shown
        except NewsdeskError as exc:
            yield f"⚠️ {html.escape(str(exc))}"

    with gr.Blocks(title="Newsdesk") as demo:
        gr.Markdown("# Newsdesk\nAsk about the loaded news articles. Every answer cites its paragraphs.")
        gr.ChatInterface(chat, api_name="chat")
    return demo


def check_binding(settings: Settings, no_auth: bool) -> tuple[str, str] | None:
    """Auth credentials for the server; refuse to expose it without auth."""
    if settings.auth:
        user, sep, password = settings.auth.partition(":")
        if not sep or not user or not password:
            raise NewsdeskError("NEWSDESK_AUTH must be user:password")
        return (user, password)
    if settings.host not in ("127.0.0.1", "localhost", "::1") and not no_auth:
        raise NewsdeskError(
            f"Binding to {settings.host} exposes the window to the network: set "
            "NEWSDESK_AUTH=user:password (or --auth), or pass --no-auth deliberately"
        )
    return None


def serve(settings: Settings, no_auth: bool = False) -> None:
    """Open the chat window and block until it is stopped."""
    auth = check_binding(settings, no_auth)
    demo = build_app(settings)
    demo.queue(default_concurrency_limit=4).launch(
        server_name=settings.host,
        server_port=settings.port,
        auth=auth,
        share=False,
        max_file_size=f"{settings.upload_mb}mb",
        show_error=False,
    )


if __name__ == "__main__":
    from assistant.cli import main

    sys.exit(main(["serve", *sys.argv[1:]]))
