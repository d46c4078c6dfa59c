"""CSV cells that a spreadsheet would run as formulas are neutralised; numbers stay numbers."""

import pandas as pd

from retrieval.csvsafe import safe_cell, safe_frame


def test_formula_starts_get_an_apostrophe_and_numbers_do_not() -> None:
    assert [safe_cell(v) for v in ['=HYPERLINK("http://x")', "+1+1", "@SUM(A1)", "-x", "\tx"]] == [
        '\'=HYPERLINK("http://x")',
        "'+1+1",
        "'@SUM(A1)",
        "'-x",
        "'\tx",
    ]
    assert [safe_cell(v) for v in ["-17", "+2.5%", "1,234.50", "办公费", 3.5]] == [
        "-17",
        "+2.5%",
        "1,234.50",
        "办公费",
        3.5,
    ]


def test_a_frame_keeps_its_shape_and_numeric_columns() -> None:
    frame = pd.DataFrame({"项目": ["=1+1", "办公费"], "金额": [-1.5, 2.0], "=列": ["a", "b"]})
    safe = safe_frame(frame)
    assert safe["项目"].tolist() == ["'=1+1", "办公费"] and safe["金额"].tolist() == [-1.5, 2.0]
    assert list(safe.columns) == ["项目", "金额", "'=列"] and frame["项目"].tolist() == ["=1+1", "办公费"]
