"""Budget vocabulary: the words the public types, mapped to the terms disclosures use.

General domain knowledge of Chinese 部门预算/决算 disclosures — not tied to any document or question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Term:
    """One budget item: what people say (``triggers``) and what documents write (``targets``)."""

    name: str
    triggers: tuple[str, ...]
    targets: tuple[str, ...]
    measure: str = "money"  # money | people | cards | percent | count | score
    generic: bool = False  # broad words (收入, 支出) that only count when nothing specific is asked


DATA_FILE = Path(__file__).resolve().parent / "data" / "lexicon.tsv"


def _load_terms(path: Path = DATA_FILE) -> tuple[Term, ...]:
    """The vocabulary of ``data/lexicon.tsv`` (one term per line; see its header)."""
    terms = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, measure, generic, triggers, targets = line.split("\t")
        words = lambda field: tuple(w for w in field.split("、") if w)
        terms.append(Term(name, words(triggers), words(targets), measure, generic == "1"))
    return tuple(terms)


TERMS: tuple[Term, ...] = _load_terms()

# Document words and the other ways questions say them (一共有多少人 asks for the "共有 5人" figure).
QUESTION_FORMS: dict[str, tuple[str, ...]] = {
    "共有": ("一共", "总共", "共计", "总计", "总数", "总人数", "合计"),
    "实有人员": ("一共", "总共", "共有", "实际有", "现有", "实有"),
    "实有在岗人数": ("一共", "总共", "共有", "实际有", "现有", "实有", "在岗"),
}


def asked_in(word: str, question: str) -> bool:
    """Whether the question itself says ``word`` (literally or in one of its QUESTION_FORMS)."""
    return word in question or any(form in question for form in QUESTION_FORMS.get(word, ()))


_MEASURES: tuple[tuple[str, str], ...] = (
    (r"人次|批次|几批|多少批", "count"),  # 接待了多少人次 counts visits, not people
    (
        r"多少人|几个人|几人|人数|编制|多少名|(?:几|多少)[个名位]?[\u4e00-\u9fff]{0,6}(?:人员|职工|员工|干部)"
        r"|(?:人员|职工|员工|干部)(?:有|共有|分别|各)?(?:是|有)?(?:几个|几名|几位|多少)|人员?(?:最多|最少|更多|更少|数量|规模|数)"
        r"|退休(?:的|人员)?(?:有|共有|一共)?(?:几|多少)[个名位人]?|(?:几|多少)[个名位]退休",
        "people",
    ),
    (r"多少张|几张|张卡|万张|卡的?数量|[制发]卡量|卡量|发放数量|发放量|制发量|签发量", "cards"),
    (r"百分之|百分比|百分点|幅度|%|％|比例|占比|比重|率|满意度|覆盖|完成了?(?:年初|全年)?预算的(?:多少|几)", "percent"),
    (r"几条|多少条|几项|多少项|几台|多少台|几套|多少套", "count"),
    (r"多少分|得分|总分|评分", "score"),
    (r"多少通|几通|多少个电话|多少电话", "count"),
    (r"几辆|多少辆", "count"),
    (r"多少钱|的钱|[交缴]了多少|金额|经费|万元|元|资金|费用|花了|预算|决算|支出|收入|拨款|工资|费", "money"),
)


def match_terms(text: str) -> list[Term]:
    """Terms whose trigger words occur in ``text`` (else whose document words do), longest match
    first. Document words only count when no trigger does: 人员经费 is a trigger of 人员经费 and merely a
    document word of 工资福利, so it must not pull that broader term in."""
    present = {t.name: {w for w in (*t.triggers, *t.targets) if w in text} for t in TERMS}
    for words_of in (lambda t: t.triggers, lambda t: t.targets):
        found: list[tuple[list[str], Term]] = []
        for term in TERMS:
            hits = [w for w in words_of(term) if w in text]
            if hits:
                found.append((hits, term))
        # 人员 inside 人员经费, 工资 inside 基本工资, 总额 inside 资产总额: a word that only occurs as part of a
        # longer word of another term is not asked
        found = [
            (hits, term)
            for hits, term in found
            if any(
                text.count(w)
                > sum(
                    text.count(o) for name, ws in present.items() if name != term.name for o in ws if w in o and o != w
                )
                for w in hits
            )
        ]
        if found:
            found.sort(key=lambda pair: -max(len(w) for w in pair[0]))
            return [term for _, term in found]
    return []


def question_measure(text: str) -> str:
    """What kind of quantity a question asks for (money, people, cards, …); "" when unclear."""
    for pattern, measure in _MEASURES:
        if re.search(pattern, text):
            return measure
    return ""


MEASURE_UNITS: dict[str, tuple[str, ...]] = {
    "money": ("万元", "元", "亿元", "千元", "万"),
    "people": ("人", "名"),
    "cards": ("万张", "张", "万张数"),
    "percent": ("%", "％"),
    "score": ("分",),
    "count": ("条", "通", "万通", "个", "辆", "台", "套", "项", "次", "场次", "批次", "批", "人次", "万人次"),
}
