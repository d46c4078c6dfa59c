"""Keyword search: BM25 (bm25s) over jieba tokens, built once with the index and saved beside it."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from retrieval.lexicon import TERMS

_TOKEN_OK = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "是",
        "在",
        "为",
        "有",
        "中",
        "对",
        "等",
        "年",
        "元",
        "万元",
        "多少",
        "什么",
        "哪个",
        "哪些",
        "吗",
        "呢",
        "啊",
        "是否",
        "一个",
        "这个",
        "那个",
        "其中",
        "请问",
        "一下",
        "情况",
        "怎么",
        "如何",
        "几",
        "个",
        "|",
        "：",
        "，",
        "。",
        "、",
    ]
)


@lru_cache(maxsize=1)
def _jieba():
    """jieba, quiet, with the budget vocabulary added once per process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    for term in TERMS:
        for word in term.triggers + term.targets:
            if len(word) >= 2:
                jieba.add_word(word)
    return jieba


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def tokenize(text: str) -> list[str]:
    """Search-mode jieba tokens (overlapping sub-words included) plus Chinese character bigrams, which
    keep matching when segmentation or OCR differ (曾都 / 曾都区, 高陵区 split as 高 + 陵区);
    lower-cased, stopwords dropped."""
    text = text.lower()
    tokens = []
    for token in _jieba().lcut_for_search(text):
        token = token.strip()
        if token and token not in _STOPWORDS and _TOKEN_OK.search(token):
            tokens.append(token)
    for run in _HAN_RUN.findall(text):
        tokens.extend(f"#{run[i : i + 2]}" for i in range(len(run) - 1))
    return tokens


class KeywordIndex:
    """BM25 scores of every chunk for a query; higher is better."""

    def __init__(self, retriever: Any, n_docs: int) -> None:
        self._retriever = retriever
        self.n_docs = n_docs

    @classmethod
    def build(cls, texts: list[str]) -> KeywordIndex:
        import bm25s

        if not texts:
            raise ValueError("KeywordIndex.build needs at least one text")
        retriever = bm25s.BM25()
        retriever.index([tokenize(t) or ["_"] for t in texts], show_progress=False)
        return cls(retriever, len(texts))

    def save(self, directory: Path) -> None:
        """Write the index as NumPy/JSON files (no pickle)."""
        self._retriever.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, n_docs: int) -> KeywordIndex:
        """The saved BM25 index; IndexLoadError (with the rebuild hint) when its files are damaged."""
        import bm25s

        from retrieval.index.store import REBUILD_HINT, IndexLoadError

        try:
            retriever = bm25s.BM25.load(str(directory), allow_pickle=False)
        except Exception as exc:  # truncated .npy (EOFError), bad JSON, missing file …
            detail = " ".join(str(exc).split())[:120] or type(exc).__name__
            raise IndexLoadError(f"索引已损坏（{Path(directory).name}: {detail}），{REBUILD_HINT}") from None
        return cls(retriever, n_docs)

    def scores(self, query: str, extra_terms: list[str] | None = None) -> np.ndarray:
        """BM25 score of every chunk (0 where nothing matches)."""
        vocab = self._retriever.vocab_dict
        tokens = [t for t in tokenize(query) + [t for w in extra_terms or [] for t in tokenize(w)] if t in vocab]
        if not tokens:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)
