"""Chat turns as JSON-able records in session state, and the headline figure picked out of an answer."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from retrieval.answer.engine import REFUSAL_START
from retrieval.answer.query import ParsedQuery, carry_over
from retrieval.answer.records import Answer

ERROR_TEXT = "抱歉，回答这个问题时出错了。请换个说法再试一次，或稍后再试。"


@dataclass
class Headline:
    """The main figure of an answer, shown big: label, value and a short note."""

    label: str
    value: str
    note: str = ""


_LOOKUP = re.compile(r"(?:(?:^|\n)(?P<doc>[^：\n]*?))?：(?P<what>[^：。]+?)为 (?P<value>[^。]+)。")
_TOTAL = re.compile(r"^合计 (?P<value>[^（。\s]+)")
_RANK = re.compile(r"^(?P<who>[^：]+?)(?P<word>最多|最少|更多|更少)：(?P<what>.+?) (?P<value>[^\s。]+)。")
_DIFF = re.compile(r"）(?P<word>多|少) (?P<value>[^（\s]+)（")


def _split_note(value: str) -> tuple[str, str]:
    match = re.match(r"^(?P<main>[^（]+)（(?P<note>.*)）$", value.strip())
    return (match.group("main").strip(), match.group("note")) if match else (value.strip(), "")


def headline(text: str, intent: str) -> Headline | None:
    """Pick the figure an answer is about out of its composed text (None when there is none)."""
    if intent == "total" and (m := _TOTAL.search(text)):
        return Headline("合计", m.group("value"))
    if intent in ("rank", "compare") and (m := _RANK.search(text)):
        main, note = _split_note(m.group("value"))
        return Headline(f"{m.group('who')}{m.group('word')}：{m.group('what')}", main, note)
    if intent == "difference" and (m := _DIFF.search(text)):
        return Headline("相差", f"{m.group('word')} {m.group('value')}")
    if intent in ("lookup", "") and (m := _LOOKUP.search(text)):
        main, note = _split_note(m.group("value"))
        if m.group("what").endswith("编码"):
            return Headline("科目编码", main)
        if re.search(r"\d", main):  # the label says whose, which year and 预算/决算
            doc = (m.group("doc") or "").strip()
            label = f"{doc} · {m.group('what')}" if doc else m.group("what")
            return Headline(label, main, note)
    return None


def turn_from_answer(answer: Answer) -> dict[str, Any]:
    """A JSON-able record of one answered question (what session state keeps)."""
    return {
        "question": answer.question,
        "answer": answer.answer,
        "found": answer.found,
        "intent": answer.intent,
        "phrasing": answer.phrasing,
        "error": False,
        "sources": [dataclasses.asdict(s) for s in answer.sources],
        "rows": [dict(r) for r in answer.rows],
        "query": dataclasses.asdict(answer.query) if answer.query is not None else None,
    }


def error_turn(question: str, text: str = ERROR_TEXT) -> dict[str, Any]:
    """A turn that only carries a friendly message (the engine failed)."""
    return {
        "question": question,
        "answer": text,
        "found": False,
        "intent": "none",
        "phrasing": "composed",
        "error": True,
        "sources": [],
        "rows": [],
        "query": None,
    }


def _query_of(turn: dict[str, Any]) -> ParsedQuery | None:
    """The parsed query a turn record keeps (None for turns without one)."""
    if not turn.get("query"):
        return None
    fields = {f.name for f in dataclasses.fields(ParsedQuery)}
    return ParsedQuery(**{k: v for k, v in turn["query"].items() if k in fields})


def previous_query(turns: list[dict[str, Any]]) -> ParsedQuery | None:
    """What the next question may take from the last turn that has a parsed query (for follow-ups): not the unit
    or year of a turn refused because the corpus lacks them."""
    for turn in reversed(turns):
        query = _query_of(turn)
        if query is not None:
            refused = not turn.get("found") and str(turn.get("answer", "")).startswith(REFUSAL_START)
            return carry_over(query, refused)
        if turn.get("error"):
            return None
    return None


def asked_item(turn: dict[str, Any], engine: Any) -> str:
    """The item a turn asked about, as the engine read it ("" when none): for follow-up buttons."""
    query = _query_of(turn)
    if query is None:
        return ""
    item = engine.context.item(query)
    text = re.sub(r"\d+", "", item.text).strip("的 ")
    return text if 2 <= len(text) <= 20 else ""


MAX_KEPT = 8  # questions of a conversation kept in the address (a reload asks them again)


def kept_questions(turns: list[dict[str, Any]]) -> list[str]:
    """The questions before the latest one, as the address keeps them (the latest is ``q``)."""
    return [str(t["question"])[:300] for t in turns[:-1] if not t.get("error")][-MAX_KEPT:]


def earlier_questions(kept: list[str], latest: str) -> list[str]:
    """The questions to ask again before ``latest`` when a page is reloaded (bounded, never empty strings)."""
    return [q[:300] for q in kept if q.strip()][-MAX_KEPT:] if latest else []


def plain_answer(text: str, cited: list[dict[str, Any]]) -> str:
    """The answer with its markers and numbered sources, as plain text to copy."""
    lines = [text]
    lines += [f"[{k}] {s.get('title', '')} · {s.get('location', '')}" for k, s in enumerate(cited, start=1)]
    return "\n".join(lines)
