"""Spreadsheets (.xlsx and legacy .xls): every sheet as a '## name' heading and its TSV rows."""

from __future__ import annotations

import codecs
import io
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
    """'## name' and the sheet's TSV lines; nothing for an empty sheet."""
    lines = table_lines([format_value(value) for value in row] for row in rows)
    return [[f"## {one_line(name)}"], lines] if lines else []


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
                blocks += _sheet_block(sheet.title, sheet.iter_rows(values_only=True))
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
