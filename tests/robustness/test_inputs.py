"""Bad input named in one line: an encrypted PDF, stray NUL bytes, odd command lines, a damaged BM25 index."""

from pathlib import Path

import pytest

from retrieval.config import Settings
from retrieval.ingest.parse import parse_file
from retrieval.ingest.readers import ReadError, read_document
from tests.conftest import run_cli


def _encrypted_pdf() -> bytes:
    """A PDF whose standard security handler needs a user password (the empty one does not open it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [] /Count 0 >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"ab" * 32 + b"> /U <" + b"cd" * 32 + b"> /P -4 >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += b"trailer\n<< /Size 4 /Root 1 0 R /Encrypt 3 0 R /ID [<" + b"11" * 16 + b"><" + b"11" * 16 + b">] >>\n"
    return out + b"startxref\n" + str(xref).encode() + b"\n%%EOF\n"


def test_an_encrypted_pdf_is_named_as_encrypted(tmp_path: Path) -> None:
    path = tmp_path / "加密.pdf"
    path.write_bytes(_encrypted_pdf())
    with pytest.raises(ReadError) as caught:
        read_document(path)
    assert str(caught.value) == "加密.pdf: PDF 已加密，请提供未加密版本"


def test_a_few_nul_bytes_are_dropped_with_a_warning_and_many_mean_binary(tmp_path: Path) -> None:
    text = "某县司法局2024年部门预算\n\n一、收支情况\n\n本单位当年预算收入120.50万元。\n"
    path = tmp_path / "stray.txt"
    path.write_bytes(text.encode()[:10] + b"\x00" + text.encode()[10:] + b"\x00\x00")
    doc = parse_file(path)
    assert doc.warnings == ["stray.txt: 去掉了 3 个空字符（NUL），其余按文本读取"]
    assert any(f.value == 120.5 for f in doc.figures)
    binary = tmp_path / "binary.txt"
    binary.write_bytes(text.encode() + b"\x00" * 40)
    with pytest.raises(ReadError, match=r"binary\.txt: 不是文本文件"):
        read_document(binary)


def env_of(settings: Settings) -> dict[str, str]:
    return {"BUDGET_QA_INDEX": str(settings.index_dir), "BUDGET_QA_CORPUS": str(settings.corpus_dir)}


def test_a_question_starting_with_a_dash_is_a_question(built) -> None:
    result = run_cli("ask", "--json", "-咸阳社保卡中心2026年电费预算", env=env_of(built.settings))
    assert result.returncode == 0, result.stderr
    assert '"question": "-咸阳社保卡中心2026年电费预算"' in result.stdout
    wrong = run_cli("ask", "--no-such-option", "问题", env=env_of(built.settings))
    assert wrong.returncode == 2 and "--no-such-option" in wrong.stderr


def test_a_question_that_is_not_utf8_is_one_clear_line(built) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO, clean_env

    result = subprocess.run(
        [sys.executable.encode(), b"-m", b"retrieval", b"ask", b"\xff\xfe\xe5\x8a\x9e"],
        cwd=REPO,
        env=clean_env() | env_of(built.settings),
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.decode().strip() == "错误: 问题不是有效的 UTF-8 文字（请检查终端编码）"


def test_a_truncated_bm25_file_asks_for_a_rebuild(workspace: Settings) -> None:
    current = (workspace.index_dir / "CURRENT").read_text().strip()
    damaged = next((workspace.index_dir / current / "bm25").glob("*.npy"))
    damaged.write_bytes(damaged.read_bytes()[:20])
    result = run_cli("ask", "办公费多少", env=env_of(workspace))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "索引已损坏" in lines[0] and "python -m retrieval build" in lines[0], lines
