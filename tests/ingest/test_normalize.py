"""Characters are made comparable before parsing: radicals from PDF fonts, full-width forms, traditional text."""

from retrieval.ingest.normalize import (
    is_traditional,
    normalize_chars,
    normalize_question,
    prepare,
    restore,
)
from retrieval.ingest.parse import parse_text
from tests.corpus_docs import CORPUS


def test_radicals_and_compatibility_forms_become_the_ideographs() -> None:
    # Kangxi radicals (NFKC maps them) and CJK-supplement radicals (NFKC leaves them) as a browser-printed PDF has
    assert normalize_chars("基本⽀出，⼼理，⻔诊，⻓期") == "基本支出，心理，门诊，长期"
    assert normalize_chars("１２３．４５万元，ＡＢＣ") == "123．45万元，ABC"  # punctuation stays as written
    assert normalize_chars("㈠部门职责 ⑵支出") == "(一)部门职责 (2)支出"


def test_pinyin_glosses_from_mirror_sites_are_removed() -> None:
    assert normalize_chars("預(yù)算單位：萬(wàn)元") == "預算單位：萬元"


def test_traditional_documents_are_detected_simplified_and_restorable() -> None:
    traditional = "二〇二三年部門預算公開說明。財政撥款收入123.45萬元，比上年增長5%。機關運行經費。"
    assert is_traditional(traditional)
    assert not is_traditional("二〇二三年部门预算公开说明。财政拨款收入123.45万元。")
    simplified, forms = prepare(traditional)
    assert "部门预算公开说明" in simplified and "财政拨款收入123.45万元" in simplified
    assert restore(simplified, forms) == traditional


def test_a_traditional_question_reads_like_the_documents() -> None:
    assert normalize_question("基本⼯資預算多少萬元") == "基本工资预算多少万元"


def test_a_traditional_copy_of_a_shipped_document_parses_like_the_original() -> None:
    import opencc

    original = (CORPUS / "001_b656c06370e19b11.txt").read_text(encoding="utf-8")
    traditional = opencc.OpenCC("s2t").convert(original)
    plain, converted = parse_text(original, "a.txt"), parse_text(traditional, "b.txt")
    assert (converted.identity.org, converted.identity.year, converted.identity.kind) == (
        plain.identity.org,
        plain.identity.year,
        plain.identity.kind,
    )
    assert [f.value for f in converted.figures] == [f.value for f in plain.figures]
    assert converted.identity.written_forms and not plain.identity.written_forms
    shown = restore(converted.chunks[0].display, converted.identity.written_forms)
    assert "社会保障卡" in converted.chunks[0].display and "社會保障卡服務中心" in shown  # shown as written


def test_a_letter_o_inside_a_year_is_read_as_zero() -> None:
    from retrieval.ingest.normalize import normalize_question

    assert normalize_question("2O23年办公费") == "2023年办公费" and normalize_question("2o24年") == "2024年"
    assert normalize_question("OA系统2023年") == "OA系统2023年"
