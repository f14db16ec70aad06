"""Files uploaded in the window: stored under safe names, and what loading them did."""

from __future__ import annotations

import html
import re
import shutil
import unicodedata
from collections.abc import Iterable
from pathlib import Path

_UNSAFE_NAME = re.compile(r"[^\w.\- ]+")


def safe_upload_name(name: str) -> str:
    """A file name for an upload that cannot leave the upload folder or hide itself."""
    base = re.split(r"[\\/]", name)[-1]
    base = _UNSAFE_NAME.sub("_", unicodedata.normalize("NFC", base)).strip(" ._")
    stem, dot, suffix = base.rpartition(".")
    if dot and stem:
        base = f"{stem[:100].rstrip(' ._')}.{suffix[:10]}"
    return base[:120] or "upload"


def store_uploads(
    files: Iterable[str | Path], folder: Path, limit_bytes: int
) -> tuple[list[Path], list[str]]:
    """Copy uploaded files into `folder` under safe names; returns them and what was refused."""
    folder.mkdir(parents=True, exist_ok=True)
    root = folder.resolve()
    stored: list[Path] = []
    refused: list[str] = []
    for file in files:
        source = Path(file)
        name = safe_upload_name(source.name)
        if source.stat().st_size > limit_bytes:
            refused.append(f"{name}: larger than the {limit_bytes // 2**20} MB upload limit")
            continue
        target = root / name
        n = 2
        while target in stored:  # two uploads of one name in a batch keep both
            stem, dot, suffix = name.rpartition(".")
            target = root / (f"{stem}-{n}{dot}{suffix}" if dot else f"{name}-{n}")
            n += 1
        if target.resolve().parent != root:
            refused.append(f"{name}: not a plain file name")
            continue
        shutil.copyfile(source, target)
        stored.append(target)
    return stored, refused


def ingest_report_html(report, refused: list[str], folder: Path) -> str:
    """What an upload did: added, replaced, unchanged, and each skipped file with why."""

    def shown(where: str) -> str:
        path = Path(where)
        return path.name if path.parent == folder.resolve() else where

    lines = []
    if report is not None:
        added = ", ".join(f"“{html.escape(t)}”" for t in report.added)
        if report.added:
            lines.append(
                f"Added {len(report.added)} article{'s' if len(report.added) != 1 else ''} "
                f"({report.paragraphs_added} paragraphs): {added}"
            )
        if report.replaced:
            titles = ", ".join(f"“{html.escape(t)}”" for t in report.replaced)
            lines.append(f"Replaced with a new version: {titles}")
        if report.unchanged:
            lines.append(f"{report.unchanged} already loaded, unchanged")
    skipped = refused + [
        f"{shown(s.where)}: {s.reason}" for s in (report.skipped if report else [])
    ]
    out = "".join(f'<div class="nd-ok">{line}</div>' for line in lines)
    if skipped:
        items = "".join(f"<li>{html.escape(s)}</li>" for s in skipped)
        out += f'<div class="nd-skipped">Skipped {len(skipped)}:<ul>{items}</ul></div>'
    return out or '<div class="nd-ok">Nothing to load.</div>'
