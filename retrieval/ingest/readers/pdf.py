"""PDF files: text lines and pdfplumber tables of every page, top to bottom."""

from __future__ import annotations

import io
import logging
import struct
from pathlib import Path

import pdfplumber
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from retrieval.ingest.readers.common import ReadError, join_blocks, one_line, short, table_lines

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


def read_pdf(path: Path, data: bytes) -> str:
    """Text lines and tables of every page, top to bottom (text above a table comes first)."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            blocks = [block for page in pdf.pages for block in _pdf_page_blocks(page)]
    except _PDF_ERRORS as exc:
        raise ReadError(path, f"无法解析 PDF（文件损坏或不是 PDF）: {short(exc)}") from exc
    if not any(line.strip() for block in blocks for line in block):
        raise ReadError(path, "PDF 中没有可提取的文字（可能是扫描件）")
    return join_blocks(blocks)


def _pdf_page_blocks(page: pdfplumber.page.Page) -> list[list[str]]:
    """One page as blocks: each text line is a paragraph (as in the corpus), each table a block."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    items = [(table.bbox[1], table_lines(table.extract())) for table in tables]
    outside = page.filter(lambda obj: not _in_boxes(obj, boxes)) if boxes else page
    items += [(line["top"], [one_line(line["text"])]) for line in outside.extract_text_lines(return_chars=False)]
    items.sort(key=lambda item: item[0])  # stable: a table starting on a text line's top wins
    page.close()
    return [lines for _, lines in items]


def _in_boxes(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a character's centre lies inside one of the table boxes (x0, top, x1, bottom)."""
    if obj.get("object_type") != "char":
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)
