"""The national 政府收支分类科目 (``data/subjects.tsv``): codes and names of budget items.

A figure's item is identified by the code printed in its row (``30101 基本工资``) or, when the row prints none,
by a name the national schedule gives to one code only (``社会保障和就业支出`` → 208; ``行政运行`` is shared by
many codes and stays unidentified).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "subjects.tsv"
_BRACKETS = str.maketrans("()", "（）")
LEVEL_MARK = re.compile(r"[（(]\s*[类款项]\s*[)）]")  # 社会保障和就业支出（类）


@dataclass(frozen=True)
class Subject:
    """One classification entry."""

    code: str
    name: str
    scheme: str  # 功能 | 经济 | 政府经济 | 收入

    @property
    def level(self) -> str:
        """类 / 款 / 项 of a functional code (3 / 5 / 7 digits)."""
        return {3: "类", 5: "款", 7: "项"}.get(len(self.code), "")


def name_key(name: str) -> str:
    """A name as compared: full-width brackets, no level marks (类/款/项), no spaces."""
    name = LEVEL_MARK.sub("", name.translate(_BRACKETS))
    return re.sub(r"\s+", "", name)


def _load(path: Path = DATA_FILE) -> tuple[Subject, ...]:
    subjects = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) != 3 or not parts[0].isdigit():
            raise ValueError(f"{path.name} 第 {number} 行格式不对：{raw!r}")
        subjects.append(Subject(*parts))
    return tuple(subjects)


SUBJECTS: tuple[Subject, ...] = _load()
BY_CODE: dict[str, Subject] = {s.code: s for s in SUBJECTS}
_BY_NAME: dict[str, list[Subject]] = {}
for _subject in SUBJECTS:
    _BY_NAME.setdefault(name_key(_subject.name), []).append(_subject)


def by_name(name: str, table_title: str = "") -> Subject | None:
    """The one subject the schedule names so (None for unknown or shared names such as 行政运行). A name both
    schemes use (住房公积金: 2210201 功能, 30113 经济) is resolved by the table title (…按经济分类…), and the
    departmental economic scheme is preferred to the 政府预算 one (维修（护）费 → 30213, not 50209)."""
    found = _BY_NAME.get(name_key(name), [])
    schemes = [s for s in ("功能", "经济") if s in table_title]
    if len(schemes) == 1:
        found = [s for s in found if s.scheme.endswith(schemes[0])] or found
    if len(found) > 1:
        departmental = [s for s in found if s.scheme != "政府经济"]
        found = departmental if len(departmental) == 1 else found
    return found[0] if len(found) == 1 else None


def code_of(label: str) -> str:
    """The code a row label prints (``2080505 机关事业单位…`` / ``[30101]基本工资``), or ""."""
    match = re.match(r"^\s*[\[【（(]?\s*(\d{3}(?:\d{2}){0,2})(?!\d)", label)
    return match.group(1) if match else ""
