"""The slot vocabulary (data/slots.tsv) and the national classification (data/subjects.tsv)."""

import pytest

from retrieval import slots, subjects


@pytest.mark.parametrize(
    ("text", "unit", "role"),
    [
        ("培训费较上年减少", "万元", "change"),
        ("比上年增长", "%", "change_pct"),
        ("基本支出占比", "%", "share"),
        ("完成年初预算的", "%", "rate"),
        ("项目执行率", "%", "rate"),
        ("电子社保卡目标任务数", "万张", "target"),
        ("核定编制", "人", "quota"),
        ("实有人员", "人", "headcount"),
        ("发卡量", "万张", "count"),
        ("上年结转结余", "万元", "level"),
        ("办公费", "万元", "level"),
    ],
)
def test_roles(text, unit, role):
    assert slots.role_of(text, unit) == role


def test_periods_and_carried_over_money_is_not_last_year():
    assert slots.period_of("上年支出总计") == "上年"
    assert slots.period_of("上年结转结余") == "本年"
    assert slots.period_of("2023年预算金额(D)", 2024) == "上年"
    assert slots.period_of("2024年预算金额(C)", 2024) == "本年"
    assert slots.period_of("年初预算数") == "年初"
    assert slots.period_of("较上年增加") == "本年"  # a change against last year states this year's change


def test_basis_collects_every_meaning_and_a_stage_replaces_plain_budget():
    assert slots.basis_of("本年一般公共预算基本支出 > 人员经费") == ("一般公共预算", "基本支出", "人员经费")
    assert slots.basis_of("年初预算数") == ("年初预算",)
    assert slots.basis_of("决算数") == ("决算",)
    assert slots.split(slots.join(("年初预算", "项目支出"))) == ("年初预算", "项目支出")


def test_subjects_codes_names_and_levels():
    assert subjects.BY_CODE["208"].name == "社会保障和就业支出" and subjects.BY_CODE["208"].level == "类"
    assert subjects.BY_CODE["2080505"].level == "项"
    assert subjects.by_name("社会保障和就业支出（类）").code == "208"
    assert subjects.by_name("维修(护)费").code == "30213"
    assert subjects.by_name("行政运行") is None  # shared by several codes
    assert subjects.by_name("住房公积金") is None
    assert subjects.by_name("住房公积金", "一般公共预算支出表（按经济分类）").code == "30113"
    assert subjects.by_name("住房公积金", "支出决算表（按功能分类科目）").code == "2210201"
    assert subjects.code_of("2080505 机关事业单位基本养老保险缴费支出") == "2080505"
    assert subjects.code_of("[30101]基本工资") == "30101"
    assert subjects.code_of("基本工资") == ""


def test_every_subject_code_nests_under_a_listed_parent():
    for code, subject in subjects.BY_CODE.items():
        assert len(code) in (3, 5, 7), code
        if len(code) > 3:
            assert code[:3] in subjects.BY_CODE, code
        assert subject.scheme in ("功能", "经济", "政府经济", "收入")


@pytest.mark.parametrize(
    ("question", "measure", "role"),
    [
        ("卫生健康支出占多少比例", "percent", "share"),
        ("机关运行经费减少了多少比例", "percent", "change_pct"),
        ("收支总计比2021年下降了百分之几", "percent", "change_pct"),
        ("完成了年初预算的百分之几", "percent", "rate"),
        ("比上年多花了多少", "money", "change"),
        ("占用了多少钱", "money", ""),
        ("办公费多少", "money", ""),
    ],
)
def test_the_role_a_question_asks_for(question, measure, role):
    assert slots.asked_role(question, measure) == role


def test_a_word_inside_a_longer_word_of_another_term_is_not_asked() -> None:
    from retrieval.lexicon import match_terms

    assert [t.name for t in match_terms("资产总额是多少")] == ["国有资产"]  # not 收支总计 through 总额
    assert [t.name for t in match_terms("预算总额是多少")] == ["收支总计"]
