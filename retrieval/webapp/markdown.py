"""Untrusted text made safe for Streamlit's markdown (shown literally, never as HTML or links)."""

from __future__ import annotations

import re
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$:=-])")
_LINE_START_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
# GitHub-style autolinks (www.x.y, http://…, a@b.c) are found in plain text, escapes or not: a word joiner
# (U+2060, invisible) inside each trigger keeps them text.
_AUTOLINK_TRIGGERS = re.compile(r"(?i)(?<![a-z0-9])(www)(\.)|(?<![a-z0-9])(https?|ftp|mailto)(:)|(@)(?=[a-z0-9])")
WORD_JOINER = "\u2060"


def _no_autolink(match: re.Match[str]) -> str:
    head = match.group(1) or match.group(3) or ""
    tail = match.group(2) or match.group(4) or ""
    return f"{head}{WORD_JOINER}{tail}" if head else f"@{WORD_JOINER}"


def escape_md(text: Any) -> str:
    """Text that Streamlit's markdown shows literally: HTML as entities, markdown specials escaped, no autolinks."""
    value = "" if text is None else str(text)
    value = _AUTOLINK_TRIGGERS.sub(_no_autolink, value)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = _LINE_START_NUMBER.sub(r"\1\\\2", value)
    return value.replace("\r\n", "\n").replace("\n", "  \n")


def bold_numbers(text: Any, numbers: list[str]) -> str:
    """Escaped text with each cited number in bold (``41,000.00`` → ``**41,000.00**``), whole numbers only."""
    value = escape_md(text)
    for number in sorted(set(numbers), key=len, reverse=True):
        written = re.escape(number).replace(r"\.", r"\\?\.")  # 23.43 at a line start is escaped as 23\.43
        value = re.sub(rf"(?<![\d.,*\\])({written})(?![\d*])", r"**\1**", value)
    return value
