"""Whole disclosures as district governments post them (tests/fixtures/wholepdf, made by its generate.py): 20+
pages printed from Word by LibreOffice, every 公开表, unruled tables with the 功能分类 code in three columns
(220 01 01) or ruled ones with amounts in 元 wrapping in narrow cells. Identity, every table cell with its row,
column and unit, the code of each line and the page it stands on are read."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from retrieval.cli.realset import cell_read
from retrieval.ingest.parse import parse_file
from retrieval.ingest.tables.text import tabulate
from retrieval.models import ParsedDocument

HERE = Path(__file__).resolve().parent / "fixtures" / "wholepdf"
DOCS = sorted(p.name for p in (HERE / "docs").glob("*.pdf"))


@cache
def parsed(name: str) -> ParsedDocument:
    return parse_file(HERE / "docs" / name)


def truth(name: str) -> dict:
    return json.loads((HERE / "truth" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", DOCS)
def test_a_whole_pdf_is_read_with_its_identity_and_every_table_cell(name: str) -> None:
    expected, doc = truth(name), parsed(name)
    with pdfplumber.open(HERE / "docs" / name) as pdf:
        assert len(pdf.pages) >= 20
    identity = doc.identity
    assert (identity.org, identity.year, identity.kind) == (expected["org"], expected["year"], expected["kind"])
    cells = expected["cells"]
    read = [
        cell_read(doc.figures, {"row": c["row"] or c["column"], **c}, expected["org"] if not c["row"] else "")
        for c in cells
    ]
    assert sum(read) >= 0.95 * len(cells), [c for c, ok in zip(cells, read) if not ok][:5]


def test_a_code_in_three_columns_is_the_lines_code_and_rows_carry_their_page() -> None:
    name = next(n for n in DOCS if "决算" in n)
    figures = [f for f in parsed(name).figures if f.source == "table"]
    pension = [f for f in figures if f.label.endswith("机关事业单位基本养老保险缴费支出")]
    assert pension and {f.code for f in pension} == {"2080505"}
    assert all(f.page >= 5 for f in pension)  # the 公开表 come after the 概况 pages


def test_a_code_written_in_three_parts_in_text_is_one_code() -> None:
    text = "单位：万元\n208 05 05 机关事业单位基本养老保险缴费支出 20.10 20.10 0.00\n221 02 01 住房公积金 9.30 9.30 0\n"
    rows = tabulate(text)
    assert "2080505\t机关事业单位基本养老保险缴费支出\t20.10\t20.10\t0.00" in rows
    assert "2210201\t住房公积金\t9.30\t9.30\t0" in rows
