"""Clean canonical text into structured lines: HTML and markdown noise out, broken lines rejoined.

Input is the canonical text every reader produces (paragraph lines, tab-separated table rows,
optional markdown ``#`` headings). Output is a list of :class:`Line` in document order.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from retrieval.ingest import headings

_CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u2018-\u201d"
_HTML_BREAK = re.compile(r"</(?:p|div|li|tr)>|<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(
    r"</?(?:b|p|br|strong|em|i|u|span|div|font|sup|sub|td|tr|th|table|li|ul|ol)\b[^<>]*>", re.IGNORECASE
)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_ESCAPE = re.compile(r"\\([_*\[\]()#`>~|-])")
_SPACE_AFTER_CJK = re.compile(rf"(?<=[{_CJK}])[ \t\u00a0\u3000]+(?=[^A-Za-z\s])")
_SPACE_BEFORE_CJK = re.compile(rf"(?<=[^A-Za-z\s])[ \u00a0\u3000]+(?=[{_CJK}])")
_MULTI_SPACE = re.compile(r"[ \u00a0\u3000]{2,}")
_SPACED_NUMBER = re.compile(r"^[-+]?\d{1,3}(?: \d{3})+(?:\.\d+)?$")  # a cell "1 234.56": thousands spaced apart
_LEADER_DOTS = re.compile(r"\.{4,}|…{2,}")

# Lines that always stand alone: never glued to a neighbour when rejoining broken lines.
_STANDALONE = re.compile(
    r"^(?:目\s*录|报表目录|(?:金额)?单位[：:]|部门(?:/单位)?[：:]|部门名称|单位名称|(?:公开)?\d+表$|表\s*\d+$"
    r"|附表|附件|[（(]?\d{4}\s*年度?[）)]?$|\d{4}年度$|图\s*\d+|注[：:]|说明[：:]|备注[：:]|保密审查|单位主要负责人"
    r"|表\s*[\d一二三四五六七八九十]+|.{0,40}表$|.{0,40}\d{4}\s*年度?\s*(?:部门|单位)?(?:预算|决算)(?:公开)?$"
    r"|(?:\d{4}|二[〇○零][一二〇○零][〇○零一二三四五六七八九])\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
    r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?$)"
)
_TERMINAL = tuple("。！？；：!?;:」』）)”")
# A title line of a web page: a year, no sentence punctuation, and a title's last word (公开说明, 情况, 统计表 …).
_TITLE_LINE = re.compile(
    r"^[^，。；;,]{0,60}(?:\d{4}|二[〇○零][一二〇○零][〇○零一二三四五六七八九])\s*年?度?[^，。；;,]{0,40}"
    r"(?:预算|决算|公开|说明|情况|报告|表)$"
)
# A published page's furniture: breadcrumbs, the 索引号/发布机构 header, 来源 and date lines.
PAGE_HEADER = re.compile(
    r"^[\[【]?\s*(?:监督索引号|索引号|发文字号|文号|主题分类|体裁分类|发布机构|成文日期|发布日期|有效性|公开目录|信息来源|来源|"
    r"作者|浏览量|点击数|栏目|标题|信息名称|发文机关)\s*[\]】]?\s*[:：|｜]?|当前位置|您的位置|现在的位置|^首页\s*[>＞»›]|[>＞»›].*[>＞»›]"
)


@dataclass
class Line:
    """One logical line of a document after cleaning."""

    text: str  # cleaned text ("" for a blank line); table rows: cells joined by tabs
    number: int  # 1-based line number in the canonical text
    md_level: int = 0  # markdown heading level (0 = not a markdown heading)
    cells: list[str] = field(default_factory=list)  # table row cells (empty for prose)
    page: int = 0  # page of a PDF (0 = not paged)

    @property
    def is_table(self) -> bool:
        return bool(self.cells)

    @property
    def is_blank(self) -> bool:
        return not self.text and not self.cells


def clean_fragment(text: str) -> str:
    """Remove HTML tags/entities, markdown escapes and stray spaces inside Chinese text;
    HTML paragraph breaks inside one cell or line become a single space."""
    if _HTML_BREAK.search(text):
        parts = (clean_fragment(part) for part in _HTML_BREAK.split(text))
        return " ".join(part for part in parts if part)
    text = _HTML_TAG.sub(" ", text)
    text = html.unescape(text)
    text = _MD_ESCAPE.sub(r"\1", text).replace("**", "")
    text = _SPACE_AFTER_CJK.sub("", text)
    text = _SPACE_BEFORE_CJK.sub("", text)
    text = _MULTI_SPACE.sub(" ", text)
    return text.strip()


def _split_cells(raw: str) -> list[str]:
    cells = [_SPACED_NUMBER.sub(lambda m: m.group(0).replace(" ", ""), clean_fragment(c)) for c in raw.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def structure_lines(text: str) -> list[Line]:
    """Turn canonical text into cleaned :class:`Line` records (no rejoining yet)."""
    lines: list[Line] = []
    page = 0
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        if raw.startswith("\f") and raw[1:].strip().isdigit():  # a page mark of the PDF reader: no line of its own
            page = int(raw[1:])
            continue
        if "\t" in raw:
            cells = _split_cells(raw)
            if any(cells):
                lines.append(Line(text="\t".join(cells), number=number, cells=cells, page=page))
                continue
            lines.append(Line(text="", number=number, page=page))
            continue
        stripped = raw.strip()
        md_level = 0
        match = _MD_HEADING.match(stripped)
        if match:
            md_level, stripped = len(match.group(1)), match.group(2)
        if stripped.startswith(("- ", "* ", "+ ")):
            stripped = stripped[2:]
        cleaned = clean_fragment(stripped)
        cleaned = _LEADER_DOTS.sub(" ", cleaned).strip() if _LEADER_DOTS.search(cleaned) else cleaned
        lines.append(Line(text=cleaned, number=number, md_level=md_level if cleaned else 0, page=page))
    return lines


def _unclosed(text: str) -> bool:
    return any(text.count(o) > text.count(c) for o, c in ("“”", "（）", "()", "《》"))


def _script(char: str) -> str:
    """ "latin", "han" or "" (digits, punctuation)."""
    if char.isascii():
        return "latin" if char.isalpha() else ""
    return "han" if "\u4e00" <= char <= "\u9fff" else ""


def _joinable(prev: Line, nxt: Line) -> bool:
    """Whether ``nxt`` continues the sentence that ``prev`` broke off (PDF line breaks)."""
    if prev.is_table or nxt.is_table or prev.md_level or nxt.md_level:
        return False
    a, b = prev.text, nxt.text
    if not a or not b or a.endswith(_TERMINAL) or re.search(r"[\u4e00-\u9fff]\.$", a):
        return False  # …中方县信访局. ends like 。
    if _script(a[-1]) and _script(b[0]) and _script(a[-1]) != _script(b[0]):
        return False  # English beside Chinese (a translated mirror) is no broken sentence
    if headings.heading_level(b) is not None:
        return False
    if _unclosed(a):
        return True  # …管理的“三 | 公”经费，是指… : a quote or bracket left open
    if headings.heading_level(a) is not None:
        return False
    if any(p.search(t) for p in (_STANDALONE, _TITLE_LINE, PAGE_HEADER) for t in (a, b)):
        return False
    if len(b) <= 4 and not b.endswith(_TERMINAL):
        return False
    return len(a) >= 12 or b[0] in "，。、；：）)"


def _glue(a: str, b: str) -> str:
    if a[-1:].isascii() and a[-1:].isalpha() and b[:1].isascii() and b[:1].isalpha():
        return f"{a} {b}"
    return clean_fragment(a + b)


def rejoin_broken_lines(lines: list[Line], max_blank_gap: int = 1) -> list[Line]:
    """Rejoin prose lines that a PDF conversion broke mid-sentence (also across one blank line)."""
    out: list[Line] = []
    blank_run = 0
    for line in lines:
        if line.is_blank:
            blank_run += 1
            continue
        prev = out[-1] if out else None
        if prev is not None and blank_run <= max_blank_gap and _joinable(prev, line):
            prev.text = _glue(prev.text, line.text)
        else:
            if blank_run and out:
                out.append(Line(text="", number=line.number - 1, page=line.page))
            out.append(line)
        blank_run = 0
    return out


def clean_lines(text: str) -> list[Line]:
    """Full cleaning: structure, then rejoin broken prose lines."""
    return rejoin_broken_lines(structure_lines(text))
