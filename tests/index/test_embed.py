"""Embedder: model folder resolution, model id, backends (ONNX export vs the sentence-transformers
reference), encoding, int8 quality and determinism."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from retrieval.index.build import is_embedded
from retrieval.index.embed import INT8_SUFFIX, Embedder, ModelError, default_model_path
from retrieval.index.onnx_export import INT8_FILE, is_complete
from tests.conftest import CORPUS, REPO


def test_default_model_found_without_importing_the_embedding_package() -> None:
    path = default_model_path()
    assert path.name == "m3e-small" and (path / "config.json").is_file()
    assert "embedding" not in sys.modules


def test_model_id_is_cheap_and_identifies_folder_and_options(other_model: Path) -> None:
    plain = Embedder(quantize=False)
    assert plain.model_id.startswith("m3e-small-") and not plain.loaded
    assert Embedder(quantize=True).model_id == plain.model_id + INT8_SUFFIX
    assert Embedder(backend="torch", quantize=False).model_id == plain.model_id  # same vectors, same id
    assert Embedder(quantize=False, max_seq_length=128).model_id != plain.model_id
    renamed = Embedder(model_path=other_model, quantize=False)
    assert renamed.model_id.startswith("m3e-small-renamed-") and renamed.export_dir == plain.export_dir


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"backend": "tensorflow"}, "未知的嵌入后端"),
        ({"backend": "torch", "quantize": True}, "int8"),
        ({"max_seq_length": 4}, "max_seq_length"),
    ],
)
def test_bad_embedder_options_are_rejected(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Embedder(**kwargs)


def test_backend_and_quantize_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGET_QA_BACKEND", "torch")
    monkeypatch.delenv("BUDGET_QA_QUANTIZE", raising=False)
    assert (Embedder().backend, Embedder().quantize) == ("torch", False)
    monkeypatch.setenv("BUDGET_QA_BACKEND", "onnx")
    monkeypatch.setenv("BUDGET_QA_QUANTIZE", "0")
    assert (Embedder().backend, Embedder().quantize) == ("onnx", False)


def test_model_id_changes_with_config(tmp_path: Path) -> None:
    folder = tmp_path / "m3e-small"
    folder.mkdir()
    source = default_model_path()
    shutil.copyfile(source / "config.json", folder / "config.json")
    (folder / "pytorch_model.bin").symlink_to(source / "pytorch_model.bin")
    first = Embedder(model_path=folder).model_id
    (folder / "config.json").write_text((source / "config.json").read_text().replace("512", "513", 1))
    assert Embedder(model_path=folder).model_id != first


@pytest.mark.parametrize(
    "setup, reason",
    [
        (lambda p: None, "不存在"),
        (lambda p: p.write_text("x"), "不是目录"),
        (lambda p: p.mkdir(), "config.json"),
        (lambda p: (p.mkdir(), (p / "config.json").write_text("{}")), "权重文件"),
    ],
)
def test_invalid_model_folder_is_one_clear_line(tmp_path: Path, setup, reason: str) -> None:
    path = tmp_path / "model"
    setup(path)
    with pytest.raises(ModelError) as info:
        _ = Embedder(model_path=path).model_id
    message = str(info.value)
    assert reason in message and str(path) in message and "\n" not in message


@pytest.mark.parametrize("backend, message", [("torch", "无法加载嵌入模型"), ("onnx", "无法把嵌入模型导出为 ONNX")])
def test_unloadable_weights_error_names_path(tmp_path: Path, backend: str, message: str) -> None:
    path = tmp_path / "broken"
    path.mkdir()
    shutil.copyfile(default_model_path() / "config.json", path / "config.json")
    (path / "pytorch_model.bin").write_bytes(b"not a checkpoint")
    embedder = Embedder(model_path=path, backend=backend, quantize=False, cache_dir=tmp_path / "cache")
    with pytest.raises(ModelError, match=message) as info:
        embedder.encode(["测试"])
    assert str(path) in str(info.value) and "\n" not in str(info.value)
    cache = tmp_path / "cache"
    assert not cache.exists() or not any(cache.iterdir())  # nothing half-written left behind


def test_encode_shape_norm_duplicates_and_order(embedder: Embedder, capsys: pytest.CaptureFixture) -> None:
    texts = ["一般公共预算财政拨款支出", "机关运行经费 12.5万元", "一般公共预算财政拨款支出", "公务接待费"]
    vectors = embedder.encode(texts, progress=True)
    assert vectors.dtype == np.float32 and vectors.shape == (4, embedder.dimension) == (4, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[2])
    single = embedder.encode([texts[1]])
    assert float(single[0] @ vectors[1]) > 0.999
    assert "3/3" in capsys.readouterr().err  # bar on stderr counts unique texts
    assert embedder.encode([]).shape == (0, 512)
    assert embedder.encode_query("公务接待费").shape == (512,)


def _corpus_texts(per_doc: int = 12) -> list[str]:
    """Real embedding texts of every document, plus one far longer than max_seq_length."""
    from retrieval.index.build import embedding_text
    from retrieval.ingest.parse import parse_file

    texts = []
    for path in sorted(CORPUS.iterdir()):
        chunks = [c for c in parse_file(path).chunks if is_embedded(c)]
        texts += [embedding_text(c) for c in chunks[:: max(1, len(chunks) // per_doc)]]
    return texts + ["一般公共预算财政拨款支出决算具体情况说明" * 40]


@pytest.fixture(scope="module")
def reference() -> tuple[list[str], np.ndarray]:
    """sentence-transformers' own vectors (torch backend) for real corpus texts."""
    texts = _corpus_texts()
    return texts, Embedder(backend="torch", quantize=False).encode(texts)


def test_onnx_export_computes_what_sentence_transformers_computes(reference) -> None:
    texts, expected = reference
    cosine = np.sum(Embedder(quantize=False).encode(texts) * expected, axis=1)
    assert cosine.min() >= 0.9999


def test_int8_stays_close_to_the_reference_and_keeps_each_text_nearest_itself(embedder: Embedder, reference) -> None:
    texts, expected = reference
    assert embedder.quantize and embedder.backend == "onnx"
    vectors = embedder.encode(texts)
    cosine = np.sum(vectors * expected, axis=1)
    assert cosine.mean() >= 0.99 and cosine.min() >= 0.98
    nearest = np.argmax(vectors @ expected.T, axis=1)
    assert (nearest == np.arange(len(texts))).all()


def test_int8_vector_does_not_depend_on_the_other_texts(embedder: Embedder) -> None:
    texts = _corpus_texts(per_doc=3)
    together = embedder.encode(texts)
    alone = np.stack([embedder.encode([t])[0] for t in texts])
    assert np.array_equal(together, alone)
    assert np.array_equal(embedder.encode_query(texts[0]), alone[0])


def test_default_encoding_never_imports_torch(embedder: Embedder) -> None:
    """Loading the app or building the index must not pay torch's import time and memory."""
    assert is_complete(embedder.export_dir)
    code = (
        "import sys; from retrieval.index.embed import Embedder; e = Embedder(); e.encode(['社保卡', '基本工资']); "
        "print(e.loaded, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "False", "False"]


def test_a_damaged_export_is_exported_again(embedder: Embedder, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    shutil.copytree(embedder.export_dir, cache / embedder.export_dir.name)
    (cache / embedder.export_dir.name / INT8_FILE).write_bytes(b"truncated")
    assert Embedder(cache_dir=tmp_path / "empty").needs_export and not embedder.needs_export
    repaired = Embedder(cache_dir=cache)
    vector = repaired.encode_query("公务接待费")
    assert repaired.exported and np.array_equal(vector, embedder.encode_query("公务接待费"))
    assert sorted(p.name for p in cache.iterdir()) == [embedder.export_dir.name]  # no temp folders left


def test_concurrent_first_use_loads_the_model_once(embedder: Embedder, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    fresh = Embedder(embedder.path)
    calls: list[int] = []
    real = Embedder._load_onnx

    def counting(self: Embedder):
        calls.append(1)
        return real(self)

    monkeypatch.setattr(Embedder, "_load_onnx", counting)
    start = threading.Barrier(8)
    vectors: list = []

    def ask() -> None:
        start.wait()
        vectors.append(fresh.encode_query("社会保障卡"))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(vectors) == 8
    assert all((v == vectors[0]).all() for v in vectors)
