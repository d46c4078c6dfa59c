"""Index store: versioned atomic writes, loading, corruption, the build lock, staleness."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from retrieval.index.store import (
    CRASH_ENV,
    CURRENT,
    FORMAT_VERSION,
    IndexData,
    IndexLoadError,
    build_lock,
    load_index,
    read_manifest,
    sha256_file,
    staleness,
    text_hash,
    write_version,
)
from retrieval.models import Chunk

REPO = Path(__file__).resolve().parents[2]
NO_INDEX = "索引不存在，请先运行 python -m retrieval build"


def sample_data(tag: str = "a", n: int = 4, dim: int = 8) -> IndexData:
    chunks = [
        Chunk(
            chunk_id=f"p{i}", doc="x.txt", kind="passage", text=f"{tag} 文本 {i}", display=f"文本 {i}", location="正文"
        )
        for i in range(n)
    ]
    chunks.append(
        Chunk(
            chunk_id="t0.0",
            doc="x.txt",
            kind="row",
            text=f"{tag} 表行",
            display="表行",
            location="表1",
            table_id=0,
            row_index=0,
            has_values=False,
        )
    )
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    manifest = {
        "model_id": f"model-{tag}",
        "dimension": dim,
        "created": "now",
        "files": [
            {
                "file": "x.txt",
                "sha256": "0" * 64,
                "size": 1,
                "title": "T",
                "org": "O",
                "year": 2024,
                "kind": "预算",
                "passages": n,
                "tables": 1,
                "rows": 1,
                "chunks": n + 1,
                "embedded_chunks": n,
                "figures": 1,
            }
        ],
        "errors": [],
        "totals": {"chunks": n + 1},
    }
    figures = pd.DataFrame({"doc": ["x.txt"], "value": [1.5], "year": pd.array([2024], dtype="Int64")})
    return IndexData(
        manifest=manifest,
        chunks=chunks,
        vectors=vectors,
        vector_chunks=list(range(n)),
        text_hashes=[text_hash(c.text) for c in chunks[:n]],
        figures=figures,
        documents=[{"identity": {"doc": "x.txt"}, "passages": [], "tables": []}],
    )


def test_roundtrip_layout_and_old_versions_removed(tmp_path: Path) -> None:
    first = write_version(tmp_path, sample_data("a"))
    (tmp_path / ".tmp-v-stray").mkdir()
    second = write_version(tmp_path, sample_data("b"))
    assert (tmp_path / CURRENT).read_text().strip() == second
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([CURRENT, second])  # first + stray gone
    assert first != second
    files = sorted(p.name for p in (tmp_path / second).iterdir())
    assert files == sorted(
        [
            "manifest.json",
            "chunks.jsonl",
            "vectors.npy",
            "vector_chunks.json",
            "text_hashes.json",
            "faiss.index",
            "figures.parquet",
            "documents.json",
        ]
    )
    loaded = load_index(tmp_path)
    assert loaded.version == second and loaded.model_id == "model-b"
    assert loaded.manifest["format_version"] == FORMAT_VERSION and loaded.manifest["version"] == second
    assert [c.text for c in loaded.chunks][-1] == "b 表行" and loaded.chunks[-1].has_values is False
    assert loaded.vectors.shape == (4, 8) and loaded.faiss_index.ntotal == 4
    scores, ids = loaded.faiss_index.search(loaded.vectors[2:3], 1)
    assert ids[0][0] == 2 and scores[0][0] == pytest.approx(1.0, abs=1e-5)
    assert loaded.figures["year"].tolist() == [2024]
    assert loaded.documents[0]["identity"]["doc"] == "x.txt"
    assert read_manifest(tmp_path)["model_id"] == "model-b"


def test_missing_index_is_one_clear_error(tmp_path: Path) -> None:
    for target in (tmp_path, tmp_path / "does-not-exist"):
        with pytest.raises(IndexLoadError) as info:
            load_index(target)
        assert str(info.value).startswith(NO_INDEX)


@pytest.mark.parametrize("damage", ["pointer", "vectors", "chunks", "faiss", "missing_file"])
def test_corrupt_index_is_one_clear_error(tmp_path: Path, damage: str) -> None:
    version = write_version(tmp_path, sample_data())
    folder = tmp_path / version
    if damage == "pointer":
        (tmp_path / CURRENT).write_text("../../etc\n")
    elif damage == "vectors":
        (folder / "vectors.npy").write_bytes((folder / "vectors.npy").read_bytes()[:100])
    elif damage == "chunks":
        with open(folder / "chunks.jsonl", "a") as handle:
            handle.write("{not json\n")
    elif damage == "faiss":
        (folder / "faiss.index").write_bytes(b"garbage")
    else:
        (folder / "figures.parquet").unlink()
    with pytest.raises(IndexLoadError, match="python -m retrieval build") as info:
        load_index(tmp_path)
    assert "\n" not in str(info.value)


def test_no_pickle_needed(tmp_path: Path) -> None:
    version = write_version(tmp_path, sample_data())
    assert np.load(tmp_path / version / "vectors.npy", allow_pickle=False).dtype == np.float32
    json.loads((tmp_path / version / "manifest.json").read_text())


def test_inconsistent_data_is_rejected_before_writing(tmp_path: Path) -> None:
    data = sample_data()
    data.vector_chunks = data.vector_chunks[:-1]
    with pytest.raises(ValueError):
        write_version(tmp_path, data)
    assert not any(tmp_path.iterdir())


CRASH_SCRIPT = """
from tests.index.test_store import sample_data
from retrieval.index.store import write_version
write_version({index!r}, sample_data("b"))
"""


@pytest.mark.parametrize("stage", ["chunks.jsonl", "faiss.index", "manifest.json", "renamed", "CURRENT.tmp"])
def test_crash_while_writing_keeps_previous_version(tmp_path: Path, stage: str) -> None:
    before = write_version(tmp_path, sample_data("a"))
    script = CRASH_SCRIPT.format(index=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=os.environ | {CRASH_ENV: stage},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert len([p for p in tmp_path.iterdir() if p.is_dir()]) == 2  # the half-written one is left
    loaded = load_index(tmp_path)
    assert loaded.version == before and loaded.model_id == "model-a"
    after = write_version(tmp_path, sample_data("c"))  # the next build cleans up
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([CURRENT, after])


def test_build_lock_is_exclusive(tmp_path: Path) -> None:
    with build_lock(tmp_path), pytest.raises(RuntimeError, match="另一个构建"), build_lock(tmp_path, wait=False):
        pass
    with build_lock(tmp_path, wait=False):
        pass


def test_staleness(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "bad.xyz"):
        (corpus / name).write_text(name)
    entry = lambda name: {"file": name, "size": (corpus / name).stat().st_size, "sha256": sha256_file(corpus / name)}
    manifest = {
        "model_id": "m1",
        "files": [entry("a.txt"), entry("b.txt"), entry("c.txt")],
        "errors": [entry("bad.xyz") | {"error": "bad.xyz: 不支持"}],
    }
    fresh = staleness(manifest, corpus, "m1")
    assert not fresh.is_stale and fresh.message() == "索引是最新的。"
    (corpus / "a.txt").write_text("a.txt changed")
    (corpus / "b.txt").write_text("b.tx!")  # same size, other bytes
    (corpus / "c.txt").unlink()
    (corpus / "new.pdf").write_bytes(b"%PDF")
    (corpus / ".hidden").write_text("ignored")
    stale = staleness(manifest, corpus, "m2")
    assert (stale.changed, stale.added, stale.removed, stale.model_changed) == (
        ["a.txt", "b.txt"],
        ["new.pdf"],
        ["c.txt"],
        True,
    )
    assert stale.message() == (
        "索引已过期：已修改 a.txt、b.txt；新增 new.pdf；已删除 c.txt；嵌入模型已更换。请运行 python -m retrieval build"
    )
    assert not staleness(manifest, corpus).model_changed  # model not checked without an id
