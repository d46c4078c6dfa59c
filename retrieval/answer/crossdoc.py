"""Questions across organisations or years: list, rank, compare, total and difference.

For every document in scope the best figure for the item is found; comparisons are computed from
those figures (money in 万元) and the arithmetic is shown, so every number stays traceable.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from retrieval.answer.matching import item_name, unit_measure
from retrieval.answer.present import display_value, doc_label, trim_number
from retrieval.answer.records import Answer, enforce_traceability, message
from retrieval.slots import CHANGE_ROLES

if TYPE_CHECKING:
    from retrieval.answer.context import Context, ScoredFigure
    from retrieval.answer.query import ParsedQuery
    from retrieval.index.search import Hit

MIN_CROSS_MATCH = 1.5
_NONZERO = re.compile(r"不是零|不为零|非零|大于零|不等于零|不是0|不为0|有.{0,8}(?:支出|经费|费用|采购|预算)|有没有")
_ZERO = re.compile(r"是零|为零|等于零|为0|是0")
_ASCENDING = re.compile(r"最少|最小|最低|更少|更小|更低")


def _value(best: ScoredFigure) -> float:
    figure = best.figure
    if figure["value_yuan"] is not None:
        return figure["value_yuan"] / 10000
    return figure["value"] or 0.0


def _unit(best: ScoredFigure) -> str:
    figure = best.figure
    return "万元" if figure["value_yuan"] is not None else figure["unit"]


def _shown(best: ScoredFigure) -> str:
    figure = best.figure
    return display_value(figure["value_text"], figure["unit"], figure["value_yuan"])


def _row(ctx: Context, doc: str, best: ScoredFigure | None) -> dict[str, Any]:
    identity = ctx.identities[doc]
    row: dict[str, Any] = {
        "单位": identity.org,
        "年度": identity.year,
        "类型": identity.kind,
        "项目": "未找到",
        "原文数值": "",
        "数值": None,
        "单位名称": "",
        "出处": "",
    }
    if best is not None:
        row.update(
            {
                "项目": item_name(best.figure),
                "原文数值": _shown(best),
                "数值": round(_value(best), 4),
                "单位名称": _unit(best),
                "出处": best.figure["location"],
            }
        )
    return row


def _ordered(query: ParsedQuery, ctx: Context, found: list[tuple[str, ScoredFigure]]):
    """Order of mention in the question: organisation first, then year. A follow-up (那比忻州的多还是少) puts the
    earlier turn's unit first: it is the subject, the one named now is what it is compared with."""
    if query.followup:
        return sorted(found, key=lambda pair: query.docs.index(pair[0]) if pair[0] in query.docs else len(found))

    def key(pair):
        identity = ctx.identities[pair[0]]
        names = [identity.org, *identity.aliases, identity.region, identity.region[:-1], identity.city[:-1]]
        org_pos = min((query.text.find(w) for w in names if w and w in query.text), default=len(query.text))
        year_pos = query.years.index(identity.year) if identity.year in query.years else len(query.years)
        return org_pos, year_pos

    return sorted(found, key=key)


_ASKED_AMOUNT = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")


def _value_named(ctx: Context, question: str, found: list[tuple[str, ScoredFigure]]) -> str:
    """哪个单位…是24.61万元: the units whose figure is that amount, first."""
    asked = _ASKED_AMOUNT.search(question)
    if not asked:
        return ""
    amount = float(asked.group(1).replace(",", "")) / (10000 if asked.group(2) == "元" else 1)
    hits = [d for d, b in found if b.figure["value_yuan"] is not None and abs(_value(b) - amount) < 0.005]
    return f"是{asked.group(0)}的：{'、'.join(doc_label(ctx.identities[d]) for d in hits)}。" if hits else ""


def _list_summary(ctx: Context, name: str, found: list[tuple[str, ScoredFigure]], comparable: bool) -> str:
    """The line a list answer starts with: how many units state the item and, when their figures compare, which is
    highest and lowest."""
    head = f"{len(found)}家单位的材料写有{name}的数字"
    values = [_value(b) for _, b in found]
    if comparable and len(found) > 1 and max(values) != min(values):
        for word, end in (("最多", max(values)), ("最少", min(values))):
            ends = [(d, b) for d, b in found if _value(b) == end]  # ties are named together
            head += f"，{word}的是" + "、".join(f"{doc_label(ctx.identities[d])} {_shown(b)}" for d, b in ends)
    return head + "。各单位情况："


def best_per_document(ctx: Context, query: ParsedQuery, docs: list[str]) -> list[tuple[str, ScoredFigure | None]]:
    """The best-matching figure of every document (None where none names the item well enough)."""
    item = ctx.item(query)
    hits = ctx.search(query, docs, k=80)
    per_doc: list[tuple[str, ScoredFigure | None]] = []
    for doc in docs:
        doc_hits = [h for h in hits if ctx.chunks[h.index].doc == doc]
        scored = [
            s
            for s in ctx.scored_figures(query, item, [doc], doc_hits)
            if s.match >= MIN_CROSS_MATCH
            and unit_measure(s.figure["unit"], s.figure["value_yuan"]) != "rate"  # ≤7.23年/万元
            and (item.asks_change or s.figure.get("role") not in CHANGE_ROLES)  # 比上年减少4.29万元 is no level
        ]
        per_doc.append((doc, scored[0] if scored else None))
    return per_doc


def compose_cross(
    ctx: Context, query: ParsedQuery, docs: list[str], per_doc: Sequence[tuple[str, ScoredFigure | None]] | None = None
) -> Answer:
    """Best figure per document, then the list / ranking / comparison / total / difference."""
    item = ctx.item(query)
    if not item.text and not item.targets and not item.codes:  # 哪个多？ with nothing to compare: never guess one
        example = "例如“各单位的基本工资分别是多少”“哪个单位的基本工资最多”"
        return message(query.text, f"没有看出要查哪一项，请说明项目，{example}。", query)
    per_doc = per_doc if per_doc is not None else best_per_document(ctx, query, docs)
    row_of = {doc: _row(ctx, doc, best) for doc, best in per_doc}
    found = [(doc, best) for doc, best in per_doc if best is not None]
    if not found:
        return message(query.text, f"在{len(docs)}份材料中都没有找到“{item.text or '所问项目'}”的数字。", query)
    measures = {unit_measure(b.figure["unit"], b.figure["value_yuan"]) for _, b in found}
    unit = _unit(found[0][1]) if len(measures) == 1 else ""
    decimals = measures <= {"money", "percent", "rate", ""} or any(not float(_value(b)).is_integer() for _, b in found)
    places = 2 if decimals else 0  # people, cards, vehicles are counted: 6 + 10 = 16, not 16.00

    def num(value: float) -> str:
        return trim_number(value, places)

    derived = [num(_value(b)) for _, b in found] + [str(n) for n in range(len(docs) + 1)]
    derived += [str(ctx.identities[d].year) for d in docs]  # years named in document labels
    lines = [f"{doc_label(ctx.identities[d])}：{item_name(b.figure)} {_shown(b)}" for d, b in found]
    absent: list[tuple[str, Hit, str]] = []  # (doc, hit, sentence) of 本单位无… statements
    for d, b in per_doc:
        if b is None:
            stated = ctx.stated_absence(query, ctx.search(query, [d]))
            if stated is not None:
                absent.append((d, *stated))
    missing = [doc_label(ctx.identities[d]) for d, b in per_doc if b is None and d not in {a[0] for a in absent}]
    intent = query.intent

    if intent == "difference" and len(found) < 2:
        return message(
            query.text,
            "只在"
            + "、".join(doc_label(ctx.identities[d]) for d, _ in found)
            + f"中找到“{item.text}”的数字，无法计算差额："
            + "；".join(lines)
            + "。",
            query,
            [ctx.source(c) for c in (ctx.chunk(b.doc, b.figure["chunk_id"]) for _, b in found) if c],
        )
    if intent == "difference":
        (doc_a, a), (doc_b, b) = _ordered(query, ctx, found)[:2]
        diff = _value(a) - _value(b)
        word = "多" if diff >= 0 else "少"
        text = (
            f"{doc_label(ctx.identities[doc_a])}（{item_name(a.figure)} {_shown(a)}）比"
            f"{doc_label(ctx.identities[doc_b])}（{item_name(b.figure)} {_shown(b)}）{word} "
            f"{num(abs(diff))}{unit}（{num(_value(a))} − {num(_value(b))} = "
            f"{num(diff)}）。"
        )
        derived += [num(abs(diff)), num(diff)]
        used = [a, b]
        shown_first = [doc_a, doc_b]
    elif intent == "total":
        total = sum(_value(b) for _, b in found)
        parts = " + ".join(num(_value(b)) for _, b in found)
        text = f"合计 {num(total)}{unit}（{parts} = {num(total)}）。明细：" + "；".join(lines) + "。"
        derived.append(num(total))
        used = [b for _, b in found]
        shown_first = [d for d, _ in found]
    elif intent in ("rank", "compare"):
        ranked = sorted(found, key=lambda pair: _value(pair[1]), reverse=not _ASCENDING.search(query.text))
        top_doc, top = ranked[0]
        word = "最少" if _ASCENDING.search(query.text) else "最多"
        if intent == "compare" and len(ranked) == 2:
            word = "更少" if _ASCENDING.search(query.text) else "更多"
        order = "；".join(f"{i + 1}. {doc_label(ctx.identities[d])} {_shown(b)}" for i, (d, b) in enumerate(ranked))
        top_id = ctx.identities[top_doc]
        whose = f"{top_id.org}（{top_id.period}）"  # whose, which year
        text = f"{whose}{word}：{item_name(top.figure)} {_shown(top)}。排序：{order}。"
        derived += [str(i + 1) for i in range(len(ranked))]
        used = [b for _, b in ranked]
        shown_first = [d for d, _ in ranked]  # the table is sorted as the answer claims
    else:
        wanted = found
        if _NONZERO.search(query.text):
            wanted = [(d, b) for d, b in found if _value(b) != 0]
            zero = [f"{doc_label(ctx.identities[d])}（{_shown(b)}）" for d, b in found if _value(b) == 0]
            text = (
                f"{len(wanted)}家单位不为零："
                + "；".join(f"{doc_label(ctx.identities[d])}（{item_name(b.figure)} {_shown(b)}）" for d, b in wanted)
                if wanted
                else "所有找到数字的单位都为零：" + "、".join(zero)
            )
            text += f"。为零的：{'、'.join(zero)}" if zero and wanted else ""
        elif _ZERO.search(query.text):
            wanted = [(d, b) for d, b in found if _value(b) == 0]
            text = f"{len(wanted)}家单位为零：" + "；".join(doc_label(ctx.identities[d]) for d, _ in wanted)
        else:
            text = _value_named(ctx, query.text, found) + _list_summary(
                ctx, item_name(found[0][1].figure), found, len(measures) == 1
            )
            text += "；".join(lines)
        text += "。"
        used = [b for _, b in wanted] or [b for _, b in found]
        used += [b for _, b in found if b not in used] if _NONZERO.search(query.text) else []  # zeros cited too
        shown_first = [d for d, _ in wanted]
    if absent:
        text += (
            "原文写明没有的："
            + "；".join(f"{doc_label(ctx.identities[d])}（“{sentence}”）" for d, _, sentence in absent)
            + "。"
        )
    if missing:
        text += f"未找到该项数字的材料：{'、'.join(missing)}。"
    rows = [row_of[d] for d in shown_first] + [row for d, row in row_of.items() if d not in shown_first]
    sources = []
    for best in used:
        chunk = ctx.chunk(best.doc, best.figure["chunk_id"])
        if chunk is not None:
            sources.append(ctx.source(chunk))
    sources += [ctx.source(ctx.chunks[hit.index]) for _, hit, _ in absent]
    answer = Answer(
        question=query.text,
        answer=text,
        found=True,
        sources=sources,
        intent=intent,
        rows=rows,
        query=query,
        derived=derived,
    )
    return enforce_traceability(answer)
