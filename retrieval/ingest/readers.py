"""Read a disclosure file of any supported kind into the canonical text the parser consumes:
one paragraph or markdown heading per line, blank lines between blocks, each table row one line
of tab-separated cells with a blank line around the table and its title on a line above it."""
from __future__ import annotations

import codecs
import datetime
import io
import math
import re
import stat
import struct
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import charset_normalizer
import docx
import openpyxl
import pdfplumber
import xlrd
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl.utils.exceptions import InvalidFileException
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(
    {".txt", ".md", ".pdf", ".docx", ".xlsx", ".xls", ".html", ".htm"})
DEFAULT_MAX_BYTES: int = 20 * 1024 * 1024

_MB = 1024 * 1024
_NOT_TEXT = "不是文本文件（可能是二进制文件）"
_GB_CODECS = frozenset({"gb2312", "gbk", "gb18030"})
_LINE_BREAKS = re.compile(r"[ \u3000]*[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+[ \u3000]*")
# Malformed files make these libraries raise many kinds of exceptions; each tuple lists them.
_PDF_ERRORS = (PdfminerException, MalformedPDFException, PSException, ValueError, TypeError,
               KeyError, IndexError, AttributeError, AssertionError, struct.error)
# zipfile: RuntimeError for encrypted members, NotImplementedError for unknown compression.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError)
_DOCX_ERRORS = (*_ZIP_ERRORS, PackageNotFoundError, KeyError, ValueError, SyntaxError)
_XLSX_ERRORS = (*_ZIP_ERRORS, InvalidFileException, KeyError, ValueError, TypeError, IndexError,
                SyntaxError)
_XLS_ERRORS = (xlrd.XLRDError, xlrd.compdoc.CompDocError, struct.error, ValueError, KeyError,
               IndexError, AssertionError)


class ReadError(Exception):
    """A file that cannot be read. str(err) is ONE line naming the file and the problem, in Chinese,
    e.g. '坏.pdf: 无法解析 PDF（文件损坏或不是 PDF）'."""

    def __init__(self, path: Path, reason: str):
        self.path = Path(path)
        self.reason = _LINE_BREAKS.sub(" ", reason).strip()
        super().__init__(f"{_LINE_BREAKS.sub(' ', self.path.name)}: {self.reason}")


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
        raise ReadError(path, f"文件过大（{size / _MB:.1f} MB，上限 {_limit_text(max_bytes)}）")
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


def _limit_text(max_bytes: int) -> str:
    """The size limit for messages: '20 MB', '0.5 MB' or '1000 字节'."""
    if max_bytes < _MB // 10:
        return f"{max_bytes} 字节"
    return f"{max_bytes / _MB:.1f}".removesuffix(".0") + " MB"


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
        raise ReadError(path, f"文件过大（超过上限 {_limit_text(max_bytes)}）")
    return data


def _decode(path: Path, data: bytes, declared: str | None = None) -> str:
    """Decode text bytes (UTF-8 with or without BOM, UTF-16 with BOM, GB18030, or a guessed
    encoding) and normalise line endings to "\\n"."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    elif b"\x00" in data:
        raise ReadError(path, _NOT_TEXT)
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
            raise ReadError(path, _NOT_TEXT)
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


def _one_line(text: str | None) -> str:
    """Text safe for one line or one cell: tabs/newlines become a single space."""
    return _LINE_BREAKS.sub(" ", text or "").strip()


def _table_lines(rows: Iterable[Sequence[str | None]]) -> list[str]:
    """TSV lines of a table: empty rows and trailing all-empty columns dropped, rows padded."""
    cleaned = [[_one_line(cell) for cell in row] for row in rows]
    cleaned = [row for row in cleaned if any(row)]
    width = max((i + 1 for row in cleaned for i, cell in enumerate(row) if cell), default=0)
    return ["\t".join((row + [""] * width)[:width]) for row in cleaned]


def _join_blocks(blocks: Iterable[list[str]]) -> str:
    """Blocks of lines joined with one blank line between blocks."""
    text = "\n\n".join("\n".join(block) for block in blocks if block)
    return text + "\n" if text else ""


def _format_value(value: object) -> str:
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


def _short(exc: BaseException) -> str:
    """First line of an exception message, at most 120 characters."""
    message = str(exc).strip()
    first = message.splitlines()[0] if message else type(exc).__name__
    return first[:120]


def _read_pdf(path: Path, data: bytes) -> str:
    """Text lines and tables of every page, top to bottom (text above a table comes first)."""
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            blocks = [block for page in pdf.pages for block in _pdf_page_blocks(page)]
    except _PDF_ERRORS as exc:
        raise ReadError(path, f"无法解析 PDF（文件损坏或不是 PDF）: {_short(exc)}") from exc
    if not any(line.strip() for block in blocks for line in block):
        raise ReadError(path, "PDF 中没有可提取的文字（可能是扫描件）")
    return _join_blocks(blocks)


def _pdf_page_blocks(page: pdfplumber.page.Page) -> list[list[str]]:
    """One page as blocks: each text line is a paragraph (as in the corpus), each table a block."""
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    items = [(table.bbox[1], _table_lines(table.extract())) for table in tables]
    outside = page.filter(lambda obj: not _in_boxes(obj, boxes)) if boxes else page
    items += [(line["top"], [_one_line(line["text"])])
              for line in outside.extract_text_lines(return_chars=False)]
    items.sort(key=lambda item: item[0])  # stable: a table starting on a text line's top wins
    page.close()
    return [lines for _, lines in items]


def _in_boxes(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    """Whether a character's centre lies inside one of the table boxes (x0, top, x1, bottom)."""
    if obj.get("object_type") != "char":
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _read_docx(path: Path, data: bytes) -> str:
    """Paragraphs and tables of the body in document order; heading styles become markdown."""
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [_docx_block(item) for item in document.iter_inner_content()]
    except _DOCX_ERRORS as exc:
        reason = "无法解析 Word 文档（文件损坏或不是 .docx；旧版 .doc 请另存为 .docx）"
        raise ReadError(path, f"{reason}: {_short(exc)}") from exc
    return _join_blocks(blocks)


def _docx_block(item: Paragraph | Table) -> list[str]:
    """A docx paragraph as one (heading) line, or a table as TSV lines."""
    if isinstance(item, Table):
        return _table_lines(_docx_table_rows(item))
    text = _one_line(item.text)
    if not text:
        return []
    level = _heading_level(item.style.name if item.style is not None else "")
    return [f"{'#' * level} {text}" if level else text]


def _heading_level(style_name: str | None) -> int:
    """Markdown level of a paragraph style ('Heading 2' / '标题 2' → 2, 'Title' → 1), else 0."""
    name = (style_name or "").strip()
    if name.lower() == "title":
        return 1
    if not name.lower().startswith(("heading", "标题")):
        return 0
    digits = re.search(r"\d+", name)
    return min(max(int(digits.group()), 1), 6) if digits else 1


def _docx_table_rows(table: Table) -> list[list[str]]:
    """Cell texts per grid position; a merged cell's text appears once, its other positions ""."""
    seen: set[object] = set()  # <w:tc> elements already emitted (merges repeat the same one)
    rows = []
    for row in table.rows:
        cells = [""] * row.grid_cols_before
        for cell in row.cells:
            cells.append("" if cell._tc in seen else cell.text)
            seen.add(cell._tc)
        rows.append(cells)
    return rows


def _sheet_block(name: str, rows: Iterable[Sequence[object]]) -> list[list[str]]:
    """'## name' and the sheet's TSV lines; nothing for an empty sheet."""
    lines = _table_lines([_format_value(value) for value in row] for row in rows)
    return [[f"## {_one_line(name)}"], lines] if lines else []


def _read_xlsx(path: Path, data: bytes) -> str:
    """Every worksheet of an .xlsx workbook (cached formula values, not formulas)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            blocks = []
            for sheet in book.worksheets:
                sheet.reset_dimensions()  # stored dimensions are often wrong; read every cell
                blocks += _sheet_block(sheet.title, sheet.iter_rows(values_only=True))
        finally:
            book.close()
    except _XLSX_ERRORS as exc:
        raise ReadError(path, f"无法解析 Excel 文件（文件损坏或不是 .xlsx）: {_short(exc)}") from exc
    return _join_blocks(blocks)


def _read_xls(path: Path, data: bytes) -> str:
    """Every sheet of a legacy .xls workbook; .xlsx or HTML files saved as .xls also work."""
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, data)
    if data.removeprefix(codecs.BOM_UTF8).lstrip()[:1] == b"<":
        return _read_html(path, data)
    try:
        book = xlrd.open_workbook(file_contents=data, logfile=io.StringIO())
        blocks = []
        for sheet in book.sheets():
            rows = ([_xls_value(cell, book.datemode) for cell in sheet.row(r)]
                    for r in range(sheet.nrows))
            blocks += _sheet_block(sheet.name, rows)
    except _XLS_ERRORS as exc:
        raise ReadError(path, f"无法解析 Excel 文件（文件损坏或不是 .xls）: {_short(exc)}") from exc
    return _join_blocks(blocks)


def _xls_value(cell: xlrd.sheet.Cell, datemode: int) -> object:
    """The Python value of an xlrd cell (dates as datetime, errors as '#DIV/0!' etc.)."""
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(cell.value, "")
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (xlrd.XLDateError, ValueError, OverflowError):
            return cell.value
    return cell.value


def _read_html(path: Path, data: bytes) -> str:
    from retrieval.ingest.html_reader import read_html       # bs4 is imported only when HTML is read

    return read_html(path, data)


_READERS: dict[str, Callable[[Path, bytes], str]] = {
    ".txt": _decode, ".md": _decode, ".pdf": _read_pdf, ".docx": _read_docx,
    ".xlsx": _read_xlsx, ".xls": _read_xls, ".html": _read_html, ".htm": _read_html,
}
