"""The layout's rules: dependencies one way (import-linter contracts), small modules."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("assistant", "index", "prompts")
CONTRACTS = 5
MAX_LINES = 450


def _lint(tree: Path) -> subprocess.CompletedProcess:
    """lint-imports with the project's contracts over the packages in `tree`."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(tree / "pyproject.toml"), "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_import_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {CONTRACTS} kept, 0 broken." in result.stdout


def test_an_upward_import_breaks_the_layers_and_makes_a_cycle(tmp_path):
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / "assistant" / "answering" / "verify.py").open("a") as module:
        module.write("\nfrom assistant.ui import render  # an answering module knows the window\n")
    result = _lint(tmp_path)
    assert result.returncode == 1
    assert "Contracts: 3 kept, 2 broken." in result.stdout
    assert "assistant.answering.verify -> assistant.ui.render" in result.stdout


def test_no_module_is_over_450_lines():
    modules = [p for name in PACKAGES for p in (ROOT / name).rglob("*.py")] + [ROOT / "app.py"]
    long = {
        str(p.relative_to(ROOT)): n
        for p in modules
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}
