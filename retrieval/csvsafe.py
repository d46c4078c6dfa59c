"""CSV files people open in a spreadsheet: a document cell starting with ``=``, ``+``, ``-`` or ``@`` must not
become a formula (CSV injection). Such cells get a leading apostrophe; plain numbers (-17, +2.5%) stay numbers."""

from __future__ import annotations

import re

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?%?")


def safe_cell(value: object) -> object:
    """``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``; anything else unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells (and column names) cannot run as spreadsheet formulas."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out
