"""What every reader shares: the one-line ReadError, text decoding and the canonical-text builders
(TSV table lines, blocks joined by blank lines, spreadsheet values as text)."""

from __future__ import annotations

import codecs
import datetime
import math
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import charset_normalizer

MB = 1024 * 1024
NOT_TEXT = "不是文本文件（可能是二进制文件）"
_GB_CODECS = frozenset({"gb2312", "gbk", "gb18030"})
LINE_BREAKS = re.compile(r"[ \u3000]*[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+[ \u3000]*")
# zipfile: RuntimeError for encrypted members, NotImplementedError for unknown compression.
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)


class ReadError(Exception):
    """A file that cannot be read. str(err) is ONE line naming the file and the problem, in Chinese,
    e.g. '坏.pdf: 无法解析 PDF（文件损坏或不是 PDF）'."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = LINE_BREAKS.sub(" ", reason).strip()
        super().__init__(f"{LINE_BREAKS.sub(' ', self.path.name)}: {self.reason}")


class ReadWarning(UserWarning):
    """Something a reader repaired in a file it could read (one line naming the file)."""


def limit_text(max_bytes: int) -> str:
    """The size limit for messages: '20 MB', '0.5 MB' or '1000 字节'."""
    if max_bytes < MB // 10:
        return f"{max_bytes} 字节"
    return f"{max_bytes / MB:.1f}".removesuffix(".0") + " MB"


def decode(path: Path, data: bytes, declared: str | None = None) -> str:
    """Decode text bytes (UTF-8 with or without BOM, UTF-16 with BOM, GB18030, or a guessed
    encoding) and normalise line endings to "\\n"."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        nul = data.count(b"\x00")
        if nul > max(3, len(data) // 1000):
            raise ReadError(path, NOT_TEXT)
        data = data.replace(b"\x00", b"")  # a few stray NUL bytes in a text file: drop them, say so
        warnings.warn(ReadWarning(f"{path.name}: 去掉了 {nul} 个空字符（NUL），其余按文本读取"), stacklevel=2)
        candidates = ["utf-8-sig", *([declared] if declared else [])]
    else:
        candidates = ["utf-8-sig", *([declared] if declared else [])]
    for encoding in candidates:
        try:
            text = data.decode(_codec_name(encoding))
            break
        except (UnicodeDecodeError, LookupError):
            continue
    else:
        guessed = _guess_encoding(data)
        if guessed is None:
            raise ReadError(path, NOT_TEXT)
        text = data.decode(guessed, errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _codec_name(encoding: str) -> str:
    """Python codec name, with every GB-family encoding widened to gb18030."""
    name = codecs.lookup(encoding).name
    return "gb18030" if name in _GB_CODECS else name


def _guess_encoding(data: bytes) -> str | None:
    """charset-normalizer's guess; a GB-family candidate wins ties (short Chinese texts are
    often equally plausible as cp949/big5/shift_jis)."""
    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    for match in matches:
        if _codec_name(match.encoding) == "gb18030" and match.chaos <= best.chaos:
            return "gb18030"
    return _codec_name(best.encoding)


def one_line(text: str | None) -> str:
    """Text safe for one line or one cell: tabs/newlines become a single space."""
    return LINE_BREAKS.sub(" ", text or "").strip()


def table_lines(rows: Iterable[Sequence[str | None]]) -> list[str]:
    """TSV lines of a table: empty rows and trailing all-empty columns dropped, rows padded."""
    cleaned = [[one_line(cell) for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    width = max((i + 1 for row in cleaned for i, cell in enumerate(row) if cell), default=0)
    return ["\t".join((row + [""] * width)[:width]) for row in cleaned]


def join_blocks(blocks: Iterable[list[str]]) -> str:
    """Blocks of lines joined with one blank line between blocks."""
    text = "\n\n".join("\n".join(block) for block in blocks if block)
    return text + "\n" if text else ""


def format_value(value: object) -> str:
    """A spreadsheet value as text: 12.0 → '12', 236129.4 → '236129.4', None → ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if math.isfinite(value) and value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(round(value, 10))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def short(exc: BaseException) -> str:
    """First line of an exception message, at most 120 characters."""
    message = str(exc).strip()
    first = message.splitlines()[0] if message else type(exc).__name__
    return first[:120]
