"""Hybrid retrieval: BM25 over jieba tokens + FAISS dense search, fused by weighted reciprocal rank.

Score direction: every score here is "higher is better". The fused score of a chunk is
``Σ weight / (RRF_K + rank)`` over the rankings (keyword, dense) in which it appears.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from retrieval.index.keyword import KeywordIndex
from retrieval.models import Chunk

RRF_K = 60
KEYWORD_WEIGHT = 1.0
DENSE_WEIGHT = 0.8
DENSE_DEPTH = 200
MIN_ALLOWED_HITS = 20  # fewer of the allowed documents' chunks among the top vectors: search only those
RESTRICTED_DEPTH = 60


@dataclass
class Hit:
    """A retrieved chunk with its fused score and the scores it was fused from."""

    index: int  # position in the index's chunk list
    score: float  # fused score, higher is better
    keyword: float = 0.0  # BM25 score (0 = no keyword match)
    dense: float = 0.0  # cosine similarity (0 = not among the dense candidates)


class HybridSearcher:
    """Ranks chunks for a query with BM25 and dense vectors, restricted to allowed documents."""

    def __init__(
        self,
        chunks: list[Chunk],
        keyword: KeywordIndex,
        faiss_index: Any | None,
        vector_chunks: list[int],
        encode_query: Callable[[str], np.ndarray] | None,
    ) -> None:
        if keyword.n_docs != len(chunks):
            raise ValueError(f"keyword index covers {keyword.n_docs} chunks, the index has {len(chunks)}")
        self.chunks = chunks
        self.keyword = keyword
        self.faiss_index = faiss_index
        self.vector_chunks = np.asarray(vector_chunks, dtype=np.int64)
        self.encode_query = encode_query
        self._docs = np.asarray([c.doc for c in chunks])

    def _mask(self, allowed_docs: set[str] | None) -> np.ndarray:
        if not allowed_docs:
            return np.ones(len(self.chunks), dtype=bool)
        return np.isin(self._docs, list(allowed_docs))

    def _dense(self, text: str, mask: np.ndarray) -> dict[int, float]:
        """Cosine scores of the best vectors among the allowed documents' chunks (searched only there, so a
        unit's chunks are found however many other units the corpus holds)."""
        if self.faiss_index is None or self.encode_query is None or not len(self.vector_chunks):
            return {}
        vector = np.asarray(self.encode_query(text), dtype=np.float32).reshape(1, -1)
        allowed = np.flatnonzero(mask[self.vector_chunks])
        if not len(allowed):
            return {}
        scores, rows = self.faiss_index.search(vector, min(DENSE_DEPTH, len(self.vector_chunks)))
        if np.count_nonzero(mask[self.vector_chunks[rows[0][rows[0] >= 0]]]) < MIN_ALLOWED_HITS < len(allowed):
            import faiss  # other units crowd the allowed ones out of the top vectors: search only theirs

            params = faiss.SearchParameters()
            params.sel = faiss.IDSelectorBatch(allowed.astype(np.int64))
            scores, rows = self.faiss_index.search(vector, min(RESTRICTED_DEPTH, len(allowed)), params=params)
        out: dict[int, float] = {}
        for score, row in zip(scores[0], rows[0]):
            if row >= 0:
                chunk = int(self.vector_chunks[row])
                if mask[chunk]:
                    out[chunk] = float(score)
        return out

    def search(
        self,
        text: str,
        extra_terms: list[str] | None = None,
        allowed_docs: set[str] | None = None,
        k: int = 30,
        use_dense: bool = True,
    ) -> list[Hit]:
        """Top ``k`` chunks for ``text``; ``extra_terms`` (lexicon expansions) only feed BM25."""
        mask = self._mask(allowed_docs)
        keyword = self.keyword.scores(text, extra_terms)
        keyword = np.where(mask, keyword, 0.0)
        fused: dict[int, float] = {}
        order = [int(i) for i in np.argsort(-keyword, kind="stable") if keyword[i] > 0]
        for rank, index in enumerate(order[: max(k * 4, 100)]):
            fused[index] = fused.get(index, 0.0) + KEYWORD_WEIGHT / (RRF_K + rank + 1)
        dense = self._dense(text, mask) if use_dense else {}
        for rank, (index, _) in enumerate(sorted(dense.items(), key=lambda item: -item[1])):
            fused[index] = fused.get(index, 0.0) + DENSE_WEIGHT / (RRF_K + rank + 1)
        best = sorted(fused.items(), key=lambda item: -item[1])[:k]
        return [Hit(index=i, score=s, keyword=float(keyword[i]), dense=dense.get(i, 0.0)) for i, s in best]
