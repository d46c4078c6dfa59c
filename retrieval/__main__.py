"""Command line: ``python -m retrieval <command>`` — build, stats, facts, ask, eval, bench build|ask,
prepare-model."""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING

import retrieval  # noqa: F401  (offline environment first)
from retrieval.config import Settings

if TYPE_CHECKING:  # pragma: no cover
    from retrieval.index.build import BuildReport

EXIT_NOTHING_INDEXED = 1
EXIT_USER_ERROR = 2


def _settings(args: argparse.Namespace) -> Settings:
    return Settings.from_env(corpus_dir=getattr(args, "corpus", None), index_dir=getattr(args, "index", None),
                             model_path=getattr(args, "model", None))


def _peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024)   # ru_maxrss is KiB on Linux


def _print_build_report(report: BuildReport) -> None:
    for f in report.files:
        if f.ok:
            print(f"ok    {f.file}  {f.title}  段落 {f.passages}  表格 {f.tables}  表行 {f.rows}  片段 {f.chunks}"
                  f"  数字 {f.figures}  新嵌入 {f.embedded}  复用 {f.reused}")
        else:
            print(f"错误  {f.error}")
    indexed = sum(f.ok for f in report.files)
    if report.ok:
        print(f"合计: {indexed}/{len(report.files)} 个文件已索引，{report.chunks_total} 个片段"
              f"（{report.vectors_total} 个向量：新计算 {report.embedded_total}，复用 {report.reused_total}），"
              f"{report.figures_total} 个数字，用时 {report.seconds:.1f} 秒，索引版本 {report.version}")
    else:
        print(f"没有可索引的文件（共 {len(report.files)} 个文件），未写入索引。", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    """Build or incrementally update the index."""
    from retrieval.index.build import build_index

    report = build_index(_settings(args), progress=not args.quiet)
    _print_build_report(report)
    return 0 if report.ok else EXIT_NOTHING_INDEXED


def cmd_prepare_model(args: argparse.Namespace) -> int:
    """Load the embedding model once, exporting it to ONNX first if that was not done yet."""
    from retrieval.index.embed import Embedder

    embedder = Embedder(_settings(args).model_path)
    embedder.encode_query("社会保障卡")
    where = f"ONNX 导出 {embedder.export_dir}" if embedder.backend == "onnx" else "sentence-transformers"
    print(f"嵌入模型就绪：{embedder.model_id}（{where}{'，刚导出' if embedder.exported else ''}）")
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    """Per-document counts from the index manifest; warns on stderr when the index is stale."""
    from retrieval.index.store import read_manifest, staleness

    settings = _settings(args)
    manifest = read_manifest(settings.index_dir)
    print(f"索引版本 {manifest['version']}（{manifest['created']}，模型 {manifest['model_id']}）")
    print("文件\t单位\t年度\t类型\t段落\t表格\t表行\t数字")
    for e in manifest["files"]:
        print(f"{e['file']}\t{e['org']}\t{e['year'] or '不详'}\t{e['kind'] or '不详'}\t{e['passages']}\t"
              f"{e['tables']}\t{e['rows']}\t{e['figures']}")
    t = manifest["totals"]
    print(f"合计: {t['files']} 个文件，{t['passages']} 段落，{t['tables']} 表格，{t['rows']} 表行，"
          f"{t['chunks']} 片段，{t['vectors']} 向量，{t['figures']} 数字")
    for e in manifest.get("errors", []):
        print(f"未索引: {e['error']}")
    model_id = None
    try:
        from retrieval.index.embed import Embedder

        model_id = Embedder(settings.model_path).model_id
    except Exception:  # noqa: BLE001 - a broken model folder is reported by build, not here
        pass
    stale = staleness(manifest, settings.corpus_dir, model_id)
    if stale.is_stale:
        print(stale.message(), file=sys.stderr)
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    """Parse the corpus (no model) and write every stated number to a CSV file."""
    from retrieval.index.build import inspect_file
    from retrieval.ingest.figures import figures_frame
    from retrieval.index.store import corpus_files

    settings = _settings(args)
    if not settings.corpus_dir.is_dir():
        raise ValueError(f"语料目录不存在: {settings.corpus_dir}")
    docs = []
    for path in corpus_files(settings.corpus_dir):
        doc, error = inspect_file(path, settings)[3:]
        if doc is None:
            print(f"错误: {error}", file=sys.stderr)
        else:
            docs.append(doc)
    if not docs:
        print("没有可解析的文件，未写出 CSV。", file=sys.stderr)
        return EXIT_NOTHING_INDEXED
    frame = figures_frame(docs)
    out = Path(args.csv)
    out.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(out, index=False, encoding="utf-8-sig")
    print(f"已写出 {len(frame)} 个数字（{len(docs)} 个文件）到 {out}")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    """``bench build``: timed full build into a fresh temporary index; ``bench ask``: latencies."""
    if args.target == "ask":
        from retrieval.cli.ask import cmd_bench_ask

        return cmd_bench_ask(args, _settings(args))
    import psutil

    from retrieval.index.build import build_index

    process_start = psutil.Process().create_time()
    settings = _settings(args)
    with tempfile.TemporaryDirectory(prefix="budget-qa-bench-") as tmp:
        settings.index_dir = Path(tmp) / "index"
        report = build_index(settings, progress=not args.quiet)
    _print_build_report(report)
    if not report.ok:
        return EXIT_NOTHING_INDEXED
    other = report.seconds - report.load_seconds - report.embed_seconds
    print(f"bench build: {report.chunks_total} 片段，{report.embedded_total} 个嵌入片段，模型 {report.model_id}")
    print(f"  构建 {report.seconds:.2f} s = 模型加载(含导入) {report.load_seconds:.2f} s + 嵌入 "
          f"{report.embed_seconds:.2f} s + 解析/写入等 {other:.2f} s（解析 {report.parse_seconds:.2f} s，"
          f"写入 {report.write_seconds:.2f} s）")
    rate = report.embedded_total / report.embed_seconds if report.embed_seconds else float("nan")
    print(f"  嵌入速度 {rate:.1f} 片段/s；整体 {report.chunks_total / report.seconds:.1f} 片段/s")
    print(f"  进程总耗时（含 Python 启动与导入）{time.time() - process_start:.2f} s；峰值 RSS {_peak_rss_gb():.2f} GB")
    return 0


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m retrieval", description="预决算公开问答：索引与工具")
    sub = parser.add_subparsers(dest="command", required=True, metavar="<command>")

    def add(name: str, func, help_text: str, corpus: bool = False, index: bool = False,
            model: bool = False) -> argparse.ArgumentParser:
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
        return lambda args: func(args, _settings(args))

    b = add("build", cmd_build, "构建/增量更新索引", corpus=True, index=True, model=True)
    b.add_argument("--quiet", action="store_true", help="不显示进度条")
    add("stats", cmd_stats, "按文件列出索引内容", corpus=True, index=True)
    add("prepare-model", cmd_prepare_model, "加载嵌入模型（首次把它导出为 ONNX，安装时运行一次）", model=True)
    f = add("facts", cmd_facts, "解析语料并把全部数字写入 CSV（不需要模型）", corpus=True)
    f.add_argument("--csv", required=True, type=Path, help="输出 CSV 路径")
    bench = add("bench", cmd_bench, "性能测试：build = 完整构建一次（临时索引目录）；ask = 冷启动与每问延迟",
                corpus=True, index=True, model=True)
    bench.add_argument("target", choices=["build", "ask"], help="要测的操作")
    bench.add_argument("--quiet", action="store_true", help="不显示进度条")
    bench.add_argument("--questions", help="bench ask 用的问答集（默认 ../shared/qa/dev.jsonl）")
    bench.add_argument("--rounds", type=int, default=3, help="bench ask 的轮数")
    from retrieval.cli import ask as cli_ask
    cli_ask.register(lambda name, func, *a, **k: add(name, with_settings(func), *a, **k))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("已中断", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - users get one line, never a traceback
        if os.environ.get("BUDGET_QA_DEBUG") == "1":
            raise
        message = " ".join(str(exc).split()) or type(exc).__name__
        known = type(exc).__name__ in {"IndexLoadError", "BuildError", "ModelError", "ValueError",
                                       "FileNotFoundError", "ExportError"}
        print(f"错误: {message if known else f'{type(exc).__name__}: {message}'}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
