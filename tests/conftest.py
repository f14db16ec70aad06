"""Shared fixtures: the real MiniLM model, real Chroma stores in temporary folders."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "xi-moscow-visit.txt"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def embedder():
    from index.embed import get_embedder

    return get_embedder("all-MiniLM-L6-v2")


@pytest.fixture(scope="session")
def sample_dir(tmp_path_factory) -> Path:
    """A data directory holding the sample article, ingested once per test run."""
    from assistant.engine import Engine
    from assistant.settings import get_settings

    data_dir = tmp_path_factory.mktemp("sample-index")
    report = Engine(get_settings(data_dir=data_dir), create=True).ingest([SAMPLE])
    assert len(report.added) == 1 and not report.skipped
    return data_dir


@pytest.fixture(scope="session")
def sample_settings(sample_dir):
    from assistant.settings import get_settings

    return get_settings(data_dir=sample_dir)


@pytest.fixture
def fresh_dir(tmp_path) -> Path:
    """An empty data directory for a test that writes."""
    return tmp_path / "index"


@pytest.fixture
def copy_of_sample_dir(sample_dir, tmp_path) -> Path:
    """A private copy of the sample index that a test may change."""
    target = tmp_path / "index"
    shutil.copytree(sample_dir, target)
    return target
