"""Short forms of project names (金保运维项目) read as the names the documents' tables use."""

from __future__ import annotations

from retrieval.answer.projects import ProjectNames, is_short_form, project_names

NAME = "金保工程信息系统日常运营维护项目"


def test_project_names_come_from_table_titles() -> None:
    titles = [f"{NAME}支出绩效自评表", "公开06表 一般公共预算财政拨款基本支出决算明细表", "部门项目支出表"]
    assert project_names(titles) == {NAME}


def test_short_forms_keep_the_names_characters_in_order() -> None:
    assert is_short_form("金保工程运维项目", NAME) and is_short_form("金保运维项目", NAME)
    assert not is_short_form("运维金保项目", NAME)  # out of order
    assert not is_short_form("金宝工程运维项目", NAME)  # another character
    assert not is_short_form(NAME, NAME)


def test_expand_replaces_one_fitting_short_form_and_names_it() -> None:
    names = ProjectNames([NAME, "社保卡制发与拓展应用项目"], in_documents=lambda word: False)
    question, found = names.expand("忻州社保卡中心金保运维项目结余多少")
    assert question == f"忻州社保卡中心{NAME}结余多少"
    assert [(f.short, f.name) for f in found] == [("金保运维项目", NAME)]
    unchanged, none = names.expand(f"{NAME}结余多少")  # the full name needs no reading
    assert unchanged == f"{NAME}结余多少" and not none


def test_a_short_form_fitting_two_projects_is_left_alone() -> None:
    names = ProjectNames(["社保卡制卡经费项目", "社保卡制发与拓展应用项目"], in_documents=lambda word: False)
    question, found = names.expand("社保卡项目花了多少")
    assert question == "社保卡项目花了多少" and not found


def test_the_engine_reads_a_short_project_name_and_says_so(engine) -> None:
    answer = engine.ask("忻州社保卡中心金保运维项目资金结余多少")
    assert answer.answer.startswith("“金保运维项目”按“金保工程信息系统日常运营维护项目”理解")
    assert "0.269万元" in answer.answer


def test_a_short_form_begins_as_the_name_begins() -> None:
    assert not is_short_form("维护项目", NAME)  # 网络建设维护项目 is another unit's project, not 金保…
