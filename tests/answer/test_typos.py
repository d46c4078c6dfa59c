"""Mistyped items and unit names are read as the documents' nearest words, and the answer says so."""

import pytest

from retrieval.answer.typos import correction

VOCABULARY = ["差旅费", "职业年金缴费", "基本工资", "金保工程", "办公费", "住房公积金"]


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("差率费多少", ("差率费", "差旅费")),
        ("职业年今缴费", ("职业年今缴费", "职业年金缴费")),
        ("基本工姿发了多少", ("基本工姿", "基本工资")),
        ("金宝工程运维", ("金宝工程", "金保工程")),
        ("住房公积金", None),  # spelled right: no correction
        ("基本支出", None),  # another word, not a near miss
    ],
)
def test_near_misses_of_the_documents_words(typed, expected):
    assert correction(typed, VOCABULARY) == expected


def test_a_mistyped_item_is_answered_with_a_note(engine):
    answer = engine.ask("忻州社保卡中心2023年的差率费是多少")
    assert answer.found and answer.answer.startswith("您是不是要问“差旅费”")
    assert "0.34万元" in answer.answer


def test_a_mistyped_unit_is_answered_with_a_note_but_a_real_other_place_is_not(engine):
    answer = engine.ask("曾督区人社信息中心2022年基本工资多少")
    assert answer.found and "您是不是要问“曾都区人社信息中心”" in answer.answer
    assert all(s.doc.startswith("003") for s in answer.sources[:1])
    other = engine.ask("西安市雁塔区人社信息中心2023年基本工资")  # a real district the corpus lacks
    assert not other.found and "雁塔区" in other.answer
