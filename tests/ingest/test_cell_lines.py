"""Tables that web pages publish one cell per line (with or without ``|``), and pipe tables with page headers and
spanning headers, are read with their rows, columns and units."""

from __future__ import annotations

from retrieval.ingest.parse import parse_text
from retrieval.ingest.tables.cell_lines import rebuild_cell_lines


def _cells(text: str) -> dict[tuple[str, str], tuple[str, str]]:
    doc = parse_text(text, "page.txt")
    return {(f.item, f.column): (f.value_text, f.unit) for f in doc.figures if f.source == "table"}


def test_label_and_value_on_lines_of_their_own_between_pipe_lines() -> None:
    page = "\n".join(
        [
            "2019年岘县档案馆“三公”经费预算统计表",
            "|",
            "单位:万元",
            "|",
            *["项目", "|", "本年预算数", "|", "合计", "|", "26万元", "|", "1、因公出国(境)费用", "|", "|"],
            *["2、公务接待费", "|", "6万元", "|", "3、公务用车运行维护费", "|", "20万元", "|"],
        ]
    )
    cells = _cells(page)
    assert cells[("公务接待费", "本年预算数")] == ("6万元", "万元")
    assert cells[("公务用车运行维护费", "本年预算数")] == ("20万元", "万元")
    assert not any(item == "因公出国(境)费用" for item, _ in cells)  # its cell is blank


def test_headers_then_values_with_a_two_level_header() -> None:
    """The cells after 小计 belong to the header they share words with; a header broken over two lines is one."""
    page = "\n".join(
        [
            "一、2025年一般公共预算“三公”经费支出预算表",
            "单位:万元",
            *["“三公”经费合计", "因公出国(境)费", "公务用车购置及运行费", "公务", "接待费"],
            *["小计", "公务用车购置费", "公务用车运行费"],
            *["52.5", "3", "31.5", "20", "11.5", "18"],
        ]
    )
    cells = _cells(page)
    assert cells[("公务用车购置费", "公务用车购置及运行费 > 公务用车购置费")] == ("20", "万元")
    assert cells[("公务用车运行费", "公务用车购置及运行费 > 公务用车运行费")] == ("11.5", "万元")
    assert cells[("公务接待费", "公务接待费")] == ("18", "万元")


def test_a_blank_last_cell_and_a_blank_subtotal() -> None:
    with_pipes = ["合计 |", "出国费 |", "公务用车购置及运行费 |", "||"]
    with_pipes += ["小计 |", "公务用车运行费 |", "公务用车购置费 |"]
    rows = rebuild_cell_lines([*with_pipes, "|||", "9 |", "1 |", "8 |", "8 |", "|"])
    assert rows[1].split("\t")[-3:] == ["小计", "公务用车运行费", "公务用车购置费"]
    assert rows[2].split("\t")[-3:] == ["8", "8", ""]  # "8 |" then "|": 购置费 is blank
    without_subtotal = rebuild_cell_lines([*with_pipes, "9 |", "1 |", "3 |", "5 |"])
    below, values = without_subtotal[1].split("\t"), without_subtotal[2].split("\t")
    assert dict(zip(below, values))["公务用车购置费"] == "5" and "小计" not in below


def test_prose_lines_are_left_alone() -> None:
    lines = ["一、部门职责", "负责全县档案工作", "二、机构设置", "内设3个科室", "2023年", "支出120万元"]
    assert rebuild_cell_lines(lines) == lines


def test_a_pipe_table_after_the_pages_header_with_a_spanning_header() -> None:
    page = "\n".join(
        [
            "索引号 | 0153-1/2025-0001 | 发布机构 | 岘县芦塘镇 |",
            "公开目录 | 三公经费 | 发布日期 | 2025-06-01 |",
            "2024年岘县芦塘镇“三公”经费预算财政拨款情况统计表 | ||||",
            "单位:万元 | ||||",
            "项目 | 2023年预算数 | 2024年预算数 | 比上年增、减情况 | |",
            "增、减金额 | 增、减幅度 | |||",
            "合计 | 10 | 12 | 2 | 20% |",
            "1.因公出国(境)费 | ||||",
            "2.公务接待费 | 4 | 6 | 2 | 50% |",
        ]
    )
    doc = parse_text(page, "page.txt")
    assert (doc.identity.org, doc.identity.year, doc.identity.kind) == ("岘县芦塘镇", 2024, "预算")
    figures = {(f.item, f.column.split(" > ")[-1]): f for f in doc.figures if f.source == "table"}
    assert figures[("公务接待费", "增、减金额")].value_text == "2"
    assert figures[("公务接待费", "增、减金额")].role == "change"
    assert figures[("公务接待费", "增、减幅度")].value_text == "50%"
    assert figures[("公务接待费", "2023年预算数")].period == "上年"
    total = next(f for f in doc.figures if f.source == "table" and f.label == "合计" and f.column == "2024年预算数")
    assert "三公" in total.item and total.value_text == "12"


def test_a_pipe_row_whose_blank_cells_the_page_dropped_is_put_back_under_its_columns() -> None:
    page = "\n".join(
        [
            "收入支出决算总表 | |||||",
            "单位:万元 | |||||",
            "项目 | 行次 | 决算数 | 项目 | 行次 | 决算数 |",
            "一、财政拨款收入 | 1 | 310.20 | 一、一般公共服务支出 | 30 | |",
            "二、事业收入 | 2 | 二、教育支出 | 31 | ||",
            "3 | 三、社会保障和就业支出 | 32 | 45.60 | ||",
            "本年收入合计 | 4 | 310.20 | 本年支出合计 | 33 | 310.20 |",
        ]
    )
    doc = parse_text(page, "page.txt")
    cells = {(f.label, f.column): f.value_text for f in doc.figures if f.source == "table"}
    assert cells[("三、社会保障和就业支出", "决算数")] == "45.60"
    assert not any(label == "二、事业收入" for label, _ in cells)  # its 决算数 is blank, not 二、教育支出's row number


def test_a_label_with_two_value_columns_and_one_with_blank_values() -> None:
    lines = ["项 目 |", "预算数 |", "决算数 |", "合 计 |", "18 |", "6.28 |", "公务接待费 |", "12 |", "6.28 |"]
    rows = rebuild_cell_lines(lines)
    assert rows[:3] == ["项 目\t预算数\t决算数", "合 计\t18\t6.28", "公务接待费\t12\t6.28"]
    cells = ["项目", "预算数(万元)", "合计", "3.1", "因公出国(境)费", "0", "公务接待费", "公务用车购置"]
    few = rebuild_cell_lines(cells)
    assert few[:4] == ["项目\t预算数(万元)", "合计\t3.1", "因公出国(境)费\t0", "公务接待费\t"]
