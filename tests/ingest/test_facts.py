"""Typed facts: every figure's item, code, role, period, basis and direction, decided at ingest."""

from retrieval.ingest.figures import figures_frame
from tests.corpus_docs import parsed


def frame(*prefixes):
    return figures_frame([parsed(p) for p in prefixes])


def test_a_coded_row_carries_its_printed_code_and_clean_item():
    figures = frame("004")
    salary = figures[figures.label == "30101 基本工资"]
    assert set(salary.code) == {"30101"} and set(salary.item) == {"基本工资"}
    assert set(salary.role) == {"level"} and set(salary.period) == {"本年"}


def test_a_row_without_a_code_is_identified_by_its_national_name_and_unit_codes_are_not_subjects():
    figures = frame("003", "000")
    social = figures[figures.item == "社会保障和就业支出"]
    assert len(social) and set(social.code) == {"208"}
    unit_rows = figures[figures.label.str.match(r"^0\d\d\s")]
    assert (unit_rows.code == "").all()  # 030 人社局 is a unit code in a list of units


def test_stated_changes_are_changes_with_their_direction():
    figures = frame("003")
    total = figures[(figures.value_text == "7.63") & figures.label.str.contains("支出合计")]
    assert total[["role", "direction"]].values.tolist() == [["change", -1]]
    percent = figures[(figures.value_text == "9.22") & (figures.unit == "%")]
    assert set(percent.role) == {"change_pct"}


def test_a_change_column_takes_its_sign_from_the_value():
    figures = frame("000")
    change = figures[figures.column.str.contains("增减变化")]
    assert len(change) >= 4 and set(change.role) == {"change"}
    for value, direction in zip(change.value, change.direction, strict=True):
        assert direction == (1 if value > 0 else -1 if value < 0 else 0)


def test_a_previous_year_column_and_budget_stage_columns_are_periods():
    figures = frame("000")
    previous = figures[figures.column.str.contains("2023年预算金额")]
    assert len(previous) and set(previous.period) == {"上年"} and set(previous.role) == {"level"}
    current = figures[figures.column.str.contains("2024年预算金额")]
    assert len(current) and set(current.period) == {"本年"}


def test_columns_give_their_meaning_and_rates_shares_scores_people_are_typed():
    figures = frame("000", "003", "001")
    basic = figures[figures.column == "本年一般公共预算基本支出 > 人员经费"]
    assert len(basic) and set(basic.basis) == {"一般公共预算;基本支出;人员经费"}
    rates = figures[figures.label == "完成年初预算的"]
    assert len(rates) and set(rates.role) == {"rate"} and set(rates.basis) == {"年初预算"}
    scores = figures[figures.column.isin(["得分", "分值"])]
    assert len(scores) and set(scores.role) == {"score"}
    staff = figures[(figures.unit.isin(["人", "名"])) & figures.label.str.contains("编制")]
    assert len(staff) and set(staff.role) == {"quota"}


def _prose(text):
    from retrieval.ingest.parse import parse_text

    return parse_text(f"某局2023年部门预算\n\n一、收支情况\n\n{text}\n", "x.txt").figures


def test_a_change_after_a_list_of_parts_is_the_wholes():
    figures = _prose("本单位当年收入 50 万元，其中拨款收入 40 万元、其他收入 10 万元，较上年增加 5 万元。")
    change = next(f for f in figures if f.value_text == "5")
    assert change.role == "change" and change.direction == 1
    assert change.item.startswith("当年收入") and "其他收入" not in change.label


def test_a_change_after_a_completion_rate_is_the_items_not_the_rates():
    figures = _prose("住房保障支出年初预算4.00万元，支出决算3.90万元，完成年初预算的97.50%，较上年决算减少0.20万元。")
    change = next(f for f in figures if f.value_text == "0.20")
    assert change.role == "change" and change.label.startswith("住房保障支出") and "完成" not in change.label


def test_last_years_level_named_in_brackets_is_a_level_of_last_year():
    figures = _prose("支出总计 60.00 万元（上年支出总计 70.00 万元，同比减少 10.00 万元）。")
    last = next(f for f in figures if f.value_text == "70.00")
    assert (last.role, last.period) == ("level", "上年") and last.label == "上年支出总计"


def test_basic_expenditure_parts_carry_their_economic_class_code():
    figures = _prose("基本支出中：1. 基本工资福利支出 30.00 万元；2. 基本商品和服务支出 5.00 万元。")
    codes = {f.value_text: f.code for f in figures}
    assert codes["30.00"] == "301" and codes["5.00"] == "302"


def test_a_sideways_table_takes_its_items_from_the_columns_and_its_year_from_the_row():
    from retrieval.ingest.parse import parse_text

    text = (
        "某镇人民政府2024年部门预算公开\n\n表7 一般公共预算“三公”经费支出表\n单位：万元\n"
        "项目\t合计\t因公出国（境）费\t公务接待费\n"
        "2024年预算数\t3.00\t1.00\t2.00\n"
        "2023年预算数\t2.50\t0.50\t2.00\n"
    )
    figures = parse_text(text, "x.txt").figures
    cells = {(f.label, f.value_text): f for f in figures if f.source == "table"}
    assert (
        cells[("2024年预算数", "1.00")].item == "因公出国（境）费" and cells[("2024年预算数", "1.00")].period == "本年"
    )
    assert cells[("2023年预算数", "0.50")].period == "上年"
    total = cells[("2024年预算数", "3.00")]
    assert total.item.endswith("“三公”经费支出合计")


def test_a_sentence_stating_budget_and_outturn_gives_one_item_with_two_bases():
    figures = frame("001")
    stated = figures[(figures.source == "text") & figures.value_text.isin(["4.47", "4.38"])]
    budget = stated[stated.basis.str.contains("年初预算")]
    outturn = stated[stated.basis == "决算"]
    assert set(budget.item) == {"住房保障支出"} and set(budget.period) == {"年初"}
    assert "住房保障支出" in set(outturn.item)  # 支出决算 4.38 of the same item, not 住房保障支出支出决算


def test_a_plain_budget_tail_is_a_stage_but_the_budget_of_a_fund_is_a_name():
    figures = frame("003")
    stated = figures[(figures.source == "text") & figures.context.str.contains("“三公”经费财政拨款支出预算为")]
    assert "“三公”经费财政拨款支出" in set(stated.item), set(stated.item)  # no …支出预算支出决算
    assert not [i for i in figures.item if i.endswith("支出预算支出决算")]
    funds = figures[figures.item.str.startswith("一般公共预算")]
    assert len(funds)  # 一般公共预算… keeps its 预算


def test_a_stated_change_is_of_the_item_its_list_entry_names() -> None:
    """比2017年预算减少1万元，下降7%: the 7% is the 公务接待费's fall, not an item called 预算减少下降; 减少…，下降…
    reads as the fall."""
    from retrieval.ingest.parse import parse_text

    text = (
        "二、2018年“三公”经费预算情况说明\n"
        "1.因公出国(境)费支出5万元，与2017年预算持平。2.公务接待费支出14万元，比2017年预算减少1万元，下降7%。\n"
        "2020年度“三公”经费较上年减少15.29万元，下降49.88%。"
    )
    figures = {f.value_text: f for f in parse_text(text, "x.txt").figures}
    assert figures["7"].role == "change_pct" and figures["7"].item.startswith("公务接待费")
    assert figures["49.88"].item == "“三公”经费较上年下降"


def test_counts_of_visits_and_a_unit_in_a_row_label() -> None:
    from retrieval.ingest.parse import parse_text

    text = "国内公务接待27批次，国内公务接待134人次。\n项目\t2017年预算数\n公务用车保有量(辆)\t3\n公务接待费\t2.50\n"
    figures = {f.value_text: f for f in parse_text(text, "x.txt").figures}
    assert (figures["27"].unit, figures["134"].unit) == ("批次", "人次")
    assert figures["3"].unit == "辆"


def test_a_prose_items_own_unit_name_and_trailing_year_are_no_part_of_it() -> None:
    from retrieval.ingest.parse import parse_text

    text = (
        "澄县人民检察院2018年部门预算情况说明\n一、收入预算情况\n"
        "2018年澄县检察院收入预算总额为910.87万元，比上年增加79.45万元。\n"
        "(一)收入预算2025年年初预算数463.73万元。\n"
    )
    figures = {f.value_text: f for f in parse_text(text, "x.txt").figures}
    assert figures["910.87"].item == "收入预算总额"
    assert not figures["463.73"].item.endswith("2025年")
