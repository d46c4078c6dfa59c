"""Recognise headings of Chinese official documents and track the section path above a line.

Levels: 0 = 第X部分, 1 = 一、, 2 = （一）, 3 = 1. / 1、, 4 = （1）, 5 = any other markdown heading.
"""

from __future__ import annotations

import re

_NUM = "一二三四五六七八九十廿"
_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (0, re.compile(rf"^第[{_NUM}]+部分")),
    (1, re.compile(rf"^[{_NUM}]{{1,3}}[、．.]")),
    (2, re.compile(rf"^[（(]\s*[{_NUM}]{{1,3}}\s*[）)]")),
    (3, re.compile(r"^\d{1,2}\s*[、．.](?!\d)")),
    (4, re.compile(r"^[（(]\s*\d{1,2}\s*[）)]")),
]
OTHER_MD_LEVEL = 5
MAX_HEADING_CHARS = 40
_BODY_HINT = re.compile(r"[，,；;]|\d\s*(?:万元|元|%|％)")
_LABELLED_ITEM = re.compile(r"[：:]\s*\S{2,}")


def heading_level(text: str, md_level: int = 0) -> int | None:
    """Return the heading level of a cleaned line, or None when it is body text.

    A numbered line counts as a heading only when it is short and reads like a title
    (``1. 社会保障和就业（类）78.83 万元：…`` is a numbered paragraph, ``（五）事业收入：指…`` a list
    item, neither is a heading; ``第一部分：单位概况`` is).
    """
    text = text.strip()
    if not text:
        return None
    for level, pattern in _PATTERNS:
        if pattern.match(text):
            labelled = level > 0 and _LABELLED_ITEM.search(text)  # (五)事业收入：指… is a list item
            if md_level or (len(text) <= MAX_HEADING_CHARS and not _BODY_HINT.search(text) and not labelled):
                return level
            return None
    if md_level:
        return OTHER_MD_LEVEL
    return None


def heading_marker(text: str) -> str:
    """The numbering marker of a heading (``第一部分``, ``一、`` …), for matching TOC entries."""
    for _, pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return re.sub(r"\s+", "", match.group(0))
    return ""


def marker_number(text: str) -> int | None:
    """The number of a heading marker: ``（十一）`` → 11, ``3、`` → 3, ``第二部分`` → 2."""
    digits = re.sub(r"\D", "", text)
    if digits:
        return int(digits)
    numerals = "".join(c for c in text if c in _NUM)
    if not numerals:
        return None
    values = {c: i for i, c in enumerate("零一二三四五六七八九", start=0)} | {"廿": 20}
    if "十" not in numerals:
        return values.get(numerals[-1])
    tens, _, units = numerals.partition("十")
    return (values.get(tens, 1) if tens else 1) * 10 + (values.get(units, 0) if units else 0)


def list_item_level(text: str) -> int | None:
    """The level of a numbered line that carries its own content (``（五）事业收入：指…``): not a
    heading, but it ends an open heading it continues the numbering of (see SectionTracker.close_sibling)."""
    text = text.strip()
    for level, pattern in _PATTERNS:
        if pattern.match(text):
            return level if level > 0 and _LABELLED_ITEM.search(text) else None
    return None


class SectionTracker:
    """Keeps the stack of open headings while walking a document top to bottom."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    def push(self, level: int, title: str) -> None:
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, title))

    def close_sibling(self, level: int, item: str) -> None:
        """A list item numbered right after an open heading of its level ends that heading:
        ``（十一）结余分配：指…`` closes ``（十）本部门使用的支出功能分类科目``; ``1. 社会保障…：…``
        under ``3、支出按经济科目分类`` does not."""
        number = marker_number(heading_marker(item))
        for k, (open_level, title) in enumerate(self._stack):
            if open_level == level:
                previous = marker_number(heading_marker(title))
                if number is not None and previous is not None and number == previous + 1:
                    del self._stack[k:]
                return

    @property
    def path(self) -> list[str]:
        return [title for _, title in self._stack]


def toc_flags(texts: list[str], md_levels: list[int]) -> list[bool]:
    """Mark the lines of a table of contents: from a 目录 line until its first entry's heading
    marker (e.g. 第一部分) appears a second time."""
    flags = [False] * len(texts)
    i = 0
    while i < len(texts):
        if re.sub(r"\s+", "", texts[i]) not in ("目录", "报表目录"):
            i += 1
            continue
        first_marker = ""
        j = i + 1
        while j < len(texts):
            level = heading_level(texts[j], md_levels[j])
            marker = heading_marker(texts[j]) if level is not None else ""
            if marker and not first_marker:
                first_marker = marker
            elif marker and marker == first_marker:
                break
            j += 1
        if not first_marker or j == len(texts):
            j = i + 1
        for k in range(i, j):
            flags[k] = True
        i = j
    return flags
