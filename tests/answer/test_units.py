"""A question's unit is matched to held units by place and kind; a unit the corpus lacks is named, never replaced."""

import pytest

from retrieval.answer.units import UnitResolver
from tests.corpus_docs import parsed

PREFIXES = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="module")
def resolver() -> UnitResolver:
    return UnitResolver([parsed(p).identity for p in PREFIXES])


@pytest.mark.parametrize(
    "question, expected",
    [
        ("忻州社保卡中心2023年基本工资多少", ["001"]),
        ("咸阳市的社保卡中心2026年公用经费", ["002"]),
        ("请问和曾都区信息中心有关的支出", ["000", "003"]),
        ("社保卡中心的奖金", ["001", "002"]),  # no place: every unit of that kind
        ("高陵区信息中心2023年办公费预算多少", ["004"]),
        ("城乡社区支出多少", []),  # an item, not a place
        ("其他委托业务费", []),
    ],
)
def test_held_units_are_found_by_place_and_kind(resolver, question, expected):
    result = resolver.resolve(question)
    assert [d[:3] for d in result.docs] == expected and not result.unknown


@pytest.mark.parametrize(
    "question, unknown, closest",
    [
        ("曾都区司法局2024年办公费", "曾都区司法局", "曾都区"),  # the place is held, the unit is not
        ("高陵区人社局的办公费", "高陵区人社局", "高陵区"),  # a parent bureau is not its centre
        ("西安市雁塔区信息中心的电费", "西安市雁塔区信息中心", "高陵区"),  # another district of the same city
        ("西安市信息中心的电费", "西安市信息中心", "高陵区"),  # a city-level centre is not the district's
        ("渝北就业人才中心的支出", "渝北就业人才中心", ""),  # a listed place's stem
        ("和县民政局的三公经费", "和县民政局", ""),  # a two-character county
        ("司法局办公费多少", "司法局", ""),  # a kind of unit nobody in the corpus is
    ],
)
def test_a_unit_the_corpus_lacks_is_named_with_the_closest_held_units(resolver, question, unknown, closest):
    result = resolver.resolve(question)
    assert result.docs == [] and result.unknown == unknown
    if closest:
        assert closest in result.closest[0]


def test_a_word_the_documents_use_is_not_taken_for_a_missing_unit() -> None:
    identities = [parsed(p).identity for p in PREFIXES]
    texts = "本年度大数据中心运维项目支出"
    plain = UnitResolver(identities)
    aware = UnitResolver(identities, in_documents=lambda word: word in texts)
    assert plain.resolve("大数据中心运维费多少").unknown == "大数据中心"
    assert aware.resolve("大数据中心运维费多少").unknown == ""


def test_the_engine_refuses_with_the_closest_units(engine):
    answer = engine.ask("曾都区司法局2024年办公费预算多少？")
    assert not answer.found
    assert "已收录的材料中没有该单位（曾都区司法局）" in answer.answer and "曾都区人社" in answer.answer
    assert not any(ch.isdigit() for ch in answer.answer.split("最接近的是")[0].replace("2024", ""))


def test_one_units_documents_are_told_from_other_units_of_its_region(resolver):
    docs = {p: parsed(p).identity.doc for p in PREFIXES}
    assert resolver.same_unit(docs["000"], docs["003"])  # 曾都区人社信息中心 named longer in its 2024 budget
    assert not resolver.same_unit(docs["000"], docs["004"]) and not resolver.same_unit(docs["001"], docs["002"])


def test_a_place_of_a_place_joined_by_de_is_one_mention(resolver):
    result = resolver.resolve("随州市的曾都区人社信息中心2022年决算")
    assert [d[:3] for d in result.docs] == ["000", "003"] and not result.unknown


def test_two_places_joined_by_he_are_two_units_not_one_kind(engine):
    units = engine.context.parser.units
    mentions = units.mentions("曾都区和高陵区信息中心哪个基本工资多")
    assert [(m.places, m.kind) for m in mentions] == [(["曾都区"], ""), (["高陵区"], "信息中心")]
    assert {d[:3] for d in units.resolve("曾都区和高陵区信息中心哪个基本工资多").docs} == {"000", "003", "004"}


def _held(*pages: str) -> UnitResolver:
    from retrieval.ingest.parse import parse_text

    return UnitResolver([parse_text(page, f"d{k}.txt").identity for k, page in enumerate(pages)])


@pytest.fixture(scope="module")
def townships() -> UnitResolver:
    """Invented units named the way real disclosures name them."""
    return _held(
        "岘县人民政府砚坪街道办事处2024年度部门决算公开说明\n一、基本情况",
        "蒲口镇劳动就业和社会保障服务所2022年度部门决算\n一、基本情况",
        "现将岘县芦塘镇2021年度“三公”经费决算情况公布如下:\n合计3.00万元。",
        "岘县江南产业集中区(管委会)2024年\n一般公共预算“三公”经费预算",
        "岘县机关事务管理局2023年部门预算\n一、基本情况",
        "广东画院2020年部门预算\n一、基本情况",
    )


@pytest.mark.parametrize(
    "question, expected",
    [
        ("砚坪街道2024年收入总计", ["d0.txt"]),  # the 街道 after 人民政府 is the unit's place
        ("砚坪街道办2024年收入总计", ["d0.txt"]),
        ("岘县人民政府砚坪街道办事处2024年收入总计", ["d0.txt"]),
        ("蒲口镇社保所2022年工资福利支出", ["d1.txt"]),  # the public's short names, as data
        ("蒲口镇劳动保障所2022年工资福利支出", ["d1.txt"]),
        ("芦塘镇政府2021年公务接待费", ["d2.txt"]),  # a township's disclosure is its government's
        ("岘县江南产业集中区管委会2024年公务接待费", ["d3.txt"]),  # brackets left out
        ("岘县机管局2023年办公费", ["d4.txt"]),
        ("广东画院2020年收入", ["d5.txt"]),  # a province's stem begins the name
        ("2021年度芦塘镇“三公”经费", ["d2.txt"]),  # 年度 is the year's, not the unit's
        ("2024年年初砚坪街道有多少人", ["d0.txt"]),  # a time word before a unit is no part of it
    ],
)
def test_short_and_everyday_names_of_real_units(townships, question, expected):
    result = townships.resolve(question)
    assert result.docs == expected and not result.unknown, result


@pytest.mark.parametrize(
    "question",
    [
        "蒲口镇政府2022年工资福利支出",  # the town's government is not its 社保所
        "砚坪街道派出所2024年收入",
        "岘县机关事务服务中心2023年办公费",
    ],
)
def test_a_different_unit_is_still_refused(townships, question):
    result = townships.resolve(question)
    assert not result.docs and result.unknown, result


def test_a_higher_place_the_document_never_states_is_read_with_a_note(townships):
    result = townships.resolve("北碚区蒲口镇劳动就业和社会保障服务所2022年工资福利支出")
    assert result.docs == ["d1.txt"] and result.corrected == "蒲口镇劳动就业和社会保障服务所"
    # a district under a held city-level unit is another unit, not the city's
    city = _held("岚江市社会保障卡管理服务中心2026年部门预算\n一、基本情况")
    assert not city.resolve("岚江市松陂区社会保障卡管理服务中心2026年收入").docs


def test_a_townships_county_named_in_its_text_and_a_short_unit_word_written_out() -> None:
    """A 镇 whose text says it lies in a county is that county's 镇; a unit named …残联 is also …残疾人联合会."""
    resolver = _held(
        "砚坪镇2019年部门预算\n一、部门基本概况\n砚坪镇地处岚江省桐溪县西部，面积80平方公里。\n",
        "岚江省残联2015年决算公开说明\n第一部分 省残联概况\n",
        "桐溪县信访局2021年部门预算\n一、部门基本概况\n",
    )
    assert resolver.resolve("桐溪县砚坪镇政府2019年预算收入").docs == ["d0.txt"]
    assert resolver.resolve("岚江省残疾人联合会2015年其他收入").docs == ["d1.txt"]
    assert not resolver.resolve("澄县砚坪镇政府2019年预算收入").docs  # another county's 砚坪镇


def test_a_budgets_total_asked_without_its_stage_word() -> None:
    from retrieval.answer.matching import item_query, label_score
    from retrieval.answer.query import QueryParser
    from retrieval.ingest.parse import parse_text

    doc = parse_text("澄县文化馆2016年部门预算\n2016年部门预算总收入2796.76万元，其中财政拨款2700.00万元。\n", "d.txt")
    parser = QueryParser([doc.identity])
    item = item_query(parser.parse("澄县文化馆2016年部门预算总收入是多少"), [doc.identity.org])
    from dataclasses import asdict

    scored = {f.value_text: label_score(item, asdict(f)) for f in doc.figures}
    assert scored["2796.76"] > scored["2700.00"]


def test_a_tables_total_row_whose_columns_are_its_figures_answers_the_tables_item() -> None:
    """合计 | 2024年预算数 of a “三公”经费 table is the “三公”经费 total (not its largest part); 增减幅度 asks the %."""
    from dataclasses import asdict

    from retrieval.answer.matching import figure_score, item_query
    from retrieval.answer.query import QueryParser
    from retrieval.ingest.parse import parse_text

    page = "\n".join(
        [
            "2024年岘县芦塘镇“三公”经费预算财政拨款情况统计表 | ||||",
            "单位:万元 | ||||",
            "项目 | 2023年预算数 | 2024年预算数 | 比上年增、减情况 | |",
            "增、减金额 | 增、减幅度 | |||",
            "合计 | 18.00 | 20.00 | 2 | 11% |",
            "1.公务接待费 | 3 | 4 | 1 | 33% |",
            "2.公务用车购置及运行费 | 15.00 | 16.00 | 1 | 7% |",
        ]
    )
    doc = parse_text(page, "d.txt")
    parser = QueryParser([doc.identity])

    def best(question: str) -> str:
        item = item_query(parser.parse(question), [doc.identity.org])
        scored = [(figure_score(item, asdict(f), 0.0, "预算", question), f) for f in doc.figures]
        return max((s for s in scored if s[0]), key=lambda s: s[0][0])[1].value_text

    assert best("芦塘镇2024年“三公”经费预算合计是多少") == "20.00"
    assert best("芦塘镇2024年公务接待费预算比上年增长的幅度是多少") == "33%"


def test_party_school_autonomous_county_and_preposition_forms() -> None:
    """中共…市委党校 is asked as …市委党校 (another city's is refused); 寻甸回族彝族自治县 is the 寻甸县 a document
    names; 给<an item> after a held unit is no second unit."""
    resolver = _held(
        "中共岚江市委党校2019年度部门决算\n一、基本情况\n",
        "寻甸县农业农村局2022年度部门决算\n一、基本情况\n",
        "岘县教育局2016年部门预算\n一、基本情况\n",
    )
    assert resolver.resolve("岚江市委党校2019年财政拨款收入").docs == ["d0.txt"]
    assert not resolver.resolve("中共澄江市委党校2019年财政拨款收入").docs
    assert resolver.resolve("寻甸回族彝族自治县农业农村局2022年三公经费").docs == ["d1.txt"]
    from retrieval.ingest.parse import parse_text

    page = "岘县教育局2016年部门预算\n安排特殊教育学校专项经费12.00万元。\n"
    held = UnitResolver([parse_text(page, "d2.txt").identity], in_documents=lambda word: word in page)
    result = held.resolve("岘县教育局2016年给特殊教育学校安排的专项经费")
    assert result.docs == ["d2.txt"] and not result.unknown
