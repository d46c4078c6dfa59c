"""Embedder: model folder resolution, model id, lazy loading, encoding, quantization quality."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import numpy as np
import pytest

from retrieval.build import is_embedded
from retrieval.embed import Embedder, ModelError, default_model_path
from tests.conftest import CORPUS


def test_default_model_found_without_importing_the_embedding_package() -> None:
    path = default_model_path()
    assert path.name == "m3e-small" and (path / "config.json").is_file()
    assert "embedding" not in sys.modules


def test_model_id_is_cheap_and_identifies_folder_and_options(other_model: Path) -> None:
    plain = Embedder(quantize=False)
    assert plain.model_id.startswith("m3e-small-") and not plain.loaded
    assert Embedder(quantize=True).model_id != plain.model_id
    assert Embedder(quantize=False, max_seq_length=128).model_id != plain.model_id
    assert Embedder(model_path=other_model, quantize=False).model_id.startswith("m3e-small-renamed-")


def test_model_id_changes_with_config(tmp_path: Path) -> None:
    folder = tmp_path / "m3e-small"
    folder.mkdir()
    source = default_model_path()
    shutil.copyfile(source / "config.json", folder / "config.json")
    (folder / "pytorch_model.bin").symlink_to(source / "pytorch_model.bin")
    first = Embedder(model_path=folder).model_id
    (folder / "config.json").write_text((source / "config.json").read_text().replace("512", "513", 1))
    assert Embedder(model_path=folder).model_id != first


@pytest.mark.parametrize("setup, reason", [
    (lambda p: None, "不存在"),
    (lambda p: p.write_text("x"), "不是目录"),
    (lambda p: p.mkdir(), "config.json"),
    (lambda p: (p.mkdir(), (p / "config.json").write_text("{}")), "权重文件"),
])
def test_invalid_model_folder_is_one_clear_line(tmp_path: Path, setup, reason: str) -> None:
    path = tmp_path / "model"
    setup(path)
    with pytest.raises(ModelError) as info:
        Embedder(model_path=path).model_id
    message = str(info.value)
    assert reason in message and str(path) in message and "\n" not in message


def test_unloadable_weights_error_names_path(tmp_path: Path) -> None:
    path = tmp_path / "broken"
    path.mkdir()
    shutil.copyfile(default_model_path() / "config.json", path / "config.json")
    (path / "pytorch_model.bin").write_bytes(b"not a checkpoint")
    with pytest.raises(ModelError, match="无法加载嵌入模型") as info:
        Embedder(model_path=path, quantize=False).encode(["测试"])
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_encode_shape_norm_duplicates_and_order(embedder: Embedder, capsys: pytest.CaptureFixture) -> None:
    texts = ["一般公共预算财政拨款支出", "机关运行经费 12.5万元", "一般公共预算财政拨款支出", "公务接待费"]
    vectors = embedder.encode(texts, progress=True)
    assert vectors.dtype == np.float32 and vectors.shape == (4, embedder.dimension) == (4, 512)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[2])
    single = embedder.encode([texts[1]])
    assert float(single[0] @ vectors[1]) > 0.999
    assert "3/3" in capsys.readouterr().err          # bar on stderr counts unique texts
    assert embedder.encode([]).shape == (0, 512)
    assert embedder.encode_query("公务接待费").shape == (512,)


def test_quantized_model_stays_close_to_fp32(embedder: Embedder) -> None:
    """int8 dynamic quantization is kept only while it preserves the fp32 embeddings of real chunks."""
    from retrieval.parse import parse_file

    texts = []
    for path in sorted(CORPUS.iterdir()):
        texts += [c.text for c in parse_file(path).chunks if is_embedded(c)][:5]
    quantized = Embedder(quantize=True) if not embedder.quantize else embedder
    full = Embedder(quantize=False)
    cosine = np.sum(quantized.encode(texts) * full.encode(texts), axis=1)
    assert cosine.mean() >= 0.97 and cosine.min() >= 0.93
