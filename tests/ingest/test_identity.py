"""Document identity is read from each document's own text (title line, name fields, headings)."""

import pytest

from retrieval.ingest.identity import detect_identity
from retrieval.ingest.textclean import clean_lines
from tests.corpus_docs import parsed


@pytest.mark.parametrize(
    "prefix, org, region, year, kind",
    [
        ("000", "曾都区人社信息网络和档案管理中心", "曾都区", 2024, "预算"),
        ("001", "忻州市社会保障卡服务中心", "忻州市", 2023, "决算"),
        ("002", "咸阳市社会保障卡管理服务中心", "咸阳市", 2026, "预算"),
        ("003", "曾都区人社信息中心", "曾都区", 2022, "决算"),  # no title line: inferred from the text
        ("004", "西安市高陵区人力资源和社会保障信息中心", "高陵区", 2023, "预算"),
    ],
)
def test_identity_of_each_shipped_document(prefix, org, region, year, kind):
    identity = parsed(prefix).identity
    assert (identity.org, identity.region, identity.year, identity.kind) == (org, region, year, kind)
    assert identity.title == f"{org} {year}年 {kind}"


@pytest.mark.parametrize(
    "prefix, unit", [("000", "万元"), ("001", "万元"), ("002", "万元"), ("003", "万元"), ("004", "元")]
)
def test_document_unit_comes_from_its_tables_or_prose(prefix, unit):
    assert parsed(prefix).identity.unit == unit


def test_full_name_comes_from_the_name_fields():
    assert parsed("000").identity.full_name == "随州市曾都区人力资源和社会保障信息网络和档案管理中心"
    assert parsed("000").identity.city == "随州市"
    assert parsed("004").identity.city == "西安市"


def test_ocr_variants_of_the_region_are_found_and_become_aliases():
    identity = parsed("000").identity
    assert identity.ocr_variants == ["晋都区", "普都区"]
    assert "普都区人社信息网络和档案管理中心" in identity.aliases
    assert "晋都区人社信息网络和档案管理中心" in identity.aliases
    assert parsed("004").identity.ocr_variants == []  # 提高全区 is not a misread of 高陵区


def test_short_forms_people_type_are_aliases():
    assert "忻州社保卡中心" in parsed("001").identity.aliases
    assert "咸阳社保卡中心" in parsed("002").identity.aliases
    assert "高陵区人社信息中心" in parsed("004").identity.aliases
    assert "曾都人社信息中心" in parsed("003").identity.aliases


def test_identity_of_an_unseen_document_follows_the_same_rules():
    text = "\n\n".join(
        [
            "宝鸡市社会保险中心2025年部门决算公开",
            "第一部分 单位概况",
            "本单位共有编制12人。",
            "部门名称：陕西省宝鸡市社会保险中心",
        ]
    )
    identity = detect_identity("x.txt", clean_lines(text))
    assert (identity.org, identity.region, identity.year, identity.kind) == (
        "宝鸡市社会保险中心",
        "宝鸡市",
        2025,
        "决算",
    )
    assert identity.full_name == "陕西省宝鸡市社会保险中心"


def identity_of(*lines: str, doc: str = "x.txt"):
    return detect_identity(doc, clean_lines("\n\n".join(lines)))


@pytest.mark.parametrize(
    "title, org, year, kind",
    [
        ("2015年桐溪县司法局部门预算", "桐溪县司法局", 2015, "预算"),  # year first
        ("桐溪县司法局2015年度部门决算", "桐溪县司法局", 2015, "决算"),
        ("关于云岚市民政局2021年部门预算公开的说明", "云岚市民政局", 2021, "预算"),
        ("云岚市民政局部门预算（2021年）", "云岚市民政局", 2021, "预算"),  # bracketed year after
        ("二〇二二年禾丰镇人民政府部门决算", "禾丰镇人民政府", 2022, "决算"),  # year in Chinese numerals
        ("首页 > 信息公开 > 财政预决算 > 2024年和县民政局部门预算", "和县民政局", 2024, "预算"),  # breadcrumb
        ("当前位置：首页财政预决算岳池县就业服务中心2023年部门决算", "岳池县就业服务中心", 2023, "决算"),
    ],
)
def test_title_lines_in_any_word_order(title, org, year, kind):
    identity = identity_of("", title, "第一部分 单位概况", "本单位主要职责是办理有关事务。")
    assert (identity.org, identity.year, identity.kind) == (org, year, kind)
    assert identity.evidence["org"]["source"] == "title"


def test_a_title_split_over_two_lines():
    identity = identity_of("桐溪县司法局", "2019年部门预算", "一、部门职责")
    assert (identity.org, identity.year, identity.kind) == ("桐溪县司法局", 2019, "预算")


@pytest.mark.parametrize(
    "lines, org, source",
    [
        (["部门名称：云岚市桐溪区医疗保障局", "单位：万元"], "云岚市桐溪区医疗保障局", "name_field"),
        (["第一部分 澄县档案馆概况", "一、主要职责"], "澄县档案馆", "part_heading"),
        (
            ["一、单位概况", "禾丰镇人民政府是县人民政府的派出机关，负责全镇行政事务。"],
            "禾丰镇人民政府",
            "first_sentence",
        ),
        (
            ["一、主要职责", "负责社会救助。", "十、名词解释", "云岚市桐溪区民政局", "2024年1月20日"],
            "云岚市桐溪区民政局",
            "signature",
        ),
    ],
)
def test_organisation_from_the_body_when_there_is_no_title(lines, org, source):
    identity = identity_of(*lines, "表1 收支总表", "项目\t预算数", "合计\t12.00")
    assert identity.org == org
    assert identity.evidence["org"]["source"] == source
    assert 0 < identity.evidence["org"]["confidence"] <= 1


def test_the_file_name_is_the_last_resort():
    identity = identity_of("项目\t预算数", "合计\t12.00", doc="2023年桐溪县财政局部门预算.xlsx")
    assert (identity.org, identity.year, identity.kind) == ("桐溪县财政局", 2023, "预算")
    assert {identity.evidence[k]["source"] for k in ("org", "year", "kind")} == {"file_name"}


def test_regions_of_any_length_and_their_parents():
    assert identity_of("和县民政局2024年部门预算").region == "和县"
    identity = identity_of("重庆市渝北区就业和人才服务中心2023年部门预算")
    assert (identity.region, identity.city) == ("渝北区", "重庆市")
    assert identity_of("岳池县民政局2024年部门预算").city == "广安市"  # from the national list of places
    assert identity_of("禾丰镇人民政府2022年部门决算").region == "禾丰镇"


def test_short_forms_are_derived_from_the_name_not_from_a_list():
    aliases = identity_of("重庆市渝北区就业和人才服务中心2023年部门预算").aliases
    assert "渝北区就业和人才服务中心" in aliases and "渝北就业人才中心" in aliases
    aliases = identity_of("云岚市人力资源和社会保障局2020年部门决算").aliases
    assert "云岚人社局" in aliases


def test_the_carry_over_item_is_not_a_year():
    identity = identity_of("桐溪县司法局2015年部门预算", "上年结转结余 12.00万元", "2014年结转")
    assert identity.year == 2015


def _identity_of(text: str, doc: str = "page.txt"):
    from retrieval.ingest.parse import parse_text

    return parse_text(text, doc).identity


def test_a_web_page_title_under_its_header_fields_and_breadcrumb_stands_alone() -> None:
    """Site name, breadcrumb and the 索引号/发布机构 header above a title that ends without punctuation, and the body
    right under it: the title is read as a title (not glued to the next sentence), the 发布机构 (the parent) is not
    the unit."""
    page = "\n".join(
        [
            "桐溪县人力资源和社会保障局",
            "您当前的位置:首页 >政务公开 >财政预决算 >部门决算",
            "[ 索引号 ] 1150022155/2022-00547 [ 发文字号 ]",
            "[ 发布机构 ] 桐溪县人力社保局 [ 有效性 ]",
            "桐溪县社会保险事务中心2021年度部门决算公开说明",
            "一、单位基本情况",
            "按照要求，现将本单位2021年度决算情况公开如下。",
        ]
    )
    identity = _identity_of(page)
    assert (identity.org, identity.year, identity.kind) == ("桐溪县社会保险事务中心", 2021, "决算")


@pytest.mark.parametrize(
    "title, org, year, kind",
    [
        ("2015年岘县司法局部门“三公”经费情况统计表", "岘县司法局", 2015, ""),
        ("2017年澄县委宣传部“三公”经费增减情况说明", "澄县委宣传部", 2017, ""),
        ("澄县人民法院2021年一般公共预算财政拨款“三公”经费支出决算情况说明", "澄县人民法院", 2021, "决算"),
        ("澄县统计局(本级)2024年度决算公开说明", "澄县统计局", 2024, "决算"),
        ("(一)关于澄县公安局2019年收支预算情况的总体说明", "澄县公安局", 2019, "预算"),
        ("第二部分 澄县作家协会2020年度部门决算表", "澄县作家协会", 2020, "决算"),
        ("澄县砚坪镇人民政府2024部门决算情况说明", "澄县砚坪镇人民政府", 2024, "决算"),
        ("2021年澄县砚坪中心校部门预算编制说明", "澄县砚坪中心校", 2021, "预算"),
        ("2016年澄县司法局一般公共预算“三公”经费支出表.xls", "澄县司法局", 2016, ""),
        ("岘县2016年“三公”经费决算情况统计表", "岘县", 2016, "决算"),
        ("澄县司法局年度部门决算", "澄县司法局", None, "决算"),  # the year left out
        ("2021年部门预算公开说明澄县信访局.", "澄县信访局", 2021, "预算"),  # the unit last
        ("岘县残联2015年决算公开说明", "岘县残联", 2015, "决算"),
        ("标题 岘县就业和人才中心2025年部门预算情况说明", "岘县就业和人才中心", 2025, "预算"),
    ],
)
def test_titles_as_published(title: str, org: str, year: int, kind: str) -> None:
    from retrieval.ingest.identity.candidates import parse_title

    assert parse_title(title) == (org, year, kind)


def test_a_page_without_title_line_is_read_from_its_sentences() -> None:
    """No title: the sentence announcing the disclosure (现将…公布如下) names unit, year and kind."""
    page = (
        "按照《预算法》有关要求，现将澄县蒲口镇2021年度“三公”经费决算情况公布如下:\n"
        "2021年度全镇“三公”经费支出合计10.50万元。"
    )
    identity = _identity_of(page, "a1.txt")
    assert (identity.org, identity.year, identity.kind) == ("澄县蒲口镇", 2021, "决算")


def test_the_one_unit_a_composition_sentence_names_and_the_year_of_its_budget() -> None:
    page = "\n".join(
        [
            "一、部门基本情况",
            "(二)单位构成",
            "从预算单位构成看，纳入本部门2022年度决算编制的二级预算单位主要包括砚坪镇劳动保障服务所。",
            "二、收入支出决算总体情况说明",
            "2022年度收入总计80.00万元。",
        ]
    )
    identity = _identity_of(page, "b2.txt")
    assert (identity.org, identity.year, identity.kind) == ("砚坪镇劳动保障服务所", 2022, "决算")


def test_a_title_split_over_two_lines_names_the_unit_on_its_first_line() -> None:
    identity = _identity_of("岘县江南产业集中区(管委会)2024年\n一般公共预算“三公”经费预算\n单位:万元\n")
    assert (identity.org, identity.year, identity.kind) == ("岘县江南产业集中区(管委会)", 2024, "预算")
    other = _identity_of("财务数据\n岘县人民法院2021年“三公”经费支出决算情况说明\n")
    assert other.org == "岘县人民法院"  # not 财务数据岘县人民法院


def test_a_pipe_table_title_is_the_documents_title() -> None:
    page = "\n".join(
        [
            "索引号 | 0152-1/2017-09 | 发布机构 | 岘县财政局 |",
            "2016年岘县农业农村局部门“三公”经费情况统计表 | ||",
            "单位:万元 | | |",
            "项 目 | 本年预算数 | 其中:财政拨款 |",
            "合 计 | 34.35 | 34.35 |",
            "公务接待费 | 1.70 | 1.70 |",
        ]
    )
    doc_identity = _identity_of(page, "c3.txt")
    assert (doc_identity.org, doc_identity.year, doc_identity.kind) == ("岘县农业农村局", 2016, "预算")


def test_a_sentence_is_no_title_and_a_name_inside_a_sentence_starts_at_its_place() -> None:
    from retrieval.ingest.identity.candidates import parse_title, trim_org

    assert parse_title("纳入本部门2019年度部门决算编报的单位共1个。其中:行政单位1个") is None
    assert trim_org("包括岘县残疾人联合会") == "岘县残疾人联合会"
    assert trim_org("中共岘县县委") == "中共岘县县委"


def test_a_page_without_title_names_its_unit_in_its_sentences_and_its_year_most() -> None:
    page = "\n".join(
        [
            "一、部门基本情况",
            "(一)收入情况。岘县残疾人联合会本年度预算总收入为376.59万元,比上年减少4.89万元。",
            "(二)支出情况。包括岘县残疾人联合会在职人员工资等基本支出。",
            "2023年收入预算较2022年增加。2023年支出预算持平。",
        ]
    )
    identity = _identity_of(page, "p1.txt")
    assert (identity.org, identity.year, identity.kind) == ("岘县残疾人联合会", 2023, "预算")
