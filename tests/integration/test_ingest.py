import json

import pytest

from assistant.pipeline import Engine
from assistant.settings import get_settings
from index.errors import IndexMissingError
from index.shape import IndexShape
from index.store import ChromaStore
from tests.conftest import FIXTURES, SAMPLE


def _engine(data_dir):
    return Engine(get_settings(data_dir=data_dir).index, create=True)


def test_sample_index_counts(sample_settings):
    from assistant.pipeline import get_engine

    assert get_engine(sample_settings).stats() == {
        "articles": 1,
        "paragraphs": 33,
        "chunks": 33,
        "embedding_model": "all-MiniLM-L6-v2",
    }


def test_ingesting_the_same_article_again_adds_nothing(copy_of_sample_dir, monkeypatch):
    engine = _engine(copy_of_sample_dir)
    generation = engine.store.generation
    assert len(engine.retriever.lexical.ids) == 33  # the copy's own BM25 index

    def read_every_chunk(*args, **kwargs):
        raise AssertionError("the BM25 catalog is current: no need to read every chunk")

    monkeypatch.setattr(ChromaStore, "all_metadata", read_every_chunk)
    report = engine.ingest([SAMPLE])
    assert (report.added, report.unchanged, report.skipped) == ([], 1, [])
    assert engine.store.count() == 33
    assert engine.store.generation == generation  # nothing changed, BM25 not rebuilt


def test_same_article_under_two_names_is_stored_once(tmp_path, fresh_dir):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SAMPLE.read_bytes())
    report = _engine(fresh_dir).ingest([SAMPLE, copy])
    assert (len(report.added), report.unchanged) == (1, 1)
    assert _engine(fresh_dir).stats()["chunks"] == 33


def test_a_changed_article_replaces_its_old_paragraphs(tmp_path, copy_of_sample_dir):
    edited = tmp_path / "edited.txt"
    text = SAMPLE.read_text().replace(
        "Xi was greeted on his arrival at Vnukovo airport",
        "Xi was welcomed on his arrival at Vnukovo airport",
    )
    edited.write_text(
        text.replace("\nsource: cnn.com", "\nA paragraph added in an update.\n\nsource: cnn.com")
    )
    engine = _engine(copy_of_sample_dir)
    report = engine.ingest([edited])
    assert report.replaced == [
        "China's Xi arrives in Moscow for first visit since Russia invaded Ukraine"
    ]
    assert engine.stats() == {
        "articles": 1,
        "paragraphs": 34,
        "chunks": 34,
        "embedding_model": "all-MiniLM-L6-v2",
    }
    answer = engine.ask("Who welcomed Xi at Vnukovo airport?")
    assert [c.paragraph for c in answer.citations][:1] == [11]
    assert "welcomed" in answer.citations[0].quote


def test_bad_files_are_skipped_and_nothing_stored_is_lost(tmp_path, copy_of_sample_dir):
    bad = tmp_path / "bad.json"
    bad.write_text("{broken")
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"title": "Tungsten", "body": "Tungsten boils at 5,555 C."}) + "\n")
    engine = _engine(copy_of_sample_dir)
    report = engine.ingest([bad, good])
    assert [str(s) for s in report.skipped] == [
        f"{bad}: invalid JSON at line 1, column 2: Expecting property name enclosed in double quotes"
    ]
    assert report.added == ["Tungsten"]
    assert engine.stats()["articles"] == 2 and engine.stats()["chunks"] == 34


def test_an_article_left_half_written_is_written_again(copy_of_sample_dir):
    engine = _engine(copy_of_sample_dir)
    article_id = engine.retriever.lexical.catalog[0]["article_id"]
    # What an interrupted write leaves: some chunks of the article are missing.
    engine.store._collection.delete(ids=[f"{article_id}:{n}:0" for n in range(20, 34)])
    report = engine.ingest([SAMPLE])
    assert len(report.added) == 1
    assert engine.store.count() == 33
    assert engine.stats()["paragraphs"] == 33


def test_chunks_written_without_a_new_generation_make_the_catalog_out_of_date(
    copy_of_sample_dir,
):
    import numpy as np

    from index import lexical

    engine = _engine(copy_of_sample_dir)
    assert lexical.stored_catalog(engine.store, copy_of_sample_dir) is None  # built elsewhere
    assert len(engine.retriever.lexical.ids) == 33  # the copy's own BM25 index
    rows = lexical.stored_catalog(engine.store, copy_of_sample_dir)
    assert len(rows) == 33 and rows[0][1]["key"] and rows[0][1]["n_chunks"] == 33
    # What an interrupted ingestion leaves: chunks stored, the generation not bumped.
    vector = np.ones((1, 384), dtype=np.float32) / np.sqrt(384)
    engine.store.add(["x:1:0"], ["A stray chunk."], [{"article_id": "x", "paragraph": 1}], vector)
    assert lexical.stored_catalog(engine.store, copy_of_sample_dir) is None


def test_a_chunk_an_interrupted_run_left_unfindable_is_written_again(
    fresh_dir, tmp_path, monkeypatch
):
    import numpy as np

    engine = _engine(fresh_dir)
    engine.ingest([FIXTURES / "eval" / "corpus.json"])
    fixture_ids = set(engine.retriever.lexical.ids)

    def killed(self):
        raise KeyboardInterrupt  # the process dies after its writes, before the run completes

    with monkeypatch.context() as patch:
        patch.setattr(ChromaStore, "bump_generation", killed)
        with pytest.raises(KeyboardInterrupt):
            engine.ingest([SAMPLE])
    sample_ids = sorted({i for i, _ in engine.store.all_metadata()} - fixture_ids)
    assert len(sample_ids) == 33
    lost = sample_ids[5]
    checks: list[list[str]] = []
    real = ChromaStore.unreachable

    def unreachable(self, ids):
        checks.append(sorted(ids))
        assert real(self, ids) == []  # every vector is findable here, so Chroma's loss of
        return [lost] if len(checks) == 1 else []  # one (see ChromaStore.unreachable) is simulated

    monkeypatch.setattr(ChromaStore, "unreachable", unreachable)
    fields = ["embeddings", "documents", "metadatas"]
    before = engine.store._collection.get(ids=[lost], include=fields)
    extra = tmp_path / "extra.txt"
    extra.write_text("Harbour news\n\nThe ferry to Skye now sails twice a day in winter.\n")
    report = engine.ingest([SAMPLE, extra])
    extra_ids = sorted(set(engine.retriever.lexical.ids) - fixture_ids - set(sample_ids))
    assert len(extra_ids) == 1
    # what the interrupted run and this one wrote, then the rewritten chunk once more
    assert checks == [sorted(sample_ids + extra_ids), [lost]]
    assert (report.repaired, report.unchanged, len(report.added)) == (1, 1, 1)
    after = engine.store._collection.get(ids=[lost], include=fields)
    assert (after["documents"], after["metadatas"]) == (before["documents"], before["metadatas"])
    assert np.allclose(after["embeddings"], before["embeddings"], atol=1e-6)
    assert engine.store.nearest(np.asarray(after["embeddings"][0]), 1)[0][0] == lost
    assert engine.store.count() == len(fixture_ids) + 33 + 1
    assert set(engine.retriever.lexical.ids) == fixture_ids | set(sample_ids + extra_ids)
    checks.clear()
    assert engine.ingest([SAMPLE]).repaired == 0 and checks == []  # nothing left to check


def test_short_paragraphs_weigh_less_and_an_index_saved_without_lengths_is_rebuilt(
    copy_of_sample_dir,
):
    import json

    from index import lexical

    engine = _engine(copy_of_sample_dir)
    index = engine.retriever.lexical
    prior = {
        int(m["paragraph"]): float(p)
        for m, p in zip(index.catalog, index.length_prior, strict=True)
    }
    words = {int(m["paragraph"]): m["words"] for m in index.catalog}
    assert (words[31], words[15], words[20], words[11]) == (15, 16, 20, 21)
    # The article's median paragraph has 32 words: "short" is under 0.6 x 32 = 19.2.
    assert prior[31] == pytest.approx((15 / 19.2) ** 0.5)
    assert prior[15] == pytest.approx((16 / 19.2) ** 0.5)
    assert prior[20] == prior[11] == 1.0  # 20 and 21 words
    # A saved index without paragraph lengths (an older Newsdesk) is built again.
    meta_path = copy_of_sample_dir / "bm25" / engine.store.name / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta["catalog"] = [{k: v for k, v in m.items() if k != "words"} for m in meta["catalog"]]
    meta_path.write_text(json.dumps(meta))
    assert lexical.stored_catalog(engine.store, copy_of_sample_dir) is None
    reloaded = lexical.load(engine.store, copy_of_sample_dir)
    assert {int(m["paragraph"]): m["words"] for m in reloaded.catalog} == words


@pytest.mark.parametrize("dropped", ["spellings", "acronyms", "words"])
def test_the_index_keeps_its_words_spellings_and_one_saved_without_them_is_rebuilt(
    copy_of_sample_dir, dropped
):
    import json

    from index import lexical

    engine = _engine(copy_of_sample_dir)
    spellings = engine.retriever.lexical.spellings
    # chunks, not occurrences: "kirby" is in paragraph 19 only, "xi" in most paragraphs
    assert spellings["kirby"] == 1 and spellings["vnukovo"] == 1 and spellings["xi"] > 20
    names = engine.retriever.lexical.names  # chunks that write it capitalised
    assert names["kirby"] == 1 and names["xi"] == spellings["xi"]
    assert 0 < 2 * names["the"] < spellings["the"]  # capitalised only where a sentence starts
    acronyms = engine.retriever.lexical.acronyms  # paragraph 2 spells out the court's name
    assert acronyms["icc"] == "International Criminal Court" and "icc" not in spellings
    meta_path = copy_of_sample_dir / "bm25" / engine.store.name / "meta.json"
    meta = json.loads(meta_path.read_text())
    del meta[dropped]
    meta_path.write_text(json.dumps(meta))
    assert lexical.stored_catalog(engine.store, copy_of_sample_dir) is None
    reloaded = lexical.load(engine.store, copy_of_sample_dir)
    assert (reloaded.spellings, reloaded.names, reloaded.acronyms) == (spellings, names, acronyms)


def test_missing_index_names_the_command_to_run(tmp_path):
    from assistant.errors import IndexMissingError

    with pytest.raises(IndexMissingError, match=r"run `newsdesk ingest PATH` first"):
        ChromaStore("all-MiniLM-L6-v2", data_dir=tmp_path / "none", create=False)


def test_the_collection_is_named_after_the_index_shape(copy_of_sample_dir):
    store = ChromaStore("all-MiniLM-L6-v2", data_dir=copy_of_sample_dir, create=False)
    assert store.name == IndexShape("all-MiniLM-L6-v2").name
    assert store.name.startswith("newsdesk-all-minilm-l6-v2-")


@pytest.mark.parametrize(
    "changed",
    [{"embedding_model": "other-model"}, {"max_chunk_words": 100}, {"max_chunk_chars": 900}],
    ids=["model", "chunk-words", "chunk-chars"],
)
def test_an_index_built_with_other_settings_asks_for_a_new_ingestion(
    copy_of_sample_dir, changed, capsys
):
    from assistant import query
    from assistant.cli import main

    settings = get_settings(data_dir=copy_of_sample_dir, **changed)
    expected = (
        f"The index at {copy_of_sample_dir} was built with other settings (embedding model, "
        "vector recipe or chunk limits) than these"
    )
    with pytest.raises(IndexMissingError) as caught:
        query("Who welcomed Xi at Vnukovo airport?", settings=settings)
    assert str(caught.value).startswith(expected)
    assert str(caught.value).endswith("run `newsdesk ingest PATH` again")
    # the command says the same, and the index is still there for the old settings
    flags = [f"--{name.replace('_', '-')}" for name in changed]
    if flags == ["--embedding-model"]:
        assert main(["stats", "--data-dir", str(copy_of_sample_dir), *flags, "other-model"]) == 1
        assert capsys.readouterr().err.startswith(f"newsdesk: {expected}")
    answer = query("Who welcomed Xi at Vnukovo airport?", data_dir=copy_of_sample_dir)
    assert answer.citations[0].paragraph == 11


def test_an_index_of_an_older_newsdesk_asks_for_a_new_ingestion(tmp_path):
    import chromadb

    # What an older Newsdesk left: vectors of title + paragraph, under the old name.
    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"))
    client.create_collection("newsdesk-all-minilm-l6-v2", embedding_function=None)
    with pytest.raises(IndexMissingError, match="built with other settings .* ingest PATH` again$"):
        ChromaStore("all-MiniLM-L6-v2", data_dir=tmp_path, create=False)


def test_a_table_weighs_half(tmp_path):
    """A standings table (under a fifth of its words lower-case) is no sentence that
    answers: its fused score is halved (index/lexical.py, TABLE_PROSE)."""
    from index.types import Article

    table = (
        "Team GP W D L GD P Arsenal (Q) 6 4 1 1 +12 13 PSV (Q) 6 2 3 1 -2 9 "
        "Lens 6 2 2 2 -5 8 Sevilla 6 0 2 4 -5 2"
    )
    article = Article(
        title="Arsenal top Group B",
        paragraphs=(
            "Arsenal finished top of Group B with 13 points after beating Lens 6-0.",
            table,
            "Sevilla finished bottom of the group with two points and went out.",
            "The draw for the last 16 of the Champions League is on Monday in Nyon.",
        ),
        source="example.com",
    )
    engine = _engine(tmp_path)
    engine.ingest_articles([article], progress=False)
    index = engine.retriever.lexical
    by_paragraph = {int(m["paragraph"]): (m, float(p)) for m, p in
                    zip(index.catalog, index.length_prior, strict=True)}  # fmt: skip
    (entry, prior) = by_paragraph[2]
    assert (entry["words"], entry["prose"], prior) == (37, 0.0, 0.5)
    assert by_paragraph[1][0]["prose"] > 0.5 and by_paragraph[1][1] == 1.0
