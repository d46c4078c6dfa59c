"""Last year's figure from this year's document: ``上年呢`` / ``2022年的呢`` when only the 2023 document is held.

A column that names the previous year answers directly; otherwise this year's figure and the change the document
states next to it (``4.66万元，较上年减少2.94万元``) give last year's as their sum or difference, with the
arithmetic shown and both statements cited.
"""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval.answer.context import Context, ScoredFigure
from retrieval.answer.matching import MIN_MATCH, item_name
from retrieval.answer.present import doc_label, trim_number
from retrieval.answer.query import ParsedQuery
from retrieval.answer.records import Answer, Source, enforce_traceability
from retrieval.ingest.facts import CHANGE_WORDS, STAGE_TAIL
from retrieval.slots import CHANGE_ROLES

_TOTAL_WORD = re.compile(r"(?:总计|合计|小计)$")


def _direction(change: ScoredFigure) -> int:
    """-1 for a stated decrease of last year, +1 for an increase, 0 when the figure is no such change (typed at
    ingest: its role, and a change against 年初 is against the budget, not last year)."""
    figure = change.figure
    if figure["value"] is None or figure.get("role") != "change" or "年初" in figure["label"] + figure["column"]:
        return 0
    return int(figure.get("direction") or 0)


def _pair(levels: list[ScoredFigure], changes: list[ScoredFigure]) -> tuple[ScoredFigure, ScoredFigure, int] | None:
    """This year's figure and the change stated of it: a change with a level in its own sentence or row first,
    else the best change with the best level of its document (a level of the item asked: as well named as the
    best one)."""
    if levels:
        levels = [s for s in levels if s.match >= levels[0].match - 0.5]  # 项目支出 asked: not 支出合计
    for change in changes:
        sign = _direction(change)
        if not sign:
            continue
        changed = CHANGE_WORDS.sub("", item_name(change.figure))
        same_unit = [
            s
            for s in levels
            if s.doc == change.doc
            and s.figure["unit"] == change.figure["unit"]
            and _TOTAL_WORD.sub("", item_name(s.figure)) in changed  # 收入总计 and 当年预算收入…减少, not 项目支出
        ]
        together = [s for s in same_unit if s.figure["chunk_id"] == change.figure["chunk_id"]]
        if together or same_unit:
            return (together or same_unit)[0], change, sign
    return None


def compose_last_year(ctx: Context, query: ParsedQuery, docs: list[str]) -> Answer | None:
    """Last year's figure of the item from this year's document(s), or None when it does not say it."""
    item = ctx.item(query)
    hits = ctx.search(query, docs)
    scored = [s for s in ctx.scored_figures(query, item, docs, hits) if s.match >= MIN_MATCH]
    if not scored:
        return None
    identity = ctx.identities[scored[0].doc]
    year = identity.year
    direct = [s for s in scored if s.figure.get("period") == "上年" and s.figure.get("role") not in CHANGE_ROLES]
    if direct:
        best = direct[0]
        shown = f"{best.figure['value_text']}{best.figure['unit']}"
        where = best.figure["column"] or best.figure["location"].split(" > ")[-1]
        name = re.sub(r"^(?:上年|上一年|去年)", "", item_name(best.figure))
        when = f"{year - 1}年" if year else "上年"
        text = f"{doc_label(identity)}：{when}{name}为 {shown}（该文件所列上年数，见“{where}”）。"
        return _answer(ctx, query, text, [best], [str(year - 1)] if year else [])
    change_query = replace(query, intent="change")
    change_item = ctx.item(change_query)
    changes = [s for s in ctx.scored_figures(change_query, change_item, docs, hits) if s.match >= MIN_MATCH]
    levels = [s for s in scored if s.figure.get("role") not in CHANGE_ROLES and s.figure.get("period") != "上年"]
    paired = _pair(levels, changes)
    if paired is not None:
        level, change, sign = paired
        value, delta = float(level.figure["value"]), float(change.figure["value"])
        last = value - sign * delta
        unit = level.figure["unit"]
        digits = max(len(level.figure["value_text"].split(".")[-1]) if "." in level.figure["value_text"] else 0, 2)
        last_text = f"{last:.{digits}f}"
        word = "减少" if sign < 0 else "增加"
        op = "+" if sign < 0 else "−"
        this_year = f"{year}年" if year else "本年"
        last_year = f"{year - 1}年" if year else "上年"
        text = (
            f"{doc_label(identity)}：{last_year}{STAGE_TAIL.sub('', item_name(level.figure))}为 {last_text}{unit}"
            f"（由本年数与所述变化推算：{this_year} {level.figure['value_text']}{unit}，较上年{word} "
            f"{change.figure['value_text']}{unit}，{level.figure['value_text']} {op} {change.figure['value_text']}"
            f" = {last_text}）。"
        )
        return _answer(
            ctx, query, text, [level, change], [last_text, trim_number(last), *([str(year - 1)] if year else [])]
        )
    return None


def _answer(ctx: Context, query: ParsedQuery, text: str, used: list[ScoredFigure], derived: list[str]) -> Answer:
    sources: list[Source] = []
    for figure in used:
        chunk = ctx.chunk(figure.doc, figure.figure["chunk_id"])
        if chunk is not None and all(s.chunk_id != chunk.chunk_id for s in sources):
            sources.append(ctx.source(chunk))
    answer = Answer(
        question=query.text, answer=text, found=True, sources=sources, intent="lookup", query=query, derived=derived
    )
    return enforce_traceability(answer)
