"""Tables published as plain text (pipes, aligned columns, label-number lines) are read into rows with values."""

from retrieval.ingest.parse import parse_text
from retrieval.ingest.tables.text import tabulate

PIPE = """桐溪县司法局2023年部门预算

表3 一般公共预算支出表
单位：万元

| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |
|---|---|---|---|---|
| 204 | 公共安全支出 | 120.50 | 100.20 | 20.30 |
| 2040601 | 行政运行 | 100.20 | 100.20 |  |
| | 合计 | 120.50 | 100.20 | 20.30 |
"""

ALIGNED = """桐溪县民政局2022年部门决算

表5 一般公共预算财政拨款基本支出决算表
单位：万元
科目编码    科目名称          决算数
301         工资福利支出      88.10
30101       基本工资          40.25
            合  计           100.50
"""

GLUED = """禾丰镇人民政府2024年部门预算

三、“三公”经费预算情况（单位：万元）
因公出国（境）费0.00
公务接待费1.20
公务用车运行维护费3.50
"""


def cells(doc, label_part, column=""):
    return [
        (f.value_text, f.unit)
        for f in doc.figures
        if f.source == "table" and label_part in f.label and (not column or column in f.column)
    ]


def test_pipe_tables_keep_their_columns_and_empty_cells():
    doc = parse_text(PIPE, "a.txt")
    assert doc.identity.org == "桐溪县司法局"
    assert cells(doc, "行政运行", "基本支出") == [("100.20", "万元")]
    assert cells(doc, "行政运行", "项目支出") == []  # the empty cell stays empty, nothing shifts into it
    assert cells(doc, "合计", "项目支出") == [("20.30", "万元")]


def test_space_aligned_columns_are_placed_by_position():
    doc = parse_text(ALIGNED, "b.txt")
    assert cells(doc, "基本工资", "决算数") == [("40.25", "万元")]
    assert cells(doc, "合计", "决算数") == [("100.50", "万元")]  # no code cell: the row does not shift left


def test_label_number_lines_with_the_spaces_removed():
    doc = parse_text(GLUED, "c.txt")
    assert cells(doc, "公务接待费") == [("1.20", "万元")]
    assert cells(doc, "公务用车运行维护费") == [("3.50", "万元")]


def test_prose_is_left_alone():
    prose = "一、部门职责\n\n负责全县司法行政工作。  主要承担法治宣传。\n\n2023年支出合计 12.00 万元，比上年增长 5%。"
    assert tabulate(prose) == prose


def test_label_and_number_lines_with_ragged_gaps_and_blank_values_are_one_table() -> None:
    """Spaces before the number of varying width, a row whose value is blank (trailing spaces only): still rows."""
    text = "单位:元\n一、支出合计   250000\n1、因公出国(境)费用    \n2、公务接待费   150000\n"
    text += "其中:(1)公务用车运行维护费   100000\n"
    rows = [line.split("\t") for line in tabulate(text).split("\n") if "\t" in line]
    assert ["一、支出合计", "250000"] in rows and ["2、公务接待费", "150000"] in rows
    assert ["其中:(1)公务用车运行维护费", "100000"] in rows
