"""Inline citations: which sources an answer's numbers come from, markers [1][2] after those numbers, and the
rest of the sources set apart as related reading.

A source is *cited* when it states a number of the answer (as written there: ``41,000.00`` or ``4.10``); numbers
the answer computed (sums, differences) stand in no source and get no marker — the answer shows their arithmetic.
Sources that repeat one another (the same passage, or the same row of the same table) are listed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?")
_UNIT = re.compile(
    r"[万亿千]?元|万张|张|%|％|人|名|个(?!单位)|项|辆|台|套|条|通|次|分"
)  # a figure is stated with its unit


@dataclass
class Cited:
    """An answer text with markers, and its sources split into cited (in marker order) and related."""

    text: str
    cited: list[dict[str, Any]] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)
    numbers: dict[int, list[str]] = field(default_factory=dict)  # cited source position → numbers it states


def _key(source: dict[str, Any]) -> tuple:
    if source.get("kind") == "row" and source.get("table_id") is not None:
        return source.get("doc"), "row", source.get("table_id"), source.get("row_index")
    return source.get("doc"), "text", source.get("text")


def _states(source: dict[str, Any], number: str) -> bool:
    """The source writes ``number`` as a whole number (41,000.00 also as 41000.00)."""
    text = str(source.get("text", ""))
    for written in {number, number.replace(",", "")}:
        if re.search(rf"(?<![\d.,]){re.escape(written)}(?![\d])", text):
            return True
    return False


def _nearest_doc(before: str, stating: list[dict[str, Any]]) -> Any:
    """Of the documents whose sources state a number, the one the answer names last before it (in a list of units,
    忻州… 0万元 and 咸阳… 0万元 each cite their own document); else the first."""
    best, at = stating[0].get("doc"), -1
    for source in stating:
        title = str(source.get("title", ""))
        where = max(before.rfind(title), before.rfind(title.split(" ")[0]) if title else -1)
        if where > at:
            best, at = source.get("doc"), where
    return best


def cite(answer: str, sources: list[dict[str, Any]], found: bool = True) -> Cited:
    """Markers after each number of ``answer`` that a source states (the first such source, in order)."""
    unique: list[dict[str, Any]] = []
    seen: set[tuple] = set()
    for source in sources:
        if _key(source) not in seen:
            seen.add(_key(source))
            unique.append(source)
    order: list[int] = []  # positions in ``unique`` of cited sources, in the order first cited
    numbers: dict[int, list[str]] = {}
    pieces: list[str] = []
    last = 0
    for match in _NUMBER.finditer(answer):
        after = answer[match.end() : match.end() + 5]
        unit = _UNIT.match(after)
        if unit is None:  # 2023年, 表6, 1. of a ranking: no figure
            continue
        number = match.group(0)
        stating = [k for k, s in enumerate(unique) if _states(s, number)]
        if not stating:
            continue
        doc = _nearest_doc(answer[: match.start()], [unique[k] for k in stating])
        stating = [k for k in stating if unique[k].get("doc") == doc][:3]  # the table row and the passage saying it
        for where in stating:
            if where not in order:
                order.append(where)
            numbers.setdefault(where, []).append(number)
        end = match.end() + unit.end()
        pieces.append(answer[last:end] + "".join(f"[{order.index(k) + 1}]" for k in stating))
        last = end
    pieces.append(answer[last:])
    if not order and found and unique:
        order = [0]  # an answer that quotes its source (什么是…) cites the first one
    cited = [unique[k] for k in order]
    related = [s for k, s in enumerate(unique) if k not in order]
    return Cited("".join(pieces), cited, related, {order.index(k): list(dict.fromkeys(v)) for k, v in numbers.items()})
