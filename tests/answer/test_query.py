"""Question understanding against the identities of the shipped documents (no model needed)."""

import pytest

from retrieval.answer.query import QueryParser
from tests.corpus_docs import parsed

DOCS = {p: parsed(p).identity.doc for p in ("000", "001", "002", "003", "004")}


@pytest.fixture(scope="module")
def parser() -> QueryParser:
    return QueryParser([parsed(p).identity for p in DOCS])


@pytest.mark.parametrize(
    "question, expected",
    [
        ("忻州社保卡中心去年花了多少", ["001"]),
        ("高陵区信息中心的电费", ["004"]),
        ("高陵那个信息中心的办公费", ["004"]),  # the region's stem, a filler word
        ("曾都信息中心的奖金", ["000", "003"]),  # both years of the same organisation
        ("普都区人社中心工会经费", ["000", "003"]),  # OCR variant found in the text
        ("咸阳的电费和忻州的邮电费", ["002", "001"]),  # order of mention
    ],
)
def test_organisations_are_recognised_fuzzily(parser, question, expected):
    assert parser.parse(question).docs == [DOCS[p] for p in expected]


def test_unknown_place_is_reported_not_guessed(parser):
    query = parser.parse("宝鸡市社会保障卡服务中心的预算")
    assert query.unknown_org.startswith("宝鸡市") and query.docs == []
    assert query.closest[:2] == ["忻州市社会保障卡服务中心", "咸阳市社会保障卡管理服务中心"]  # same kind of unit


@pytest.mark.parametrize(
    "question, years, relative",
    [
        ("2023年基本工资", [2023], None),
        ("23年的奖金", [2023], None),
        ("2026年和2024年比", [2026, 2024], None),
        ("今年的电费", [], 0),
        ("去年的电费", [], -1),
        ("12333热线接听多少", [], None),
        ("2024年的预算里，去年的支出总计", [2023], None),  # the year before the one named
        ("2023年收入比上年增加多少", [2023], None),  # a change against last year is the named year's
        ("2023年上年结转结余多少", [2023], None),  # an item, not a year
    ],
)
def test_years(parser, question, years, relative):
    query = parser.parse(question)
    assert (query.years, query.relative_year) == (years, relative)


@pytest.mark.parametrize(
    "question, kind",
    [
        ("预算安排了多少", "预算"),
        ("计划发多少张", "预算"),
        ("实际花了多少", "决算"),
        ("决算数是多少", "决算"),
        ("这五份预决算材料", ""),
        ("完成了年初预算的多少", ""),
    ],
)
def test_kind(parser, question, kind):
    assert parser.parse(question).kind == kind


@pytest.mark.parametrize(
    "question, term, measure",
    [
        ("社保卡制作花了多少钱", "社保卡经费", "money"),
        ("公车花了多少", "公务用车", "money"),
        ("出差费用", "差旅费", "money"),
        ("单位有多少人", "人员", "people"),
        ("编制几个", "人员", "people"),
        ("三公经费", "三公经费", "money"),
        ("发了多少张卡", "社保卡发放数量", "cards"),
        ("退休的有几个", "退休人员", "people"),  # one word, two terms: the measure asked decides
        ("给退休人员发的钱有多少", "退休", "money"),
    ],
)
def test_public_words_map_to_budget_terms(parser, question, term, measure):
    query = parser.parse(question)
    assert query.terms[0] == term and query.measure == measure


@pytest.mark.parametrize(
    "question, intent, cross",
    [
        ("哪个单位三公经费最多", "rank", True),
        ("各单位住房公积金分别是多少", "list", True),
        ("五家单位一共花了多少", "total", True),
        ("咸阳比忻州多多少", "difference", False),
        ("这个钱主要花在哪", "explain", False),
        ("忻州基本工资多少", "lookup", False),
    ],
)
def test_intent(parser, question, intent, cross):
    query = parser.parse(question)
    assert (query.intent, query.cross) == (intent, cross)


def test_followups_reuse_the_previous_item_and_organisation(parser):
    first = parser.parse("忻州社保卡中心2023年基本工资多少")
    year = parser.parse_followup("那2022年呢？", first)
    assert (year.docs, year.years, year.terms[0], year.followup) == ([DOCS["001"]], [2022], "基本工资", True)
    other = parser.parse_followup("高陵呢？", first)
    assert other.docs == [DOCS["004"]] and other.terms[0] == "基本工资" and other.years == []
    spend = parser.parse_followup("这个钱主要花在哪", first)
    assert spend.docs == [DOCS["001"]] and spend.intent == "explain"
    fresh = parser.parse_followup("咸阳社保卡中心2026年电费预算是多少", first)
    assert not fresh.followup and fresh.docs == [DOCS["002"]]


@pytest.mark.parametrize(
    "question",
    ["忻州社保卡中心的主要职责是什么", "什么是三公经费", "年末结转和结余是指什么", "曾都区信息中心主要负责什么"],
)
def test_what_is_questions_ask_for_an_explanation(parser, question):
    assert parser.parse(question).intent == "explain"


def test_how_much_questions_are_not_explanations(parser):
    assert parser.parse("忻州社保卡中心2023年三公经费是多少").intent != "explain"


def test_increase_by_how_much_is_a_difference_question(parser):
    assert parser.parse("咸阳社保卡中心2026年比2025年预算增加多少").intent == "difference"


@pytest.mark.parametrize(
    "question",
    ["曾都区人社信息中心2022年社保卡制卡数量", "咸阳社保卡中心2026年社保卡发放数量", "忻州社保卡中心2023年发卡量"],
)
def test_card_quantity_questions_ask_for_cards(parser, question):
    query = parser.parse(question)
    assert query.measure == "cards" and query.measure_asked


def test_split_question_only_where_both_parts_ask():
    from retrieval.answer.query import split_question

    assert split_question("忻州社保卡中心核定编制多少人，现有在职多少人？") == [
        "忻州社保卡中心核定编制多少人",
        "现有在职多少人",
    ]
    one = "栗山县文化馆2024年的免费开放经费，比泊川市文化馆2025年的同项经费多多少？"
    assert split_question(one) == [one]
    assert split_question("澄县财政局2023年一般公共预算基本支出中，公用经费是多少？")[0].endswith("？")


def test_split_question_at_inner_question_marks():
    from retrieval.answer.query import split_question

    assert split_question("高陵区信息中心2023年培训费预算多少？比上年变化？") == [
        "高陵区信息中心2023年培训费预算多少",
        "比上年变化",
    ]
    assert split_question("哪个单位的支出最大？") == ["哪个单位的支出最大？"]


def test_columns_asked_each_become_one_part_per_column():
    from retrieval.answer.query import split_question

    assert split_question("人员经费和公用经费各多少") == ["人员经费多少", "公用经费多少"]
    assert split_question("基本工资和绩效工资各多少") == ["基本工资多少", "绩效工资多少"]  # two items, each asked
    assert split_question("忻州23年工会经费跟其他商品和服务支出分别多少") == [
        "忻州23年工会经费多少",
        "其他商品和服务支出多少",  # 和 inside an item's name does not split it
    ]
    assert split_question("各单位住房公积金分别是多少") == ["各单位住房公积金分别是多少"]


def test_two_scopes_joined_before_one_item_each_ask_for_that_item():
    from retrieval.answer.query import split_question

    assert split_question("岘县农业农村局24年预算和23年决算的差旅费分别是多少") == [
        "岘县农业农村局24年预算的差旅费是多少",
        "23年决算的差旅费是多少",
    ]


def test_a_state_date_is_the_end_of_that_year() -> None:
    from retrieval.answer.query import _state_year

    assert _state_year("截至2023年底资产总额") == 2023
    assert _state_year("截至2023年12月31日，2024年预算里的车辆") is None  # another year is named
    assert _state_year("资产总额") is None


def test_a_mark_between_the_halves_of_one_word_is_dropped() -> None:
    from retrieval.ingest.normalize import normalize_question

    assert normalize_question("2024年度收、支总计比上年下降了百分之几") == "2024年度收支总计比上年下降了百分之几"
    assert normalize_question("增、减幅度是多少") == "增减幅度是多少"
