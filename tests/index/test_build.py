"""Index builds: full, incremental reuse, removed files, model change, bad inputs, the CLI (kills: tests/robustness)."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from retrieval.config import Settings
from retrieval.index.build import build_index, embedding_text, is_embedded
from retrieval.index.embed import Embedder
from retrieval.index.store import CURRENT, load_index, read_manifest, staleness
from tests.conftest import CORPUS, Built, copy_corpus, run_cli

NAMES = sorted(p.name for p in CORPUS.iterdir() if p.is_file())
APPENDIX = "\n\n此外，本单位将持续推进档案数字化与信息系统安全防护工作，不断提升为民服务的质量和效率。\n"


def test_corpus_has_five_files() -> None:
    assert len(NAMES) == 5


def test_full_build_indexes_every_file(built: Built) -> None:
    report, index = built.report, load_index(built.settings.index_dir)
    assert [f.file for f in report.files] == NAMES and all(f.ok for f in report.files)
    assert {c.doc for c in index.chunks} == set(NAMES)
    assert [e["file"] for e in index.manifest["files"]] == NAMES and index.manifest["errors"] == []
    embedded = [i for i, c in enumerate(index.chunks) if is_embedded(c)]
    assert index.vector_chunks == embedded and len(index.vectors) == len(embedded) == report.vectors_total
    assert index.faiss_index.ntotal == len(embedded)
    assert 600 <= len(index.chunks) == report.chunks_total <= 2000
    assert report.embedded_total == len(embedded) and report.reused_total == 0
    assert index.manifest["totals"]["figures"] == len(index.figures) > 0
    assert {d["identity"]["doc"] for d in index.documents} == set(NAMES)
    assert all(d["passages"] or d["tables"] for d in index.documents)
    for entry in index.manifest["files"]:
        assert len(entry["sha256"]) == 64 and entry["size"] > 0 and entry["title"] and entry["chunks"] > 0


def test_nearest_neighbour_of_a_chunk_text_is_that_chunk(built: Built, embedder: Embedder) -> None:
    index = load_index(built.settings.index_dir)
    texts = [embedding_text(index.chunks[i]) for i in index.vector_chunks]
    unique = [row for row, text in enumerate(texts) if texts.count(text) == 1]
    rows = unique[:: max(1, len(unique) // 25)]
    queries = embedder.encode([texts[r] for r in rows])
    scores, ids = index.faiss_index.search(queries, 1)
    assert ids[:, 0].tolist() == rows
    assert np.all(scores[:, 0] > 0.99)


def test_rebuild_with_nothing_changed_embeds_nothing_and_never_loads_the_model(workspace: Settings) -> None:
    before = read_manifest(workspace.index_dir)
    fresh = Embedder()
    report = build_index(workspace, embedder=fresh, progress=False)
    assert report.ok and report.embedded_total == 0 and report.reused_total == report.vectors_total > 0
    assert not fresh.loaded and not report.model_loaded
    assert report.version != before["version"]
    assert read_manifest(workspace.index_dir)["totals"] == before["totals"]


def test_append_to_one_file_embeds_only_that_file(workspace: Settings, embedder: Embedder) -> None:
    target = workspace.corpus_dir / NAMES[0]
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(APPENDIX)
    stale = staleness(read_manifest(workspace.index_dir), workspace.corpus_dir, embedder.model_id)
    assert stale.changed == [NAMES[0]] and not stale.added and not stale.removed
    assert NAMES[0] in stale.message()
    report = build_index(workspace, embedder=embedder, progress=False)
    embedded = {f.file: f.embedded for f in report.files}
    assert embedded[NAMES[0]] > 0 and all(embedded[name] == 0 for name in NAMES[1:])
    index = load_index(workspace.index_dir)
    assert any("档案数字化" in c.text for c in index.chunks if c.doc == NAMES[0])
    assert not staleness(index.manifest, workspace.corpus_dir, embedder.model_id).is_stale


def test_removed_file_drops_out(workspace: Settings) -> None:
    (workspace.corpus_dir / NAMES[2]).unlink()
    assert staleness(read_manifest(workspace.index_dir), workspace.corpus_dir).removed == [NAMES[2]]
    report = build_index(workspace, embedder=Embedder(), progress=False)
    index = load_index(workspace.index_dir)
    assert report.embedded_total == 0
    assert NAMES[2] not in {c.doc for c in index.chunks}
    assert NAMES[2] not in [e["file"] for e in index.manifest["files"]]
    assert len(index.manifest["files"]) == 4 and len(index.documents) == 4
    assert NAMES[2] not in set(index.figures["doc"])


def test_added_file_is_reported_stale(workspace: Settings) -> None:
    (workspace.corpus_dir / "new.txt").write_text("新文件", encoding="utf-8")
    assert staleness(read_manifest(workspace.index_dir), workspace.corpus_dir).added == ["new.txt"]


def test_model_change_reembeds_everything(tmp_path: Path, built: Built, other_model: Path) -> None:
    small = [name for name in NAMES if name.startswith("003")]
    settings = Settings(corpus_dir=copy_corpus(tmp_path / "corpus", small), index_dir=tmp_path / "index")
    shutil.copytree(built.settings.index_dir, settings.index_dir, ignore=shutil.ignore_patterns(".lock"))
    renamed = Embedder(model_path=other_model)
    assert staleness(read_manifest(settings.index_dir), settings.corpus_dir, renamed.model_id).model_changed
    report = build_index(settings, embedder=renamed, progress=False)
    assert report.reused_total == 0 and report.embedded_total == report.vectors_total > 0
    assert load_index(settings.index_dir).model_id == renamed.model_id


BAD_FILES = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 64,
    "corrupt.pdf": b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage without xref\n",
    "data.xyz": "预算 100 万元".encode(),
}


def _add_bad_files(folder: Path) -> list[str]:
    for name, data in BAD_FILES.items():
        (folder / name).write_bytes(data)
    with open(folder / "huge.txt", "wb") as handle:  # 50 MB, over the 20 MB limit
        handle.truncate(50 * 1024 * 1024)
    with open(os.fsencode(folder) + b"/\xff\xfe.txt", "wb") as handle:  # a name that is not UTF-8
        handle.write("预算".encode())
    return sorted([*BAD_FILES, "huge.txt", "\\udcff\\udcfe.txt"])


def test_bad_inputs_give_one_line_errors_and_the_rest_still_builds(
    workspace: Settings, capsys: pytest.CaptureFixture
) -> None:
    bad = _add_bad_files(workspace.corpus_dir)
    report = build_index(workspace, embedder=Embedder(), progress=False)
    assert report.ok
    status = {f.file: f for f in report.files}
    assert all(status[name].ok for name in NAMES)
    for name in bad:
        assert status[name].status == "error" and name in status[name].error and "\n" not in status[name].error
    assert "过大" in status["huge.txt"].error and "不支持" in status["data.xyz"].error
    assert "UTF-8" in status["\\udcff\\udcfe.txt"].error
    assert capsys.readouterr().err.strip() == ""  # the report names each error once; the build prints none
    manifest = read_manifest(workspace.index_dir)
    assert sorted(e["file"] for e in manifest["errors"]) == bad
    assert [e["file"] for e in manifest["files"]] == NAMES
    assert not staleness(manifest, workspace.corpus_dir).is_stale  # failed files are remembered too


def test_only_bad_files_exit_nonzero_and_write_no_index(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    corpus.mkdir()
    bad = _add_bad_files(corpus)
    result = run_cli("build", "--quiet", "--corpus", str(corpus), "--index", str(index))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert all(name in result.stderr for name in bad)
    assert not (index / CURRENT).exists() and not any(p.is_dir() for p in index.iterdir())


def test_cli_stats_lists_the_five_documents(built: Built) -> None:
    result = run_cli("stats", "--index", str(built.settings.index_dir), "--corpus", str(built.settings.corpus_dir))
    assert result.returncode == 0, result.stderr
    manifest = read_manifest(built.settings.index_dir)
    for entry in manifest["files"]:
        assert entry["file"] in result.stdout and entry["org"] in result.stdout
        assert f"{entry['year']}\t{entry['kind']}\t{entry['passages']}\t{entry['tables']}" in result.stdout
    assert result.stderr == ""


def test_cli_stats_warns_when_stale(workspace: Settings) -> None:
    with open(workspace.corpus_dir / NAMES[1], "a", encoding="utf-8") as handle:
        handle.write(APPENDIX)
    result = run_cli("stats", "--index", str(workspace.index_dir), "--corpus", str(workspace.corpus_dir))
    assert result.returncode == 0
    assert result.stderr.strip() == f"索引已过期：已修改 {NAMES[1]}。请运行 python -m retrieval build"


def test_cli_stats_without_index_is_one_line_error(tmp_path: Path) -> None:
    result = run_cli("stats", "--index", str(tmp_path / "none"))
    assert result.returncode == 2
    assert result.stderr.startswith("错误: 索引不存在，请先运行 python -m retrieval build")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_facts_writes_the_figures(tmp_path: Path, built: Built) -> None:
    out = tmp_path / "out" / "facts.csv"
    result = run_cli("facts", "--csv", str(out), "--corpus", str(built.settings.corpus_dir))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith("\ufeff".encode("utf-8"))
    with open(out, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    total = read_manifest(built.settings.index_dir)["totals"]["figures"]
    assert len(rows) == total and str(total) in result.stdout
    assert {r["doc"] for r in rows} == set(NAMES)
    assert {"org", "year", "label", "value", "unit", "chunk_id"} <= set(rows[0])


def test_cli_build_reports_each_file(workspace: Settings) -> None:
    (workspace.corpus_dir / "data.xyz").write_text("x")
    (workspace.corpus_dir / "stray.txt").write_bytes("部门预算说明\n办公费 3 万元。".encode() + b"\x00\x00")
    result = run_cli("build", "--quiet", "--corpus", str(workspace.corpus_dir), "--index", str(workspace.index_dir))
    assert result.returncode == 3, result.stderr  # an index was written, a file was skipped
    lines = result.stdout.splitlines()
    assert sum(line.startswith("ok ") for line in lines) == 6
    assert "注意  stray.txt: 去掉了 2 个空字符（NUL），其余按文本读取" in lines
    errors = result.stderr.strip().splitlines()
    assert errors == ["错误  data.xyz: 不支持的文件类型 .xyz（支持：.txt .md .pdf .docx .xlsx .xls .html）"], errors
    assert lines[-1].startswith("合计: 6/7 个文件已索引")
