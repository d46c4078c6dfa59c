"""Untrusted text made safe for Streamlit's markdown (shown literally, never as HTML or links)."""

from __future__ import annotations

import re
from typing import Any

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$:=-])")
_LINE_START_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def escape_md(text: Any) -> str:
    """Text that Streamlit's markdown shows literally: HTML as entities, markdown specials escaped."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = _LINE_START_NUMBER.sub(r"\1\\\2", value)
    return value.replace("\r\n", "\n").replace("\n", "  \n")
