"""Question words from data/question_words.tsv: what is removed before an item is matched, and what stays."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.answer import question_words


def stripped(text: str) -> str:
    return "".join(question_words.noise_pattern().sub(" ", text).split())


def test_question_words_and_structure_are_removed() -> None:
    assert stripped("请问忻州社保卡中心2023年的邮电费是多少？") == "忻州的邮电费"
    assert stripped("各单位24年住房公积金分别有多少") == "住房公积金"
    assert stripped("三个单位的差旅费加起来一共多少") == "的差旅费"


def test_words_keep_their_exceptions() -> None:
    assert stripped("年初预算多少") == "年初预算"  # 初预算: the 年初预算 column, not the word 预算
    assert stripped("预算执行率是多少") == "预算执行率"
    assert stripped("上年结转是多少") == "上年结转"  # money carried over, not "last year"
    assert stripped("在职人数") == "在职人数" and stripped("事业单位") == "事业单位"
    assert stripped("去年的培训费") == "的培训费"


def test_a_line_without_a_word_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "words.tsv"
    bad.write_text("# words\n请问\n\t初\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"words.tsv:3"):
        question_words.load(bad)
