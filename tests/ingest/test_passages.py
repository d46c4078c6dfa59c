"""Passages: sentence-aligned, sized for retrieval, carrying their section path, never across a table."""

from retrieval.ingest.passages import MAX_CHARS, sentences
from tests.corpus_docs import parsed


def test_passages_keep_their_section_path():
    passage = next(p for p in parsed("001").passages if "人员经费60.10万元" in p.text)
    assert passage.section[0] == "第三部分情况说明"
    assert passage.section[-1] == "六、一般公共预算财政拨款基本支出决算情况说明"
    card = next(p for p in parsed("003").passages if "制卡费用为20万元" in p.text)
    assert card.section[0] == "第六部分附件"


def test_passages_are_sentence_aligned_and_bounded():
    for prefix in ("000", "001", "002", "003", "004"):
        for passage in parsed(prefix).passages:
            assert len(passage.text) <= MAX_CHARS + 160
            assert passage.text[-1] in "。；！？;）)：:" or len(passage.text) < MAX_CHARS


def test_passages_never_straddle_a_table():
    doc = parsed("000")
    starts = sorted(t.line for t in doc.tables if t.rows)
    for passage in doc.passages:
        assert "\t" not in passage.text
        assert passage.line not in starts


def test_long_sentences_are_cut_at_clause_boundaries():
    text = "，".join(["社保卡制发工作按计划推进"] * 40) + "。"
    parts = sentences(text)
    assert len(parts) > 1 and all(len(p) <= MAX_CHARS for p in parts) and "".join(parts) == text


def test_caption_lines_are_not_passages():
    texts = [p.text for p in parsed("000").passages]
    assert not any(t.startswith("附表4-") for t in texts)


def test_a_lead_in_stays_with_the_breakdown_it_introduces():
    doc = parsed("001")
    total = next(p for p in doc.passages if "年初预算140.30万元" in p.text)
    breakdown = next(p for p in doc.passages if "年初预算133.31万元" in p.text)
    assert not total.text.endswith("其中：") and breakdown.text.startswith("其中：社会保障和就业支出")
    assert breakdown.line == total.line  # it starts where 其中： is written


def test_pack_carries_a_colon_lead_in_to_the_next_passage():
    from retrieval.ingest.passages import TARGET_CHARS, pack

    long = "本年度收入说明" + "甲" * (TARGET_CHARS - 20) + "。"
    out = pack([(long + "其中：", 1), ("财政拨款收入" + "乙" * TARGET_CHARS + "。", 3)], "d", ["s"], 0)
    assert [p.text[:9] for p in out] == ["本年度收入说明甲甲", "其中：财政拨款收入"]
    assert [p.line for p in out] == [1, 1]
