"""Settings: defaults, environment variables, validation; offline environment on import."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import retrieval
from retrieval.config import REPO_ROOT, Settings, backend_from_env, model_cache_from_env, quantize_from_env


def test_importing_the_package_sets_offline_mode() -> None:
    assert retrieval is not None
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert os.environ["TRANSFORMERS_OFFLINE"] == "1"


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BUDGET_QA_CORPUS", "BUDGET_QA_INDEX", "BUDGET_QA_MODEL", "BUDGET_QA_MAX_FILE_MB"):
        monkeypatch.delenv(name, raising=False)
    s = Settings.from_env()
    assert s.corpus_dir == REPO_ROOT / "corpus"
    assert s.index_dir == REPO_ROOT / "index"
    assert s.model_path is None
    assert s.max_file_mb == 20
    assert s.max_file_bytes == 20 * 1024 * 1024


def test_environment_and_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BUDGET_QA_CORPUS", str(tmp_path / "c"))
    monkeypatch.setenv("BUDGET_QA_INDEX", str(tmp_path / "i"))
    monkeypatch.setenv("BUDGET_QA_MODEL", str(tmp_path / "m"))
    monkeypatch.setenv("BUDGET_QA_MAX_FILE_MB", "1.5")
    s = Settings.from_env()
    assert (s.corpus_dir, s.index_dir, s.model_path, s.max_file_mb) == (
        tmp_path / "c",
        tmp_path / "i",
        tmp_path / "m",
        1.5,
    )
    assert Settings.from_env(index_dir=tmp_path / "x", model_path=None).index_dir == tmp_path / "x"


@pytest.mark.parametrize("value", ["abc", "0", "-3"])
def test_bad_max_file_mb(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("BUDGET_QA_MAX_FILE_MB", value)
    with pytest.raises(ValueError, match=r"BUDGET_QA_MAX_FILE_MB|max_file_mb"):
        Settings.from_env()


def test_validation(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="同一个目录"):
        Settings(corpus_dir=tmp_path, index_dir=tmp_path)
    with pytest.raises(ValueError, match="max_file_mb"):
        Settings(max_file_mb=True)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="未知的设置项"):
        Settings.from_env(corpus=tmp_path)


def test_quantize_flag(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BUDGET_QA_QUANTIZE", raising=False)
    assert quantize_from_env(True) is True
    monkeypatch.setenv("BUDGET_QA_QUANTIZE", "0")
    assert quantize_from_env(True) is False
    monkeypatch.setenv("BUDGET_QA_QUANTIZE", "maybe")
    with pytest.raises(ValueError, match="BUDGET_QA_QUANTIZE"):
        quantize_from_env(True)


def test_backend_and_model_cache_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("BUDGET_QA_BACKEND", raising=False)
    monkeypatch.delenv("BUDGET_QA_MODEL_CACHE", raising=False)
    assert backend_from_env("onnx") == "onnx"
    assert model_cache_from_env() == REPO_ROOT / ".cache" / "models"
    monkeypatch.setenv("BUDGET_QA_BACKEND", " Torch ")
    monkeypatch.setenv("BUDGET_QA_MODEL_CACHE", str(tmp_path / "exports"))
    assert backend_from_env("onnx") == "torch"
    assert model_cache_from_env() == tmp_path / "exports"
