"""One-time export of a sentence-transformers model folder to ONNX (fp32 and int8) for fast CPU encoding.

The export runs the model through sentence-transformers itself (tokenizer inputs → transformer → the
folder's own pooling/normalisation modules), so the ONNX graph computes exactly what
``SentenceTransformer.encode`` computes; ``tests/test_embed.py`` checks this against the reference.
Only the export needs torch; encoding with the result needs onnxruntime and tokenizers only.

Layout of an export folder (written to a temporary folder and renamed into place, so it is complete
or absent)::

    model.onnx        fp32 graph: token ids → sentence embedding
    model.int8.onnx   the same with int8 weights (per output channel) and dynamically quantized activations
    tokenizer.json    the model's fast tokenizer
    export.json       source folder, dimension, input names, versions
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

FP32_FILE = "model.onnx"
INT8_FILE = "model.int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
INFO_FILE = "export.json"
INPUT_NAMES = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17
# Bumped when what an export holds changes, so older exports on disk are redone (2: int8 weights in 7 bits).
EXPORT_VERSION = 2


class ExportError(RuntimeError):
    """The model could not be exported (message is one line and names the folder)."""


@dataclass(frozen=True)
class ExportInfo:
    """What ``export.json`` records about an export."""

    source: str
    dimension: int
    inputs: list[str]
    seconds: float
    torch: str
    onnxruntime: str

    @classmethod
    def read(cls, folder: Path) -> ExportInfo:
        data = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
        return cls(**{k: data[k] for k in cls.__dataclass_fields__})


def is_complete(folder: Path) -> bool:
    """Every file of an export is present (the folder is renamed into place only when complete)."""
    return all((folder / name).is_file() for name in (FP32_FILE, INT8_FILE, TOKENIZER_FILE, INFO_FILE))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _write_fp32(model_path: Path, out: Path) -> tuple[int, list[str]]:
    """Trace the sentence-transformers model into ``out/model.onnx`` and save its tokenizer."""
    import torch
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = SentenceTransformer(str(model_path), device="cpu", local_files_only=True).eval()
    tokenizer = getattr(model, "tokenizer", None)
    if tokenizer is None or not getattr(tokenizer, "is_fast", False):
        raise ExportError(f"模型没有 fast tokenizer（tokenizer.json），无法导出 ONNX: {model_path}")
    preprocess = getattr(model, "preprocess", None) or model.tokenize  # ``tokenize`` before v6
    features = preprocess(["社会保障卡服务中心", "一般公共预算财政拨款基本支出"])
    names = [name for name in INPUT_NAMES if name in features]

    class Sentence(torch.nn.Module):
        """Positional tensors in, sentence embedding out (what ``encode`` returns before normalising)."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *tensors: torch.Tensor) -> torch.Tensor:
            return self.model(dict(zip(names, tensors)))["sentence_embedding"]

    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"sentence_embedding": {0: "batch"}}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Sentence(),
            tuple(features[n] for n in names),
            str(out / FP32_FILE),
            input_names=names,
            output_names=["sentence_embedding"],
            dynamic_axes=axes,
            opset_version=OPSET,
            dynamo=False,
        )
    tokenizer.backend_tokenizer.save(str(out / TOKENIZER_FILE))
    getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dimension = getter()
    if not dimension:
        raise ExportError(f"无法确定嵌入维度: {model_path}")
    return int(dimension), names


def _write_int8(out: Path) -> None:
    """int8 weights per output channel; activations are quantized per call (so encode one text per call).

    Weights use 7 of the 8 bits (``reduce_range``): on AVX2 CPUs without VNNI, onnxruntime's u8×s8 kernel
    adds pairs of products in 16 bits, which saturate with full-range weights (measured on an AVX2-only
    EPYC: mean cosine to the fp32 vectors 0.64 with 8-bit weights, ≥ 0.99 with 7-bit ones)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # the quantizer logs advice about pre-processing at WARNING
    try:
        quantize_dynamic(
            out / FP32_FILE, out / INT8_FILE, weight_type=QuantType.QInt8, per_channel=True, reduce_range=True
        )
    finally:
        root.setLevel(level)


def export_model(model_path: Path, dest: Path) -> ExportInfo:
    """Export ``model_path`` into ``dest`` (replacing an incomplete or broken one); return its info.

    Raises ExportError with one line naming the model folder when torch/onnx are missing or the
    model cannot be traced."""
    start = time.perf_counter()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        try:
            import onnxruntime
            import torch

            dimension, names = _write_fp32(model_path, tmp)
            _write_int8(tmp)
        except ExportError:
            raise
        except Exception as exc:
            raise ExportError(f"无法把嵌入模型导出为 ONNX（{model_path}）: {first_line(exc)}") from exc
        info = ExportInfo(
            source=str(model_path),
            dimension=dimension,
            inputs=names,
            seconds=round(time.perf_counter() - start, 2),
            torch=torch.__version__,
            onnxruntime=onnxruntime.__version__,
        )
        (tmp / INFO_FILE).write_text(json.dumps(asdict(info), ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.chmod(0o755)  # mkdtemp makes it private; the export is not a secret
        if dest.exists():
            shutil.rmtree(dest)
        os.replace(tmp, dest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return info
