import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.sources.files import RecordError, load_file, load_paths, parse_record, parse_text_article
from index.types import Article, Skipped
from tests.conftest import SAMPLE


def _articles(items):
    return [i for i in items if isinstance(i, Article)]


def _skipped(items):
    return [str(i) for i in items if isinstance(i, Skipped)]


def test_sample_article_title_outlet_and_paragraphs():
    (article,) = list(load_file(SAMPLE))
    assert (
        article.title == "China's Xi arrives in Moscow for first visit since Russia invaded Ukraine"
    )
    assert article.source == "cnn.com"
    assert len(article.paragraphs) == 33
    assert article.paragraphs[0].startswith("Xi Jinping has landed in Moscow")
    assert article.paragraphs[10].startswith("Xi was greeted on his arrival at Vnukovo airport")
    assert article.paragraphs[-1].startswith("The meeting is expected to start")
    assert all("source:" not in p for p in article.paragraphs)


def test_text_metadata_lines_and_datelines():
    text = (
        "Title here\n\nWASHINGTON (AP) —\n\nurl: https://example.com/a\ndate: 2023-10-05\n\n"
        "First paragraph.\nStill first.\n\nSecond paragraph.\n\nsource: AP\nauthor: Jane Roe\n"
    )
    article = parse_text_article(text, origin="a.txt")
    assert article.paragraphs == ("First paragraph. Still first.", "Second paragraph.")
    assert (article.url, article.published, article.source, article.author) == (
        "https://example.com/a",
        "2023-10-05",
        "AP",
        "Jane Roe",
    )


def test_text_with_only_a_title_is_an_error():
    with pytest.raises(RecordError, match="no paragraphs after the title"):
        parse_text_article("Just a title\n\n")


def test_json_array_records(tmp_path):
    path = tmp_path / "a.json"
    path.write_text(
        json.dumps(
            [
                {
                    "title": "One",
                    "body": "Para one.\n\n  Para two.  \n",
                    "source": "The Verge",
                    "url": "https://v.example/1",
                    "author": "A",
                    "published_at": "2023-10-05T14:00:00+00:00",
                },
                {"title": "Two", "body": "Only."},
            ]
        )
    )
    one, two = _articles(load_file(path))
    assert one.paragraphs == ("Para one.", "Para two.")
    assert (one.source, one.url, one.author, one.published) == (
        "The Verge",
        "https://v.example/1",
        "A",
        "2023-10-05T14:00:00+00:00",
    )
    assert two.title == "Two" and two.paragraphs == ("Only.",)


def test_jsonl_bad_line_is_reported_with_its_number(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text('{"title": "A", "body": "x."}\n{not json\n{"title": "B", "body": "y."}\n')
    items = list(load_file(path))
    assert [a.title for a in _articles(items)] == ["A", "B"]
    assert _skipped(items) == [
        f"{path}:2: invalid JSON at column 2: Expecting property name enclosed in double quotes"
    ]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ('[{"title": "x"}]', "record 1: record has no 'body'"),
        ('[{"title": "x", "body": 5}]', "record 1: 'body' must be text, got a number"),
        ('{"articles": []}', "expected a JSON array of article records, got an object"),
        ("[1, 2", "invalid JSON at line 1, column 6: Expecting ',' delimiter"),
        ("[]", "empty JSON array: no articles"),
        ('[{"body": "  \\n "}]', "record 1: 'body' is empty"),
    ],
)
def test_bad_json_is_reported_with_the_reason(tmp_path, content, reason):
    path = tmp_path / "bad.json"
    path.write_text(content)
    assert _skipped(load_file(path)) == [f"{path}: {reason}"]


def test_empty_whitespace_binary_and_missing_files(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\u00a0\n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))
    items = list(load_paths([tmp_path, tmp_path / "nope.txt"]))
    assert _skipped(items) == [
        f"{tmp_path / 'blank.txt'}: empty file",
        f"{tmp_path / 'empty.txt'}: empty file",
        f"{tmp_path / 'image.txt'}: binary data, not text",
        f"{tmp_path / 'nope.txt'}: no such file or folder",
    ]


def test_windows_1252_text_is_decoded(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(
        "Caf\u00e9 talks\n\nThe caf\u00e9 \u201cmeeting\u201d went well.".encode("cp1252")
    )
    (article,) = _articles(load_file(path))
    assert article.title == "Café talks"
    assert article.paragraphs == ("The café “meeting” went well.",)


def test_folders_recursively_with_a_symlink_loop_and_unsupported_files(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B title\n\nB body.")
    (tmp_path / "a.txt").write_text("A title\n\nA body.")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    (tmp_path / ".hidden.txt").write_text("H\n\nh.")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    items = list(load_paths([tmp_path]))
    assert [a.title for a in _articles(items)] == ["A title", "B title"]
    assert _skipped(items) == [f"{tmp_path / 'photo.png'}: unsupported file type .png"]


def test_oversized_file_is_refused_before_reading(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("T\n\n" + "x " * 600_000)
    assert _skipped(load_file(path, max_bytes=1_000_000)) == [
        f"{path}: file is 1 MB, over the 1 MB limit (setting NEWSDESK_MAX_FILE_MB)"
    ]


def test_article_id_depends_on_content_and_key_on_identity():
    a = Article(title="T", paragraphs=("x.",), source="S")
    b = Article(title="T", paragraphs=("x, changed.",), source="S")
    assert a.id != b.id and a.key == b.key == "title:s t"
    assert Article(title="T", paragraphs=("x.",), url="https://u/1").key == "url:https://u/1"


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(["title", "body", "source", "url", "author", "published_at", "x"]),
        st.one_of(st.text(), st.integers(), st.none(), st.lists(st.text(), max_size=2)),
    )
)
def test_any_record_loads_or_raises_record_error(record):
    try:
        article = parse_record(record)
    except RecordError:
        return
    body = record["body"]
    assert "".join("".join(p.split()) for p in article.paragraphs) == "".join(body.split())


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=2000))
def test_any_text_loads_or_raises_record_error(text):
    try:
        article = parse_text_article(text)
    except RecordError:
        return
    assert article.paragraphs and all(p.strip() == p and p for p in article.paragraphs)
