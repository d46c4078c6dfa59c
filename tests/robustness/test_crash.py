"""Crash safety: a build killed or crashing at any moment leaves the previous index loadable and no stale lock;
two builds at once wait for each other."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from retrieval.config import Settings
from retrieval.index.build import build_index
from retrieval.index.embed import Embedder
from retrieval.index.store import CRASH_ENV, CURRENT, load_index
from tests.conftest import REPO, clean_env, run_cli


def _snapshot(index_dir: Path) -> tuple[str, dict]:
    loaded = load_index(index_dir)
    return loaded.version, loaded.manifest


@pytest.mark.parametrize("stage", ["vectors.npy", "documents.json", "renamed"])
def test_build_crashing_before_current_is_replaced_keeps_previous_index(workspace: Settings, stage: str) -> None:
    before = _snapshot(workspace.index_dir)
    result = run_cli(
        "build",
        "--quiet",
        "--corpus",
        str(workspace.corpus_dir),
        "--index",
        str(workspace.index_dir),
        env={CRASH_ENV: stage},
    )
    assert result.returncode == 1
    assert _snapshot(workspace.index_dir) == before
    report = build_index(workspace, embedder=Embedder(), progress=False)  # recovers and cleans up
    assert report.ok
    assert sorted(p.name for p in workspace.index_dir.iterdir() if p.name != ".lock") == [CURRENT, report.version]


def test_build_killed_while_embedding_keeps_previous_index(workspace: Settings, other_model: Path) -> None:
    before = _snapshot(workspace.index_dir)
    env = clean_env()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "retrieval",
            "build",
            "--corpus",
            str(workspace.corpus_dir),
            "--index",
            str(workspace.index_dir),
            "--model",
            str(other_model),
        ],  # new model id: everything re-embeds
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    seen, deadline = b"", time.monotonic() + 150
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            ready, _, _ = select.select([proc.stderr], [], [], 1.0)
            if ready:
                seen += os.read(proc.stderr.fileno(), 4096)
            if "嵌入".encode() in seen and b"/" in seen.split("嵌入".encode())[-1]:
                break
        assert proc.poll() is None, f"build ended before it could be killed: {seen.decode(errors='replace')}"
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert _snapshot(workspace.index_dir) == before
    report = build_index(workspace, embedder=Embedder(), progress=False)  # the lock was released
    assert report.ok and report.embedded_total == 0


def _build_process(settings: Settings, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "retrieval",
            "build",
            "--corpus",
            str(settings.corpus_dir),
            "--index",
            str(settings.index_dir),
            *extra,
        ],
        cwd=REPO,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.mark.parametrize("after", [0.3, 1.5])
def test_build_killed_while_starting_or_parsing_keeps_previous_index(workspace: Settings, after: float) -> None:
    before = _snapshot(workspace.index_dir)
    (workspace.corpus_dir / "新增.txt").write_text("某县档案馆2024年部门预算\n\n办公费 3.00 万元。\n", encoding="utf-8")
    proc = _build_process(workspace, "--quiet")
    time.sleep(after)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    if proc.returncode == -signal.SIGKILL:  # killed in time: nothing changed
        assert _snapshot(workspace.index_dir) == before
    report = build_index(workspace, embedder=Embedder(), progress=False)  # never blocked by a stale lock
    assert report.ok and any(f.file == "新增.txt" and f.ok for f in report.files)
    assert load_index(workspace.index_dir).version == report.version


def test_two_builds_at_once_wait_for_each_other(workspace: Settings) -> None:
    (workspace.corpus_dir / "新增.txt").write_text("某县档案馆2024年部门预算\n\n办公费 3.00 万元。\n", encoding="utf-8")
    first, second = _build_process(workspace, "--quiet"), _build_process(workspace, "--quiet")
    outs = [p.communicate(timeout=300) for p in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], [o[1].decode(errors="replace") for o in outs]
    loaded = load_index(workspace.index_dir)
    assert "新增.txt" in {e["file"] for e in loaded.manifest["files"]}
    assert sorted(p.name for p in workspace.index_dir.iterdir() if p.name != ".lock") == [CURRENT, loaded.version]
    again = run_cli("build", "--quiet", "--corpus", str(workspace.corpus_dir), "--index", str(workspace.index_dir))
    assert again.returncode == 0 and "新计算 0" in again.stdout  # the second build found nothing left to do
