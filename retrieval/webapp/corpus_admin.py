"""What the admin page does to the corpus folder: identity corrections written as a sidecar next to a document,
and deletion as a move into a trash folder (``.trash``, which the corpus listing skips) that can be undone."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from retrieval.ingest.identity.sidecar import SIDECAR_SUFFIX, sidecar_of
from retrieval.models import DocIdentity

TRASH = ".trash"
EDITABLE = ("org", "region", "year", "kind")


def identity_changes(found: DocIdentity, edited: dict[str, Any]) -> dict[str, Any]:
    """The fields the admin changed from what was read (empty text and unchanged values are no change)."""
    changes: dict[str, Any] = {}
    for key in EDITABLE:
        value = edited.get(key)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "", 0):
            continue
        if value != getattr(found, key):
            changes[key] = value
    return changes


def write_sidecar(document: Path, changes: dict[str, Any]) -> Path | None:
    """``name.ext.meta.json`` with the changed identity fields, written atomically (None when nothing changed;
    an old sidecar is removed then, so the text decides again)."""
    target = document.with_name(document.name + SIDECAR_SUFFIX)
    if not changes:
        old = sidecar_of(document)
        if old is not None:
            old.unlink()
        return None
    fd, tmp = tempfile.mkstemp(prefix=".sidecar-", dir=document.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(changes, out, ensure_ascii=False, indent=1)
    os.replace(tmp, target)
    return target


def move_to_trash(corpus_dir: Path, name: str, now: float | None = None) -> str:
    """Move a document (and its sidecar) into the trash folder; returns its name there (made unique)."""
    source = corpus_dir / name
    trash = corpus_dir / TRASH
    trash.mkdir(exist_ok=True)
    kept = name if not (trash / name).exists() else f"~{int(now or time.time())}~{name}"
    sidecar = sidecar_of(source)
    shutil.move(str(source), str(trash / kept))
    if sidecar is not None:
        shutil.move(str(sidecar), str(trash / (kept + SIDECAR_SUFFIX)))
    return kept


def trashed(corpus_dir: Path) -> list[str]:
    """Documents in the trash folder, newest first."""
    trash = corpus_dir / TRASH
    if not trash.is_dir():
        return []
    files = [p for p in trash.iterdir() if p.is_file() and not p.name.endswith(SIDECAR_SUFFIX)]
    return [p.name for p in sorted(files, key=lambda p: p.stat().st_mtime, reverse=True)]


def restore(corpus_dir: Path, kept: str) -> str:
    """Move a trashed document (and its sidecar) back; returns its corpus name. Refuses to overwrite a file."""
    trash = corpus_dir / TRASH
    name = kept.split("~", 2)[2] if kept.startswith("~") and kept.count("~") >= 2 else kept
    if (corpus_dir / name).exists():
        raise FileExistsError(f"语料中已有同名文件 {name}，请先删除或改名")
    shutil.move(str(trash / kept), str(corpus_dir / name))
    sidecar = trash / (kept + SIDECAR_SUFFIX)
    if sidecar.is_file():
        shutil.move(str(sidecar), str(corpus_dir / (name + SIDECAR_SUFFIX)))
    return name
