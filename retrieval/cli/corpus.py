"""Corpus and index commands: ``build``, ``prepare-model``, ``stats`` and ``facts``."""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from retrieval.cli.options import EXIT_NOTHING_INDEXED, EXIT_SOME_SKIPPED, settings_of
from retrieval.csvsafe import safe_frame
from retrieval.models import EVIDENCE_FIELDS, Evidence

if TYPE_CHECKING:  # pragma: no cover
    from retrieval.index.build import BuildReport


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 * 1024)  # ru_maxrss is KiB on Linux


def print_build_report(report: BuildReport) -> None:
    for f in report.files:
        if f.ok:
            print(
                f"ok    {f.file}  {f.title}  段落 {f.passages}  表格 {f.tables}  表行 {f.rows}  片段 {f.chunks}"
                f"  数字 {f.figures}  新嵌入 {f.embedded}  复用 {f.reused}"
            )
            if f.warning:
                print(f"注意  {f.warning}")
        else:
            print(f"错误  {f.error}", file=sys.stderr)  # once, here: the build itself prints nothing
    indexed = sum(f.ok for f in report.files)
    if report.ok:
        print(
            f"合计: {indexed}/{len(report.files)} 个文件已索引，{report.chunks_total} 个片段"
            f"（{report.vectors_total} 个向量：新计算 {report.embedded_total}，复用 {report.reused_total}），"
            f"{report.figures_total} 个数字，用时 {report.seconds:.1f} 秒，索引版本 {report.version}"
        )
    else:
        print(f"没有可索引的文件（共 {len(report.files)} 个文件），未写入索引。", file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    """Build or incrementally update the index."""
    from retrieval.index.build import build_index

    report = build_index(settings_of(args), progress=not args.quiet)
    print_build_report(report)
    if not report.ok:
        return EXIT_NOTHING_INDEXED
    return EXIT_SOME_SKIPPED if report.errors else 0


def cmd_prepare_model(args: argparse.Namespace) -> int:
    """Load the embedding model once, exporting it to ONNX first if that was not done yet."""
    from retrieval.index.embed import Embedder

    embedder = Embedder(settings_of(args).model_path)
    embedder.encode_query("社会保障卡")
    where = f"ONNX 导出 {embedder.export_dir}" if embedder.backend == "onnx" else "sentence-transformers"
    print(f"嵌入模型就绪：{embedder.model_id}（{where}{'，刚导出' if embedder.exported else ''}）")
    return 0


def evidence_line(evidence: dict[str, dict]) -> str:
    """``单位←标题第3行，可信度 0.95；年度←…`` for the identity fields a manifest entry records."""
    parts = [
        f"{label}←{Evidence(**evidence[key]).describe()}" for key, label in EVIDENCE_FIELDS.items() if key in evidence
    ]
    return "；".join(parts)


def cmd_stats(args: argparse.Namespace) -> int:
    """Per-document counts from the index manifest; warns on stderr when the index is stale."""
    from retrieval.index.store import read_manifest, staleness

    settings = settings_of(args)
    manifest = read_manifest(settings.index_dir)
    print(f"索引版本 {manifest['version']}（{manifest['created']}，模型 {manifest['model_id']}）")
    print("文件\t单位\t地区\t年度\t类型\t段落\t表格\t表行\t数字")
    for e in manifest["files"]:
        print(
            f"{e['file']}\t{e['org']}\t{e.get('region') or '不详'}\t{e['year'] or '不详'}\t{e['kind'] or '不详'}\t"
            f"{e['passages']}\t{e['tables']}\t{e['rows']}\t{e['figures']}"
        )
        if basis := evidence_line(e.get("evidence") or {}):
            print(f"  依据：{basis}")
    t = manifest["totals"]
    print(
        f"合计: {t['files']} 个文件，{t['passages']} 段落，{t['tables']} 表格，{t['rows']} 表行，"
        f"{t['chunks']} 片段，{t['vectors']} 向量，{t['figures']} 数字"
    )
    for e in manifest.get("errors", []):
        print(f"未索引: {e['error']}")
    model_id = None
    try:
        from retrieval.index.embed import Embedder

        model_id = Embedder(settings.model_path).model_id
    except Exception:
        pass
    stale = staleness(manifest, settings.corpus_dir, model_id)
    if stale.is_stale:
        print(stale.message(), file=sys.stderr)
    return 0


def cmd_facts(args: argparse.Namespace) -> int:
    """Parse the corpus (no model) and write every stated number to a CSV file."""
    from retrieval.index.build import inspect_file
    from retrieval.index.store import corpus_files
    from retrieval.ingest.figures import figures_frame

    settings = settings_of(args)
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
    safe_frame(frame).to_csv(out, index=False, encoding="utf-8-sig")
    print(f"已写出 {len(frame)} 个数字（{len(docs)} 个文件）到 {out}")
    return 0
