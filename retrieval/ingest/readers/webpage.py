"""HTML disclosures into the canonical text: headings as markdown, tables as tab-separated rows
(colspan/rowspan keep columns aligned), paragraphs and list items as lines; no tags survive."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from retrieval.ingest.readers.common import decode, join_blocks, table_lines

_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)

_HTML_DROP = ["script", "style", "noscript", "template"]
_HTML_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_HTML_BLOCKS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)


class _HtmlWalker:
    """Collects canonical blocks from an HTML tree: headings, text lines and TSV tables."""

    def __init__(self) -> None:
        self.blocks: list[list[str]] = []
        self._inline: list[str] = []

    def walk(self, node: Tag) -> None:
        """Visit the children of node in document order."""
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, PreformattedString):  # comments, doctype, CDATA
                    self._inline.append(str(child))
            elif not isinstance(child, Tag):
                continue
            elif child.name in _HTML_HEADINGS:
                self.flush()
                text = _html_text(child)
                if text:
                    self.blocks.append([f"{'#' * _HTML_HEADINGS[child.name]} {text}"])
            elif child.name == "table" and child.find("table") is None:
                self.flush()
                caption = child.find("caption")
                title = _html_text(caption) if caption is not None else ""
                self.blocks += [[title] if title else [], table_lines(_html_table_rows(child))]
            elif child.name == "pre":  # preformatted text keeps its lines and spacing (aligned tables)
                self.flush()
                lines = [line.rstrip() for line in child.get_text().replace("\r\n", "\n").split("\n")]
                self.blocks.append([line if line.strip() else "" for line in lines])
            elif child.name == "br" or child.name in _HTML_BLOCKS:  # incl. layout tables
                self.flush()
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def flush(self) -> None:
        """End the current run of inline text as one line."""
        text = " ".join("".join(self._inline).split())
        if text:
            self.blocks.append([text])
        self._inline = []


def _html_text(tag: Tag) -> str:
    """A tag's text on one line: inline pieces joined directly, block pieces with a space."""
    walker = _HtmlWalker()
    walker.walk(tag)
    walker.flush()
    return " ".join(line for block in walker.blocks for line in block)


def _html_span(cell: Tag, attribute: str) -> int:
    """colspan/rowspan of a cell, clamped to 1..1000."""
    try:
        return min(max(int(str(cell.get(attribute, "1")).strip()), 1), 1000)
    except ValueError:
        return 1


def _html_table_rows(table: Tag) -> list[list[str]]:
    """Cell texts per column; colspan and rowspan positions filled with ""."""
    rows: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows still covered by a rowspan from above

    def fill_spanned(row: list[str], up_to: int) -> None:
        while len(row) < up_to or pending.get(len(row), 0) > 0:
            if pending.get(len(row), 0) > 0:
                pending[len(row)] -= 1
            row.append("")

    for tr in table.find_all("tr"):
        row: list[str] = []
        for cell in tr.find_all(["td", "th"], recursive=False):
            fill_spanned(row, 0)
            text, down = _html_text(cell), _html_span(cell, "rowspan")
            for offset in range(_html_span(cell, "colspan")):
                if down > 1:
                    pending[len(row)] = down - 1
                row.append("" if offset else text)
        fill_spanned(row, max((c + 1 for c, n in pending.items() if n > 0), default=0))
        rows.append(row)
    return rows


def read_html(path: Path, data: bytes) -> str:
    """Visible text of an HTML page as headings, lines and TSV tables (no tags)."""
    declared = _META_CHARSET.search(data[:4096])
    text = decode(path, data, declared.group(1).decode("ascii") if declared else None)
    soup = BeautifulSoup(text, "lxml")
    for tag in soup(_HTML_DROP):
        tag.decompose()
    walker = _HtmlWalker()
    walker.walk(soup.body or soup)
    walker.flush()
    return join_blocks(walker.blocks)
