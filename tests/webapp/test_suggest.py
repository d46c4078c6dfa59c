"""Buttons under a reply: follow-ups built from what the corpus holds for the unit that answered."""

from __future__ import annotations

from retrieval.webapp import suggest, turns


def offers(engine, question: str) -> list[str]:
    turn = turns.turn_from_answer(engine.ask(question))
    return suggest.for_turn(turn, turns.asked_item(turn, engine), engine.identities, engine.context.figures)


def test_followups_offer_items_beside_the_cited_row_of_the_same_unit(engine) -> None:
    offered = offers(engine, "忻州社保卡中心2023年基本工资多少")
    assert "忻州市社会保障卡服务中心2023年决算的津贴补贴是多少" in offered, offered  # same table, code group 301
    assert "各单位的基本工资分别是多少" in offered, offered
    assert 2 <= len(offered) <= suggest.MAX_SUGGESTIONS


def test_followups_are_about_the_unit_that_answered_not_its_namesake(engine) -> None:
    offered = offers(engine, "曾都区人社信息中心2022年基本工资")  # two 曾都 units are held; this one answered
    own = [q for q in offered if not q.startswith("各单位")]
    assert own and all(q.startswith("曾都区人社信息中心2022年决算") for q in own), offered


def test_related_items_skip_zero_rows_totals_and_the_asked_item(engine) -> None:
    figures = engine.context.figures
    row = figures[(figures["item"] == "基本工资") & (figures["chunk_id"].str.startswith("t"))].iloc[0]
    related = suggest.related_items(figures, row["doc"], row["chunk_id"], "基本工资", limit=10)
    assert related and "基本工资" not in related
    assert not [name for name in related if name.startswith(("合计", "小计"))]
    stated = figures[(figures["doc"] == row["doc"]) & figures["item"].isin(related)]
    assert (stated["value"].fillna(0) != 0).groupby(stated["item"]).any().all()  # each has a non-zero amount


def test_a_cross_unit_answer_offers_the_other_views_never_the_question_itself(engine) -> None:
    offered = offers(engine, "哪个单位差旅费最多")
    assert offered == ["哪个单位的差旅费最少", "各单位的差旅费分别是多少"], offered


def test_a_project_is_never_offered_across_units(engine) -> None:
    offered = offers(engine, "忻州社保卡中心金保运维项目资金结余多少")
    assert offered and not [q for q in offered if q.startswith("各单位")], offered
    assert not [q for q in offered if ":" in q or "：" in q], offered  # 资金总额: is read 资金总额
