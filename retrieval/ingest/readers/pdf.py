"""PDF files: text lines, ruled and unruled tables of every page, top to bottom, with page marks."""

from __future__ import annotations

import io
import logging
import re
import struct
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from retrieval.ingest.readers.common import ReadError, join_blocks, short, table_lines
from retrieval.ingest.readers.ocr import available as ocr_available
from retrieval.ingest.readers.ocr import page_words as ocr_page_words
from retrieval.ingest.readers.pdf_layout import PAGE_FURNITURE, TITLE_OR_UNIT, find_tables, page_lines

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the user's business

# Malformed files make these libraries raise many kinds of exceptions; each tuple lists them.
_PDF_ERRORS = (
    PdfminerException,
    MalformedPDFException,
    PSException,
    ValueError,
    TypeError,
    KeyError,
    IndexError,
    AttributeError,
    AssertionError,
    struct.error,
)


PAGE_MARK = "\f"  # a line "\f<n>" in the canonical text starts page n


@dataclass
class _Item:
    """Something on a page, in reading order: a text line or a table (ruled or unruled)."""

    top: float
    lines: list[str]
    table: bool = False
    header: list[list[str]] = field(default_factory=list)
    columns: list[list[float]] | None = None


def read_pdf(path: Path, data: bytes) -> str:
    """Every page's text lines and tables, top to bottom, each page starting with a ``\f<n>`` line.

    Ruled tables come from pdfplumber's table finder, unruled ones from word positions
    (:mod:`pdf_layout`); page numbers and running headers are dropped, and a table continued on the
    next page (with or without its header repeated) continues as one table."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [_page_items(page) for page in pdf.pages]
    except _PDF_ERRORS as exc:
        said = f"{type(exc).__name__} {exc!r}".lower()  # pdfplumber wraps PDFPasswordIncorrect without a message
        if "password" in said or "encrypt" in said:
            raise ReadError(path, "PDF 已加密，请提供未加密版本") from exc
        raise ReadError(path, f"无法解析 PDF（文件损坏或不是 PDF）: {short(exc)}") from exc
    if not any(item.lines for items in pages for item in items):
        if not ocr_available():
            raise ReadError(path, "扫描件，无文字层：PDF 中没有可提取的文字，本机也没有文字识别组件（请提供文字版）")
        raise ReadError(path, "扫描件，无文字层：PDF 中没有可提取的文字，文字识别也没有读出内容（请提供文字版）")
    return join_blocks(_continue_tables(_drop_furniture(pages)))


def _page_items(page: pdfplumber.page.Page) -> list[_Item]:
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    items = []
    for table in tables:
        rows = [[unwrap_cell(c) for c in row] for row in table.extract()]
        items.append(
            _Item(table.bbox[1], table_lines(rows), table=True, header=[[c or "" for c in rows[0]]] if rows else [])
        )
    outside = page.filter(lambda obj: not _in_boxes(obj, boxes)) if boxes else page
    words = outside.extract_words(x_tolerance=1.5, y_tolerance=2, extra_attrs=["size"])
    if not words and not page.chars and page.images:
        words = ocr_page_words(page)  # a scanned page: its image read by OCR
    lines = page_lines(words)
    regions = find_tables(lines)
    inside = {k for r in regions for k in range(r.start, r.end)}
    for region in regions:
        lines_ = table_lines(region.header + region.rows)
        items.append(_Item(lines[region.start].top, lines_, True, region.header, region.columns))
    items += [_Item(line.top, [line.text]) for k, line in enumerate(lines) if k not in inside and line.text]
    items.sort(key=lambda item: item.top)  # stable: a table starting on a text line's top wins
    page.close()
    return items


_WRAP = re.compile(r"(?<=[\d,.])\n(?=[\d,.%])|(?<=[\u4e00-\u9fff（）()])\n(?=[\u4e00-\u9fff（）()])")


def unwrap_cell(cell: str | None) -> str | None:
    """A cell's text wrapped inside a narrow PDF cell, joined: ``236,1``/``29.40`` → ``236,129.40``, ``0300``/``10``
    → ``030010``, ``普都``/``区人`` → ``普都区人`` (other line breaks become spaces later)."""
    return _WRAP.sub("", cell) if cell else cell


def _drop_furniture(pages: list[list[_Item]]) -> list[list[_Item]]:
    """Without page numbers, and without a running header or footer: text that starts or ends most pages."""
    edges: Counter[str] = Counter()
    for items in pages:
        texts = [i.lines[0] for i in items if not i.table]
        edges.update({t for t in texts[:2] + texts[-2:]})
    running = {
        t
        for t, n in edges.items()
        if len(pages) >= 3 and n >= max(3, len(pages) * 0.6) and len(t) < 60 and not TITLE_OR_UNIT.search(t)
    }  # 单位：万元 above most pages' tables is not a running header
    return [
        [
            i
            for i in items
            if i.table or not (PAGE_FURNITURE.match(i.lines[0].replace(" ", "")) or i.lines[0] in running)
        ]
        for items in pages
    ]


def _continue_tables(pages: list[list[_Item]]) -> list[list[str]]:
    """Blocks of the document, a page mark before each page; a table that ends one page and starts the next
    loses the header it repeats, so both halves read as one table."""
    blocks: list[list[str]] = []
    last: _Item | None = None
    for number, items in enumerate(pages, start=1):
        mark = f"{PAGE_MARK}{number}"
        if not items:
            blocks.append([mark])
        for k, item in enumerate(items):
            lines = item.lines
            continued = k == 0 and item.table and last is not None and last.table
            if continued and item.header and last is not None and item.header == last.header:
                lines = lines[len(table_lines(item.header)) :]  # the header repeated on the new page
            elif continued and lines and blocks and _row_split(blocks[-1][-1], lines[0]):
                blocks[-1][-1] = _joined_row(blocks[-1][-1], lines[0])  # a row the page break cut in two
                lines = lines[1:]
            blocks.append([mark, *lines] if k == 0 else lines)
        last = items[-1] if items else last
    return blocks


def _row_split(above: str, below: str) -> bool:
    """The first row of a page's table is the rest of the previous page's last row: as many cells, its first cell
    empty, and text only where the row above has text (the wrapped ends of its cells)."""
    a, b = above.split("\t"), below.split("\t")
    filled = [k for k, c in enumerate(b) if c]
    return len(a) == len(b) > 2 and not b[0] and bool(filled) and all(a[k] for k in filled)


def _joined_row(above: str, below: str) -> str:
    return "\t".join(x + y for x, y in zip(above.split("\t"), below.split("\t"), strict=True))


def _in_boxes(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a character's centre lies inside one of the table boxes (x0, top, x1, bottom)."""
    if obj.get("object_type") != "char":
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)
