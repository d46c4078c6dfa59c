"""Scanned PDF pages are read by OCR (models shipped in the rapidocr wheel); without OCR the file is named."""

from pathlib import Path

import pypdfium2
import pytest

from retrieval.ingest.parse import parse_file
from retrieval.ingest.readers import ReadError, ocr, read_document
from retrieval.ingest.readers.ocr import split_box
from tests.conftest import VARIETY


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first page of a text PDF of the variety corpus, printed to an image and saved as a PDF."""
    source = pypdfium2.PdfDocument(VARIETY / "docs" / "附件2.pdf")
    image = source[0].render(scale=2).to_pil().convert("RGB")
    path = tmp_path_factory.mktemp("scan") / "扫描件.pdf"
    image.save(path, resolution=144)
    return path


def test_a_scanned_page_is_read_by_ocr(scanned: Path) -> None:
    assert ocr.available()
    text = read_document(scanned)
    doc = parse_file(scanned)
    assert doc.identity.org == "嵩原省档案馆"
    assert "人员编制96人" in "".join(p.text for p in doc.passages)
    assert any(f.value_text == "1607.23" and f.unit == "万元" for f in doc.figures)
    assert text.startswith("\f1")


def test_without_ocr_a_scan_gets_a_clear_message(scanned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "_engine", lambda: None)
    with pytest.raises(ReadError) as info:
        read_document(scanned)
    assert "扫描件，无文字层" in str(info.value) and "扫描件.pdf" in str(info.value)


@pytest.mark.parametrize(
    "text, pieces",
    [
        ("1589.80本年支出合计", ["1589.80", "本年支出合计"]),  # two table cells read as one box
        ("本年收入合计 1589.80", ["本年收入合计", "1589.80"]),
        ("支出决算为 991.45 万元，完成", ["支出决算为 991.45 万元，完成"]),  # a sentence stays whole
        ("占 16.40% 。", ["占 16.40% 。"]),
    ],
)
def test_ocr_boxes_are_split_where_cells_meet(text: str, pieces: list[str]) -> None:
    split = split_box(text, 0.0, 100.0)
    assert [p for p, _, _ in split] == pieces
    assert all(a < b for _, a, b in split) and all(split[k][2] < split[k + 1][1] for k in range(len(split) - 1))
