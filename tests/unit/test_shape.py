"""The index name derives from everything that shaped the index."""

from __future__ import annotations

from index.shape import IndexShape


def test_the_name_changes_with_the_model_the_recipe_and_the_chunk_limits():
    base = IndexShape("all-MiniLM-L6-v2")
    assert base.name.startswith("newsdesk-all-minilm-l6-v2-")
    assert base.name == IndexShape("all-MiniLM-L6-v2", 170, 1200).name  # the defaults
    others = [
        IndexShape("all-mpnet-base-v2"),
        IndexShape("all-MiniLM-L6-v2", max_chunk_words=120),
        IndexShape("all-MiniLM-L6-v2", max_chunk_chars=800),
        IndexShape("all-MiniLM-L6-v2", recipe="title and paragraph"),
    ]
    assert len({base.name, *(o.name for o in others)}) == 5


def test_a_model_folder_is_named_by_its_last_part_and_the_name_fits_chroma():
    shape = IndexShape("/models/some very long model folder name that goes on and on/x" * 2)
    assert 3 <= len(shape.name) <= 63
    assert shape.name.replace("-", "").isalnum()
    assert IndexShape("/opt/models/e5-small").name.startswith("newsdesk-e5-small-")
