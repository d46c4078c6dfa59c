"""预算 and 决算 words are honoured: an outturn is never answered from a budget, a 决算's budget column answers
budget questions, and a change is only answered by a stated change."""


def test_actual_spending_of_a_unit_with_only_a_budget_is_refused(engine):
    answer = engine.ask("咸阳社保卡中心2026年办公费实际用掉多少，实际支出")
    assert not answer.found and "只有预算" in answer.answer and "咸阳市社会保障卡管理服务中心" in answer.answer


def test_the_budget_column_of_a_final_account_answers_a_budget_question(engine):
    budget = engine.ask("忻州社保卡中心2023年住房保障支出年初预算是多少")
    outturn = engine.ask("忻州社保卡中心2023年住房保障支出决算是多少")
    assert "4.47万元" in budget.answer and "4.38万元" in outturn.answer


def test_a_change_question_is_not_answered_by_the_level(engine):
    answer = engine.ask("忻州社保卡中心2023年办公费跟上年比多花了多少")
    assert not answer.found and "1.09万元" not in answer.answer  # the level is no change


def test_a_rate_asked_of_an_item_is_that_items_rate(engine):
    answer = engine.ask("忻州社保卡中心二〇二三年住房保障支出的执行率")
    assert answer.found and "97.99%" in answer.answer and "99.68%" not in answer.answer


def test_the_original_budget_of_an_outturn_document_is_its_budget_figure(engine):
    answer = engine.ask("忻州社保卡中心2023年社会保障和就业支出原先预算多少")
    assert answer.found and "133.31万元" in answer.answer and "141.19万元" not in answer.answer.split("。")[0]


def test_budget_and_outturn_asked_together_give_each_once(engine):
    answer = engine.ask("忻州社保卡中心2023年住房保障支出原先预算是多少，最后实际支出多少").answer
    first, _, second = answer.partition("\n")
    assert "4.47万元" in first and "年初预算" in first, answer
    assert "4.38万元" in second and "4.47" not in second, answer


def test_a_stage_the_question_rules_out_is_not_asked(engine):
    answer = engine.ask("忻州社保卡中心23年住房保障支出花了多少，要决算数，不要年初预算那个").answer
    assert "4.38万元" in answer and "4.47" not in answer, answer


def test_a_plain_question_to_a_final_account_gets_the_outturn_not_the_opening_budget(engine):
    answer = engine.ask("忻州社保卡中心2023年一般公共预算财政拨款支出里卫生健康支出有多少").answer
    assert "2.50万元" in answer and "2.52" not in answer, answer  # 一般公共预算 names a fund, not a stage
    total = engine.ask("曾都区人社信息中心2022年一般公共预算财政拨款支出总额是多少").answer
    assert "75.12万元" in total and "93.81" not in total, total


def test_a_tasks_completion_rate_is_not_the_budgets_execution_rate(engine):
    done = engine.ask("曾都区人社信息中心2022年制卡那个项目任务实际完成率多少").answer
    assert "完成率" in done.split("。")[0] and "95%" not in done.split("。")[0], done
    executed = engine.ask("忻州社保卡中心23年卫生健康支出的执行率是多少").answer
    assert "99.21%" in executed, executed  # 完成年初预算的 99.21% is the budget's execution
