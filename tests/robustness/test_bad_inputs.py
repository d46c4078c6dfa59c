"""The bad-input zoo: every file a build cannot use is named in one line saying why, the rest is indexed."""

from __future__ import annotations

import os
import random

import pytest

from retrieval.config import Settings
from retrieval.index.build import build_index
from retrieval.index.embed import Embedder
from tests.conftest import copy_corpus
from tests.ingest.test_readers import pdf_bytes
from tests.robustness.test_inputs import _encrypted_pdf

GOOD = "003_f6b564e07db4b8ff.txt"
TEXT = "某县司法局2024年部门预算\n\n一、收支情况\n\n本单位当年预算收入120.50万元，办公费3.00万元。\n"
ZOO: dict[str, tuple[bytes, str]] = {  # file name → (content, what its one line must say; "" = indexed)
    "空.txt": (b"", "文件为空"),
    "二进制.txt": (bytes(range(256)) * 64, "不是文本文件"),
    "零星空字符.txt": (TEXT.encode()[:9] + b"\x00" + TEXT.encode()[9:], ""),
    "国标编码.txt": (TEXT.encode("gb18030"), ""),
    "损坏.pdf": (b"%PDF-1.4\n" + random.Random(8).randbytes(4000), "无法解析 PDF（文件损坏或不是 PDF）"),
    "加密.pdf": (_encrypted_pdf(), "PDF 已加密，请提供未加密版本"),
    "扫描件.pdf": (pdf_bytes(["72 72 m 300 300 l S\n"]), "没有可提取的文字"),
    "超长一行.txt": (("某县财政局2024年部门预算\n" + "办公费支出3.00万元，" * 20000 + "\n").encode(), ""),
    "程序.exe": (b"MZ\x90\x00", "不支持的文件类型 .exe"),
    "-以减号开头 的 名字.txt": (TEXT.encode(), ""),
    "名" * 60 + ".txt": (TEXT.encode(), ""),
}


@pytest.fixture(scope="module")
def zoo_report(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder):
    root = tmp_path_factory.mktemp("zoo")
    corpus = copy_corpus(root / "corpus", [GOOD])
    for name, (data, _) in ZOO.items():
        (corpus / name).write_bytes(data)
    with open(corpus / "巨大.txt", "wb") as handle:  # 30 MB, over the 20 MB limit (sparse: nothing is written)
        handle.truncate(30 * 1024 * 1024)
    with open(os.fsencode(corpus) + b"/\xff\xfe.txt", "wb") as handle:  # a name that is not UTF-8
        handle.write(TEXT.encode())
    return build_index(Settings(corpus_dir=corpus, index_dir=root / "index"), embedder=embedder, progress=False)


@pytest.mark.parametrize("name", sorted(ZOO))
def test_each_bad_input_has_its_one_line(zoo_report, name: str) -> None:
    status = {f.file: f for f in zoo_report.files}[name]
    expected = ZOO[name][1]
    if not expected:
        assert status.ok, status.error
        return
    assert status.status == "error" and "\n" not in status.error
    assert status.error.startswith(f"{name}: ") and expected in status.error, status.error


def test_limits_names_and_repairs_are_reported(zoo_report) -> None:
    status = {f.file: f for f in zoo_report.files}
    assert status["巨大.txt"].error == "巨大.txt: 文件过大（30.0 MB，上限 20 MB）"
    assert "UTF-8" in status["\\udcff\\udcfe.txt"].error
    assert status["零星空字符.txt"].warning == "零星空字符.txt: 去掉了 1 个空字符（NUL），其余按文本读取"
    assert status[GOOD].ok and zoo_report.ok


def test_a_huge_line_is_split_into_passages_not_one_chunk(zoo_report) -> None:
    line = {f.file: f for f in zoo_report.files}["超长一行.txt"]
    assert line.ok and line.chunks > 100 and line.figures == 20000
