"""Hybrid retrieval over the session index: fusion, document filters, dense and keyword signals."""

import itertools

from retrieval.index.search import HybridSearcher


def test_keyword_and_dense_both_contribute(engine):
    searcher: HybridSearcher = engine.context.searcher
    hits = searcher.search("忻州社保卡中心2023年基本工资")
    top = engine.index.chunks[hits[0].index]
    assert top.doc.startswith("001") and "基本工资" in top.text
    assert hits[0].keyword > 0 and any(h.dense > 0 for h in hits[:10])
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))  # higher is better


def test_allowed_documents_filter_every_result(engine):
    searcher = engine.context.searcher
    docs = {c.doc for c in engine.index.chunks if c.doc.startswith("004")}
    hits = searcher.search("基本工资", allowed_docs=docs)
    assert hits and all(engine.index.chunks[h.index].doc in docs for h in hits)


def test_dense_search_finds_paraphrases_keyword_search_misses(engine):
    searcher = engine.context.searcher
    hits = searcher.search("给老百姓做卡的钱", k=40)
    texts = [engine.index.chunks[h.index].text for h in hits]
    assert any("制卡" in t or "社保卡" in t for t in texts)
    assert any(h.dense > 0 and h.keyword == 0 for h in hits)
