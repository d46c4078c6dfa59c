"""End-to-end answers on the real corpus: figures with units, sources, abstention, cross-document
arithmetic, conflicting values, follow-ups and traceability of every number."""

import re

import pytest

from retrieval.answer.records import Answer, Source, enforce_traceability


def test_a_table_row_and_a_passage_disagreeing_are_both_shown_with_their_places(engine):
    answer = engine.ask("忻州市社会保障卡服务中心2023年出差花的差旅费决算数")
    text = answer.answer
    assert "0.34万元" in text and "0.33万元" in text and "不同的数值" in text, text
    texts = [s.text.replace(" ", "") for s in answer.sources[:3]]
    assert any("30211差旅费" in t for t in texts) and any("差旅费0.33万元" in t for t in texts), texts
    office = engine.ask("咸阳社保卡中心2026年公用经费安排多少").answer
    assert "3.36万元" in office and "3.37万元" in office and "单位整体支出绩效目标表" in office, office


def test_rows_of_other_tables_with_other_scopes_are_not_conflicts(engine):
    answer = engine.ask("咸阳市社会保障卡管理服务中心2026年工资福利支出是多少").answer
    assert "142.64万元" in answer and "不同的数值" not in answer, answer


def test_lookup_gives_figure_unit_organisation_year_kind_and_the_row(engine):
    answer = engine.ask("忻州社保卡中心2023年邮电费花了多少")
    assert answer.found and "0.19万元" in answer.answer
    assert "忻州市社会保障卡服务中心" in answer.answer and "2023年决算" in answer.answer
    first = answer.sources[0]
    assert first.doc.startswith("001") and first.kind == "row" and "30207 邮电费" in first.text
    assert "基本支出决算明细表" in first.location


def test_yuan_tables_answer_in_yuan_with_the_wan_equivalent(engine):
    answer = engine.ask("高陵区人社信息中心2023年绩效工资预算多少")
    assert "147,360.00元" in answer.answer and "14.74万元" in answer.answer


def test_both_conflicting_statements_are_given(engine):
    answer = engine.ask("曾都区人社信息中心2022年的制卡费用是多少")
    assert "24.02万元" in answer.answer and "20万元" in answer.answer and "不同的数值" in answer.answer
    assert len({s.location for s in answer.sources[:2]}) == 2


def test_text_figures_with_other_units(engine):
    assert "38.51万张" in engine.ask("曾都区2022年电子社保卡实际签发多少张").answer
    assert "10人" in engine.ask("咸阳社保卡中心实有人员多少").answer
    assert "105.54%" in engine.ask("忻州社保卡中心2023年一般公共预算支出完成年初预算的比例").answer


@pytest.mark.parametrize(
    "question, says",
    [
        ("宝鸡市社保中心2023年决算支出多少", "已收录的材料中没有该单位（宝鸡市"),
        ("咸阳社保卡中心2024年的决算", "现有"),
        ("高陵区信息中心2023年房屋租金多少", "没有找到"),
    ],
)
def test_abstains_and_says_what_the_corpus_holds(engine, question, says):
    answer = engine.ask(question)
    assert not answer.found and says in answer.answer
    assert not re.search(r"\d\s*(?:万元|元)", answer.answer)  # never a figure passed off as the answer


def test_rank_across_units(engine):
    answer = engine.ask("哪个单位的基本工资最高")
    assert answer.answer.startswith("咸阳市社会保障卡管理服务中心（2026年预算）最多") and "91.06万元" in answer.answer
    assert answer.frame is not None and len(answer.frame) == 5
    values = answer.frame["数值"].tolist()
    assert values == sorted(values, reverse=True) and values[0] == 91.06  # the table is sorted as claimed
    fewest = engine.ask("哪个单位的基本工资最少").frame["数值"].tolist()
    assert fewest == sorted(fewest), fewest


def test_list_across_units_returns_one_row_per_document(engine):
    answer = engine.ask("各单位住房公积金分别是多少")
    values = dict(zip(answer.frame["单位"], answer.frame["原文数值"]))
    assert values["忻州市社会保障卡服务中心"] == "4.38万元"
    assert values["西安市高陵区人力资源和社会保障信息中心"].startswith("46,611.36元")


def test_difference_shows_the_arithmetic(engine):
    answer = engine.ask("咸阳社保卡中心2026年住房公积金比忻州社保卡中心2023年多多少")
    assert "7.33万元" in answer.answer and "11.71 − 4.38 = 7.33" in answer.answer


def test_total_shows_the_arithmetic(engine):
    answer = engine.ask("五家单位的收支总计加起来一共多少")
    assert answer.intent == "total" and "=" in answer.answer and answer.frame is not None


def test_question_without_organisation_lists_every_unit_that_holds_the_item(engine):
    answer = engine.ask("社保卡制作花了多少钱？")
    docs = {s.doc[:3] for s in answer.sources}
    assert {"000", "002", "003"} <= docs and "15.00万元" in answer.answer and "24.00万元" in answer.answer


def test_followups_use_the_previous_turn(engine):
    first = engine.ask("忻州社保卡中心2023年基本工资多少")
    assert "23.43万元" in first.answer
    year = engine.ask("那2022年呢？", previous=first.query)
    assert not year.found and "2022" in year.answer and "2023年决算" in year.answer
    other = engine.ask("高陵呢？", previous=first.query)
    assert other.found and "236,129.40元" in other.answer


def test_every_number_in_answers_is_traceable(engine):
    for question in [
        "忻州社保卡中心2023年基本工资多少",
        "哪个单位的三公经费不是零",
        "各单位住房公积金分别是多少",
        "高陵区信息中心2023年差旅费预算",
        "曾都区信息中心2024年一共有几个人",
    ]:
        answer = engine.ask(question)
        assert answer.found and answer.untraceable() == [], (question, answer.answer)


def test_an_answer_with_an_invented_number_is_withheld():
    source = Source(doc="x.txt", title="某单位 2023年决算", location="表1", text="基本工资：决算数 23.43万元")
    answer = Answer(question="q", answer="基本工资为 25.30万元。", found=True, sources=[source])
    checked = enforce_traceability(answer)
    assert "25.30" not in checked.answer and checked.sources == [source]
    fine = enforce_traceability(Answer(question="q", answer="基本工资为 23.43万元。", found=True, sources=[source]))
    assert "23.43万元" in fine.answer


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   ",
        "？？！！。。",
        "x" * 5000,
        "What is the budget?",
        "'; DROP TABLE figures; --",
        "<script>alert(1)</script>",
        "SELECT * FROM 预算 WHERE 1=1",
        "<b>基本工资</b>多少",
    ],
)
def test_bad_questions_get_a_clear_answer_not_a_traceback(engine, question):
    answer = engine.ask(question)
    assert isinstance(answer.answer, str) and answer.answer
    assert set(answer.to_json()) == {"question", "answer", "found", "sources"}


def test_filters_constrain_the_documents_and_say_so_when_nothing_matches(engine):
    from retrieval.answer.engine import Filters

    finals = engine.ask("基本工资多少", filters=Filters(kinds=["决算"]))
    assert finals.found and {s.doc[:3] for s in finals.sources} <= {"001", "003"}
    only_gaoling = engine.ask(
        "基本工资多少", filters=Filters(docs=[d for d in engine.identities if d.startswith("004")])
    )
    assert "236,129.40元" in only_gaoling.answer
    nothing = engine.ask("基本工资多少", filters=Filters(years=[2019]))
    assert not nothing.found and "筛选" in nothing.answer


def test_a_stated_absence_answers_the_question(engine):
    answer = engine.ask("忻州社保卡中心决算里的机关运行经费")
    assert answer.found and "本部门无机关运行经费" in answer.answer and answer.sources[0].doc.startswith("001")


def test_explain_quotes_what_the_money_is_for(engine):
    answer = engine.ask("咸阳社保卡中心的专项业务经费主要用于什么")
    assert answer.found and answer.intent == "explain" and "社会保障卡" in answer.answer


def test_a_change_stated_in_the_document_answers_a_difference_with_a_missing_year(engine):
    answer = engine.ask("曾都区人社信息中心2022年收入合计比2021年减少了多少")
    assert answer.found and "52.78万元" in answer.answer


def test_a_column_name_question_is_answered_by_the_total_row(engine):
    answer = engine.ask("高陵区信息中心的人员经费是多少")
    assert "696,402.76元" in answer.answer and "人员经费支出合计" in answer.answer


def test_an_exactly_named_row_beats_a_lexicon_relative(engine):
    assert "7.58万元" in engine.ask("曾都区信息中心2024年行政事业单位养老支出是多少").answer
    assert "5.16万元" in engine.ask("忻州社保卡中心2023年商品和服务支出是多少").answer


def test_the_terms_usual_unit_is_only_a_hint(engine):
    answer = engine.ask("咸阳社保卡中心2026年电子卡开通安全性是多少")  # an electronic-card item stated in %
    assert answer.found and "100%" in answer.answer


@pytest.mark.parametrize(
    "question, figure, label",
    [
        ("高陵区信息中心一共多少人", "6人", "实有人员"),  # not 人员编制 7人
        ("高陵区信息中心编制多少人", "7人", "人员编制"),
        ("曾都区人社信息中心2022年一共几个人", "5人", "实有在岗人数"),  # not 核定编制共有3人
        ("曾都区信息中心2024年总共多少人", "5人", "信息中心"),  # 信息中心共有5人，核定编制3人
    ],
)
def test_headcount_questions_get_people_or_the_quota_as_asked(engine, question, figure, label):
    answer = engine.ask(question)
    assert f"{label}为 {figure}" in answer.answer, answer.answer


def test_a_followup_naming_only_another_unit_keeps_the_item(engine):
    first = engine.ask("咸阳社保卡中心2026年住房公积金预算")
    other = engine.ask("那曾都区2024年呢？", previous=first.query)
    assert other.found and "曾都区人社信息网络和档案管理中心 2024年预算：住房公积金" in other.answer, other.answer


def test_an_unqualified_item_is_the_total_not_a_breakdown_after_qizhong(engine):
    answer = engine.ask("忻州社保卡中心2023年年初预算是多少")
    assert "140.30万元" in answer.answer.split("。")[0], answer.answer


def test_people_rankings_use_each_units_whole_headcount(engine):
    listing = engine.ask("各单位分别有多少人").answer
    assert "西安市高陵区人力资源和社会保障信息中心 2023年预算：实有人员 6人" in listing, listing
    assert "曾都区人社信息中心 2022年决算：实有在岗人数 5人" in listing
    fewest = engine.ask("哪个单位人最少").answer
    assert "台" not in fewest and "咸阳市社会保障卡管理服务中心 2026年预算 10人" in fewest, fewest


def test_a_combined_item_or_a_change_does_not_answer_for_one_item(engine):
    answer = engine.ask("哪个单位人员经费最多").answer
    assert re.match(r"咸阳市社会保障卡管理服务中心（2026年预算）最多：人员经费(?:支出合计)? 142.64万元", answer), answer
    assert "忻州市社会保障卡服务中心 2023年决算 60.10万元" in answer  # not its 比上年减少 4.29万元


def test_a_definition_question_quotes_the_glossary_entry(engine):
    answer = engine.ask("曾都区人社信息中心2022年决算里年末结转和结余是指什么")
    assert answer.found and "年末结转和结余：指单位按有关规定结转到下年或以后年度继续使用的资金" in answer.answer
    assert answer.sources[0].location.startswith("第五部分名词解释")


def test_how_much_more_than_last_year_is_answered_by_a_stated_change(engine):
    answer = engine.ask("忻州社保卡中心2023年支出比上年增加多少")
    assert answer.found and "0.57万元" in answer.answer and "148.07" not in answer.answer.split("。")[0]
    unstated = engine.ask("高陵区信息中心2023年基本工资比上年增加了多少")  # 工资福利支出's change is another item
    assert not unstated.found and "比上年的变化" in unstated.answer


@pytest.mark.parametrize(
    "question, item",
    [("高陵区信息中心2023年事业运行支出", "事业运行支出"), ("曾都区人社信息中心2022年的固定资产", "固定资产")],
)
def test_an_item_the_document_does_not_hold_is_not_answered_by_a_total(engine, question, item):
    answer = engine.ask(question)  # 支出总计 shares only 支出 with 事业运行支出
    assert not answer.found and f"没有找到“{item}”" in answer.answer, answer.answer


def test_a_sum_over_units_uses_each_units_own_item(engine):
    answer = engine.ask("五个单位的人员经费加起来一共多少").answer
    assert "52.67 + 60.10 + 142.64 + 50.47 + 69.64 = 375.52" in answer, answer
    total = engine.ask("忻州市社保卡中心2023年决算总支出是多少")  # 总支出 = the total row
    assert total.found and "148.07万元" in total.answer, total.answer


def test_a_blank_table_row_is_reported_as_blank_and_cited(engine):
    answer = engine.ask("西安市高陵区人力资源和社会保障信息中心职业年金缴费")
    assert not answer.found and "列有“职业年金缴费”一行，但没有填写数字" in answer.answer, answer.answer
    assert answer.sources[0].kind == "row" and "30109 职业年金缴费" in answer.sources[0].text


def test_a_rate_question_gets_the_rate_of_the_whole_not_an_amount_or_a_category(engine):
    answer = engine.ask("曾都区人社信息中心2022年一般公共预算财政拨款支出完成年初预算的多少？")
    assert "80.08%" in answer.answer.split("。")[0], answer.answer  # not the 75.12万元 spent
    assert "80.08%" in engine.ask("曾都区信息中心22年预算完成率是多少").answer  # not 行政运行's 0%
    rate = engine.ask("忻州社保卡中心2023年卫生健康支出完成年初预算的百分之几？").answer
    assert "卫生健康支出完成年初预算为 99.21%" in rate and "不同的数值" not in rate, rate


def test_a_difference_between_units_keeps_each_units_own_year(engine):
    answer = engine.ask("咸阳社保卡中心的住房公积金比曾都区信息中心2024年多多少？").answer
    assert "11.71 − 1.35 = 10.36" in answer, answer


def test_two_questions_in_one_get_both_answers(engine):
    answer = engine.ask("忻州社保卡中心核定编制多少人，现有在职多少人？")
    first, second = answer.answer.split("\n")
    assert "6名" in first and "现有在职人员为 5人" in second, answer.answer
    change = engine.ask("曾都区信息中心2024年机关运行经费是多少，比去年少了多少？").answer
    assert "2.02万元" in change.split("\n")[0] and "3.02万元" in change.split("\n")[1], change


def test_a_stated_change_names_its_item_from_the_sentence(engine):
    answer = engine.ask("曾都区信息中心2024年机关运行经费比去年少了多少？")
    assert answer.found and "机关运行经费" in answer.answer and "3.02万元" in answer.answer, answer.answer


@pytest.mark.parametrize("question", ["列出五家单位的实有人员数", "各单位在职人员分别多少"])
def test_listing_headcounts_takes_each_units_total(engine, question):
    answer = engine.ask(question).answer
    assert "曾都区人社信息网络和档案管理中心 2024年预算：信息中心 5人" in answer, answer  # not 在编 2人 / 2.02万


def test_cross_unit_answers_count_stated_absences(engine):
    answer = engine.ask("哪些单位有政府采购支出？")
    assert answer.answer.startswith("1家单位不为零：忻州市社会保障卡服务中心 2023年决算"), answer.answer
    assert "原文写明没有的：咸阳市社会保障卡管理服务中心 2026年预算（“本单位当年无政府采购预算" in answer.answer
    assert any("无政府采购预算" in s.text for s in answer.sources)
    ranked = engine.ask("哪家单位的支出总计最大？").answer  # 003 writes 收、支总计
    assert "曾都区人社信息中心 2022年决算 75.12万元" in ranked and "未找到" not in ranked, ranked


@pytest.mark.parametrize(
    "question, expected",
    [
        ("曾都区信息中心2024年2080505预算多少？", "机关事业单位基本养老保险缴费支出为 3.10万元"),
        (
            "忻州社保卡中心2023年2080199的基本支出",
            "其他人力资源和社会保障管理事务支出（基本支出）为 52.71万元",
        ),  # not 合计 65.34
    ],
)
def test_a_subject_code_picks_its_row(engine, question, expected):
    assert expected in engine.ask(question).answer


def test_a_column_question_does_not_list_the_rows_total_as_a_conflict(engine):
    answer = engine.ask("高陵区人社信息中心2023年2080108信息化建设基本支出是多少？").answer
    assert "696,452.54元" in answer and "不同的数值" not in answer, answer


def test_questions_separated_by_question_marks_are_answered_in_turn(engine):
    answer = engine.ask("咸阳社保卡中心2026年职业年金缴费支出多少？比上年变化？").answer.split("\n")
    assert "7.03万元" in answer[0] and "机关事业单位职业年金缴费支出较上年减少 0.21万元" in answer[1], answer


def test_a_generic_change_question_gets_the_units_stated_change(engine):
    answer = engine.ask("咸阳社保卡中心2026年预算总额比上年变化多少？").answer
    assert "较上年减少 3.41万元" in answer, answer
    ranked = engine.ask("哪个单位的预算或决算总支出最大？请排序。").answer
    assert ranked.startswith("咸阳市社会保障卡管理服务中心（2026年预算）最多") and "\n" not in ranked, ranked


def test_a_plain_spending_question_gets_the_total(engine):
    answer = engine.ask("曾都区信息中心2022年决算支出多少").answer
    assert "75.12万元" in answer and "为 0万元" not in answer, answer


def test_column_parts_of_a_row_question_read_that_row(engine):
    answer = engine.ask("咸阳市社会保障卡管理服务中心2026年事业运行（2080150）预算多少？人员经费和公用经费各多少？")
    lines = answer.answer.split("\n")
    assert "106.37万元" in lines[0] and "103.06万元" in lines[1] and "3.31万元" in lines[2], answer.answer
    again = engine.ask("忻州社保卡中心2023年2080199支出多少？其中基本支出多少？").answer.split("\n")
    assert "135.44万元" in again[0] and "52.71万元" in again[1], again


def test_a_district_not_in_the_corpus_is_not_answered_by_another_district_of_its_city(engine):
    answer = engine.ask("西安市雁塔区人社信息中心2023年办公费")
    assert not answer.found and "已收录的材料中没有该单位（西安市雁塔区" in answer.answer, answer.answer
    assert "41,000.00元" in engine.ask("西安市高陵区人社信息中心2023年办公费").answer


def test_a_comparison_without_years_uses_each_units_document(engine):
    answer = engine.ask("咸阳社保卡中心比忻州社保卡中心支出多多少").answer
    assert "170.00 − 148.07 = 21.93" in answer, answer


def test_a_bare_budget_word_under_a_category_heading_is_that_categorys(engine):
    answer = engine.ask("曾都信息中心2022年年初预算多少").answer
    assert "93.81万元" in answer.split("。")[0], answer


def test_a_longer_item_containing_the_asked_word_is_another_item(engine):
    ranked = engine.ask("哪个单位的电费最多").answer  # 邮电费 and 电费成本 ≤7.23年/万元 are not 电费
    assert ranked.startswith("咸阳市社会保障卡管理服务中心（2026年预算）最多：电费 11.00万元"), ranked
    assert "0.19" not in ranked
    assert "7.23" not in ranked
    yearly = engine.ask("咸阳社保卡中心劳务费一年多少").answer
    assert "9万元" in yearly and "0.75" not in yearly, yearly


def test_a_projects_self_assessment_score_is_its_total_not_an_indicators(engine):
    answer = engine.ask("曾都区信息中心2022年社保卡项目自评得分").answer
    assert "99分" in answer and "20分" not in answer, answer


def test_a_change_question_without_an_item_gets_the_whole_units_change(engine):
    answer = engine.ask("咸阳社保卡中心2026年比上年少了多少").answer
    assert "较上年减少 3.41万元" in answer, answer  # not 事业单位医疗's 0.18万元


def test_a_percentage_question_gets_the_percentage_of_the_role_it_asks(engine):
    share = engine.ask("忻州社保卡中心23年住房保障支出占多大比重").answer
    assert "2.96%" in share.split("。")[0], share  # its share, not its 97.99% completion rate
    done = engine.ask("忻州社保卡中心住房保障支出23年的年初预算完成率").answer
    assert "97.99%" in done.split("。")[0], done  # its completion rate, not its share or the whole's
    fall = engine.ask("曾都区人社信息中心22年收支总计同比降了百分之几").answer
    assert "51.62%" in fall.split("。")[0], fall


def test_how_many_listed_items_is_answered_with_the_count_and_the_list_cited(engine):
    answer = engine.ask("咸阳市社保卡管理服务中心设了几个内设机构")
    assert answer.found and "内设机构共 4个" in answer.answer, answer.answer
    assert "综合办公室" in answer.sources[0].text
    duties = engine.ask("高陵区人社信息中心一共有多少项主要职能").answer
    assert "主要职能共 5项" in duties, duties


def test_a_unit_saying_it_has_none_is_quoted_even_when_the_sentence_ranks_low(engine):
    answer = engine.ask("忻州市社保卡服务中心设了几个内设机构")
    assert "无内设机构" in answer.answer and "个" not in answer.answer.split("：", 1)[0], answer.answer


def test_a_budget_asked_of_an_outturn_table_takes_the_budget_column_and_a_second_part_keeps_the_item(engine):
    answer = engine.ask("忻州社保卡中心23年运维项目里劳务费预算多少、实际花掉多少").answer
    first, second = answer.split("\n")[:2]
    assert "19.5" in first and "年初指标值" in first, answer
    assert "17.41" in second and "实际完成值" in second, answer


def test_a_share_in_a_list_belongs_to_its_own_clause(engine):
    share = engine.ask("忻州社保卡中心2023年社会保障和就业支出占一般公共预算财政拨款支出的比例").answer
    assert "95.36%" in share.split("。")[0], share


def test_two_units_each_with_its_year_are_compared_by_their_levels(engine):
    answer = engine.ask("曾都区人社信息中心2022年和忻州社保卡中心2023年的人员经费哪个多").answer
    # not 比上年减少 4.29万元
    assert answer.startswith("忻州市社会保障卡服务中心（2023年决算）更多：人员经费 60.10万元"), answer
    assert "曾都区人社信息中心 2022年决算 50.47万元" in answer and "已收录的材料中没有" not in answer


def test_two_rates_stated_for_one_project_are_both_shown(engine):
    answer = engine.ask("曾都人社信息中心22年制卡经费项目的执行率有多少")
    assert answer.found and "95%" in answer.answer and "100％" in answer.answer
    assert "不同的数值" in answer.answer and {s.doc[:3] for s in answer.sources} == {"003"}


def test_an_everyday_word_no_document_uses_is_read_as_the_documents_word(engine):
    answer = engine.ask("曾都人社信息中心22年的人头费是多少")  # 人头费: the public's word for 人员经费
    assert answer.found and "人员经费" in answer.answer and "50.47万元" in answer.answer
    card = engine.ask("咸阳社保卡中心26年电子卡签发开通人数目标")  # 电子卡 is the document's own word: kept
    assert card.found and "电子卡签发开通人数为 16万人" in card.answer


def test_a_bare_number_never_answers_an_amount_asked(engine):
    answer = engine.ask("曾都区2024年解决社保卡制卡经费安排了多少钱")  # its form row also holds a bare 5
    assert answer.found and "150,000.00元" in answer.answer and "为 5。" not in answer.answer


def test_two_items_joined_by_he_are_each_answered_but_one_item_named_with_he_is_one(engine):
    both = engine.ask("咸阳社保卡中心2026年工资福利支出和商品和服务支出是多少").answer
    assert "142.64万元" in both and "27.36万元" in both, both
    one = engine.ask("咸阳社保卡中心2026年社会保障和就业支出是多少").answer
    assert "152.32万元" in one and "就业支出”的数字" not in one, one


def test_two_named_units_asked_one_item_are_both_answered(engine):
    answer = engine.ask("忻州和咸阳社保卡中心的住房公积金是多少").answer
    assert "4.38万元" in answer and "11.71万元" in answer, answer


def test_a_count_of_vehicles_is_not_a_count_of_equipment(engine):
    answer = engine.ask("忻州社保卡中心一共有几辆车").answer
    assert "0辆" in answer and "台" not in answer, answer


def test_which_unit_has_a_given_amount_names_it_first(engine):
    answer = engine.ask("哪个单位的住房公积金是4.38万元").answer
    assert answer.startswith("是4.38万元的：忻州市社会保障卡服务中心 2023年决算。"), answer


def test_a_stated_change_of_the_whole_budget_answers_its_change_question(engine):
    """收支较上年决算数增加…: the change of 收支, asked as 收支比上年增加了多少."""
    answer = engine.ask("曾都区人社信息中心2022年收支总计比上年减少了多少")
    assert answer.found and "80.16万元" in answer.answer


def test_a_level_question_is_not_answered_by_the_stated_change(engine):
    answer = engine.ask("曾都区人社信息中心2022年收支总计是多少")
    assert answer.found and "75.12万元" in answer.answer and "80.16" not in answer.answer.split("。")[0]
