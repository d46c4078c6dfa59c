"""Conversations: a follow-up takes only what it leaves out, says so, and never takes a refused unit."""

import re

from retrieval.answer.engine import refused
from retrieval.answer.query import carry_over


def ask_in_turn(engine, *questions):
    previous, answers = None, []
    for question in questions:
        answer = engine.ask(question, previous=previous)
        answers.append(answer)
        previous = carry_over(answer.query, refused(answer))
    return answers


def test_a_followup_says_what_it_took_from_the_last_turn(engine):
    first, second = ask_in_turn(engine, "忻州社保卡中心2023年的基本工资是多少钱", "换成高陵区呢")
    assert "23.43万元" in first.answer and "按上一问" not in first.answer
    note, body = second.answer.split("\n", 1)
    assert note.startswith("按上一问理解为：西安市高陵区人力资源和社会保障信息中心 2023年预算") and "基本工资" in note
    assert "236,129.40元" in body and second.sources[0].doc.startswith("004")


def test_nothing_of_a_refused_unit_carries_over(engine):
    refusal, after = ask_in_turn(engine, "太原市社保卡中心2023年的办公费", "那差旅费是多少")
    assert not refusal.found and "太原" in refusal.answer
    assert after.found and "太原" not in after.answer and "差旅费" in after.answer
    assert {s.doc[:3] for s in after.sources} >= {"001", "004"}  # every unit that states it, none invented


def test_a_followup_comparing_or_adding_reads_both_units(engine):
    questions = ("忻州社保卡中心23年住房公积金多少", "跟咸阳的比呢，多还是少", "两个合计多少")
    first, compare, both = ask_in_turn(engine, *questions)
    assert "4.38万元" in first.answer
    assert "4.38 − 11.71 = -7.33" in compare.answer and {s.doc[:3] for s in compare.sources} == {"001", "002"}
    assert "4.38 + 11.71 = 16.09" in both.answer


def test_last_years_figure_comes_from_this_years_document(engine):
    first, last = ask_in_turn(engine, "高陵区人社信息中心2023年住房公积金预算多少", "那2022年是多少")
    assert "46,611.36元" in first.answer
    assert "7.60万元" in last.answer and "4.66 + 2.94 = 7.60" in last.answer and last.found
    kind_mismatch = engine.ask("曾都区人社信息中心2023年决算的总支出")  # a 2024 预算 does not state 2023's 决算
    assert not kind_mismatch.found


def test_two_items_asked_each_are_both_answered(engine):
    answer = engine.ask("忻州社保卡中心2023年的办公费跟邮电费各是多少")
    assert "1.09万元" in answer.answer and "0.19万元" in answer.answer
    assert {"公开06表"} <= {s.location.split(" ")[0] for s in answer.sources}


def test_a_definition_is_quoted_from_the_documents_glossary(engine):
    answer = engine.ask("决算里讲的机关运行经费是指什么")
    assert answer.found and answer.intent == "explain"
    assert "公用经费" in answer.answer and "机关运行经费" in answer.sources[0].text


def test_a_second_part_takes_its_own_budget_or_outturn_word(engine):
    answer = engine.ask("忻州社保卡中心2023年卫生健康支出年初预算是多少，决算是多少")
    first, second = answer.answer.split("\n")[:2]
    assert "2.52万元" in first and "2.50万元" in second


def test_two_units_joined_ask_one_item_of_each(engine):
    answer = engine.ask("忻州社保卡中心和咸阳社保卡中心的住房公积金分别是多少")
    assert "4.38万元" in answer.answer and "11.71万元" in answer.answer


def test_last_years_total_is_this_years_total_and_its_stated_change(engine):
    first, last = ask_in_turn(engine, "咸阳社保卡中心26年预算收入一共多少", "去年是多少")
    assert re.search(r"170(?:\.00)?万元", first.answer)  # the table's 收入总计 or the passage's 当年预算收入
    assert last.found and "173.41万元" in last.answer and re.search(r"170(?:\.00)? \+ 3\.41 = 173\.41", last.answer)
    assert {s.doc[:3] for s in last.sources} == {"002"}


def test_when_this_years_document_states_no_last_year_the_refusal_says_so(engine):
    first, last = ask_in_turn(engine, "忻州社保卡中心23年的邮电费决算", "上一年呢")
    assert "0.19万元" in first.answer
    assert not last.found and "2022年" in last.answer and "也没有写明该项上年的数字" in last.answer


def test_a_followup_naming_its_own_item_does_not_claim_the_earlier_one(engine):
    _, second = ask_in_turn(engine, "咸阳社保卡中心2026年的住房公积金预算", "那事业运行安排了多少")
    note, body = second.answer.split("\n", 1)
    assert "住房公积金" not in note and "106.37万元" in body


def test_another_subject_of_the_classification_is_never_the_answer(engine):
    answer = engine.ask("咸阳社保卡中心2026年预算的邮电费")  # the budget lists 电费 (30206), not 邮电费 (30207)
    assert not answer.found and "11.00万元" not in answer.answer


def test_a_unit_established_before_a_refused_year_stays_and_one_named_in_it_does_not(engine):
    first, refusal, third = ask_in_turn(
        engine, "忻州社保卡中心23年社会保障和就业支出决算多少", "那2021年呢", "2023年这一项的年初预算呢"
    )
    assert "141.19万元" in first.answer and not refusal.found and "2021" in refusal.answer
    assert third.found and "133.31万元" in third.answer and third.sources[0].doc.startswith("001")
    named, after = ask_in_turn(engine, "忻州社保卡中心2025年的办公费", "委托业务费呢")
    assert not named.found and after.found and "9.00万元" in after.answer  # only 咸阳 states it


def test_a_comparison_naming_a_unit_and_year_compares_each_side_in_its_own_year(engine):
    first, compare = ask_in_turn(engine, "曾都区人社信息中心2022年决算的基本工资", "跟忻州社保卡中心2023年比多还是少")
    assert "17.05万元" in first.answer
    assert {s.doc[:3] for s in compare.sources} == {"003", "001"}  # not 曾都's 2024 budget
    body = compare.answer.split("\n")[-1]
    assert body.startswith("曾都区人社信息中心 2022年决算") and "17.05 − 23.43 = -6.38" in body  # the subject first


def test_what_an_item_includes_is_quoted_from_its_definition_brackets_and_list_marks_aside(engine):
    abroad = engine.ask("曾都信息中心24年预算里的因公出国(境)费包含什么")
    assert abroad.found and abroad.intent == "explain"
    assert "因公出国（境）费：反映" in abroad.answer and abroad.sources[0].doc.startswith("000")
    business = engine.ask("忻州社保卡中心决算里讲的经营收入指的是啥")  # a “- 三、经营收入：指…” list line
    assert business.found and "经营收入：指" in business.answer


def test_a_stated_change_of_the_whole_is_not_last_years_part(engine):
    """支出合计 fell by 7.63 against last year; the 项目支出 of last year is not 24.02 + 7.63."""
    first, last = ask_in_turn(engine, "曾都区人社信息中心2022年项目支出决算多少？", "去年的呢？")
    assert "24.02万元" in first.answer
    assert not last.found and "31.65" not in last.answer
