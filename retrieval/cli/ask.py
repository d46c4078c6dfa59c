"""Command-line question answering: ``ask`` (text / --json / --jsonl) and ``eval``.

The JSON contract (kept stable for scripts, the app and outside evaluation):
``{"question", "answer": str, "found": bool, "sources": [{"doc", "title", "location", "text"}]}``,
most important source first. Diagnostics go to stderr, answers to stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from retrieval.answer.records import Answer
from retrieval.config import Settings

SAMPLE_QUESTIONS = [
    "社保卡制作花了多少钱？",
    "忻州社保卡中心2023年基本工资多少",
    "哪个单位三公经费不是零",
    "各单位住房公积金分别是多少",
    "高陵区信息中心2023年办公费预算多少",
]


def engine_for(settings: Settings):
    from retrieval.answer.engine import Engine

    return Engine.load(settings)


def _print_answer(answer: Answer) -> None:
    print(answer.answer)
    if answer.sources:
        print("\n来源：")
        for number, source in enumerate(answer.sources, start=1):
            text = source.text if len(source.text) <= 160 else source.text[:160] + "…"
            print(f"  [{number}] {source.title} · {source.location}\n      {text}")


def _is_utf8(text: str) -> bool:
    """False for command-line bytes that were not UTF-8 (Python keeps them as lone surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _question_of(line: str) -> tuple[str, str | None]:
    """(question, conversation id or None) of one ``--jsonl`` input line: plain text, or a JSON object
    ``{"question": "...", "conversation": "c01"}``. ValueError (one line) when the object has no question."""
    line = line.strip()
    if not line.startswith("{"):
        return line, None
    try:
        data = json.loads(line)
    except json.JSONDecodeError:
        return line, None
    question = data.get("question") if isinstance(data, dict) else None
    if not isinstance(question, str) or not question.strip():
        raise ValueError("这一行的 JSON 没有 question 文字")
    conversation = data.get("conversation")
    return question, str(conversation) if conversation is not None else None


def _ask_lines(engine, lines) -> None:
    """Answer ``--jsonl`` lines; consecutive lines of one conversation are its turns (follow-ups understood)."""
    from retrieval.answer.engine import refused
    from retrieval.answer.query import carry_over

    current, previous = None, None
    for line in lines:
        if not line.strip():
            continue
        try:
            question, conversation = _question_of(line)
        except ValueError as exc:
            sys.stdout.write(json.dumps({"error": str(exc)}, ensure_ascii=False) + "\n")
            continue
        if conversation is None or conversation != current:
            previous = None
        current = conversation
        answer = engine.ask(question, previous=previous)
        previous = carry_over(answer.query, refused(answer)) if conversation is not None else None
        record = answer.to_json() | ({"conversation": conversation} if conversation is not None else {})
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    question = " ".join(args.question)
    if not args.jsonl:
        if not question:
            print('错误: 请给出问题，例如 python -m retrieval ask "社保卡制作花了多少钱？"', file=sys.stderr)
            return 2
        if not _is_utf8(question):
            print("错误: 问题不是有效的 UTF-8 文字（请检查终端编码）", file=sys.stderr)
            return 2
    engine = engine_for(settings)
    if args.jsonl:
        _ask_lines(engine, sys.stdin)
        return 0
    answer = engine.ask(question)
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
    else:
        _print_answer(answer)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from retrieval.cli.evaluate import evaluate, load_questions, summary, write_results

    rows = load_questions(Path(args.qa))
    engine = engine_for(settings)
    engine.ask(rows[0]["question"]) if rows else None  # warm up: latency is per warm question
    results = evaluate(rows, lambda question, previous: engine.ask(question, previous=previous))
    out = Path(args.out) if args.out else Path("reports") / f"eval-{Path(args.qa).stem}.jsonl"
    out.parent.mkdir(parents=True, exist_ok=True)
    write_results(results, out)
    print(summary(results))
    print(f"per-question results: {out}")
    return 0


def register(add) -> None:
    """Add ``ask`` and ``eval`` to the CLI (``add`` is cli.main's subcommand helper)."""
    ask = add("ask", cmd_ask, "回答问题（文本、--json 或 --jsonl）", corpus=True, index=True, model=True)
    ask.add_argument("question", nargs="*", help="问题")
    ask.add_argument("--json", action="store_true", help="输出一个 JSON 对象")
    ask.add_argument("--jsonl", action="store_true", help="从标准输入逐行读问题，逐行输出 JSON")
    ev = add("eval", cmd_eval, "在问答集上评测（准确率、doc@5、拒答、延迟）", corpus=True, index=True, model=True)
    ev.add_argument("qa", help="问答集 JSONL（格式同 shared/qa/dev.jsonl）")
    ev.add_argument("--out", help="逐题结果 JSONL（默认 reports/eval-<名>.jsonl）")
