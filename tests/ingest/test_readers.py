"""Tests for retrieval.ingest.readers: real files of every kind, written in tmp_path, read back."""

from __future__ import annotations

import datetime
import io
import random
from pathlib import Path

import docx
import openpyxl
import pytest
import xlrd
from docx.enum.style import WD_STYLE_TYPE
from openpyxl.styles import Font

from retrieval.ingest.readers import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    ReadError,
    common,
    dispatch,
    read_document,
    sheets,
    word,
)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CHINESE = "部门预算收支总表\n单位：万元\n基本工资\t23.43\n一般公共预算财政拨款支出决算表\n"


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def read_error(path: Path, **kwargs: int) -> ReadError:
    """The ReadError raised for path, checked to be one line naming the file."""
    with pytest.raises(ReadError) as info:
        read_document(path, **kwargs)
    message = str(info.value)
    assert "\n" not in message and "\r" not in message
    assert message.startswith(f"{path.name}: ")
    assert info.value.path == path and info.value.reason in message
    return info.value


# ---- a minimal real PDF (no PDF writer is installed; the format is simple enough) ------------


def pdf_bytes(pages: list[str]) -> bytes:
    """A valid PDF with one page per content stream, using the built-in Helvetica font."""
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for i, content in enumerate(pages):
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
            f"<< /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode()
        )
        stream = content.encode("latin-1")
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def pdf_text(x: float, y: float, text: str) -> str:
    return f"BT /F1 10 Tf {x} {y} Td ({text}) Tj ET\n"


def pdf_table(x: float, top: float, rows: list[list[str]], width: int = 120, height: int = 20) -> str:
    """Ruled grid (so pdfplumber finds the table) with the cell texts inside."""
    ncols, nrows = len(rows[0]), len(rows)
    right, bottom = x + ncols * width, top - nrows * height
    ops = [f"{x} {top - r * height} m {right} {top - r * height} l S\n" for r in range(nrows + 1)]
    ops += [f"{x + c * width} {top} m {x + c * width} {bottom} l S\n" for c in range(ncols + 1)]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell:
                ops.append(pdf_text(x + c * width + 4, top - (r + 1) * height + 6, cell))
    return "".join(ops)


# ---- plain text and encodings -----------------------------------------------------------------


@pytest.mark.parametrize(
    "encoded",
    [
        CHINESE.encode("utf-8"),
        b"\xef\xbb\xbf" + CHINESE.encode("utf-8"),
        CHINESE.encode("gb18030"),
        CHINESE.replace("\n", "\r\n").encode("gb18030"),
        CHINESE.replace("\n", "\r").encode("utf-8"),
        CHINESE.encode("utf-16"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "gb18030-crlf", "utf8-cr", "utf16-bom"],
)
def test_text_encodings_decode_to_same_string(tmp_path: Path, encoded: bytes) -> None:
    path = tmp_path / "说明.txt"
    path.write_bytes(encoded)
    assert read_document(path) == CHINESE


@pytest.mark.parametrize("word", ["基本工资", "收入", "部门", "单位：万元"])
def test_short_gbk_text_is_not_mistaken_for_korean(tmp_path: Path, word: str) -> None:
    path = tmp_path / "short.md"
    path.write_bytes(word.encode("gbk"))
    assert read_document(path) == word


def test_uppercase_suffix_dispatches(tmp_path: Path) -> None:
    path = tmp_path / "REPORT.TXT"
    path.write_text("合计\t81.70\n", encoding="utf-8")
    assert read_document(path) == "合计\t81.70\n"


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_corpus_files_come_back_unchanged(path: Path) -> None:
    text = read_document(path)
    assert text == path.read_bytes().decode("utf-8-sig").replace("\r\n", "\n")


def test_corpus_has_five_files_and_tab_rows_survive() -> None:
    assert len(list(CORPUS.glob("*.txt"))) == 5
    lines = lines_of(read_document(next(CORPUS.glob("004_*.txt"))))
    assert any(line.startswith("30101\t基本工资\t50501") for line in lines)
    assert "30101\t基本工资\t50501\t工资福利支出\t236,129.40\t236,129.40\t\t\t" in lines


# ---- pdf --------------------------------------------------------------------------------------


def test_pdf_text_and_table_in_page_order(tmp_path: Path) -> None:
    table = [["Item", "Amount", "Note"], ["Salary", "23.43", "basic"], ["Total", "23.43", ""]]
    page1 = (
        pdf_text(72, 740, "Budget Report 2024")
        + pdf_text(72, 715, "Summary above the table.")
        + pdf_table(72, 690, table)
        + pdf_text(72, 600, "Notes below the table.")
    )
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf_bytes([page1, pdf_text(72, 740, "Second page 81.70")]))
    marked = lines_of(read_document(path))
    assert marked[0] == "\f1" and marked[marked.index("\f2") + 1] == "Second page 81.70"  # page marks
    lines = [line for line in marked if not line.startswith("\f")]
    assert lines[:4] == ["Budget Report 2024", "", "Summary above the table.", ""]
    row_at = lines.index("Salary\t23.43\tbasic")
    assert lines[row_at - 2 : row_at + 2] == ["", "Item\tAmount\tNote", "Salary\t23.43\tbasic", "Total\t23.43\t"]
    assert lines[row_at + 2] == "" and lines[row_at + 3] == "Notes below the table."
    assert lines.index("Second page 81.70") > row_at
    assert not any("Salary" in line and "\t" not in line for line in lines)  # not duplicated


def test_pdf_without_text_is_reported_as_scan(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(pdf_bytes(["72 72 m 300 300 l S\n"]))
    assert "没有可提取的文字" in read_error(path).reason


@pytest.mark.parametrize(
    "payload", [random.Random(7).randbytes(4000), b"%PDF-1.4\n" + random.Random(8).randbytes(4000), b"hello"]
)
def test_corrupt_pdf(tmp_path: Path, payload: bytes) -> None:
    path = tmp_path / "坏.pdf"
    path.write_bytes(payload)
    assert read_error(path).reason.startswith("无法解析 PDF（文件损坏或不是 PDF）")


# ---- docx -------------------------------------------------------------------------------------


def make_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("部门预算公开说明", level=1)
    document.add_paragraph("本部门2024年收入合计81.70万元。\n（换行）")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["科目", "金额", "备注"], ["基本工资", "23.43", "人员经费"], ["合计", "23.43", "x"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 1).merge(table.cell(2, 2)).text = "23.43"
    document.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("二、支出情况", style="标题 2")
    merged = document.add_table(rows=2, cols=2)
    merged.cell(0, 0).merge(merged.cell(1, 0)).text = "工资福利支出"
    merged.cell(0, 1).text, merged.cell(1, 1).text = "1.00", "2.00"
    document.add_paragraph("第二段\t含制表符")
    document.save(path)


def test_docx_headings_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    path = tmp_path / "预算.docx"
    make_docx(path)
    lines = lines_of(read_document(path))
    order = [
        "# 部门预算公开说明",
        "本部门2024年收入合计81.70万元。 （换行）",
        "科目\t金额\t备注",
        "基本工资\t23.43\t人员经费",
        "合计\t23.43\t",
        "## 二、支出情况",
        "工资福利支出\t1.00",
        "\t2.00",
        "第二段 含制表符",
    ]
    assert [lines.index(line) for line in order] == sorted(lines.index(line) for line in order)
    assert lines[lines.index("科目\t金额\t备注") - 1] == ""
    assert lines[lines.index("合计\t23.43\t") + 1] == ""


@pytest.mark.parametrize(
    "style, level", [("Heading 3", 3), ("标题 1", 1), ("Title", 1), ("标题", 1), ("Normal", 0), ("Body Text", 0)]
)
def test_heading_level(style: str, level: int) -> None:
    assert word._heading_level(style) == level


def test_truncated_docx(tmp_path: Path) -> None:
    good = tmp_path / "good.docx"
    make_docx(good)
    path = tmp_path / "截断.docx"
    path.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    assert "无法解析 Word 文档" in read_error(path).reason


def test_text_file_named_docx(tmp_path: Path) -> None:
    path = tmp_path / "fake.docx"
    path.write_text("这不是 Word 文档", encoding="utf-8")
    assert "无法解析 Word 文档" in read_error(path).reason


# ---- spreadsheets -----------------------------------------------------------------------------


def make_xlsx(path: Path) -> None:
    book = openpyxl.Workbook()
    income = book.active
    income.title = "收入"
    income.append(["项目", "金额"])
    income.append(["财政拨款", 236129.4])
    income.append([])
    income.append(["合计", 236129.0])
    income["F1"].font = Font(bold=True)  # styled but empty: widens the stored dimension
    spending = book.create_sheet("支出")
    spending.append(["基本工资", 23.43, None, 0.1 + 0.2])
    spending.append([datetime.date(2024, 1, 31), "多行\n文本", True])
    book.create_sheet("空表")
    book.save(path)


def test_xlsx_every_sheet_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "报表.xlsx"
    make_xlsx(path)
    assert read_document(path) == (
        "## 收入\n\n项目\t金额\n财政拨款\t236129.4\n合计\t236129\n\n"
        "## 支出\n\n基本工资\t23.43\t\t0.3\n2024-01-31\t多行 文本\tTRUE\t\n"
    )


def test_xlsx_saved_as_xls_is_read(tmp_path: Path) -> None:
    path = tmp_path / "报表.xls"
    make_xlsx(path)
    assert "## 支出" in read_document(path)


def test_html_saved_as_xls_is_read(tmp_path: Path) -> None:
    path = tmp_path / "导出.xls"
    path.write_text("<table><tr><td>基本工资</td><td>23.43</td></tr></table>", encoding="utf-8")
    assert read_document(path) == "基本工资\t23.43\n"


@pytest.mark.parametrize("name", ["坏.xls", "坏.xlsx"])
def test_corrupt_spreadsheets(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(3).randbytes(3000))
    assert "无法解析 Excel 文件" in read_error(path).reason


def test_xls_cell_values() -> None:
    # No installed library writes .xls files, so the cell conversion is checked on xlrd cells.
    cells = [
        xlrd.sheet.Cell(ctype, value)
        for ctype, value in [
            (xlrd.XL_CELL_NUMBER, 236129.4),
            (xlrd.XL_CELL_NUMBER, 12.0),
            (xlrd.XL_CELL_EMPTY, ""),
            (xlrd.XL_CELL_DATE, 45322.0),
            (xlrd.XL_CELL_BOOLEAN, 1),
            (xlrd.XL_CELL_ERROR, 0x07),
            (xlrd.XL_CELL_TEXT, "基本工资"),
        ]
    ]
    values = [common.format_value(sheets._xls_value(cell, 0)) for cell in cells]
    assert values == ["236129.4", "12", "", "2024-01-31", "TRUE", "#DIV/0!", "基本工资"]


# ---- html -------------------------------------------------------------------------------------

HTML = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>标题栏</title>
<style>p { color: red }</style><script>var x = "<b>脚本</b>";</script></head><body>
<h2>一、收支总体情况</h2>
<p>本部门<b>2024年</b>收入合计<span>81.70</span>万元。</p><!-- 注释 -->
<table><caption>表1 收支总表</caption>
<tr><th colspan="2">收入</th><th>支出</th></tr>
<tr><td>基本工资</td><td>23.43</td><td>50.00</td></tr>
<tr><td rowspan="2">合计</td><td>1</td><td>2</td></tr>
<tr><td>3</td><td>4</td></tr></table>
<ul><li>第一项</li><li>第二项</li></ul><div>结尾<br>第二行</div>
</body></html>"""


def test_html_headings_paragraphs_and_tables(tmp_path: Path) -> None:
    path = tmp_path / "公开.html"
    path.write_bytes(HTML.encode("gb18030"))  # decoded via <meta charset>
    text = read_document(path)
    assert "<" not in text and "脚本" not in text and "注释" not in text and "color" not in text
    assert lines_of(text) == [
        "## 一、收支总体情况",
        "",
        "本部门2024年收入合计81.70万元。",
        "",
        "表1 收支总表",
        "",
        "收入\t\t支出",
        "基本工资\t23.43\t50.00",
        "合计\t1\t2",
        "\t3\t4",
        "",
        "第一项",
        "",
        "第二项",
        "",
        "结尾",
        "",
        "第二行",
        "",
    ]


def test_layout_table_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_text(
        "<table><tr><td><p>正文一段</p><table><tr><td>a</td><td>1</td></tr></table></td></tr></table>", encoding="utf-8"
    )
    assert lines_of(read_document(path)) == ["正文一段", "", "a\t1", ""]


# ---- bad inputs -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, payload, reason",
    [
        ("空.txt", b"", "文件为空"),
        ("空白.md", b"  \n\r\n\t \n", "文件为空"),
        ("空.docx", b"", "文件为空"),
        ("binary.txt", bytes(range(256)) * 100, "不是文本文件（可能是二进制文件）"),
        ("image.txt", b"\x89PNG\r\n\x1a\n" + random.Random(5).randbytes(5000), "不是文本文件"),
        ("program.exe", b"MZ\x90\x00", "不支持的文件类型 .exe（支持：.txt .md .pdf .docx .xlsx .xls .html）"),
        ("slides.pptx", b"PK\x03\x04", "不支持的文件类型 .pptx"),
        ("no_suffix", b"text", "不支持的文件类型"),
        ("empty.html", b"<html><body><script>x()</script></body></html>", "文件为空"),
    ],
)
def test_bad_inputs(tmp_path: Path, name: str, payload: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    assert read_error(path).reason.startswith(reason)


def test_large_file_rejected_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "大文件.txt"
    with path.open("wb") as handle:
        chunk = b"a" * (1024 * 1024)
        for _ in range(50):
            handle.write(chunk)
    monkeypatch.setattr(dispatch, "_read_bytes", lambda *args: pytest.fail("file was read"))
    assert read_error(path).reason == "文件过大（50.0 MB，上限 20 MB）"
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_small_max_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("预算" * 100, encoding="utf-8")
    assert read_error(path, max_bytes=100).reason == "文件过大（0.0 MB，上限 100 字节）"
    assert read_document(path, max_bytes=600) == "预算" * 100


def test_missing_file_and_directory(tmp_path: Path) -> None:
    assert read_error(tmp_path / "不存在.pdf").reason == "文件不存在"
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "文件夹" in read_error(folder).reason


def test_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("内容", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> io.BufferedReader:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert "没有权限" in read_error(path).reason


def test_supported_suffixes() -> None:
    assert {".txt", ".md", ".pdf", ".docx", ".xlsx", ".xls", ".html", ".htm"} == SUPPORTED_SUFFIXES
    assert set(dispatch._READERS) == SUPPORTED_SUFFIXES
