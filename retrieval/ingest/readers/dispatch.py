"""Pick the reader for a file by its suffix, enforce the size limit and refuse empty files."""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from retrieval.ingest.readers.common import MB, ReadError, decode, limit_text
from retrieval.ingest.readers.pdf import read_pdf
from retrieval.ingest.readers.sheets import read_xls, read_xlsx
from retrieval.ingest.readers.word import read_docx

SUPPORTED_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".pdf", ".docx", ".xlsx", ".xls", ".html", ".htm"})
DEFAULT_MAX_BYTES: int = 20 * 1024 * 1024


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Read any supported file into the canonical text. Raises ReadError for every bad input."""
    path = Path(path)
    size = _checked_size(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        shown = suffix or "（无扩展名）"
        raise ReadError(path, f"不支持的文件类型 {shown}（支持：.txt .md .pdf .docx .xlsx .xls .html）")
    if size > max_bytes:
        raise ReadError(path, f"文件过大（{size / MB:.1f} MB，上限 {limit_text(max_bytes)}）")
    data = _read_bytes(path, max_bytes)
    if not data:
        raise ReadError(path, "文件为空")
    text = reader(path, data)
    if not text.strip():
        raise ReadError(path, "文件为空")
    return text


def _checked_size(path: Path) -> int:
    """Size of a readable regular file, without reading it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ReadError(path, "文件不存在") from None
    except PermissionError:
        raise ReadError(path, "没有权限访问该文件") from None
    except OSError as exc:
        raise ReadError(path, f"无法访问文件: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(path, "这是一个文件夹，不是文件")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError(path, "不是普通文件")
    return info.st_size


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes; still refuses a file that grew past the limit after stat()."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError:
        raise ReadError(path, "没有权限读取该文件") from None
    except OSError as exc:
        raise ReadError(path, f"读取文件失败: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise ReadError(path, f"文件过大（超过上限 {limit_text(max_bytes)}）")
    return data


def _read_html(path: Path, data: bytes) -> str:
    from retrieval.ingest.readers.webpage import read_html  # bs4 is imported only when HTML is read

    return read_html(path, data)


_READERS: dict[str, Callable[[Path, bytes], str]] = {
    ".txt": decode,
    ".md": decode,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".xlsx": read_xlsx,
    ".xls": read_xls,
    ".html": _read_html,
    ".htm": _read_html,
}
