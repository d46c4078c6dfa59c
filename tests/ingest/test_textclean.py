"""Cleaning: HTML and markdown noise out, stray spaces inside Chinese removed, broken lines rejoined."""

from retrieval.ingest.headings import heading_level
from retrieval.ingest.textclean import clean_fragment, clean_lines
from tests.corpus_docs import parsed


def test_html_tags_and_markdown_escapes_are_removed():
    assert clean_fragment("<b>收 入 总 计</b>") == "收入总计"
    assert clean_fragment("<p>目标1. 通过发放</p> <p>目标2. 按照</p>") == "目标1.通过发放 目标2.按照"
    assert clean_fragment(r"部门/单位： \_\_\_\_\_ 单位：万元") == "部门/单位：_____单位：万元"


def test_stray_spaces_inside_chinese_words_are_removed_but_latin_spacing_kept():
    assert clean_fragment("2024 年部 门预算情况说明") == "2024年部门预算情况说明"
    assert clean_fragment("制卡费用为 20 万元。") == "制卡费用为20万元。"
    assert clean_fragment("HIS Medical System") == "HIS Medical System"


def test_lines_broken_mid_sentence_are_rejoined_across_blank_lines():
    text = "区人社信息中心隶属于区人社局下属二级事业单位,执\n\n行独立预算,主要承担着区人社局两大业务软件的运行。"
    lines = [ln for ln in clean_lines(text) if not ln.is_blank]
    assert [ln.text for ln in lines] == [
        "区人社信息中心隶属于区人社局下属二级事业单位,执行独立预算,主要承担着区人社局两大业务软件的运行。"
    ]


def test_headings_and_standalone_lines_are_not_glued_to_neighbours():
    text = (
        "一、部门主要职责\n\n区人社信息中心负责社保卡制发\n\n二、机构设置情况\n\n单位：万元\n\n收入\t合计\n本年\t1.00"
    )
    texts = [ln.text for ln in clean_lines(text) if not ln.is_blank]
    assert texts == [
        "一、部门主要职责",
        "区人社信息中心负责社保卡制发",
        "二、机构设置情况",
        "单位：万元",
        "收入\t合计",
        "本年\t1.00",
    ]


def test_the_ocr_document_reads_as_whole_sentences():
    texts = [p.text for p in parsed("003").passages]
    assert any("2022年度收、支总计均为75.12万元。与2021年度相比，收、支总计各减少80.16万元" in t for t in texts)
    assert not any(t.endswith(("执", "相")) for t in texts)


def test_heading_levels():
    assert heading_level("第一部分 概况") == 0
    assert heading_level("十一、政府采购支出说明") == 1
    assert heading_level("（ 二）一般公共预算财政拨款支出决算结构情况。") == 2
    assert heading_level("1、执行率情况") == 3
    assert heading_level("（1）项目资金到位情况分析。") == 4
    assert heading_level("1. 社会保障和就业（类）78.83 万元：主要用于信息化建设") is None
    assert heading_level("收支总表", md_level=2) == 5


def test_a_line_left_inside_an_open_quote_continues_on_the_next():
    text = "(十六)“三公”经费：纳入省级财政预决算管理的“三\n\n公”经费，是指省直部门用财政拨款安排的因公出国(境)费。"
    texts = [ln.text for ln in clean_lines(text) if not ln.is_blank]
    assert texts == [
        "(十六)“三公”经费：纳入省级财政预决算管理的“三公”经费，是指省直部门用财政拨款安排的因公出国(境)费。"
    ]


def test_numbered_items_with_their_own_content_are_list_items_not_headings():
    from retrieval.ingest.headings import list_item_level, marker_number

    assert heading_level("（五）事业收入：指事业单位开展专业业务活动") is None
    assert list_item_level("（五）事业收入：指事业单位开展专业业务活动") == 2
    assert heading_level("第一部分：单位概况") == 0 and heading_level("1.主要职能：") == 3
    assert list_item_level("二、机构设置情况") is None
    assert [marker_number(m) for m in ("（十一）", "3、", "第二部分", "二十三、", "（五）")] == [11, 3, 2, 23, 5]


def test_glossary_items_are_one_passage_each_under_the_glossary():
    doc = parsed("003")
    items = [p for p in doc.passages if p.text.startswith(("(十一)结余分配", "(十二)年末结转和结余"))]
    assert len(items) == 2 and all(p.section == ["第五部分名词解释"] for p in items)
    assert items[1].text.startswith("(十二)年末结转和结余：指单位按有关规定结转到下年或以后年度继续使用的资金")
    subjects = [p for p in doc.passages if p.section[1:2] == ["(十)本部门使用的支出功能分类科目(到项级)"]]
    assert subjects and all("结余分配" not in p.text for p in subjects)  # (十一) closed (十)


def test_table_cells_with_spaced_thousands_and_letters_read_as_one_value():
    rows = [ln.cells for ln in clean_lines("项 目\t金额\n基本工资\t1 234.56\n合 计\t12 345 678.00\n年度\t2023 2024")]
    assert rows[1] == ["基本工资", "1234.56"] and rows[2] == ["合计", "12345678.00"]
    assert rows[0][0] == "项目" and rows[3][1] == "2023 2024"  # two numbers are not one


def test_titles_and_page_furniture_are_not_glued_to_the_next_sentence() -> None:
    """Web pages end titles and header fields without punctuation: they stay lines of their own, while a sentence
    broken mid-way still rejoins."""
    lines = clean_lines(
        "岘县统计局2024年度部门决算情况说明\n"
        "[ 发布机构 ] 岘县统计局\n"
        "按照要求现将岘县统计局2024年度部门决算情况说明如下，收入总计为\n"
        "82.30万元。\n"
        "Composition of departmental budget units\n"
        "岘县统计局内设3个科室。"
    )
    texts = [line.text for line in lines if line.text]
    assert texts[0] == "岘县统计局2024年度部门决算情况说明"
    assert texts[1].startswith("[ 发布机构 ]") or texts[1].startswith("[发布机构]")
    assert texts[2].endswith("收入总计为82.30万元。")
    assert texts[-1] == "岘县统计局内设3个科室。"
