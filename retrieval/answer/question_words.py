"""The words of a question that are not the item it asks (``data/question_words.tsv``) and the one pattern that
removes them together with the question's structural parts (years, counts of units, punctuation)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parents[1] / "data" / "question_words.tsv"

# Not vocabulary but shapes: years (2024年, 24年, 2024 before 年初/年末), counts of units (三个单位, 5家), the generic
# words of a unit's name before 中心, and punctuation.
_STRUCTURE = (
    r"20\d{2}\s*(?=年[初末底])",
    r"20\d{2}\s*年度?",
    r"\d{2}\s*年",
    r"(?:这|那)?(?:[两二三四五六七八九十几]|\d+)[个家所](?:单位|部门)?",
    r"(?:人社|社保卡|社会保障卡|信息|服务|管理|网络|档案|和)*中心",
    r"[？?。，,、：:；;！!“”\"'（）()\s]",
)


@dataclass(frozen=True)
class QuestionWord:
    """One word to remove, unless one of ``not_after`` stands right before it or one of ``not_before`` right after."""

    word: str
    not_after: tuple[str, ...] = ()
    not_before: tuple[str, ...] = ()

    def pattern(self) -> str:
        behind = "".join(f"(?<!{re.escape(w)})" for w in self.not_after)
        ahead = f"(?!{'|'.join(re.escape(w) for w in self.not_before)})" if self.not_before else ""
        return behind + re.escape(self.word) + ahead


def _words(cell: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in cell.split("、") if w.strip())


def load(path: Path = DATA_FILE) -> list[QuestionWord]:
    """The question words of a data file (comment lines start with #)."""
    words: list[QuestionWord] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t") + ["", ""]
        if not cells[0].strip():
            raise ValueError(f"{path.name}:{n}: a line without a word")
        words.append(QuestionWord(cells[0].strip(), _words(cells[1]), _words(cells[2])))
    return words


@lru_cache(maxsize=1)
def noise_pattern() -> re.Pattern[str]:
    """Structural parts first, then the words, longest first (是多少 before 多少 before 是)."""
    words = sorted(load(), key=lambda w: len(w.word), reverse=True)
    return re.compile("|".join([*_STRUCTURE, *(w.pattern() for w in words)]))
