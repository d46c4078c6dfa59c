"""Word (.docx) files: paragraphs and tables of the body in document order."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from retrieval.ingest.readers.common import ZIP_ERRORS, ReadError, join_blocks, one_line, short, table_lines

_DOCX_ERRORS = (*ZIP_ERRORS, PackageNotFoundError, KeyError, ValueError, SyntaxError)


def read_docx(path: Path, data: bytes) -> str:
    """Paragraphs and tables of the body in document order; heading styles become markdown."""
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_docx_block(item) for item in document.iter_inner_content()]
    except _DOCX_ERRORS as exc:
        reason = "无法解析 Word 文档（文件损坏或不是 .docx；旧版 .doc 请另存为 .docx）"
        raise ReadError(path, f"{reason}: {short(exc)}") from exc
    return join_blocks(blocks)


def _docx_block(item: Paragraph | Table) -> list[str]:
    """A docx paragraph as one (heading) line, or a table as TSV lines."""
    if isinstance(item, Table):
        return table_lines(_docx_table_rows(item))
    text = one_line(item.text)
    if not text:
        return []
    level = _heading_level(item.style.name if item.style is not None else "")
    return [f"{'#' * level} {text}" if level else text]


def _heading_level(style_name: str | None) -> int:
    """Markdown level of a paragraph style ('Heading 2' / '标题 2' → 2, 'Title' → 1), else 0."""
    name = (style_name or "").strip()
    if name.lower() == "title":
        return 1
    if not name.lower().startswith(("heading", "标题")):
        return 0
    digits = re.search(r"\d+", name)
    return min(max(int(digits.group()), 1), 6) if digits else 1


def _docx_table_rows(table: Table) -> list[list[str]]:
    """Cell texts per grid position; a merged cell's text appears once, its other positions ""."""
    seen: set[object] = set()  # <w:tc> elements already emitted (merges repeat the same one)
    rows = []
    for row in table.rows:
        cells = [""] * row.grid_cols_before
        for cell in row.cells:
            cells.append("" if cell._tc in seen else cell.text)
            seen.add(cell._tc)
        rows.append(cells)
    return rows
