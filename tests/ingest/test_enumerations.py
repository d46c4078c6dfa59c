"""Counts of listed items (主要职能 1.…6., （一）…（三） sub-headings, 内设机构：A、B、C) become count figures."""

from retrieval.ingest.enumerations import COUNT_BASIS, list_counts
from retrieval.ingest.parse import parse_text
from retrieval.models import DocIdentity, Passage
from tests.corpus_docs import parsed


def counts(prefix: str) -> dict[str, tuple[int, str]]:
    return {f.label: (int(f.value), f.unit) for f in parsed(prefix).figures if f.basis == COUNT_BASIS}


def test_numbered_items_sub_headings_and_inline_lists_are_counted_on_real_documents():
    assert counts("002") == {"主要职能": (6, "项"), "工作任务": (5, "项"), "内设机构": (4, "个")}
    assert counts("004")["主要职能"] == (5, "项") and counts("004")["工作任务"] == (3, "项")
    assert counts("000")["部门主要职责"] == (3, "项")  # （一）…（三） headings with no text of their own


def test_a_count_figure_cites_the_list_and_is_typed_as_a_count():
    duties = next(f for f in parsed("000").figures if f.basis == COUNT_BASIS)
    assert duties.role == "count" and duties.chunk_id.startswith("p")
    assert "加快人社系统信息化建设" in duties.context
    chunk = next(c for c in parsed("000").chunks if c.chunk_id == duties.chunk_id)
    assert "维护人社系统两大软件运行安全" in chunk.display


def test_lists_of_money_and_unlisted_topics_are_not_counted():
    identity = DocIdentity(
        doc="x.txt",
        org="某局",
        year=2024,
        kind="预算",
        full_name="某局",
        aliases=[],
        ocr_variants=[],
        region="",
        city="",
        unit="万元",
    )
    passages = [
        Passage("x.txt", 0, ["一、收支情况"], "下属单位经费：甲所3万元、乙所2万元。", 1),
        Passage("x.txt", 1, ["二、机构设置"], "下属单位：甲所、乙所、丙所。", 2),
        Passage("x.txt", 2, ["三、其他"], "1.甲；2.乙；3.丙。", 3),
        Passage("x.txt", 3, ["四、机构"], "本局内设机构包含2个业务科、1个办公室。", 4),
        Passage("x.txt", 4, ["五、职能"], "主要职能：负责全县档案的收集、整理、保管。", 5),
    ]
    found = {(f.label, f.value) for f in list_counts(identity, passages)}
    assert found == {("下属单位", 3.0), ("内设机构", 3.0)}  # 2个 + 1个; a 职能 phrase is no list


def test_a_sentence_like_numbered_heading_keeps_its_text_as_a_passage():
    doc = parse_text(
        "一、主要职责\n\n1. 主要职能：\n\n(1) 负责全县档案的收集、整理和保管工作。\n\n(2) 负责档案的利用服务。\n",
        "t.txt",
    )
    texts = [p.text for p in doc.passages]
    assert any("收集、整理和保管" in t for t in texts) and any("利用服务" in t for t in texts), texts
    assert {f.label: f.value for f in doc.figures if f.basis == COUNT_BASIS} == {"主要职能": 2.0}
