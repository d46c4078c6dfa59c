"""The on-disk index: versioned folders, an atomic CURRENT pointer, a build lock. No pickle anywhere.

Layout under ``index_dir``::

    CURRENT                 name of the active version folder
    .lock                   flock'ed by a running build
    v-<timestamp>-<rand>/   manifest.json, chunks.jsonl, vectors.npy, vector_chunks.json,
                            text_hashes.json, faiss.index, figures.parquet, documents.json
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import secrets
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from retrieval.ingest.identity.sidecar import is_sidecar, sidecar_of
from retrieval.models import Chunk

FORMAT_VERSION = 2  # 2: typed figures (item, code, role, period, basis, direction)
CURRENT = "CURRENT"
KEYWORD_DIR = "bm25"  # BM25 over jieba tokens (NumPy/JSON files, no pickle)
LOCK = ".lock"
TMP_PREFIX = ".tmp-"
VERSION_RE = re.compile(r"^v-\d{8}T\d{6}-[0-9a-f]{8}$")
FILES = (
    "chunks.jsonl",
    "vectors.npy",
    "vector_chunks.json",
    "text_hashes.json",
    "faiss.index",
    "figures.parquet",
    "documents.json",
    "manifest.json",
)
CRASH_ENV = "BUDGET_QA_STORE_CRASH_AFTER"  # test hook: os._exit(1) after writing this file / stage
REBUILD_HINT = "请先运行 python -m retrieval build"


class IndexLoadError(RuntimeError):
    """No usable index (missing or corrupt); the message is one line and says what to run."""


@dataclass
class IndexData:
    """Everything one index version holds, ready to be written."""

    manifest: dict[str, Any]
    chunks: list[Chunk]
    vectors: np.ndarray  # float32 (n_embedded, dim), L2-normalised
    vector_chunks: list[int]  # chunk index of each vector row
    text_hashes: list[str]  # sha256 of each embedded chunk's text, same order
    figures: pd.DataFrame
    documents: list[dict[str, Any]]
    keyword: Any = None  # retrieval.index.keyword.KeywordIndex, saved under KEYWORD_DIR


@dataclass
class LoadedIndex:
    """An index version read back from disk."""

    version: str
    path: Path
    manifest: dict[str, Any]
    chunks: list[Chunk]
    vectors: np.ndarray
    vector_chunks: list[int]
    text_hashes: list[str]
    faiss_index: Any
    figures: pd.DataFrame
    documents: list[dict[str, Any]]

    @property
    def model_id(self) -> str:
        return str(self.manifest.get("model_id", ""))


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def text_hash(text: str) -> str:
    return sha256_bytes(text.encode("utf-8"))


def safe_name(path: Path) -> str:
    """The file name as valid UTF-8 (undecodable bytes shown as escapes)."""
    return path.name.encode("utf-8", "backslashreplace").decode("utf-8")


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Every document of the corpus folder (regular files not starting with a dot; sidecar ``.meta.json`` files
    belong to their document and are not listed), sorted."""
    return sorted(
        p for p in Path(corpus_dir).iterdir() if not p.name.startswith(".") and p.is_file() and not is_sidecar(p)
    )


def sidecar_digest(path: Path) -> str | None:
    """sha256 of a document's sidecar file (None when it has none): a changed sidecar changes the document."""
    sidecar = sidecar_of(path)
    return sha256_file(sidecar) if sidecar is not None else None


# ---------------------------------------------------------------- writing


def _maybe_crash(stage: str) -> None:
    if os.environ.get(CRASH_ENV) == stage:
        sys.stderr.flush()
        os._exit(1)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, write: Any, mode: str = "wb") -> None:
    """Write through ``write(handle)``, flush and fsync, then run the crash hook."""
    with open(path, mode, encoding=None if "b" in mode else "utf-8") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    _maybe_crash(path.name)


def _write_json(path: Path, value: Any) -> None:
    _write_file(path, lambda h: json.dump(value, h, ensure_ascii=False, indent=1), "w")


def _write_faiss(path: Path, vectors: np.ndarray, dimension: int) -> None:
    import faiss

    index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    faiss.write_index(index, str(path))
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())
    _maybe_crash(path.name)


def new_version_name() -> str:
    return f"v-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(4)}"


def write_version(index_dir: Path, data: IndexData) -> str:
    """Write a complete new version, switch CURRENT to it atomically, then remove old versions.

    The caller must hold :func:`build_lock`. Returns the new version's name.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    name = new_version_name()
    tmp = index_dir / f"{TMP_PREFIX}{name}"
    vectors = np.ascontiguousarray(data.vectors, dtype=np.float32)
    dimension = int(data.manifest["dimension"])
    if (
        vectors.ndim != 2
        or not len(vectors) == len(data.vector_chunks) == len(data.text_hashes)
        or (len(vectors) and vectors.shape[1] != dimension)
    ):
        raise ValueError("向量、vector_chunks 与 text_hashes 的数量或维度不一致")
    manifest = dict(data.manifest, format_version=FORMAT_VERSION, version=name)
    tmp.mkdir()

    def write_chunks(handle: Any) -> None:
        for chunk in data.chunks:
            handle.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")

    try:
        _write_file(tmp / "chunks.jsonl", write_chunks, "w")
        _write_file(tmp / "vectors.npy", lambda h: np.save(h, vectors, allow_pickle=False))
        _write_json(tmp / "vector_chunks.json", [int(i) for i in data.vector_chunks])
        _write_json(tmp / "text_hashes.json", list(data.text_hashes))
        _write_faiss(tmp / "faiss.index", vectors, dimension)
        _write_file(tmp / "figures.parquet", lambda h: data.figures.to_parquet(h, index=False))
        _write_json(tmp / "documents.json", data.documents)
        if data.keyword is not None:
            data.keyword.save(tmp / KEYWORD_DIR)
            _maybe_crash(KEYWORD_DIR)
        _write_json(tmp / "manifest.json", manifest)
        _fsync_dir(tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    os.rename(tmp, index_dir / name)
    _fsync_dir(index_dir)
    _maybe_crash("renamed")
    pointer = index_dir / f"{CURRENT}.tmp"
    _write_file(pointer, lambda h: h.write(name + "\n"), "w")
    os.replace(pointer, index_dir / CURRENT)
    _fsync_dir(index_dir)
    cleanup(index_dir, keep=name)
    return name


def cleanup(index_dir: Path, keep: str | None) -> None:
    """Remove version folders other than ``keep`` and stray temp folders/files (lock held)."""
    for entry in Path(index_dir).iterdir():
        if entry.name == keep or entry.name in (CURRENT, LOCK):
            continue
        if entry.is_dir() and (VERSION_RE.match(entry.name) or entry.name.startswith(TMP_PREFIX)):
            shutil.rmtree(entry, ignore_errors=True)
        elif entry.name == f"{CURRENT}.tmp":
            entry.unlink(missing_ok=True)


@contextmanager
def build_lock(index_dir: Path, wait: bool = True) -> Iterator[None]:
    """Exclusive ``flock`` on ``index_dir/.lock`` for the duration of a build."""
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise RuntimeError(f"另一个构建正在使用索引目录 {index_dir}") from None
            print(f"另一个构建正在使用 {index_dir}，等待其结束…", file=sys.stderr)
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# ---------------------------------------------------------------- reading


def current_version(index_dir: Path) -> Path:
    """The active version folder; IndexLoadError when there is none."""
    index_dir = Path(index_dir)
    pointer = index_dir / CURRENT
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        raise IndexLoadError(f"索引不存在，{REBUILD_HINT}（索引目录 {index_dir}）") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise IndexLoadError(f"索引已损坏（无法读取 {pointer}: {exc}），{REBUILD_HINT}") from None
    if not VERSION_RE.match(name):
        raise IndexLoadError(f"索引已损坏（{pointer} 内容无效），{REBUILD_HINT}")
    path = index_dir / name
    if not (path / "manifest.json").is_file():
        raise IndexLoadError(f"索引已损坏（版本目录 {path} 不完整），{REBUILD_HINT}")
    return path


def read_manifest(index_dir: Path) -> dict[str, Any]:
    """Only the active manifest (cheap; used by ``stats`` and staleness checks)."""
    path = current_version(index_dir) / "manifest.json"
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexLoadError(f"索引已损坏（{path.name}: {exc}），{REBUILD_HINT}") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexLoadError(f"索引格式版本不符（需要 {FORMAT_VERSION}），{REBUILD_HINT}")
    return manifest


def _load_version(path: Path, with_faiss: bool) -> LoadedIndex:
    import faiss

    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"格式版本不符（需要 {FORMAT_VERSION}）")
    with open(path / "chunks.jsonl", encoding="utf-8") as handle:
        chunks = [Chunk(**json.loads(line)) for line in handle if line.strip()]
    vectors = np.load(path / "vectors.npy", allow_pickle=False)
    vector_chunks = json.loads((path / "vector_chunks.json").read_text(encoding="utf-8"))
    text_hashes = json.loads((path / "text_hashes.json").read_text(encoding="utf-8"))
    dimension = int(manifest["dimension"])
    if vectors.dtype != np.float32 or vectors.ndim != 2 or (len(vectors) and vectors.shape[1] != dimension):
        raise ValueError("vectors.npy 形状或类型不符")
    if not len(vectors) == len(vector_chunks) == len(text_hashes):
        raise ValueError("向量数与 vector_chunks/text_hashes 不一致")
    if any(not 0 <= int(i) < len(chunks) for i in vector_chunks):
        raise ValueError("vector_chunks 指向不存在的片段")
    if len(chunks) != manifest.get("totals", {}).get("chunks", len(chunks)):
        raise ValueError("片段数与 manifest 不一致")
    index = None
    if with_faiss:
        index = faiss.read_index(str(path / "faiss.index"))
        if index.ntotal != len(vectors) or index.d != dimension:
            raise ValueError("faiss.index 与向量不一致")
    figures = pd.read_parquet(path / "figures.parquet")
    documents = json.loads((path / "documents.json").read_text(encoding="utf-8"))
    return LoadedIndex(
        version=path.name,
        path=path,
        manifest=manifest,
        chunks=chunks,
        vectors=vectors,
        vector_chunks=[int(i) for i in vector_chunks],
        text_hashes=list(text_hashes),
        faiss_index=index,
        figures=figures,
        documents=documents,
    )


def load_index(index_dir: Path, with_faiss: bool = True) -> LoadedIndex:
    """Load the active version; IndexLoadError (one line) if there is none or it is corrupt."""
    for attempt in range(2):
        path = current_version(index_dir)
        try:
            return _load_version(path, with_faiss)
        except FileNotFoundError:
            if attempt == 0 and (Path(index_dir) / CURRENT).is_file():
                continue  # a concurrent build switched versions while we were reading
            raise IndexLoadError(f"索引已损坏（版本目录 {path.name} 缺少文件），{REBUILD_HINT}") from None
        except IndexLoadError:
            raise
        except Exception as exc:
            detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise IndexLoadError(f"索引已损坏（{path.name}: {detail}），{REBUILD_HINT}") from None
    raise IndexLoadError(f"索引不存在，{REBUILD_HINT}")  # pragma: no cover


# ---------------------------------------------------------------- staleness


@dataclass
class Staleness:
    """How the corpus (and model) differ from what the index was built from."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    model_changed: bool = False

    @property
    def is_stale(self) -> bool:
        return bool(self.changed or self.added or self.removed or self.model_changed)

    def message(self) -> str:
        if not self.is_stale:
            return "索引是最新的。"
        parts = []
        if self.changed:
            parts.append("已修改 " + "、".join(self.changed))
        if self.added:
            parts.append("新增 " + "、".join(self.added))
        if self.removed:
            parts.append("已删除 " + "、".join(self.removed))
        if self.model_changed:
            parts.append("嵌入模型已更换")
        return f"索引已过期：{'；'.join(parts)}。请运行 python -m retrieval build"


def staleness(manifest: dict[str, Any], corpus_dir: Path, model_id: str | None = None) -> Staleness:
    """Compare the manifest's files (indexed and failed ones) with the corpus folder by sha256."""
    known: dict[str, tuple[int | None, str | None]] = {}
    sidecars: dict[str, str | None] = {}
    for entry in manifest.get("files", []):
        known[entry["file"]] = (entry.get("size"), entry.get("sha256"))
        sidecars[entry["file"]] = entry.get("sidecar_sha256")
    for entry in manifest.get("errors", []):
        known.setdefault(entry["file"], (entry.get("size"), entry.get("sha256")))
        sidecars.setdefault(entry["file"], entry.get("sidecar_sha256"))
    result = Staleness(model_changed=bool(model_id) and model_id != manifest.get("model_id"))
    present = set()
    corpus_dir = Path(corpus_dir)
    for path in corpus_files(corpus_dir) if corpus_dir.is_dir() else []:
        name = safe_name(path)
        present.add(name)
        if name not in known:
            result.added.append(name)
            continue
        size, digest = known[name]
        try:
            if (
                path.stat().st_size != size
                or (digest is not None and sha256_file(path) != digest)
                or sidecar_digest(path) != sidecars.get(name)
            ):
                result.changed.append(name)
        except OSError:
            result.changed.append(name)
    result.removed = sorted(name for name in known if name not in present)
    return result
