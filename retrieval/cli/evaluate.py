"""Evaluate the engine on a QA file (the format of shared/qa/dev.jsonl).

Metrics per question kind: answer accuracy (a gold figure with its unit appears in the answer —
万元/元 and 万张/张 equivalents accepted; for cross-document questions the gold entity must be named
in the answer's first sentence), doc@5 (the gold document is among the first five cited sources),
abstention on unanswerable questions (found is false) and latency median / p95.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from retrieval.answer.engine import refused
from retrieval.answer.query import ParsedQuery, carry_over
from retrieval.answer.records import Answer
from retrieval.ingest.normalize import to_simplified

_AMOUNT = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)\s*(万元|元|万张|张|万通|通|万人|人|%|％|分|条|个|名)")


@dataclass
class Result:
    id: str
    kind: str
    question: str
    answer: str
    found: bool
    correct: bool
    doc_hit: bool | None
    abstained_ok: bool | None
    seconds: float
    sources: list[str]
    group: str = ""  # the question set's own grouping (colloquial, unknown_unit …), when it has one


def _amounts(text: str) -> set[tuple[str, float]]:
    """(base unit, value) pairs: 万元 → 元, 万张 → 张 …, so equivalents compare equal."""
    out = set()
    for number, unit in _AMOUNT.findall(text.replace("％", "%")):
        value = float(number.replace(",", ""))
        if unit.startswith("万") and len(unit) > 1:
            unit, value = unit[1:], value * 10000
        out.add((unit, round(value, 2)))
    return out


def _first_sentence(text: str) -> str:
    return re.split(r"[。]", text, maxsplit=1)[0]


def is_correct(kind: str, golds: list[str], answer: str) -> bool:
    """Whether any acceptable gold rendering is in the answer (see module docstring)."""
    if not golds:
        return False
    text = to_simplified(answer.replace(" ", ""))  # 萬元 in a gold written from a traditional page is 万元
    golds = [to_simplified(g) for g in golds]
    if kind == "cross" and not any(_AMOUNT.search(g) for g in golds):
        head = _first_sentence(text)
        return any(g.replace(" ", "") in head for g in golds)
    if any(g.replace(" ", "") in text for g in golds):
        return True
    found = _amounts(text)
    return any(amount in found for g in golds for amount in _amounts(g))


def _right(row: dict, answer: str) -> bool:
    """Any accepted rendering in the answer; with ``answers_all`` (two questions in one, two stated values)
    every one of them."""
    every = row.get("answers_all") or []
    if every:
        return all(is_correct(row["kind"], [gold], answer) for gold in every)
    return is_correct(row["kind"], row.get("answers", []), answer)


def evaluate(rows: list[dict], ask: Callable[[str, ParsedQuery | None], Answer]) -> list[Result]:
    """Ask every question (``ask(question, previous)``); consecutive rows with the same ``conversation`` are the
    turns of one conversation, each asked after the one before."""
    results = []
    conversation, previous = None, None
    for row in rows:
        if row.get("conversation") is None or row.get("conversation") != conversation:
            previous = None
        conversation = row.get("conversation")
        start = time.perf_counter()
        answer = ask(row["question"], previous)
        seconds = time.perf_counter() - start
        previous = carry_over(answer.query, refused(answer)) if conversation is not None else None
        gold_docs = row.get("doc")
        gold_docs = [gold_docs] if isinstance(gold_docs, str) else list(gold_docs or [])
        cited = [s.doc for s in answer.sources[:5]]
        unanswerable = row["kind"] == "unanswerable"
        results.append(
            Result(
                id=row.get("id", ""),
                kind=row["kind"],
                question=row["question"],
                answer=answer.answer,
                found=answer.found,
                correct=(not answer.found) if unanswerable else (answer.found and _right(row, answer.answer)),
                doc_hit=None
                if unanswerable
                else all(d in cited for d in gold_docs)
                if row["kind"] != "cross"
                else any(d in cited for d in gold_docs),
                abstained_ok=(not answer.found) if unanswerable else None,
                seconds=seconds,
                sources=cited,
                group=str(row.get("group", "")),
            )
        )
    return results


def _rate(values: list[bool]) -> str:
    return f"{sum(values) / len(values):.2f} ({sum(values)}/{len(values)})" if values else "-"


def summary(results: list[Result]) -> str:
    """Per-kind table plus overall figures, for a person to read."""
    lines = [f"{'kind':<13}{'n':>4}  {'accuracy':<14}{'doc@5':<14}{'abstention':<14}"]
    kinds = sorted({r.kind for r in results})
    for kind in kinds + ["overall"]:
        group = [r for r in results if kind in ("overall", r.kind)]
        answerable = [r for r in group if r.kind != "unanswerable"]
        lines.append(
            f"{kind:<13}{len(group):>4}  {_rate([r.correct for r in answerable]):<14}"
            f"{_rate([bool(r.doc_hit) for r in answerable]):<14}"
            f"{_rate([bool(r.abstained_ok) for r in group if r.abstained_ok is not None]):<14}"
        )
    groups = sorted({r.group for r in results if r.group})
    if groups:
        lines.append(f"{'group':<13}{'n':>4}  {'right':<14}(answered correctly, or declined when unanswerable)")
        for name in groups:
            members = [r for r in results if r.group == name]
            lines.append(f"{name:<13}{len(members):>4}  {_rate([r.correct for r in members]):<14}")
    times = sorted(r.seconds * 1000 for r in results)
    if times:
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        lines.append(f"latency ms: median {statistics.median(times):.0f}, p95 {p95:.0f}")
    return "\n".join(lines)


def load_questions(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{Path(path).name} 第{number}行不是有效的 JSON: {exc.msg}") from exc
            if "question" not in row or "kind" not in row:
                raise ValueError(f"{Path(path).name} 第{number}行缺少 question 或 kind 字段")
            rows.append(row)
    return rows


def write_results(results: list[Result], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        for result in results:
            handle.write(json.dumps(asdict(result), ensure_ascii=False) + "\n")
