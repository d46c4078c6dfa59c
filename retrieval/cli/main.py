"""The ``python -m retrieval`` command line: build, stats, facts, ask, eval, eval-real, bench, prepare-model."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import retrieval  # noqa: F401  (offline environment first)
from retrieval.cli import ask as cli_ask
from retrieval.cli.bench import cmd_bench
from retrieval.cli.corpus import cmd_build, cmd_facts, cmd_prepare_model, cmd_stats
from retrieval.cli.options import EXIT_USER_ERROR, settings_of
from retrieval.cli.realset import register as register_real


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m retrieval", description="预决算公开问答：索引与工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="<command>")

    def add(
        name: str, func, help_text: str, corpus: bool = False, index: bool = False, model: bool = False
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if corpus:
            p.add_argument("--corpus", type=Path, help="语料目录（默认 BUDGET_QA_CORPUS 或 <repo>/corpus）")
        if index:
            p.add_argument("--index", type=Path, help="索引目录（默认 BUDGET_QA_INDEX 或 <repo>/index）")
        if model:
            p.add_argument("--model", type=Path, help="本地 sentence-transformers 模型目录（默认 m3e-small）")
        p.set_defaults(func=func)
        return p

    def with_settings(func):
        return lambda args: func(args, settings_of(args))

    b = add("build", cmd_build, "构建/增量更新索引", corpus=True, index=True, model=True)
    b.add_argument("--quiet", action="store_true", help="不显示进度条")
    add("stats", cmd_stats, "按文件列出索引内容", corpus=True, index=True)
    add("prepare-model", cmd_prepare_model, "加载嵌入模型（首次把它导出为 ONNX，安装时运行一次）", model=True)
    f = add("facts", cmd_facts, "解析语料并把全部数字写入 CSV（不需要模型）", corpus=True)
    f.add_argument("--csv", required=True, type=Path, help="输出 CSV 路径")
    bench = add(
        "bench",
        cmd_bench,
        "性能测试：build = 完整构建一次（临时索引目录）；ask = 冷启动与每问延迟",
        corpus=True,
        index=True,
        model=True,
    )
    bench.add_argument("target", choices=["build", "ask"], help="要测的操作")
    bench.add_argument("--quiet", action="store_true", help="不显示进度条")
    bench.add_argument("--questions", help="bench ask 用的问答集（默认 ../shared/qa/dev.jsonl）")
    bench.add_argument("--rounds", type=int, default=3, help="bench ask 的轮数")
    cli_ask.register(lambda name, func, *a, **k: add(name, with_settings(func), *a, **k))
    register_real(sub)
    return parser


_OPTION = re.compile(r"^--?[A-Za-z]")


def parse_arguments(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``; for ``ask``, words starting with ``-`` that are no option (``-5万元是什么意思``) are part
    of the question, in the order they were written."""
    args, extra = parser.parse_known_args(argv)
    if extra and getattr(args, "command", None) == "ask" and not any(_OPTION.match(e) for e in extra):
        words = set(extra) | set(args.question)
        start = argv.index("ask") + 1
        args.question = [a for a in argv[start:] if a in words]
    elif extra:
        parser.error(f"无法识别的参数: {' '.join(extra)}")
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parse_arguments(make_parser(), argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("BUDGET_QA_DEBUG") == "1":
            raise
        message = " ".join(str(exc).split()) or type(exc).__name__
        known = type(exc).__name__ in {
            "IndexLoadError",
            "BuildError",
            "ModelError",
            "ValueError",
            "FileNotFoundError",
            "ExportError",
        }
        print(f"错误: {message if known else f'{type(exc).__name__}: {message}'}", file=sys.stderr)
        return EXIT_USER_ERROR
