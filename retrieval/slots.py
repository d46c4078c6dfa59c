"""The slots a figure fills and a question asks about: role, period and basis (column meaning).

One vocabulary (``data/slots.tsv``) serves both sides: ingest types every figure once from its label, column and
the words before it; the answer layer parses a question into the same slots and matches them.

- role: level | change | share | rate | target | score | quota | headcount | count
- period: 本年 | 上年 | 年初 | 调整 | 全年
- basis: what a column means (年初预算, 决算, 基本支出, 人员经费, 一般公共预算 …), several at once
- ask: the role a question asks for (share, rate, change, target)
- list: what headings and sentence heads list item by item (职能, 内设机构 …) and the unit to count them in
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "slots.tsv"
CHANGE_ROLES = frozenset({"change", "change_pct"})
# The budget stage a column meaning belongs to (a 决算 states both its budget and its outturn).
STAGE_OF = {"年初预算": "预算", "调整预算": "预算", "全年预算": "预算", "预算": "预算", "决算": "决算"}
_COUNT_UNITS = ("万张", "张", "个", "项", "条", "通", "次", "辆", "台", "户", "家", "人次", "批次", "批")
_PEOPLE_UNITS = ("人", "名")


@dataclass(frozen=True)
class SlotLine:
    """One line of the vocabulary: text with one of ``words`` at ``position`` (and none of ``excepts``)."""

    slot: str
    value: str
    position: str  # start | any | end
    words: tuple[str, ...]
    excepts: tuple[str, ...]

    def matches(self, text: str) -> bool:
        if not self.words:
            return True
        if any(e in text for e in self.excepts):
            return False
        if self.position == "start":
            return text.startswith(self.words)
        if self.position == "end":
            return text.endswith(self.words)
        return any(w in text for w in self.words)


def _load(path: Path = DATA_FILE) -> tuple[SlotLine, ...]:
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        fields = raw.split("\t") + [""] * 5
        slot, value, position, words, excepts = fields[:5]
        if slot not in ("role", "period", "basis", "ask", "list") or position not in ("start", "any", "end"):
            raise ValueError(f"{path.name} 第 {number} 行格式不对：{raw!r}")
        split = lambda field: tuple(w for w in field.split("、") if w)
        lines.append(SlotLine(slot, value, position, split(words), split(excepts)))
    return tuple(lines)


LINES: tuple[SlotLine, ...] = _load()


@lru_cache(maxsize=8192)
def role_of(text: str, unit: str = "") -> str:
    """What a stated number is, from the words that name it (and its unit): a change in % is ``change_pct``; a
    plain number in 人 is a ``headcount``, in 张/个/项 a ``count``."""
    role = next((line.value for line in LINES if line.slot == "role" and line.matches(text)), "level")
    if role == "change" and unit.strip() in ("%", "％"):
        return "change_pct"
    if role == "level" and unit:
        if unit.strip() in _PEOPLE_UNITS:
            return "headcount"
        if unit.strip() in _COUNT_UNITS:
            return "count"
    return role


@lru_cache(maxsize=8192)
def period_of(text: str, year: int | None = None) -> str:
    """Which time a figure states: 上年 for a column naming the previous year (``2023年预算金额`` in a 2024
    document), 年初 / 调整 / 全年 for those budget stages, else 本年."""
    if year and f"{year - 1}年" in text and "结转" not in text:
        return "上年"
    return next((line.value for line in LINES if line.slot == "period" and line.matches(text)), "本年")


@lru_cache(maxsize=8192)
def basis_of(text: str) -> tuple[str, ...]:
    """Every column meaning the text names, in the order it names them (``本年一般公共预算基本支出 > 人员经费`` →
    一般公共预算, 基本支出, 人员经费)."""
    at: dict[str, int] = {}
    for line in LINES:
        if line.slot == "basis" and line.value not in at and line.matches(text):
            at[line.value] = min(text.find(w) for w in line.words if w in text)
    found = sorted(at, key=lambda value: at[value])
    if "年初预算" in found or "调整预算" in found or "全年预算" in found:
        found = [b for b in found if b != "预算"]
    return tuple(found)


@lru_cache(maxsize=4096)
def asked_role(question: str, measure: str = "") -> str:
    """The role a question asks its number to have ("" when it does not say): 占多少比例 → share, 完成了年初预算的
    百分之几 → rate, 比上年增长百分之几 → change_pct, 比上年多了多少 → change."""
    role = next((line.value for line in LINES if line.slot == "ask" and line.matches(question)), "")
    if role == "change" and measure == "percent":
        return "change_pct"
    if role in ("share", "rate") and measure not in ("percent", ""):
        return ""  # 占用了多少钱 / 完成了多少张 ask for amounts
    return role


@lru_cache(maxsize=16)
def asking_words(role: str) -> tuple[str, ...]:
    """The words that ask for a role (执行率, 完成年初预算 … for rate), longest first."""
    words = {w for line in LINES if line.slot == "ask" and line.value == role for w in line.words}
    return tuple(sorted(words, key=len, reverse=True))


def list_unit(text: str) -> str:
    """The unit a listed thing is counted in (内设机构 → 个, 主要职能 → 项), "" when the text lists nothing."""
    return next((line.value for line in LINES if line.slot == "list" and line.matches(text)), "")


def join(values: tuple[str, ...]) -> str:
    """Basis values as stored in one text field (``一般公共预算;基本支出``)."""
    return ";".join(values)


def split(stored: str) -> tuple[str, ...]:
    return tuple(v for v in re.split(r";", stored or "") if v)
