"""Visitors' feedback: off unless a file is configured, append-only JSON lines, capped, read back as data."""

import json
from pathlib import Path

import pytest

from retrieval.webapp import feedback


def test_feedback_is_off_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(feedback.ENV_FEEDBACK, raising=False)
    assert feedback.feedback_file() is None


def test_entries_are_appended_and_read_back_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "fb" / "feedback.jsonl"
    assert feedback.record(path, "办公费多少", "1.09万元", True, "  准确 ", now=0) == ""
    assert feedback.record(path, "<script>x</script>", "…", False, "x" * 1000, now=60) == ""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[0])["comment"] == "准确"
    newest = feedback.latest(path)
    assert [e["helpful"] for e in newest] == [False, True]
    assert newest[0]["question"] == "<script>x</script>" and len(newest[0]["comment"]) == feedback.MAX_COMMENT


def test_a_full_file_takes_no_more(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "feedback.jsonl"
    monkeypatch.setattr(feedback, "MAX_FILE_BYTES", 300)
    assert feedback.record(path, "问", "答", True) == ""
    while feedback.record(path, "问", "答", True) == "":
        pass
    size = path.stat().st_size
    assert (
        feedback.record(path, "问", "答", True) == "反馈已满，暂不再记录，谢谢。" and path.stat().st_size == size <= 300
    )
