"""A PDF page's words (with positions) as text lines and unruled tables.

Words are grouped into lines by their top; a line splits into segments where the gap between words is wider than a
character. A run of lines with two or more segments, numbers among them, is a table: its columns are the merged
horizontal extents of the data rows' segments, header segments fall into the columns they overlap, and header lines
that interleave (a cell wrapped over two lines around a one-line cell: 本年收/入合计) are merged into one header row.
Page furniture (page numbers, a running header) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from retrieval.ingest.readers.common import one_line

_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$|^[-—－]+$")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
PAGE_FURNITURE = re.compile(
    r"^(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|Page\s*\d+(?:\s*of\s*\d+)?|[（(]?续表\s*\d*[）)]?)$",
    re.IGNORECASE,
)
TITLE_OR_UNIT = re.compile(r"表$|(?:金额)?单位\s*[：:]")
_SENTENCE = re.compile(r"[，。；]")
_UNIT_WORD = re.compile(r"^(?:万元|元|人|名|个|岁|项|辆|张|次|批|户|家|%|％)")


@dataclass
class Segment:
    x0: float
    x1: float
    text: str


@dataclass
class PageLine:
    top: float
    size: float
    segments: list[Segment] = field(default_factory=list)

    @property
    def text(self) -> str:
        return one_line(" ".join(s.text for s in self.segments))

    @property
    def numeric(self) -> bool:
        """A data row: a number in a segment after the first — not a sentence whose numbers stand between spaces
        (``本单位人员编制 10 人，其中事业编制 10 人；``)."""
        if _SENTENCE.search(self.text) and (
            sum(len(s.text) for s in self.segments if not _NUMBER.match(s.text)) > 12
            or any(_NUMBER.match(a.text) and _UNIT_WORD.match(b.text) for a, b in zip(self.segments, self.segments[1:]))
        ):
            return False
        return len(self.segments) >= 2 and any(_NUMBER.match(s.text.replace(" ", "")) for s in self.segments[1:])


def _join(words: list[dict]) -> str:
    out = ""
    for word in words:
        text = word["text"]
        if out and not (_CJK.search(out[-1]) and _CJK.search(text[0])):
            out += " "
        out += text
    return out


def _cell_break(left: dict, right: dict, size: float) -> bool:
    """Whether the gap between two words separates cells: wider than a character, or any visible gap next to a
    number (``1589.80 一、一般公共服务支出``; numbers have no spaces inside)."""
    gap = right["x0"] - left["x1"]
    if gap > size * 0.9:
        return True
    numeric = _NUMBER.match(left["text"]) or _NUMBER.match(right["text"])
    return bool(numeric) and gap > size * 0.25


def page_lines(words: list[dict]) -> list[PageLine]:
    """Words (pdfplumber ``extract_words`` with ``size``) grouped into lines of segments, top to bottom."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"], 1), w["x0"])):
        size = float(word.get("size") or 10)
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= size * 0.45:
            lines[-1].append(word)
        else:
            lines.append([word])
    out: list[PageLine] = []
    for group in lines:
        group.sort(key=lambda w: w["x0"])
        size = max(float(w.get("size") or 10) for w in group)
        line = PageLine(top=min(w["top"] for w in group), size=size)
        current: list[dict] = []
        for word in group:
            if current and _cell_break(current[-1], word, size):
                line.segments.append(Segment(current[0]["x0"], current[-1]["x1"], _join(current)))
                current = []
            current.append(word)
        if current:
            line.segments.append(Segment(current[0]["x0"], current[-1]["x1"], _join(current)))
        out.append(line)
    return out


def columns_of(rows: list[PageLine]) -> list[list[float]]:
    """Column extents: the merged horizontal extents of the data rows' segments."""
    columns: list[list[float]] = []
    for segment in sorted((s for row in rows for s in row.segments), key=lambda s: s.x0):
        if columns and segment.x0 < columns[-1][1] - 0.5:
            columns[-1][1] = max(columns[-1][1], segment.x1)
        else:
            columns.append([segment.x0, segment.x1])
    return columns


def place(line: PageLine, columns: list[list[float]]) -> list[str]:
    """A line's segments placed into columns: each in the first column it overlaps (else the nearest)."""
    cells = [""] * len(columns)
    for segment in line.segments:
        overlapping = [k for k, (a, b) in enumerate(columns) if segment.x0 < b and segment.x1 > a]
        if overlapping:
            k = overlapping[0]
        else:
            k = min(
                range(len(columns)), key=lambda i: min(abs(segment.x0 - columns[i][1]), abs(segment.x1 - columns[i][0]))
            )
        cells[k] = f"{cells[k]} {segment.text}".strip() if cells[k] else segment.text
    return cells


def _merge_interleaved(rows: list[list[str]]) -> list[list[str]]:
    """Header rows whose filled columns never meet a neighbour's (a wrapped cell around one-line cells) are one
    row: their texts join per column, top to bottom."""
    if len(rows) < 2:
        return rows
    filled = [{k for k, c in enumerate(r) if c} for r in rows]
    if any(filled[i] & filled[i + 1] for i in range(len(rows) - 1)):
        return rows
    merged = ["".join(r[k] for r in rows) for k in range(len(rows[0]))]
    return [merged]


@dataclass
class Region:
    """An unruled table found on a page: its header rows, data rows and column extents."""

    start: int  # index of its first line in the page's lines
    end: int  # index after its last line
    header: list[list[str]]
    rows: list[list[str]]
    columns: list[list[float]]


def find_tables(lines: list[PageLine], columns_hint: list[list[float]] | None = None) -> list[Region]:
    """Unruled tables among a page's lines. ``columns_hint`` (the previous page's table) places a continuation
    that starts the page without a header."""
    regions: list[Region] = []
    i = 0
    while i < len(lines):
        if not lines[i].numeric:
            i += 1
            continue
        end = i
        while end < len(lines) and (
            lines[end].numeric or (len(lines[end].segments) == 1 and end + 1 < len(lines) and lines[end + 1].numeric)
        ):
            end += 1
        head = i
        while (
            head > (regions[-1].end if regions else 0)
            and i - head < 5
            and not TITLE_OR_UNIT.search(lines[head - 1].text)
            and (len(lines[head - 1].segments) >= 2 or len(lines[head - 1].text) <= 10)
        ):
            head -= 1  # header lines above the first data row (a lone short cell: a header wrapped over lines)
        data = [ln for ln in lines[i:end] if ln.numeric]
        columns = columns_of(data)
        if head == i and not regions and columns_hint and len(columns_hint) >= len(columns):
            columns = columns_hint  # a table continued from the previous page keeps its columns
        header = _merge_interleaved([place(ln, columns) for ln in lines[head:i]])
        rows: list[list[str]] = []
        for line in lines[i:end]:
            cells = place(line, columns)
            if not line.numeric and rows:  # a wrapped label: continues the row above
                rows[-1] = [f"{a}{b}" for a, b in zip(rows[-1], cells)]
            else:
                rows.append(cells)
        if len(data) >= 2 or header:
            regions.append(Region(head, end, header, rows, columns))
        i = max(end, i + 1)
    return regions
