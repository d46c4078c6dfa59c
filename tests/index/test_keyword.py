"""BM25 over jieba tokens: compared with a plain reference implementation of the same formula."""

import math

import numpy as np

from retrieval.index.keyword import KeywordIndex, tokenize

DOCS = [
    "一般公共预算财政拨款基本支出决算明细表 基本工资 23.43万元",
    "社保卡管理业务工作经费 24.00万元",
    "解决社保卡制卡经费 15.00万元 社保卡",
    "住房公积金 4.38万元",
    "公务接待费 0.06万元 三公经费",
]


def reference_bm25(query: list[str], docs: list[list[str]], k1: float = 1.5, b: float = 0.75) -> np.ndarray:
    """BM25 as Lucene (and bm25s by default) computes it: Lucene idf, no (k1 + 1) factor."""
    n = len(docs)
    avg = sum(len(d) for d in docs) / n
    scores = np.zeros(n)
    for term in set(query):
        df = sum(term in d for d in docs)
        if not df:
            continue
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for i, d in enumerate(docs):
            tf = d.count(term)
            scores[i] += idf * tf / (tf + k1 * (1 - b + b * len(d) / avg)) if tf else 0
    return scores


def test_scores_match_the_reference_formula():
    index = KeywordIndex.build(DOCS)
    for question in ["社保卡制卡经费多少", "基本工资", "三公经费公务接待", "公积金"]:
        expected = reference_bm25(tokenize(question), [tokenize(d) for d in DOCS])
        assert np.allclose(index.scores(question), expected, atol=1e-4)


def test_tokens_include_budget_words_and_bigrams():
    tokens = tokenize("忻州社保卡中心2023年基本工资多少")
    assert {"基本工资", "2023", "#基本", "#工资"} <= set(tokens) and "多少" not in tokens


def test_save_and_load_without_pickle(tmp_path):
    index = KeywordIndex.build(DOCS)
    index.save(tmp_path / "bm25")
    assert not any(p.suffix in (".pkl", ".pickle") for p in (tmp_path / "bm25").iterdir())
    loaded = KeywordIndex.load(tmp_path / "bm25", len(DOCS))
    assert np.allclose(loaded.scores("住房公积金"), index.scores("住房公积金"))
    assert loaded.scores("完全无关的词语xyz").sum() == 0
