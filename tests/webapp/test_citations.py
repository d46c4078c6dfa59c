"""Inline citation markers and the split of sources into cited and related."""

from retrieval.webapp.citations import cite

ROW = {"doc": "a", "kind": "row", "table_id": 2, "row_index": 7, "text": "30201 办公费：合计 41,000.00"}
PASSAGE = {"doc": "a", "kind": "passage", "text": "办公费4.10万元，主要用于日常办公（见表6）。"}
OTHER = {"doc": "b", "kind": "passage", "text": "本单位无公务用车。"}


def test_each_stated_number_gets_the_marker_of_the_source_that_states_it():
    text = "高陵 2023年预算：办公费为 41,000.00元（约4.10万元）。（出处：表6 单位综合预算）"
    cited = cite(text, [ROW, PASSAGE, OTHER])
    assert cited.text == "高陵 2023年预算：办公费为 41,000.00元[1]（约4.10万元[2]）。（出处：表6 单位综合预算）"
    assert cited.cited == [ROW, PASSAGE] and cited.related == [OTHER]
    assert cited.numbers == {0: ["41,000.00"], 1: ["4.10"]}


def test_computed_numbers_years_and_table_numbers_get_no_marker():
    text = "合计 45.10万元（41.00 + 4.10 = 45.10）。表6 2023年"
    cited = cite(text, [PASSAGE])
    assert cited.text.count("[") == 0 and cited.cited == [PASSAGE]  # a found answer cites its first source


def test_repeated_sources_are_listed_once():
    cited = cite("办公费 41,000.00元", [ROW, dict(ROW), PASSAGE, dict(PASSAGE)])
    assert cited.cited == [ROW] and cited.related == [PASSAGE]


def test_a_refusal_cites_nothing():
    cited = cite("已收录的材料中没有该单位的材料。", [OTHER], found=False)
    assert cited.cited == [] and cited.related == [OTHER]


def test_units_stating_the_same_number_each_cite_their_own_document() -> None:
    sources = [
        {"doc": "a", "title": "甲中心 2024年预算", "text": "“三公”经费合计 0", "kind": "passage"},
        {"doc": "b", "title": "乙中心 2023年决算", "text": "三公经费支出 0 万元", "kind": "passage"},
    ]
    done = cite("为零的：甲中心 2024年预算（0万元）、乙中心 2023年决算（0万元）。", sources)
    assert done.text == "为零的：甲中心 2024年预算（0万元[1]）、乙中心 2023年决算（0万元[2]）。", done.text
