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


def heading_level(text: str, md_level: int = 0) -> int | None:
    """Return the heading level of a cleaned line, or None when it is body text.

    A numbered line counts as a heading only when it is short and reads like a title
    (``1. 社会保障和就业（类）78.83 万元：…`` is a numbered paragraph, not a heading).
    """
    text = text.strip()
    if not text:
        return None
    for level, pattern in _PATTERNS:
        if pattern.match(text):
            if md_level or (len(text) <= MAX_HEADING_CHARS and not _BODY_HINT.search(text)):
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


class SectionTracker:
    """Keeps the stack of open headings while walking a document top to bottom."""

    def __init__(self) -> None:
        self._stack: list[tuple[int, str]] = []

    def push(self, level: int, title: str) -> None:
        while self._stack and self._stack[-1][0] >= level:
            self._stack.pop()
        self._stack.append((level, title))

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
