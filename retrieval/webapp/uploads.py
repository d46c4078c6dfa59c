"""Admin uploads: safe file names, the checks an upload must pass, the password comparison."""

from __future__ import annotations

import hmac
import re
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePosixPath

UPLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".xls", ".txt", ".md", ".html", ".htm")
MAX_NAME_CHARS = 100
MAX_NAME_BYTES = 200  # file systems allow 255 bytes; a CJK character takes 3, and temp names add a prefix
_NAME_KEEP = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff._-]")


def sanitize_filename(name: str) -> str:
    """Keep only the last path part and CJK/ASCII letters/digits/``._-``; no leading dots."""
    base = PurePosixPath(unicodedata.normalize("NFC", str(name)).replace("\\", "/")).name
    base = _NAME_KEEP.sub("", base)
    base = re.sub(r"\.{2,}", ".", base).lstrip(".-")
    if len(base) > MAX_NAME_CHARS:
        stem, dot, suffix = base.rpartition(".")
        base = (
            (stem[: MAX_NAME_CHARS - len(suffix) - 1] + dot + suffix)
            if dot and len(suffix) <= 5
            else base[:MAX_NAME_CHARS]
        )
    while len(base.encode("utf-8")) > MAX_NAME_BYTES:  # 100 CJK characters are 300 bytes
        stem, dot, suffix = base.rpartition(".")
        base = f"{stem[:-1]}{dot}{suffix}" if dot and len(suffix) <= 5 and stem else base[:-1]
    return base


def check_upload(name: str, size: int, max_bytes: int) -> str:
    """Why an upload is refused (one line), or ""."""
    clean = sanitize_filename(name)
    if not clean or "." not in clean or clean.rpartition(".")[0] == "":
        return "文件名无效：请使用包含中文、字母或数字的文件名。"
    if not clean.lower().endswith(UPLOAD_SUFFIXES):
        return f"不支持的文件类型，请上传 {'/'.join(s.lstrip('.') for s in UPLOAD_SUFFIXES)} 文件。"
    if size > max_bytes:
        return f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {max_bytes / 1024 / 1024:.0f} MB。"
    if size == 0:
        return "文件是空的。"
    return ""


@dataclass
class LoginThrottle:
    """Failed admin logins of this server process: each one waits longer (1 s more per failure in the last
    ``window`` seconds, at most ``max_delay``), so passwords cannot be tried quickly from any number of tabs."""

    window: float = 300.0
    max_delay: float = 10.0
    _failures: list[float] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def failed(self, now: float | None = None) -> float:
        """Record a failure; returns how many seconds to wait before answering it."""
        now = time.monotonic() if now is None else now
        with self._lock:
            self._failures = [t for t in self._failures if now - t < self.window] + [now]
            return min(float(len(self._failures)), self.max_delay)


def password_ok(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; admin mode needs a configured, non-empty password."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
