"""Build (or incrementally rebuild) the index of the corpus folder."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.config import Settings
from retrieval.index.embed import Embedder
from retrieval.index.keyword import KeywordIndex
from retrieval.index.store import (
    IndexData,
    IndexLoadError,
    build_lock,
    corpus_files,
    load_index,
    safe_name,
    sha256_file,
    sidecar_digest,
    text_hash,
    write_version,
)
from retrieval.models import Chunk, ParsedDocument


class BuildError(RuntimeError):
    """The build cannot start at all (e.g. the corpus folder is missing); one-line message."""


@dataclass
class FileReport:
    """Outcome of one corpus file."""

    file: str
    status: str  # "ok" | "error"
    error: str = ""  # one line naming the file, when status == "error"
    warning: str = ""  # what the reader repaired (NUL bytes dropped …), one line naming the file
    title: str = ""
    passages: int = 0
    tables: int = 0
    rows: int = 0
    chunks: int = 0
    embeddable: int = 0  # chunks that get a vector
    figures: int = 0
    embedded: int = 0  # vectors newly computed in this build
    reused: int = 0  # vectors taken from the previous index

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass
class BuildReport:
    """What a build did; ``version`` is None when nothing could be indexed (no index written)."""

    files: list[FileReport] = field(default_factory=list)
    version: str | None = None
    index_dir: str = ""
    model_id: str = ""
    chunks_total: int = 0
    vectors_total: int = 0
    embedded_total: int = 0
    reused_total: int = 0
    figures_total: int = 0
    model_loaded: bool = False
    seconds: float = 0.0
    parse_seconds: float = 0.0
    load_seconds: float = 0.0
    embed_seconds: float = 0.0
    write_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.version is not None

    @property
    def errors(self) -> list[FileReport]:
        return [f for f in self.files if not f.ok]


def embedding_text(chunk: Chunk) -> str:
    """What the embedding model sees for a chunk."""
    return chunk.embed_text or chunk.text


def is_embedded(chunk: Chunk) -> bool:
    """Passages and rows with figures get vectors; other rows are for keyword search only."""
    return chunk.kind == "passage" or chunk.has_values


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def parse_one(path: Path, settings: Settings) -> tuple[ParsedDocument | None, str]:
    """Parse one file; never raises: returns (doc, "") or (None, one-line error naming the file)."""
    from retrieval.ingest.parse import parse_file
    from retrieval.ingest.readers import ReadError

    try:
        doc = parse_file(path, max_bytes=settings.max_file_bytes)
    except ReadError as exc:
        message = _one_line(str(exc))
        return None, message if path.name in message else f"{path.name}: {message}"
    except Exception as exc:
        return None, f"{path.name}: 解析失败（{type(exc).__name__}: {_one_line(str(exc))[:200]}）"
    if not doc.chunks:
        return None, f"{path.name}: 未找到可索引的内容（没有正文段落或表格）"
    return doc, ""


def inspect_file(path: Path, settings: Settings) -> tuple[str, int, str | None, ParsedDocument | None, str]:
    """(name, size, sha256, doc, error) of one corpus file; never raises."""
    name = safe_name(path)
    try:
        size = path.stat().st_size
        digest = sha256_file(path) if size <= settings.max_file_bytes else None
    except OSError as exc:
        return name, 0, None, None, f"{name}: 无法读取（{exc.strerror or exc}）"
    if name != path.name:
        return name, size, digest, None, f"{name}: 文件名不是有效的 UTF-8，请重命名"
    doc, error = parse_one(path, settings)
    return name, size, digest, doc, error


def _previous_vectors(index_dir: Path, model_id: str) -> tuple[dict[str, np.ndarray], int | None]:
    """Vectors of the previous index keyed by text hash, when it was built with the same model."""
    try:
        previous = load_index(index_dir, with_faiss=False)
    except IndexLoadError:
        return {}, None
    if previous.model_id != model_id:
        return {}, None
    cache = {h: previous.vectors[i] for i, h in enumerate(previous.text_hashes)}
    return cache, int(previous.manifest.get("dimension") or 0) or None


def _document_record(doc: ParsedDocument) -> dict[str, Any]:
    return {
        "identity": doc.identity.to_dict(),
        "content_hash": doc.content_hash,
        "passages": [dataclasses.asdict(p) for p in doc.passages],
        "tables": [dataclasses.asdict(t) for t in doc.tables],
    }


def _file_entry(path: Path, report: FileReport, size: int, digest: str | None, doc: ParsedDocument) -> dict[str, Any]:
    ident = doc.identity
    return {
        "file": report.file,
        "sha256": digest,
        "size": size,
        "sidecar_sha256": sidecar_digest(path),
        "title": ident.title,
        "org": ident.org,
        "region": ident.region,
        "year": ident.year,
        "kind": ident.kind,
        "evidence": ident.evidence,
        "passages": report.passages,
        "tables": report.tables,
        "rows": report.rows,
        "chunks": report.chunks,
        "embedded_chunks": report.embeddable,
        "figures": report.figures,
    }


def build_index(
    settings: Settings,
    embedder: Embedder | None = None,
    progress: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Parse every corpus file, reuse or compute vectors, and write a new index version.

    ``progress`` shows a tqdm bar on stderr; ``on_progress(done, total)`` reports embedding progress."""
    from retrieval.ingest.figures import figures_frame

    started = time.perf_counter()
    corpus_dir, index_dir = Path(settings.corpus_dir), Path(settings.index_dir)
    if not corpus_dir.is_dir():
        raise BuildError(f"语料目录不存在: {corpus_dir}")
    embedder = embedder or Embedder(settings.model_path)
    model_id = embedder.model_id  # validates the model folder without loading it
    was_loaded = embedder.loaded
    load_before, encode_before = embedder.load_seconds, embedder.encode_seconds
    report = BuildReport(index_dir=str(index_dir), model_id=model_id)

    with build_lock(index_dir):
        docs: list[ParsedDocument] = []
        ok_reports: list[FileReport] = []
        entries: list[dict[str, Any]] = []
        errors: list[dict[str, Any]] = []
        for path in corpus_files(corpus_dir):
            name, size, digest, doc, error = inspect_file(path, settings)
            if doc is None:
                report.files.append(FileReport(file=name, status="error", error=error))
                errors.append(
                    {
                        "file": name,
                        "sha256": digest,
                        "size": size,
                        "error": error,
                        "sidecar_sha256": sidecar_digest(path),
                    }
                )
                continue
            file_report = FileReport(
                file=name,
                status="ok",
                warning="；".join(doc.warnings),
                title=doc.identity.title,
                passages=len(doc.passages),
                tables=len(doc.tables),
                rows=sum(len(t.records) for t in doc.tables),
                chunks=len(doc.chunks),
                embeddable=sum(is_embedded(c) for c in doc.chunks),
                figures=len(doc.figures),
            )
            report.files.append(file_report)
            ok_reports.append(file_report)
            docs.append(doc)
            entries.append(_file_entry(path, file_report, size, digest, doc))
        report.parse_seconds = time.perf_counter() - started
        if not docs:
            report.seconds = time.perf_counter() - started
            return report

        cache, dimension = _previous_vectors(index_dir, model_id)
        chunks = [c for d in docs for c in d.chunks]
        owners = [r for d, r in zip(docs, ok_reports) for _ in d.chunks]
        embedded_idx = [i for i, c in enumerate(chunks) if is_embedded(c)]
        hashes = [text_hash(embedding_text(chunks[i])) for i in embedded_idx]
        missing: dict[str, str] = {}
        for i, h in zip(embedded_idx, hashes):
            if h not in cache:
                missing.setdefault(h, embedding_text(chunks[i]))
        for i, h in zip(embedded_idx, hashes):
            if h in missing:
                owners[i].embedded += 1
            else:
                owners[i].reused += 1
        if missing:
            fresh = embedder.encode(list(missing.values()), progress=progress, on_progress=on_progress)
            cache.update(zip(missing.keys(), fresh))
        if hashes:
            vectors = np.stack([cache[h] for h in hashes]).astype(np.float32)
            dimension = int(vectors.shape[1])
        else:  # no chunk needs a vector: keep the model's width
            dimension = dimension or embedder.dimension
            vectors = np.zeros((0, dimension), dtype=np.float32)

        write_start = time.perf_counter()
        totals = {key: sum(e[key] for e in entries) for key in ("passages", "tables", "rows", "chunks", "figures")}
        totals |= {"files": len(entries), "vectors": len(vectors), "errors": len(errors)}
        manifest = {
            "model_id": model_id,
            "dimension": dimension,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "corpus_dir": str(corpus_dir.resolve()),
            "files": entries,
            "errors": errors,
            "totals": totals,
        }
        data = IndexData(
            manifest=manifest,
            chunks=chunks,
            vectors=vectors,
            vector_chunks=embedded_idx,
            text_hashes=hashes,
            figures=figures_frame(docs),
            documents=[_document_record(d) for d in docs],
            keyword=KeywordIndex.build([c.text for c in chunks]),
        )
        report.version = write_version(index_dir, data)
        report.write_seconds = time.perf_counter() - write_start

    report.chunks_total = len(chunks)
    report.vectors_total = len(vectors)
    report.embedded_total = sum(f.embedded for f in report.files)
    report.reused_total = sum(f.reused for f in report.files)
    report.figures_total = totals["figures"]
    report.model_loaded = embedder.loaded and not was_loaded
    report.load_seconds = embedder.load_seconds - load_before if report.model_loaded else 0.0
    report.embed_seconds = embedder.encode_seconds - encode_before
    report.seconds = time.perf_counter() - started
    return report
