"""Visitors' 👍/👎 on answers, kept only when a feedback file is configured (``BUDGET_QA_FEEDBACK_FILE``; off by
default). The file is append-only JSON lines, capped in size; a session may leave a few entries at most. Nothing
a visitor writes is ever shown to other visitors — only the admin page reads it back, as text."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Any

ENV_FEEDBACK = "BUDGET_QA_FEEDBACK_FILE"
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_PER_SESSION = 5
MAX_COMMENT = 300
_LOCK = threading.Lock()


def feedback_file() -> Path | None:
    """The configured feedback file (None: feedback is off)."""
    raw = os.environ.get(ENV_FEEDBACK, "").strip()
    return Path(raw).expanduser() if raw else None


def record(path: Path, question: str, answer: str, helpful: bool, comment: str = "", now: float | None = None) -> str:
    """Append one entry; returns "" or why it was not kept (one line, for the visitor)."""
    entry = {
        "time": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(now or time.time())),
        "helpful": bool(helpful),
        "question": str(question)[:300],
        "answer": str(answer)[:500],
        "comment": str(comment).strip()[:MAX_COMMENT],
    }
    line = json.dumps(entry, ensure_ascii=False) + "\n"
    with _LOCK:
        size = path.stat().st_size if path.exists() else 0
        if size + len(line.encode("utf-8")) > MAX_FILE_BYTES:
            return "反馈已满，暂不再记录，谢谢。"
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as out:
            out.write(line)
    return ""


def latest(path: Path, limit: int = 50) -> list[dict[str, Any]]:
    """The newest entries (for the admin page); unreadable lines are skipped."""
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines()[-limit:]:
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict):
            entries.append(entry)
    return list(reversed(entries))
