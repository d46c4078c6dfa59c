"""Tables: titles, units, multi-row headers, side-by-side groups, empty tables — on the real corpus."""

from retrieval.ingest.tables.rows import header_paths, split_header
from tests.corpus_docs import parsed, records, table


def values(record) -> dict[str, str]:
    return dict(record.values)


def test_004_basic_salary_row_in_yuan():
    row = records(parsed("004"), "30101 基本工资", "按支出经济分类科目")[0]
    assert row.unit == "元"
    assert values(row)["合计"] == "236,129.40"
    assert values(row)["人员经费支出"] == "236,129.40"
    assert ("政府经济科目名称", "工资福利支出") in row.attributes
    assert row.parent == "工资福利支出"


def test_001_postage_read_from_the_side_by_side_block():
    detail = table(parsed("001"), "基本支出决算明细表")
    row = next(r for r in detail.records if r.code == "30207")
    assert (row.name, row.group, row.unit, row.values) == ("邮电费", "公用经费", "万元", [("决算数", "0.19")])
    salary = next(r for r in detail.records if r.code == "30101")
    assert (salary.group, salary.values) == ("人员经费", [("决算数", "23.43")])
    # every one of the four column groups yields records
    assert {r.code[:3] for r in detail.records if r.code} >= {"301", "302", "303", "307", "309", "310", "311", "312"}


def test_000_expenditure_total_row_under_its_headers():
    spending = table(parsed("000"), "支出总表")
    assert spending.number == "附表4-3" and spending.unit == "万元"
    row = next(r for r in spending.records if r.code == "2080108")
    assert row.name == "信息化建设"
    assert values(row) == {"合计": "71.22", "基本支出": "56.22", "项目支出": "15.00"}
    assert row.parent == "人力资源和社会保障管理事务"


def test_multi_row_header_paths_with_spans_and_column_numbers():
    income = table(parsed("000"), "收入总表")
    row = next(r for r in income.records if r.code == "030010")
    assert values(row)["本年收入 > 一般公共预算"] == "61.42"
    assert values(row)["合计"] == "81.70" and values(row)["本年收入 > 小计"] == "73.42"
    header, data = split_header(
        [
            ["项目", "", "本年支出", "", ""],
            ["科目代码", "科目名称", "小计", "基本支出", "项目支出"],
            ["栏次", "", "1", "2", "3"],
            ["合计", "", "148.07", "65.34", "82.73"],
        ]
    )
    assert len(header) == 3 and data == [["合计", "", "148.07", "65.34", "82.73"]]
    assert header_paths(header, 5)[3] == ["本年支出", "基本支出"]


def test_income_and_expenditure_side_by_side():
    summary = table(parsed("001"), "收入支出决算总表")
    assert summary.number == "公开01表"
    income = next(r for r in summary.records if r.name == "一、一般公共预算财政拨款收入")
    assert income.group == "收入" and values(income) == {"金额": "148.07"}
    health = next(r for r in summary.records if r.name == "九、卫生健康支出")
    assert health.group == "支出" and values(health) == {"金额": "2.50"}  # 行次 is not a value


def test_four_group_summary_table_names_each_group():
    summary = table(parsed("002"), "部门综合预算收支总表")
    groups = {r.group for r in summary.records}
    assert {"收入", "支出·支出功能分科目（按大类）", "支出·部门预算支出经济科目（按大类）"} <= groups
    wages = next(r for r in summary.records if r.name == "(1)工资福利支出")
    assert values(wages) == {"预算数": "142.64"}


def test_table_without_unit_line_still_gets_the_stated_unit_from_cells():
    form = table(parsed("000"), "部门整体支出绩效目标申报表")
    funding = next(r for r in form.records if r.name == "财政拨款")
    assert funding.unit == "万元" and [v for _, v in funding.values][:2] == ["69.7", "86.7"]
    people = next(r for r in form.records if "实有在职人员合计(A+B)" in dict(r.values))
    assert dict(people.values)["实有在职人员合计(A+B)"] == "5"


def test_empty_and_bodiless_tables():
    assert table(parsed("001"), "政府性基金预算财政拨款收入支出决算表").empty
    assert "本表无数据" in table(parsed("001"), "国有资本经营预算财政拨款支出决算表").note
    revenue = table(parsed("004"), "单位综合预算收入总表")  # 表2: a heading with no rows
    assert revenue.empty and revenue.number == "表2" and not revenue.rows
    ocr = parsed("003")
    assert ocr.tables and all(t.empty for t in ocr.tables)  # 003 only lists table headings
    assert "本表无数据" in table(ocr, "三公").note
    assert not table(parsed("001"), "基本支出决算明细表").empty


def test_table_of_contents_is_not_a_data_table():
    titles = [t.title for t in parsed("001").tables]
    assert "目 录" not in titles and "目录" not in titles
    assert all("....." not in "".join(r) for t in parsed("001").tables for r in t.rows)


def test_titles_and_numbers_of_every_table_of_004():
    numbered = [(t.number, t.title) for t in parsed("004").tables if t.number]
    assert numbered[:4] == [
        ("表1", "单位综合预算收支总表"),
        ("表2", "单位综合预算收入总表"),
        ("表3", "单位综合预算支出总表"),
        ("表4", "单位综合预算财政拨款收支总表"),
    ]
    assert [n for n, _ in numbered][-5:] == ["表11", "表12", "表13", "表14", "表15"]


def test_a_form_row_is_named_by_the_cell_under_a_name_header_and_its_values_pair_by_position():
    form = table(parsed("002"), "单位整体支出绩效目标表")
    office = next(r for r in form.records if r.name == "公用经费")
    assert dict(office.attributes)["主要内容"] == "保证单位正常运转支出"
    assert values(office) == {"总额": "3.37", "财政拨款": "3.37"} and office.unit == "万元"
