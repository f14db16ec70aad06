"""The Gradio chat window and its handlers (`newsdesk serve`, `python app.py`).

Turns library errors into messages for people. What the window shows is rendered,
escaped, by assistant/ui/render.py; uploads are stored by assistant/ui/uploads.py;
its CSS and scripts are the files beside this one.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

from assistant.api import make_filters
from assistant.chat import ChatSession
from assistant.errors import NewsdeskError
from assistant.pipeline import get_engine
from assistant.settings import Settings
from assistant.types import Filters, Sentence
from assistant.ui.render import (
    chat_markdown,
    copy_markdown,
    error_message,
    markdown_text,
    plain_answer,
    sources_html,
    stats_html,
    turn_markdown,
)
from assistant.ui.uploads import ingest_report_html, store_uploads
from index.sources.files import SUPPORTED_SUFFIXES

_HERE = Path(__file__).parent
CSS = (_HERE / "style.css").read_text(encoding="utf-8")
JS = (_HERE / "window.js").read_text(encoding="utf-8")
COPY_JS = (_HERE / "copy.js").read_text(encoding="utf-8")

log = logging.getLogger("newsdesk.app")

SAMPLE_TITLE = "China's Xi arrives in Moscow for first visit since Russia invaded Ukraine"
SAMPLE_QUESTIONS = (
    "What is this article about?",
    "Who greeted Xi Jinping when he arrived in Moscow?",
    "What did John Kirby say a ceasefire would do?",
    "When did Putin and Xi declare a “no limits” partnership?",
)
UPLOAD_TYPES = sorted(SUPPORTED_SUFFIXES)
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def answer_updates(session: ChatSession, question: str) -> Iterator[str]:
    """The chat message as it grows, one update per composed sentence, then its final form.

    Raises what the engine raises (NewsdeskError for questions it cannot take).
    """
    shown: list[Sentence] = []
    for item in session.stream(question):
        if isinstance(item, Sentence):
            shown.append(item)
            yield chat_markdown(shown)
    yield turn_markdown(session.turns[-1])


def window_filters(outlets: list[str] | None, since: str | None, until: str | None) -> Filters:
    """Filters from the window's fields (and the API's): a blank date is no bound."""
    return make_filters(outlets, (since or "").strip() or None, (until or "").strip() or None)


# -- example questions -------------------------------------------------------------------


def example_questions(catalog: list[dict], limit: int = 3) -> list[str]:
    """Questions to offer on an empty chat, from the titles of the newest articles."""
    titles: dict[str, int] = {}
    for meta in catalog:
        title = str(meta.get("title") or "").strip()
        if title:
            titles[title] = max(titles.get(title, -1), int(meta.get("published_ts") or -1))
    if not titles:
        return []
    if set(titles) == {SAMPLE_TITLE}:
        return list(SAMPLE_QUESTIONS)
    newest = sorted(titles, key=lambda t: (-titles[t], t))[:limit]
    return [f"Summarize the article “{_short(t)}”" for t in newest]  # asked.overview


def _short(title: str, words: int = 9) -> str:
    parts = title.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# -- the window --------------------------------------------------------------------------


PLACEHOLDER = (
    "### Ask about the loaded articles\n"
    "Every answer cites the paragraphs it comes from: click a marker such as **[1]** "
    "to read the source. Follow-up questions keep the context."
)


def chatbot_examples(questions: list[str]) -> list[dict]:
    """Example questions in the form the chat shows them."""
    return [{"text": q} for q in questions]


class Handlers:
    """What the window does for each event, on the index that `settings` names."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.upload_dir = Path(settings.data_dir) / "uploads"

    def corpus(self) -> tuple[dict | None, list[str], list[str]]:
        """Stats, example questions and outlets of the index (None, [], [] without one)."""
        try:
            engine = get_engine(self.settings)
            catalog = engine.retriever.lexical.catalog
            outlets = sorted({str(m.get("source") or "") for m in catalog} - {""})
            return engine.stats(), example_questions(catalog), outlets
        except NewsdeskError:
            return None, [], []

    def on_load(self):
        """A page opened: the index's stats, example questions and outlets."""
        stats, questions, outlets = self.corpus()
        return (
            stats_html(stats),
            gr.update(examples=chatbot_examples(questions) or None),
            gr.update(choices=outlets),
        )

    def new_session(self, session: ChatSession | None) -> ChatSession:
        """The tab's conversation, begun on its first question."""
        return session if session is not None else ChatSession(settings=self.settings)

    def respond(
        self,
        message: str,
        history: list,
        session: ChatSession | None,
        outlets: list[str] | None = None,
        since: str | None = "",
        until: str | None = "",
    ):
        """Stream one answer into the chat; then the side panel gets its sources."""
        session = self.new_session(session)
        history = [*history, {"role": "user", "content": markdown_text(message or "")}]
        skip = gr.skip()
        yield history + [{"role": "assistant", "content": "…"}], skip, skip, session, ""
        try:
            session.filters = window_filters(outlets, since, until)
            for content in answer_updates(session, message or ""):
                yield history + [{"role": "assistant", "content": content}], skip, skip, session, ""
        except NewsdeskError as exc:
            content = f"⚠️ {markdown_text(error_message(exc))}"
            yield history + [{"role": "assistant", "content": content}], skip, skip, session, ""
            return
        except Exception:  # noqa: BLE001 - the window reports, the log keeps the traceback
            log.exception("answering %r failed", message)
            content = "⚠️ Something went wrong while answering; the server log has details."
            yield history + [{"role": "assistant", "content": content}], skip, skip, session, ""
            return
        answer = session.turns[-1].answer
        yield skip, sources_html(session), copy_markdown(message, answer), session, ""

    @staticmethod
    def pick_example(evt: gr.SelectData) -> str:
        """An example question clicked: it becomes the question asked."""
        return evt.value["text"]

    def reset(self, session: ChatSession | None):
        """New conversation: an empty chat and source panel, numbering from [1]."""
        if session is not None:
            session.reset()
        return [], sources_html(None), "", session, ""

    def ask_api(
        self,
        question: str,
        session: ChatSession | None,
        sources: str | None = "",
        since: str | None = "",
        until: str | None = "",
    ):
        """The answer text with its [n] markers and the numbered source list. Optional
        filters: outlets separated by commas, and ISO dates."""
        session = self.new_session(session)
        try:
            outlets = [name.strip() for name in (sources or "").split(",") if name.strip()]
            session.filters = window_filters(outlets, since, until)
            answer = session.ask(question or "")
        except NewsdeskError as exc:
            raise gr.Error(error_message(exc)) from None
        return plain_answer(answer), session

    def upload(self, files: list[str] | None, progress=gr.Progress(track_tqdm=True)):  # noqa: B008
        """Load uploaded files into the index, then show what happened and the new stats."""
        if not files:
            return gr.skip(), gr.skip(), gr.skip(), None, gr.skip()
        progress(0, desc="Reading the files…")
        stored, refused = store_uploads(
            files, self.upload_dir, self.settings.server.upload_mb * 2**20
        )
        report = None
        if stored:
            try:
                engine = get_engine(self.settings, create=True)
                report = engine.ingest(
                    stored,
                    progress=True,
                    on_wait=lambda: progress(0, desc="Waiting for another upload to finish…"),
                )
            except NewsdeskError as exc:
                message = f'<div class="nd-skipped">{html.escape(error_message(exc))}</div>'
                return message, gr.skip(), gr.skip(), None, gr.skip()
        stats, questions, outlets = self.corpus()
        return (
            ingest_report_html(report, refused, self.upload_dir),
            stats_html(stats),
            gr.update(examples=chatbot_examples(questions) or None),
            None,
            gr.update(choices=outlets),
        )


def build_app(settings: Settings):
    """The chat window for the index that `settings` names."""
    handlers = Handlers(settings)
    initial_stats, initial_questions, initial_outlets = handlers.corpus()
    with gr.Blocks(title="Newsdesk", fill_width=True) as demo:
        session = gr.State(None)
        with gr.Row(elem_id="nd-header"):
            gr.HTML(
                '<h1>Newsdesk</h1> <span class="nd-tagline">Answers from your news articles, '
                "every claim cited.</span>"
            )
            stats = gr.HTML(stats_html(initial_stats), elem_id="nd-stats")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3, min_width=420):
                chatbot = gr.Chatbot(
                    elem_id="nd-chat",
                    label="Conversation",
                    show_label=False,
                    height="60vh",
                    placeholder=PLACEHOLDER,
                    examples=chatbot_examples(initial_questions) or None,
                    latex_delimiters=[],
                    feedback_options=None,
                    buttons=[],
                    layout="bubble",
                )
                with gr.Row(elem_id="nd-ask-row", equal_height=True):
                    question = gr.Textbox(
                        elem_id="nd-question",
                        placeholder="Ask a question about the articles…",
                        show_label=False,
                        container=False,
                        scale=6,
                        max_lines=4,
                        autofocus=True,
                    )
                    send = gr.Button("Ask", variant="primary", scale=1, min_width=90)
                with gr.Row(elem_id="nd-actions"):
                    new = gr.Button(
                        "New conversation", size="sm", scale=0, min_width=150, elem_id="nd-new"
                    )
                    copy = gr.Button(
                        "Copy answer as Markdown",
                        size="sm",
                        scale=0,
                        min_width=200,
                        elem_id="nd-copy",
                    )
                with (
                    gr.Accordion("Only some outlets or dates", open=False, elem_id="nd-filters"),
                    gr.Row(),
                ):
                    outlets = gr.Dropdown(
                        initial_outlets,
                        multiselect=True,
                        label="Outlets (all when empty)",
                        elem_id="nd-outlets",
                        scale=2,
                    )
                    since = gr.Textbox(label="From (YYYY-MM-DD)", elem_id="nd-since", scale=1)
                    until = gr.Textbox(label="To (YYYY-MM-DD)", elem_id="nd-until", scale=1)
                markdown = gr.Textbox(visible="hidden", elem_id="nd-markdown")
            with gr.Column(scale=2, min_width=340):
                gr.HTML('<h3 class="nd-panel-title">Sources</h3>')
                sources = gr.HTML(sources_html(None), elem_id="nd-sources")
                with gr.Accordion("Articles", open=not initial_stats, elem_id="nd-articles"):
                    files = gr.File(
                        label=(
                            f"Add articles: {', '.join(UPLOAD_TYPES)} "
                            f"({settings.server.upload_mb} MB at most)"
                        ),
                        file_count="multiple",
                        file_types=UPLOAD_TYPES,
                        type="filepath",
                        height=140,
                        elem_id="nd-upload",
                    )
                    report = gr.HTML(elem_id="nd-report", min_height=40)
        # The programmatic endpoints: Client(url).predict("question", api_name="/chat"),
        # and api_name="/chat_filtered" with sources="Outlet A, Outlet B",
        # since="2023-10-01", until=... as well.
        api_question = gr.Textbox(visible=False, label="question")
        api_sources = gr.Textbox("", visible=False, label="sources")
        api_since = gr.Textbox("", visible=False, label="since")
        api_until = gr.Textbox("", visible=False, label="until")
        api_answer = gr.Textbox(visible=False, label="answer")
        api_button = gr.Button(visible=False)

        chat_inputs = [question, chatbot, session, outlets, since, until]
        chat_outputs = [chatbot, sources, markdown, session, question]
        for trigger in (question.submit, send.click):
            trigger(
                handlers.respond,
                chat_inputs,
                chat_outputs,
                api_visibility="private",
                concurrency_id="chat",
            )

        chatbot.example_select(
            handlers.pick_example, None, question, api_visibility="private"
        ).then(handlers.respond, chat_inputs, chat_outputs, api_visibility="private")
        new.click(handlers.reset, session, chat_outputs, api_visibility="private")
        chatbot.clear(handlers.reset, session, chat_outputs, api_visibility="private")
        copy.click(None, markdown, None, js=COPY_JS, api_visibility="private")
        files.upload(
            handlers.upload,
            files,
            [report, stats, chatbot, files, outlets],
            api_visibility="private",
            show_progress_on=[report],
        )
        api_button.click(
            handlers.ask_api, [api_question, session], [api_answer, session], api_name="chat"
        )
        # The same with filters, as its own endpoint: a plain HTTP client of /chat sends
        # the question alone, and Gradio fills in no missing inputs.
        api_filtered = gr.Button(visible=False)
        api_filtered.click(
            handlers.ask_api,
            [api_question, session, api_sources, api_since, api_until],
            [api_answer, session],
            api_name="chat_filtered",
        )
        on_load_outputs = [stats, chatbot, outlets]
        demo.load(
            handlers.on_load,
            None,
            on_load_outputs,
            api_visibility="private",
            show_progress="hidden",
        )
    return demo


def check_binding(settings: Settings, no_auth: bool) -> tuple[str, str] | None:
    """Auth credentials for the server; refuse to expose it without auth."""
    server = settings.server
    if server.auth:
        user, sep, password = server.auth.partition(":")
        if not sep or not user or not password:
            raise NewsdeskError("NEWSDESK_AUTH must be user:password")
        return (user, password)
    if server.host not in LOCAL_HOSTS and not no_auth:
        raise NewsdeskError(
            f"Binding to {server.host} exposes the window to the network: set "
            "NEWSDESK_AUTH=user:password (or --auth), or pass --no-auth deliberately"
        )
    return None


def launch_options(settings: Settings, no_auth: bool = False) -> dict:
    """Everything `launch()` is given: address, auth, upload limit, never a share link."""
    return {
        "server_name": settings.server.host,
        "server_port": settings.server.port,
        "auth": check_binding(settings, no_auth),
        "share": False,
        "max_file_size": f"{settings.server.upload_mb}mb",
        "show_error": False,
        "css": CSS,
        "js": JS,
        "theme": gr.themes.Soft(primary_hue="indigo", neutral_hue="slate"),
        "footer_links": ["api"],
    }


def serve(settings: Settings, no_auth: bool = False) -> None:
    """Open the chat window and block until it is stopped."""
    options = launch_options(settings, no_auth)
    build_app(settings).queue(default_concurrency_limit=4).launch(**options)
