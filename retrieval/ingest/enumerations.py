"""Counts of what a document lists item by item: 主要职能 1.…6. → 6项; 内设机构：A、B、C → 3个.

The public asks 有几项职能 / 几个科室; documents answer by listing. A heading on a listed topic (data/slots.tsv,
slot ``list``) whose body numbers its items, or whose sub-headings are the items, and a sentence head on such a
topic followed by a 、-separated list become one count figure each, cited at the list itself.
"""

from __future__ import annotations

import re

from retrieval import slots
from retrieval.ingest.facts import NUMBERING
from retrieval.models import DocIdentity, Figure, Passage

COUNT_BASIS = "列举"  # basis of a count of listed items: the number is the list's length, not written
_NUMBER = re.compile(r"(?:^|[；;。\s])[（(]?(\d{1,2})[)）.．、](?!\d)")
_INLINE = re.compile(r"(?P<head>[\u4e00-\u9fff]{2,12}?)(?:(?:包括|包含|设有|下设)[:：]?|[:：])(?P<items>[^。；;]+)")
_COUNTED = re.compile(r"^(\d{1,3})\s*个")  # 1个综合科、1个财务科
_PARENS = re.compile(r"（[^）]*）|\([^)]*\)")


def _clean(heading: str) -> str:
    return NUMBERING.sub("", heading).strip(" ：:")


_CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九", 1)}
_CN_NUMBER = re.compile(r"[（(]([一二三四五六七八九十]{1,3})[)）]")


def _cn(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十三 → 23 (enough for list numbering)."""
    if "十" not in numeral:
        return _CN_DIGITS.get(numeral, 0)
    tens, _, ones = numeral.partition("十")
    return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)


def _numbered(texts: list[str]) -> int:
    """How many items ``1. 2. 3.``, ``(1) (2)`` or ``(一)(二)`` run from 1 without a gap; 0 when fewer than two."""
    seen = {int(n) for text in texts for n in _NUMBER.findall(text)}
    seen |= {_cn(n) for text in texts for n in _CN_NUMBER.findall(text)}
    count = 0
    while count + 1 in seen:
        count += 1
    return count if count >= 2 else 0


def _figure(
    identity: DocIdentity, label: str, count: int, unit: str, passage: Passage, context: str, location: str = ""
) -> Figure:
    return Figure(
        doc=identity.doc,
        org=identity.org,
        year=identity.year,
        kind=identity.kind,
        source="text",
        location=location or passage.location,
        label=label,
        column="",
        value_text=str(count),
        unit=unit,
        value=float(count),
        value_yuan=None,
        chunk_id=f"p{passage.ordinal}",
        context=context[:300],
        page=passage.page,
        item=label,
        role="count",
        basis=COUNT_BASIS,
    )


def list_counts(identity: DocIdentity, passages: list[Passage]) -> list[Figure]:
    """One count figure per listed topic: numbered items under a heading, sub-headings of a heading, or a
    、-list after a sentence head (内设机构：…)."""
    figures: list[Figure] = []
    by_path: dict[tuple[str, ...], list[Passage]] = {}
    for passage in passages:
        by_path.setdefault(tuple(passage.section), []).append(passage)
    done: set[tuple[str, ...]] = set()
    for path, body in by_path.items():
        for depth in range(len(path), 0, -1):
            heading = path[:depth]
            label = _clean(heading[-1])
            unit = slots.list_unit(label)
            if not unit or heading in done:
                continue
            children = [q for q in by_path if len(q) == depth + 1 and q[:depth] == heading]
            if any(slots.list_unit(_clean(c[-1])) for c in children):
                continue  # 主要职能及机构设置 holds lists; it is not one
            numbered = _numbered([p.text for p in by_path.get(heading, [])] + [c[-1] for c in children])
            first = (by_path.get(heading) or by_path[children[0]] if children else body)[0]
            count = numbered or (len(children) if len(children) >= 2 else 0)
            if count:
                done.add(heading)
                items = "；".join(_clean(c[-1]) for c in children) if len(children) >= 2 else first.text
                figures.append(_figure(identity, label, count, unit, first, items, " > ".join(heading)))
    for passage in passages:
        for match in _INLINE.finditer(passage.text):
            label = match.group("head")
            unit = slots.list_unit(label)
            listed = [i.strip() for i in _PARENS.sub("", match.group("items")).split("、") if i.strip()]
            if unit != "个" or len(listed) < 2 or re.search(r"\d+\s*(?:万元|元|%)", match.group("items")):
                continue  # only named things (机构, 科室, 网点) are listed inline; 职能 phrases hold 、 themselves
            counted = [_COUNTED.match(i) for i in listed]
            count = sum(int(m.group(1)) for m in counted if m) if all(counted) else len(listed)
            figures.append(
                _figure(
                    identity,
                    re.sub(r"^(?:我|本)(?:单位|部门|中心|局)", "", label),
                    count,
                    unit,
                    passage,
                    match.group(0),
                )
            )
    return figures
