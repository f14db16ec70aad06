import json
import subprocess
import sys

import pytest

from assistant.cli import main
from tests.conftest import SAMPLE


def test_ask_json_contract(sample_dir, capsys):
    code = main(
        [
            "ask",
            "Who greeted Xi Jinping when he arrived in Moscow?",
            "--json",
            "--data-dir",
            str(sample_dir),
        ]
    )
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {"answer", "refused", "citations"} <= set(out)
    assert out["refused"] is False
    citation = out["citations"][0]
    assert set(citation) >= {
        "n",
        "article_id",
        "title",
        "source",
        "url",
        "published",
        "paragraph",
        "text",
        "quote",
    }
    assert (citation["n"], citation["paragraph"], citation["source"]) == (1, 11, "cnn.com")


def test_ask_prints_answer_and_numbered_sources(sample_dir, capsys):
    assert (
        main(
            ["ask", "What did John Kirby say a ceasefire would do?", "--data-dir", str(sample_dir)]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "[1]" in out and "Sources:" in out
    assert (
        "China's Xi arrives in Moscow for first visit since Russia invaded Ukraine (cnn.com), paragraph 19"
        in out
    )


def test_stats_json(sample_dir, capsys):
    assert main(["stats", "--json", "--data-dir", str(sample_dir)]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "articles": 1,
        "paragraphs": 33,
        "chunks": 33,
        "embedding_model": "all-MiniLM-L6-v2",
    }


def test_ask_without_an_index_says_what_to_run(tmp_path, capsys):
    assert main(["ask", "anything?", "--data-dir", str(tmp_path / "none")]) == 1
    assert (
        capsys.readouterr().err
        == f"newsdesk: No index at {tmp_path / 'none'}: run `newsdesk ingest PATH` first\n"
    )


def test_ingest_exit_codes(tmp_path, capsys):
    data_dir = str(tmp_path / "index")
    assert main(["ingest", str(SAMPLE), "--data-dir", data_dir]) == 0
    bad = tmp_path / "bad.json"
    bad.write_text("[1]")
    assert main(["ingest", str(SAMPLE), str(bad), "--data-dir", data_dir]) == 1
    captured = capsys.readouterr()
    assert (
        f"skipped {bad}: record 1: expected an object with a 'body', got a number" in captured.err
    )
    assert (
        "0 articles added (0 paragraphs, 0 chunks), 0 replaced, 1 unchanged, 1 skipped"
        in captured.out
    )
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest"])
    assert exit_info.value.code == 2


@pytest.mark.slow
def test_console_script_runs_offline_in_a_fresh_process(sample_dir):
    """The installed `newsdesk` command, as a user runs it, with no network variables set."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant.cli",
            "ask",
            "What is the boiling point of tungsten?",
            "--json",
            "--data-dir",
            str(sample_dir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["refused"] is True
    assert "Traceback" not in result.stderr
