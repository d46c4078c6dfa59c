"""Sentence embeddings from an ONNX export (see ``onnx_export``) with onnxruntime and tokenizers only.

No torch import: loading takes well under a second instead of ~7 s, and the int8 graph uses the CPU's
integer instructions (≈1.7× the fp32 speed on this corpus, cosine ≥ 0.99 to the fp32 vectors).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.index.onnx_export import FP32_FILE, INT8_FILE, TOKENIZER_FILE, ExportInfo


@dataclass
class OnnxEncoder:
    """Encode texts with ``folder``'s fp32 or int8 graph; sessions are created per thread count.

    Parameters:
        folder: an export folder written by ``onnx_export.export_model``.
        quantized: use ``model.int8.onnx`` instead of ``model.onnx``.
        max_seq_length: tokens kept per text (longer texts are truncated, as sentence-transformers does).
    """

    folder: Path
    quantized: bool
    max_seq_length: int
    info: ExportInfo = field(init=False)
    _tokenizer: Any = field(default=None, init=False, repr=False)
    _sessions: dict[int, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        from tokenizers import Tokenizer

        self.info = ExportInfo.read(self.folder)
        self._tokenizer = Tokenizer.from_file(str(self.folder / TOKENIZER_FILE))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=self.max_seq_length)
        self.session(1)  # fail now (corrupt file) rather than at the first question

    @property
    def dimension(self) -> int:
        return self.info.dimension

    @property
    def graph(self) -> Path:
        return self.folder / (INT8_FILE if self.quantized else FP32_FILE)

    def session(self, threads: int) -> Any:
        """An inference session using ``threads`` intra-op threads (created once per count)."""
        if threads not in self._sessions:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            options.log_severity_level = 3
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            self._sessions[threads] = ort.InferenceSession(str(self.graph), options, providers=["CPUExecutionProvider"])
        return self._sessions[threads]

    def encode(self, texts: Sequence[str], threads: int = 1) -> np.ndarray:
        """Raw (not normalised) sentence embeddings, float32, one row per text, padded as one batch."""
        encodings = self._tokenizer.encode_batch([str(t).strip() for t in texts])
        width = max(len(e.ids) for e in encodings)
        feeds = {name: np.zeros((len(encodings), width), dtype=np.int64) for name in self.info.inputs}
        for row, enc in enumerate(encodings):
            n = len(enc.ids)
            feeds["input_ids"][row, :n] = enc.ids
            feeds["attention_mask"][row, :n] = enc.attention_mask
            if "token_type_ids" in feeds:
                feeds["token_type_ids"][row, :n] = enc.type_ids
        output = self.session(threads).run(None, feeds)[0]
        return np.asarray(output, dtype=np.float32)
