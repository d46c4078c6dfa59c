"""Benchmarks: ``bench build`` (a timed full build into a temporary index) and ``bench ask`` (latencies)."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from retrieval.cli.ask import SAMPLE_QUESTIONS, engine_for
from retrieval.cli.corpus import peak_rss_gb, print_build_report
from retrieval.cli.options import EXIT_NOTHING_INDEXED, settings_of
from retrieval.config import Settings


def cmd_bench(args: argparse.Namespace) -> int:
    """``bench build``: timed full build into a fresh temporary index; ``bench ask``: latencies."""
    if args.target == "ask":
        return cmd_bench_ask(args, settings_of(args))
    import psutil

    from retrieval.index.build import build_index

    process_start = psutil.Process().create_time()
    settings = settings_of(args)
    with tempfile.TemporaryDirectory(prefix="budget-qa-bench-") as tmp:
        settings.index_dir = Path(tmp) / "index"
        report = build_index(settings, progress=not args.quiet)
    print_build_report(report)
    if not report.ok:
        return EXIT_NOTHING_INDEXED
    other = report.seconds - report.load_seconds - report.embed_seconds
    print(f"bench build: {report.chunks_total} 片段，{report.embedded_total} 个嵌入片段，模型 {report.model_id}")
    print(
        f"  构建 {report.seconds:.2f} s = 模型加载(含导入) {report.load_seconds:.2f} s + 嵌入 "
        f"{report.embed_seconds:.2f} s + 解析/写入等 {other:.2f} s（解析 {report.parse_seconds:.2f} s，"
        f"写入 {report.write_seconds:.2f} s）"
    )
    rate = report.embedded_total / report.embed_seconds if report.embed_seconds else float("nan")
    print(f"  嵌入速度 {rate:.1f} 片段/s；整体 {report.chunks_total / report.seconds:.1f} 片段/s")
    print(f"  进程总耗时（含 Python 启动与导入）{time.time() - process_start:.2f} s；峰值 RSS {peak_rss_gb():.2f} GB")
    return 0


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cmd_bench_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Cold start (process start → first answer) and warm per-question latency."""
    import psutil

    from retrieval.cli.evaluate import load_questions

    started = psutil.Process().create_time()
    qa = Path(args.questions) if args.questions else Path(__file__).resolve().parents[3] / "shared/qa/dev.jsonl"
    questions = [r["question"] for r in load_questions(qa)] if qa.is_file() else SAMPLE_QUESTIONS
    engine = engine_for(settings)
    engine.ask(questions[0])
    cold = time.time() - started
    timings = []
    for _ in range(args.rounds):
        for question in questions:
            start = time.perf_counter()
            engine.ask(question)
            timings.append((time.perf_counter() - start) * 1000)
    print(f"bench ask: {len(questions)} questions × {args.rounds} rounds ({qa.name if qa.is_file() else 'samples'})")
    print(f"  cold start (process start → first answer): {cold:.2f} s")
    print(
        f"  warm latency: median {statistics.median(timings):.0f} ms, p95 {_percentile(timings, 0.95):.0f} ms, "
        f"max {max(timings):.0f} ms"
    )
    return 0
