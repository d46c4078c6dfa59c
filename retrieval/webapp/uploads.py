"""Admin uploads: safe file names, the checks an upload must pass, the password comparison."""

from __future__ import annotations

import hmac
import re
import unicodedata
from pathlib import PurePosixPath

UPLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".xls", ".txt", ".md", ".html", ".htm")
MAX_NAME_CHARS = 100
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


def password_ok(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; admin mode needs a configured, non-empty password."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
