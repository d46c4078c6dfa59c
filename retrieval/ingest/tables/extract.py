"""Find tables in cleaned lines, with what sits above them: number, title, unit, notes.

A table is a run of tab-separated rows (blank lines inside allowed). Its title, number
(表N / 附表4-1 / 公开01表) and unit (``单位：万元`` / ``金额单位：元``) come from the lines above it or
from single-cell rows at its top. Table headings without a body (``表2 … 收入总表`` followed straight
by the next table, or 决算表 headings listed with ``本表无数据``) become empty tables.
"""

from __future__ import annotations

import re

from retrieval.ingest.headings import heading_level
from retrieval.ingest.tables.rows import row_records, split_header
from retrieval.ingest.textclean import Line
from retrieval.models import Table

_NUMBER_LINE = re.compile(r"^(?:附表\s*[\d\-－]+|附件\s*[\d\-－]+|表\s*\d+|公开\s*\d+\s*表)$")
UNIT = re.compile(r"(?:金额)?单位[：:]\s*(万元|元|千元|亿元)")
_PREAMBLE = re.compile(
    r"^(?:(?:金额)?单位[：:]|部门(?:/单位)?[：:]|部门名称|单位名称|(?:预算|编制|填报|公开)单位[：:]|保密审查|单位主要负责人"
    r"|[（(]?\d{4}\s*年度?[）)]?$|注[：:]|说明[：:]|备注[：:])"
)
_NOTE = re.compile(r"^(?:注[：:]|说明[：:]|备注[：:]|注\s*[:：]?\s*\d)")
_NO_DATA = re.compile(r"本表无数据|无此项|空表")
_TOC = re.compile(r"^目\s*录$")
_LEADERS = re.compile(r"\.{4,}|…{2,}")


def is_caption_line(text: str) -> bool:
    """Lines that only label a table (表N, 单位：万元, 部门名称：…, 2023年度), not narrative."""
    return bool(
        _NUMBER_LINE.match(text)
        or (UNIT.search(text) and len(text) < 40)
        or (_PREAMBLE.match(text) and not _NOTE.match(text))
    )


def _caption_row(cells: list[str]) -> bool:
    """A row that only names a table: its title (…表), number (表3) and unit (单位：万元), e.g. a title and its
    unit written on one tab-separated line."""
    filled = [c for c in cells if c]
    return (
        bool(filled)
        and len(filled) <= 3
        and any("表" in c or UNIT.search(c) for c in filled)
        and all(
            UNIT.search(c) or _NUMBER_LINE.match(c) or (c.endswith("表") and len(c) <= 40) or _PREAMBLE.match(c)
            for c in filled
        )
    )


def _blocks(lines: list[Line]) -> list[tuple[int, int]]:
    """(start, end) index ranges of table rows; blank lines inside a table don't end it, a caption row after a
    blank line (the next table's title and unit) does."""
    blocks: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if not lines[i].is_table:
            i += 1
            continue
        start = end = i
        j = i + 1
        while j < len(lines) and (lines[j].is_table or lines[j].is_blank):
            if lines[j].is_table:
                if lines[j - 1].is_blank and _caption_row(lines[j].cells):
                    break
                end = j
            j += 1
        blocks.append((start, end))
        i = end + 1
    return blocks


def _is_title_like(line: Line) -> bool:
    text = line.text
    return (
        bool(text)
        and len(text) <= 60
        and not _PREAMBLE.match(text)
        and not _NUMBER_LINE.match(text)
        and ("表" in text or line.md_level > 0 or _TOC.match(text) is not None)
    )


def _caption(window: list[Line]) -> tuple[str, str, str, int]:
    """(number, title, unit, index of the title line in window) from the lines above a table."""
    number = unit = title = ""
    title_at = len(window)
    for k in range(len(window) - 1, -1, -1):
        line = window[k]
        text = line.text
        if not text:
            continue
        if not unit and (found := UNIT.search(text)):
            unit = found.group(1)
        if _NUMBER_LINE.match(text):
            if title:
                number = number or text.replace(" ", "")
                break
            number = text.replace(" ", "")
            continue
        if _PREAMBLE.match(text):
            continue
        if title:
            break
        if _is_title_like(line):
            title, title_at = re.sub(r"\s*[（(]?(?:金额)?单位\s*[：:].*$", "", text) or text, k
            continue
        if len(text) > 60 or text.endswith("。"):
            break
    return number, title, unit, title_at


def _top_rows(rows: list[list[str]]) -> tuple[list[list[str]], str, str]:
    """Peel single-cell title rows and ``单位：`` rows off the top of a block."""
    title, unit = "", ""
    while rows:
        cells = [c for c in rows[0] if c]
        unit_match = next((UNIT.search(c) for c in cells if UNIT.search(c)), None)
        if unit_match and all(_PREAMBLE.match(c) or UNIT.search(c) for c in cells):
            unit = unit or unit_match.group(1)
        elif unit_match and _caption_row(cells):  # 部门收支总表 <tab> 单位：万元
            unit = unit or unit_match.group(1)
            title = title or next((c for c in cells if c.endswith("表")), "")
        elif (
            len(cells) == 1
            and len(rows) > 1
            and (_NUMBER_LINE.match(cells[0]) or re.match(r"^[（(]\d{4}", cells[0]) or "表" in cells[0])
        ):
            if "表" in cells[0] and not _NUMBER_LINE.match(cells[0]):
                title = cells[0]
        else:
            break
        rows = rows[1:]
    return rows, title, unit


def _bodiless(window: list[Line], stop: int) -> list[tuple[str, str, int]]:
    """(number, title, line) of 表N headings in ``window[:stop]`` that have no rows of their own."""
    found = []
    for k, line in enumerate(window[:stop]):
        if _NUMBER_LINE.match(line.text):
            title = next((w.text for w in window[k + 1 : stop] if w.text), "")
            if title and not _NUMBER_LINE.match(title) and _is_title_like(Line(title, 0)):
                found.append((line.text.replace(" ", ""), title, line.number))
    return found


def _note(lines: list[Line], end: int) -> str:
    notes = []
    for line in lines[end + 1 : end + 6]:
        if line.is_table:
            break
        if _NOTE.match(line.text):
            notes.append(line.text)
        elif line.text:
            break
    return " ".join(notes)


def _empty(doc: str, table_id: int, number: str, title: str, section: list[str], line: int, note: str) -> Table:
    return Table(
        doc=doc,
        table_id=table_id,
        number=number,
        title=title,
        unit="",
        section=section,
        header_rows=[],
        rows=[],
        records=[],
        line=line,
        empty=True,
        note=note or "原文只有表题，没有表体",
    )


def _heading_tables(
    lines: list[Line], sections: list[list[str]], toc: list[bool], doc: str, first_id: int
) -> list[Table]:
    """决算表 headings (一、收入支出决算总表 …) followed by no rows at all: empty tables."""
    found: list[Table] = []
    for i, line in enumerate(lines):
        level = heading_level(line.text, line.md_level)
        if toc[i] or level is None or not 1 <= level <= 4 or not line.text.endswith("表"):
            continue
        following = [ln for ln in lines[i + 1 : i + 4] if not ln.is_blank]
        if following and following[0].is_table:
            continue
        note = following[0].text if following and _NO_DATA.search(following[0].text) else ""
        found.append(_empty(doc, first_id + len(found), "", line.text, sections[i][:-1], line.number, note))
    return found


def extract_tables(lines: list[Line], sections: list[list[str]], toc: list[bool], doc: str) -> list[Table]:
    """All tables of a document in order, including empty ones."""
    tables: list[Table] = []
    previous_end = -1
    for start, end in _blocks(lines):
        window = lines[previous_end + 1 : start]
        number, title, unit, title_at = _caption(window)
        for b_number, b_title, b_line in _bodiless(window, title_at):
            if b_number != number:
                tables.append(_empty(doc, len(tables), b_number, b_title, sections[start], b_line, ""))
        rows = [ln.cells for ln in lines[start : end + 1] if ln.is_table]
        row_pages = [ln.page for ln in lines[start : end + 1] if ln.is_table]
        rows, top_title, top_unit = _top_rows(rows)
        title = top_title or title or (sections[start][-1] if sections[start] else "表格")
        unit = top_unit or unit
        previous_end = end
        if toc[start] or sum(bool(_LEADERS.search("".join(r))) for r in rows) * 2 >= len(rows) > 0:
            continue  # a table of contents, not data
        ncols = max((len(r) for r in rows), default=0)
        header_rows, data_rows = split_header(rows, title)
        records = row_records(doc, len(tables), unit, header_rows, data_rows, ncols)
        data_pages = row_pages[len(row_pages) - len(data_rows) :]  # data rows are the block's last rows
        for record in records:
            record.page = data_pages[record.row_index] if record.row_index < len(data_pages) else 0
        note = _note(lines, end)
        has_content = any(r.values or r.attributes for r in records)
        tables.append(
            Table(
                doc=doc,
                table_id=len(tables),
                number=number,
                title=title,
                unit=unit,
                section=sections[start],
                header_rows=header_rows,
                rows=data_rows,
                records=records,
                line=lines[start].number,
                empty=bool(_NO_DATA.search(note)) or not has_content,
                note=note,
                page=lines[start].page,
            )
        )
    tail = lines[previous_end + 1 :]
    for b_number, b_title, b_line in _bodiless(tail, len(tail)):
        tables.append(_empty(doc, len(tables), b_number, b_title, [], b_line, ""))
    tables.extend(_heading_tables(lines, sections, toc, doc, len(tables)))
    return tables
