"""Tables written as plain text, rewritten as the tab-separated rows the parser reads.

Web pages and text exports publish tables as pipe rows (markdown, with or without ``|---|`` rules), as columns
aligned with runs of spaces, or as "label  number" lines (also with the spaces removed: ``基本工资23.43``).
Each such run of lines becomes tab-separated rows; everything else is left as written. A run that does not
look like a table (a single line, no numbers at all) stays prose.
"""

from __future__ import annotations

import re
import unicodedata

from retrieval.ingest.readers.pdf_layout import PAGE_FURNITURE
from retrieval.ingest.tables.cell_lines import rebuild_cell_lines
from retrieval.ingest.textclean import PAGE_HEADER

_PIPES = re.compile(r"[|｜¦]")
_RULE = re.compile(r"^\s*[|｜]?\s*:?-{2,}:?\s*(?:[|｜+]\s*:?-{2,}:?\s*)*[|｜]?\s*$")
_GAP = re.compile(r"(?:[ \u00a0]{2,}|\u3000+|[ \u00a0]*\t[ \u00a0]*)")
NUMBER = r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?"
_NUMERIC_CELL = re.compile(rf"^(?:{NUMBER}|[-—－/]+|0)$")
# "label number(s)" with no sentence punctuation in the label: 基本工资23.43 / 30101 基本工资 23.43 20.11
_LABEL_NUMBERS = re.compile(
    r"^(?P<code>\d{3}(?:\s\d{2}){1,2}(?=\s)|\d{3,7})?\s*"  # 2080505, or 208 05 05 in three parts
    rf"(?P<label>[\u4e00-\u9fff][\u4e00-\u9fff（）()、“”\"：:·/\- ]{{0,30}}?)\s*"
    rf"(?P<nums>{NUMBER}(?:\s+{NUMBER})*)$"
)
_SENTENCE = re.compile(r"[，。；！？,;]")
_UNIT_TAIL = re.compile(r"(?:万元|元|人|个|辆|%|％|年|月|日|次|项|批|台|名)$")
MAX_CELLS = 16
_BREAK = "\x00page"  # a page number line, before it is removed
_JOINED = "\x00joined"  # a line between two halves of a table split by a page break
_UNIT_CELL = re.compile(r"^(?:金额)?单位\s*[：:]")


def _pipe_cells(line: str) -> list[str]:
    cells = [c.strip() for c in _PIPES.split(line.strip())]
    if cells and not cells[0]:
        cells = cells[1:]
    if cells and not cells[-1]:
        cells = cells[:-1]
    return cells


def _aligned_cells(line: str) -> list[str]:
    cells = [c.strip() for c in _GAP.split(line.strip()) if c.strip()]
    if len(cells) == 1 and re.search(r"\S[ \u00a0\u3000]{2,}$", line):
        cells.append("")  # "1、因公出国(境)费用    ": a row whose value cell is blank
    return cells


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _spans(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of the line's cells in display columns (wide characters count two)."""
    spans = []
    position = 0
    for piece in re.split(r"((?:[ \u00a0]{2,}|\u3000+|\t))", line.rstrip()):
        width = _width(piece.replace("\t", "    "))
        if piece.strip() and not _GAP.fullmatch(piece):
            spans.append((position, position + width, piece.strip()))
        position += width
    return spans


def _aligned_rows(lines: list[str]) -> list[list[str]]:
    """Cells of aligned lines placed by column position, so a row with empty leading cells keeps its columns:
    columns are the merged extents of the cells of all lines."""
    all_spans = [_spans(line) if line != _JOINED else [] for line in lines]
    columns: list[list[int]] = []
    for start, end, _ in sorted(s for spans in all_spans for s in spans):
        if columns and start < columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], end)
        else:
            columns.append([start, end])
    rows = []
    for spans in all_spans:
        row = [""] * len(columns)
        for start, _end, text in spans:
            k = next(i for i, (a, b) in enumerate(columns) if a <= start < b)
            row[k] = f"{row[k]} {text}".strip()
        rows.append(row)
    return rows


def _label_number_cells(line: str) -> list[str] | None:
    text = line.strip()
    match = _LABEL_NUMBERS.match(text)
    if not match or _SENTENCE.search(match.group("label")) or _UNIT_TAIL.search(match.group("label")):
        return None
    label = re.sub(r"\s+", "", match.group("label"))
    if len(label) < 2:
        return None
    cells = [match.group("code").replace(" ", "")] if match.group("code") else []  # 208 05 05 → 2080505
    return [*cells, label, *match.group("nums").split()]


def _is_caption(cells: list[str]) -> bool:
    """A table's title or unit line that happens to have wide gaps: 单位：万元 in it, or a …表 title."""
    cells = [c for c in cells if c.strip() and c.strip() not in "?？"]
    return any(_UNIT_CELL.search(c) for c in cells) or (0 < len(cells) <= 2 and cells[0].endswith("表"))


def _label_with_number(cell: str) -> bool:
    """A placed cell that swallowed a number written apart from its label (``一、支出合计 250000``)."""
    head, _, last = cell.rpartition(" ")
    return bool(head) and _is_numeric(last) and not _is_numeric(head.replace(" ", ""))


def _caption_text(cells: list[str]) -> str:
    """A title or unit row written as table cells, as one line of text."""
    return " ".join(c for c in cells if c.strip() not in ("", "?", "？"))


def _under_spans(rows: list[list[str] | None]) -> list[list[str] | None]:
    """A header row under a header whose last cell spans columns (``比上年增、减情况 | |`` over ``增、减金额 |
    增、减幅度``): the lower row's cells go under that spanning cell, not under the first columns."""
    out = list(rows)
    for k in range(1, len(out)):
        above, row = out[k - 1], out[k]
        if not above or not row or any(_is_numeric(c) for c in above + row if c):
            break
        spanned = len(above) - len(list(filter(None, above)))  # empty cells at the end of the row above
        filled = [c for c in row if c]
        if spanned and not any(above[len(above) - spanned :]) and len(filled) == spanned + 1:
            out[k] = [""] * (len(above) - len(filled)) + filled
    return out


_LABEL_HEAD = re.compile(r"^(?:项\s*目|科目名称|名称|单位名称)$")
_ROW_NUMBER_HEAD = re.compile(r"^(?:行\s*次|栏\s*次|序\s*号)$")
_ROW_NUMBER = re.compile(r"^\d{1,3}$")


def _realigned(rows: list[list[str] | None]) -> list[list[str] | None]:
    """Rows whose empty cells a web page dropped (``三、事业收入 | 4 | 四、公共安全支出 | 38 | ||``: the 决算数 between
    them is blank) put back under the columns the header names: 项目 takes a label, 行次 a small number, the
    amount columns a number, each cell in turn; rows that already fit stay as they are."""
    header = next((r for r in rows if r and any(_LABEL_HEAD.match(c) for c in r)), None)
    if header is None or not any(_ROW_NUMBER_HEAD.match(c) for c in header):
        return rows
    kinds = ["label" if _LABEL_HEAD.match(c) else "row" if _ROW_NUMBER_HEAD.match(c) else "amount" for c in header]
    if "" in header[: len(kinds)]:
        kinds = kinds[: header.index("")]
    fits = {
        "label": lambda c: not _is_numeric(c),
        "row": lambda c: bool(_ROW_NUMBER.match(c)),
        "amount": _is_numeric,
    }
    out: list[list[str] | None] = []
    for row in rows:
        filled = [c for c in row or [] if c]
        if not row or row is header or not any(_is_numeric(c) for c in filled) or len(filled) >= len(kinds):
            out.append(row)
            continue
        if all(fits[k](c) for k, c in zip(kinds, row, strict=False) if c):
            out.append(row)  # every cell already under a column of its kind
            continue
        placed, queue = [], list(filled)
        for k, kind in enumerate(kinds):
            take = bool(queue) and fits[kind](queue[0])
            if take and kind == "amount" and _ROW_NUMBER.match(queue[0]) and "row" in kinds[k + 1 :]:
                take = len(queue) > 1 and not _ROW_NUMBER.match(queue[1])  # 22 | 49: both are row numbers
            placed.append(queue.pop(0) if take else "")
        out.append(placed if not queue else row)
    return out


def _pipe_text(line: str) -> str:
    """A page's header fields (索引号 | … | 发布机构 | …) and a table's title or unit written between pipes are
    text, not table rows: a table starts after them."""
    if "\t" in line or not _PIPES.search(line):
        return line
    cells = _pipe_cells(line)
    filled = [c for c in cells if c]
    if filled and (PAGE_HEADER.search(filled[0]) or _is_caption(cells)):
        return _caption_text(cells)
    return line


def _is_numeric(cell: str) -> bool:
    return bool(_NUMERIC_CELL.match(cell.replace(" ", "")))


def _runs(lines: list[str], cells_of, max_blank: int) -> list[tuple[int, int, list[list[str] | None]]]:
    """(start, end, cells per line) of runs of lines that ``cells_of`` splits into ≥ 2 cells (blank lines
    up to ``max_blank`` allowed inside)."""
    runs = []
    i = 0
    while i < len(lines):
        first = cells_of(lines[i]) if "\t" not in lines[i] else None
        if not first or len(first) < 2:
            i += 1
            continue
        rows: list[list[str] | None] = [first]
        end = i
        j = i + 1
        blanks = 0
        while j < len(lines):
            if lines[j] == _JOINED:  # where a page break was
                rows.append(None)
                j += 1
                continue
            if not lines[j].strip():
                blanks += 1
                if blanks > max_blank:
                    break
                rows.append(None)
                j += 1
                continue
            cells = cells_of(lines[j]) if "\t" not in lines[j] else None
            if not cells or len(cells) < 2:
                break
            blanks = 0
            rows.append(cells)
            end = j
            j += 1
        runs.append((i, end, rows[: end - i + 1]))
        i = end + 1
    return runs


def _without_page_breaks(lines: list[str]) -> list[str]:
    """A page number line (``- 2 -``) between two halves of a table, and the blank lines around it, vanish:
    the halves join (the line count stays)."""
    out = list(lines)
    for k, line in enumerate(lines):
        if line == _BREAK:
            out[k] = ""
            a, b = k - 1, k + 1
            while a >= 0 and not lines[a].strip():
                a -= 1
            while b < len(lines) and not lines[b].strip():
                b += 1
            if a >= 0 and b < len(lines) and _GAP.search(lines[a]) and _GAP.search(lines[b]):
                out[a + 1 : b] = [_JOINED] * (b - a - 1)
    return out


def _table_like(rows: list[list[str] | None], min_rows: int) -> bool:
    filled = [r for r in rows if r]
    if len(filled) < min_rows or any(len(r) > MAX_CELLS for r in filled):
        return False
    with_numbers = sum(any(_is_numeric(c) for c in r[1:]) for r in filled)
    return with_numbers >= max(1, len(filled) // 2)


def tabulate(text: str) -> str:
    """``text`` with plain-text tables rewritten as tab-separated rows (other lines unchanged)."""
    lines = text.split("\n")
    lines = ["" if _RULE.match(line) and ("-" * 3 in line) else line for line in lines]
    lines = [_BREAK if PAGE_FURNITURE.match(line.strip().replace(" ", "")) else line for line in lines]  # - 2 -
    lines = _without_page_breaks(lines)
    lines = rebuild_cell_lines(lines)  # 项目 / 预算数 / 合计 / 120.00 …, each cell on a line of its own
    lines = [_pipe_text(line) for line in lines]
    for cells_of, max_blank, min_rows in (
        (lambda s: _pipe_cells(s) if _PIPES.search(s) else None, 1, 2),
        (_aligned_cells, 0, 2),
        (_label_number_cells, 1, 2),
    ):
        for start, end, rows in _runs(lines, cells_of, max_blank):
            if not _table_like(rows, min_rows):
                continue
            while rows and rows[0] and _is_caption(rows[0]):
                lines[start] = _caption_text(rows[0])
                start, rows = start + 1, rows[1:]  # 收入支出决算总表    单位：万元 stays a title line
            if not rows:
                continue
            if cells_of is _aligned_cells:
                aligned = _aligned_rows(lines[start : end + 1])
                if not any(_label_with_number(c) for row in aligned for c in row):  # placing merged no number in
                    placed = iter(aligned)
                    rows = [next(placed) for _ in rows]
                # else the columns do not line up (ragged labels, one gap before the number): keep each line's cells
            else:
                rows = _realigned(_under_spans(rows))
            for k, cells in enumerate(rows):
                if cells:
                    lines[start + k] = "\t".join(cells)
    return "\n".join("" if line == _JOINED else line for line in lines)
