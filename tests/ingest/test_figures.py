"""Figures: every table cell and prose amount, with unit and 元 value, as a DataFrame."""

import math

from retrieval.ingest.figures import figures_frame, money_unit
from tests.corpus_docs import parsed


def frame(*prefixes):
    return figures_frame([parsed(p) for p in prefixes])


def test_both_card_making_figures_of_003_exist_with_their_locations():
    figures = frame("003")
    cards = figures[(figures.label == "制卡费用")]
    assert sorted(cards.value.tolist()) == [20.0, 24.02]
    assert set(cards.unit) == {"万元"} and sorted(cards.value_yuan.tolist()) == [200000.0, 240200.0]
    assert cards.location.nunique() == 2 and (cards.source == "text").all()
    assert cards.chunk_id.nunique() == 2


def test_table_cells_become_figures_with_header_path_and_yuan_value():
    figures = frame("004")
    salary = figures[(figures.label == "30101 基本工资") & (figures.column == "合计")]
    assert set(salary.value_text) == {"236,129.40"} and set(salary.unit) == {"元"}
    assert math.isclose(salary.value_yuan.iloc[0], 236129.40)
    figures = frame("001")
    postage = figures[figures.label == "30207 邮电费"]
    assert postage[["column", "value", "unit"]].values.tolist() == [["公用经费 > 决算数", 0.19, "万元"]]
    assert postage.value_yuan.iloc[0] == 1900.0


def test_prose_amounts_in_every_unit_kind():
    figures = frame("000", "003")
    text = figures[figures.source == "text"]
    assert {"万元", "%", "人", "万张"} <= set(text.unit)
    staff = text[(text.doc.str.startswith("000")) & (text.label == "信息中心") & (text.unit == "人")]
    assert staff.value.iloc[0] == 5
    cards = text[(text.unit == "万张") & (text.value == 38.51)]
    assert len(cards) >= 1 and cards.doc.str.startswith("003").all()


def test_a_subject_code_in_brackets_does_not_hide_the_prose_label():
    text = frame("004").query("source == 'text' and value == 69.42")  # 工资福利支出（301）69.42万元
    assert text.label.tolist() == ["工资福利支出"] and text.unit.tolist() == ["万元"]


def test_a_bare_measure_word_takes_the_item_named_just_before_it():
    text = frame("001").query("source == 'text' and value == 133.31")  # 社会保障和就业支出，年初预算133.31万元
    assert text.label.tolist() == ["社会保障和就业支出年初预算"]


def test_a_level_mark_in_brackets_stays_inside_the_item_name():
    text = frame("003").query("source == 'text'")
    assert "1.一般公共服务支出" in set(text.label)  # 1.一般公共服务（类）支出0万元, not 支出
    assert "支出" not in set(text.label)


def test_inline_units_in_form_tables_are_kept_as_written():
    figures = frame("002")
    cards = figures[figures.label == "实体卡领用补换"]
    assert cards.value_text.iloc[0] == "4.8万张数" and cards.value.iloc[0] == 4.8


def test_frame_columns_and_identity():
    figures = frame("000", "001", "002", "003", "004")
    assert list(figures.columns[:6]) == ["doc", "org", "year", "kind", "source", "location"]
    assert figures.doc.nunique() == 5 and len(figures) > 1000
    assert set(figures.kind) == {"预算", "决算"}


def test_money_unit_normalisation():
    assert money_unit("万元") == "万元" and money_unit("元") == "元" and money_unit("年/万元") == "万元"
    assert money_unit("万张数") == "" and money_unit("%") == ""


def test_a_name_with_a_short_bracketed_part_stays_whole():
    from retrieval.ingest.parse import parse_text

    doc = parse_text(
        "某局2023年部门决算\n\n一、三公经费\n\n1.因公出国（境）费0.00万元，2.维修(护)费3.5万元。\n", "x.txt"
    )
    assert {f.label for f in doc.figures} >= {"1.因公出国（境）费", "2.维修（护）费"}


def test_what_is_counted_follows_the_number_and_sentences_in_cells_are_read():
    figures = figures_frame([parsed("004")])
    counted = figures[(figures.unit == "个") & figures.chunk_id.str.startswith("t")]
    named = dict(zip(counted.item, counted.value_text, strict=False))
    assert named.get("信息网点") == "39" and named.get("社区") == "29", named  # 合计共39个信息网点


def test_amounts_in_a_performance_goal_cell_are_targets_not_outturn():
    figures = figures_frame([parsed("001")])
    goal = figures[(figures.source == "text") & figures.chunk_id.str.startswith("t") & (figures.item == "劳务费")]
    assert len(goal) and set(goal.role) == {"target"}  # …劳务费19.5万元 in the 年度总体目标 cell
