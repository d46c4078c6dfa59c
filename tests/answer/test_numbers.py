"""Number extraction and traceability (retrieval.answer.numbers)."""

from __future__ import annotations

import pytest

from retrieval.answer.numbers import extract_numbers, normalize_number, untraceable_numbers


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("236,129.40", ["236129.4"]),
        ("15.00", ["15"]),
        ("0.19", ["0.19"]),
        ("99.5%", ["99.5"]),
        ("0.00", ["0"]),
        ("100", ["100"]),
        ("-15.00", ["-15"]),
        ("2023年", ["2023"]),
        ("第1", ["1"]),
        ("30101 工资福利支出", ["30101"]),
        ("2080108", ["2080108"]),
        ("236\u2009129.40", ["236129.4"]),
    ],
)
def test_normalisation(text: str, expected: list[str]) -> None:
    assert extract_numbers(text) == expected


def test_full_width_digits() -> None:
    assert extract_numbers("支出２３６，１２９．４０万元，增长１５．００％") == ["236129.4", "15"]
    assert extract_numbers("－３．５") == ["-3.5"]


def test_sentence_with_several_numbers() -> None:
    text = "2023年部门支出合计236,129.40万元，比上年减少-15.00%，其中2080108行政运行0.19万元。"
    assert extract_numbers(text) == ["2023", "236129.4", "-15", "2080108", "0.19"]


def test_hyphen_between_numbers_is_not_a_sign() -> None:
    assert extract_numbers("2023-2025年") == ["2023", "2025"]
    assert extract_numbers("1-3月") == ["1", "3"]


def test_comma_grouping_needs_three_digits() -> None:
    assert extract_numbers("1,2,3") == ["1", "2", "3"]
    assert extract_numbers("2021,2022") == ["2021", "2022"]
    assert extract_numbers("1,234,567.00") == ["1234567"]


def test_chinese_numerals_are_not_numbers() -> None:
    assert extract_numbers("一、收入预算；第二部分") == []


def test_long_identifier_is_not_rounded() -> None:
    digits = "1234567890123456789012345678901234567890"
    assert extract_numbers(digits) == [digits]


def test_normalize_number() -> None:
    assert normalize_number("9.00") == "9"
    assert normalize_number("无") is None


def test_untraceable_finds_invented_number() -> None:
    evidence = ["一般公共预算财政拨款支出236129.40万元，占比99.5%"]
    text = "支出为236,129.40万元，占99.50%，增长25.3%。"
    assert untraceable_numbers(text, evidence) == ["25.3"]


def test_allowed_numbers_pass() -> None:
    evidence = ["基本支出4万元", "项目支出5万元"]
    text = "合计9万元，其中基本支出4万元，项目支出5万元。"
    assert untraceable_numbers(text, evidence) == ["9"]
    assert untraceable_numbers(text, evidence, allowed={"9"}) == []
    assert untraceable_numbers(text, evidence, allowed=frozenset({"9.00"})) == []


def test_sign_and_unsigned_magnitude() -> None:
    assert untraceable_numbers("变动-15.00%", ["减少15%"]) == []
    assert untraceable_numbers("减少15%", ["变动-15.00%"]) == []
    assert untraceable_numbers("变动-16%", ["减少15%"]) == ["-16"]


def test_full_width_evidence_and_order_without_duplicates() -> None:
    evidence = ["２０２３年支出１２．５０万元"]
    text = "2023年支出12.5万元，7人，8项，再次7人。"
    assert untraceable_numbers(text, evidence) == ["7", "8"]


def test_identifier_digits_must_be_traceable() -> None:
    assert untraceable_numbers("科目2080108", ["科目2080109"]) == ["2080108"]
    assert untraceable_numbers("科目2080108", ["2080108 行政运行"]) == []
