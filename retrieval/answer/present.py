"""How figures and documents are written in answers: units, 万元 equivalents, titles."""

from __future__ import annotations

import re

from retrieval.models import DocIdentity

_CELL = re.compile(r"^(?P<cmp>[≥≤<>=＝约]*)\s*(?P<num>-?\d[\d,]*(?:\.\d+)?)")


def trim_number(value: float, places: int = 2) -> str:
    """``9.0`` → ``9.00``; thousands separators for large numbers."""
    return f"{value:,.{places}f}"


def display_value(value_text: str, unit: str, value_yuan: float | None) -> str:
    """A figure as an answer shows it: 万元 sources in 万元, 元 sources in 元 plus the 万元 equivalent,
    other units as written (``4.8万张数``, ``105.54%``, ``5人``)."""
    match = _CELL.match(value_text.strip())
    number = match.group("num") if match else value_text
    comparator = match.group("cmp") if match else ""
    if value_yuan is not None:
        if unit.startswith("元"):
            return f"{comparator}{number}元（约{trim_number(value_yuan / 10000)}万元）"
        shown = f"{comparator}{number}万元" if "万" in unit else f"{comparator}{number}{unit}"
        if value_text.strip() not in (f"{comparator}{number}", shown):
            return f"{shown}（原文写作“{value_text.strip()}”）"
        return shown
    if value_text.strip() != number:  # the cell carries its own unit
        return value_text.strip()
    return f"{number}{unit}"


def doc_label(identity: DocIdentity) -> str:
    """``忻州市社会保障卡服务中心 2023年决算``."""
    return f"{identity.org} {identity.period}".strip()


def holdings(identities: list[DocIdentity]) -> str:
    """What the corpus holds, for abstentions: ``忻州市社会保障卡服务中心（2023年决算）、…``."""
    return "、".join(f"{i.org}（{i.period}）" for i in identities)
