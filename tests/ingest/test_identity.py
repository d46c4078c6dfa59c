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
