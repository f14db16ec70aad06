"""The Settings tree: groups, flat NEWSDESK_* names, errors that name the variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import SettingsError
from assistant.settings import Settings, flat_fields, get_settings


def test_every_field_explains_itself():
    for group, info in Settings.model_fields.items():
        assert info.annotation.__doc__, group
        for name, field in info.annotation.model_fields.items():
            assert field.description, f"{group}.{name} has no description"


def test_flat_names_are_the_environment_variables_of_the_groups():
    table = flat_fields()
    assert table["top_k"] == ("retrieval", "top_k")
    assert table["llm"] == ("llm", "backend")
    assert table["llm_model_path"] == ("llm", "model_path")
    assert table["data_dir"] == ("index", "data_dir")
    assert table["upload_mb"] == ("server", "upload_mb")
    assert table["cite_gap"] == ("answer", "cite_gap")
    assert len(table) == sum(len(i.annotation.model_fields) for i in Settings.model_fields.values())


def test_environment_variables_land_in_their_group(monkeypatch):
    monkeypatch.setenv("NEWSDESK_TOP_K", "4")
    monkeypatch.setenv("NEWSDESK_LLM", "llamacpp")
    monkeypatch.setenv("NEWSDESK_LLM_MODEL_PATH", "/models/m.gguf")
    monkeypatch.setenv("NEWSDESK_CHROMA_URL", " ")  # blank: not set
    settings = get_settings()
    assert settings.retrieval.top_k == 4
    assert (settings.llm.backend, settings.llm.model_path) == ("llamacpp", Path("/models/m.gguf"))
    assert settings.index.chroma_url is None
    # overrides win over the environment, and an existing tree is not read again
    assert get_settings(top_k=6).retrieval.top_k == 6
    monkeypatch.setenv("NEWSDESK_TOP_K", "9")
    assert get_settings(settings, port=8001).retrieval.top_k == 4
    assert get_settings(settings, port=8001).server.port == 8001


def test_a_bad_value_names_its_variable_and_the_reason(monkeypatch):
    monkeypatch.setenv("NEWSDESK_TOP_K", "0")
    with pytest.raises(SettingsError) as caught:
        get_settings()
    assert str(caught.value) == (
        "Invalid setting: retrieval.top_k (NEWSDESK_TOP_K): "
        "Input should be greater than or equal to 1"
    )


def test_an_unknown_variable_or_keyword_is_named(monkeypatch):
    with pytest.raises(SettingsError, match=r"^Unknown setting topk: known are auth, "):
        get_settings(topk=3)
    monkeypatch.setenv("NEWSDESK_TOPK", "3")
    with pytest.raises(SettingsError, match=r"^Unknown setting NEWSDESK_TOPK: known are "):
        get_settings()


def test_settings_are_frozen_so_no_caller_can_change_a_shared_one():
    settings = get_settings()
    with pytest.raises(ValueError, match="frozen"):
        settings.retrieval.top_k = 3  # type: ignore[misc]


def test_respelling_is_on_by_default_and_a_setting(monkeypatch):
    from assistant.settings import get_settings

    assert get_settings().retrieval.respell is True
    monkeypatch.setenv("NEWSDESK_RESPELL", "false")
    assert get_settings().retrieval.respell is False
