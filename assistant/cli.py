"""The `newsdesk` command: ingest, ask, stats, serve, eval.

Library code raises NewsdeskError; this module turns errors into one-line
messages and exit codes (0 ok, 1 some input skipped or an error, 2 usage).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.errors import NewsdeskError


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, help="index folder (default .newsdesk)")
    parser.add_argument("--chroma-url", help="use a Chroma server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--embedding-model", help="sentence-transformers model name or folder")


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--source", action="append", dest="sources", help="only this outlet (repeatable)"
    )
    parser.add_argument("--since", help="only articles published on or after YYYY-MM-DD")
    parser.add_argument("--until", help="only articles published on or before YYYY-MM-DD")


def _llm(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--llm",
        choices=["none", "llamacpp", "ollama", "openai"],
        help="who writes the answer (default none: the extractive answerer)",
    )
    parser.add_argument("--model", help="model name for --llm ollama/openai")
    parser.add_argument("--model-path", type=Path, help="GGUF file for --llm llamacpp")
    parser.add_argument(
        "--base-url", help="server for --llm ollama/openai, e.g. http://127.0.0.1:8000/v1"
    )


def _reranker(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--reranker", help="local cross-encoder folder or cached model name")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk", description="Ask questions about news articles; answers cite paragraphs."
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="load article files or folders into the index")
    p.add_argument("paths", nargs="*", help=".txt, .json, .jsonl, .html files, folders or URLs")
    p.add_argument(
        "--feed",
        action="append",
        default=[],
        metavar="URL",
        help="ingest the new items of an RSS or Atom feed (repeatable)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _common(p)

    p = sub.add_parser("ask", help="answer one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument("--top-k", type=int, help="paragraphs to retrieve")
    _reranker(p)
    _common(p)
    _filters(p)
    _llm(p)

    p = sub.add_parser("stats", help="what the index holds")
    p.add_argument("--json", action="store_true")
    _common(p)

    p = sub.add_parser("serve", help="open the chat window")
    p.add_argument("--host", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default 7860)")
    p.add_argument("--auth", help="user:password required to use the window")
    p.add_argument("--no-auth", action="store_true", help="allow another address without auth")
    _common(p)

    p = sub.add_parser("eval", help="score retrieval and answers on a benchmark")
    p.add_argument("--corpus", required=True, type=Path, help="articles (JSON array)")
    p.add_argument("--queries", required=True, type=Path, help="queries with evidence (JSON)")
    p.add_argument("--limit", type=int, help="only the first N queries")
    p.add_argument("--out", type=Path, help="write the metrics as JSON here")
    _reranker(p)
    _common(p)
    return parser


def _settings(args: argparse.Namespace):
    from assistant.settings import get_settings

    return get_settings(
        data_dir=args.data_dir,
        chroma_url=args.chroma_url,
        embedding_model=args.embedding_model,
        reranker=getattr(args, "reranker", None),
        llm=getattr(args, "llm", None),
        llm_model=getattr(args, "model", None),
        llm_model_path=getattr(args, "model_path", None),
        llm_base_url=getattr(args, "base_url", None),
    )


def cmd_ingest(args: argparse.Namespace) -> int:
    from itertools import chain

    from assistant.pipeline import Engine
    from index.ingest import wait_for_ingestion
    from index.sources.files import load_paths
    from index.sources.web import FeedState, is_url, load_feeds, load_urls

    settings = _settings(args)
    max_bytes = settings.index.max_file_mb * 2**20
    urls = [p for p in args.paths if is_url(p)]
    files = [p for p in args.paths if not is_url(p)]
    state = FeedState(Path(settings.data_dir)) if args.feed else None
    feeds = load_feeds(args.feed, state) if state is not None else None

    def waiting() -> None:
        print(
            f"Another ingestion is writing to {settings.data_dir}; waiting for it to end...",
            file=sys.stderr,
        )

    # Wait out another ingestion before opening the store: opened while the other one
    # writes, the store can stall on its database with nothing said.
    wait_for_ingestion(Path(settings.data_dir), waiting)
    engine = Engine(settings.index, create=True)
    items = chain(
        load_paths(files, max_bytes),
        load_urls(urls),
        feeds.items if feeds is not None else (),
    )
    report = engine.ingest_articles(
        items,
        progress=None if not args.quiet else False,
        on_wait=waiting,
    )
    if state is not None and feeds is not None:  # only once the items are stored
        for feed_url, ids in feeds.loaded.items():
            state.mark(feed_url, ids)
        state.save()
    for skipped in report.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    print(
        f"{len(report.added)} articles added ({report.paragraphs_added} paragraphs, "
        f"{report.chunks_added} chunks), {len(report.replaced)} replaced, "
        f"{report.unchanged} unchanged, {len(report.skipped)} skipped "
        f"in {report.seconds:.1f}s; index at {settings.index.chroma_url or settings.data_dir}"
    )
    return 0 if report.ok else 1


def cmd_ask(args: argparse.Namespace) -> int:
    from assistant.answering.citations import format_sources
    from assistant.api import query

    answer = query(
        args.question,
        settings=_settings(args),
        top_k=args.top_k,
        sources=args.sources,
        since=args.since,
        until=args.until,
    )
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(answer.text)
        if answer.citations:
            print("\nSources:\n" + format_sources(answer.citations))
        if answer.note:
            print(f"newsdesk: note: {answer.note}", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from assistant.pipeline import get_engine

    stats = get_engine(_settings(args)).stats()
    if args.json:
        print(json.dumps(stats))
    else:
        for name, value in stats.items():
            print(f"{name}: {value}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from assistant.settings import get_settings
    from assistant.ui.window import serve

    settings = get_settings(_settings(args), host=args.host, port=args.port, auth=args.auth)
    serve(settings, no_auth=args.no_auth)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    import time

    from assistant.evaluation import evaluate, format_table, load_corpus, load_queries, report
    from assistant.pipeline import Engine

    settings = _settings(args)
    queries = load_queries(args.queries)[: args.limit or None]
    started = time.perf_counter()
    articles = load_corpus(args.corpus)
    engine = Engine(settings.index, create=True)
    engine.ingest_articles(articles, progress=sys.stderr.isatty())

    def progress(done: int) -> None:
        if sys.stderr.isatty() and done % 100 == 0:
            print(f"  {done}/{len(queries)} queries", file=sys.stderr)

    result = report(evaluate(engine, articles, queries, settings, on_progress=progress))
    print(format_table(result))
    print(f"\n{len(queries)} queries in {time.perf_counter() - started:.0f}s")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2))
    return 0


COMMANDS = {
    "ingest": cmd_ingest,
    "ask": cmd_ask,
    "stats": cmd_stats,
    "serve": cmd_serve,
    "eval": cmd_eval,
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "ingest" and not args.paths and not args.feed:
        parser.error("ingest needs a PATH, a URL or --feed URL")
    try:
        return COMMANDS[args.command](args)
    except NewsdeskError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
