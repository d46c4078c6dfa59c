"""Spreadsheets (.xlsx and legacy .xls): every sheet as a '## name' heading and its TSV rows."""

from __future__ import annotations

import codecs
import io
import re
import struct
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl
import xlrd
from openpyxl.utils.exceptions import InvalidFileException

from retrieval.ingest.readers.common import (
    ZIP_ERRORS,
    ReadError,
    format_value,
    join_blocks,
    one_line,
    short,
    table_lines,
)

_XLSX_ERRORS = (*ZIP_ERRORS, InvalidFileException, KeyError, ValueError, TypeError, IndexError, SyntaxError)
_XLS_ERRORS = (
    xlrd.XLRDError,
    xlrd.compdoc.CompDocError,
    struct.error,
    ValueError,
    KeyError,
    IndexError,
    AssertionError,
)


def _sheet_block(name: str, rows: Iterable[Sequence[object]]) -> list[list[str]]:
    """'## name', the sheet's title rows as text lines (a title in A1, a 单位：万元 row) and its TSV lines;
    nothing for an empty sheet."""
    lines = table_lines([value if isinstance(value, str) else format_value(value) for value in row] for row in rows)
    if not lines:
        return []
    top = 0
    while top < len(lines) - 1 and _caption_row([c for c in lines[top].split("\t") if c]):
        top += 1  # rows above the table: its title, 单位：万元, 编制单位：…
    titles = [one_line(" ".join(c for c in line.split("\t") if c)) for line in lines[:top]]
    return [[f"## {one_line(name)}"], titles, lines[top:]]


def _caption_row(cells: list[str]) -> bool:
    """A row above a sheet's table: one cell, or only ``key：value`` cells (编制单位：…  单位：万元)."""
    return len(cells) == 1 or all(re.search(r"[：:]", c) for c in cells)


def _shown(cell: object) -> object:
    """A cell's value as the sheet shows it: numbers with the decimals, thousands separators and percent sign of
    their number format (1013.1 in a ``0.00`` cell → ``1013.10``)."""
    value = getattr(cell, "value", None)
    fmt = str(getattr(cell, "number_format", "") or "General").split(";")[0]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or fmt == "General":
        return value
    decimals = re.search(r"0\.(0+)", fmt)
    places = len(decimals.group(1)) if decimals else 0
    if "%" in fmt:
        return f"{value * 100:.{places}f}%"
    if not decimals and not re.search(r"[0#]", fmt):
        return value
    return f"{value:,.{places}f}" if "," in fmt else f"{value:.{places}f}"


def read_xlsx(path: Path, data: bytes) -> str:
    """Every worksheet of an .xlsx workbook (cached formula values, not formulas)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            blocks = []
            for sheet in book.worksheets:
                sheet.reset_dimensions()  # stored dimensions are often wrong; read every cell
                blocks += _sheet_block(sheet.title, ([_shown(c) for c in row] for row in sheet.iter_rows()))
        finally:
            book.close()
    except _XLSX_ERRORS as exc:
        raise ReadError(path, f"无法解析 Excel 文件（文件损坏或不是 .xlsx）: {short(exc)}") from exc
    return join_blocks(blocks)


def read_xls(path: Path, data: bytes) -> str:
    """Every sheet of a legacy .xls workbook; .xlsx or HTML files saved as .xls also work."""
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(path, data)
    if data.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"<":
        from retrieval.ingest.readers.webpage import read_html  # bs4 only when HTML is read

        return read_html(path, data)
    try:
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO())
        blocks = []
        for sheet in book.sheets():
            rows = ([_xls_value(cell, book.datemode) for cell in sheet.row(r)] for r in range(sheet.nrows))
            blocks += _sheet_block(sheet.name, rows)
    except _XLS_ERRORS as exc:
        raise ReadError(path, f"无法解析 Excel 文件（文件损坏或不是 .xls）: {short(exc)}") from exc
    return join_blocks(blocks)


def _xls_value(cell: xlrd.sheet.Cell, datemode: int) -> object:
    """The Python value of an xlrd cell (dates as datetime, errors as '#DIV/0!' etc.)."""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "")
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (xlrd.XLDateError, ValueError, OverflowError):
            return cell.value
    return cell.value
