"""No placeholder reaches the public: no "None", "nan" or "null" in any answer of any question set (JSON and plain
CLI output, a document whose year is unknown included), nor on the page."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from retrieval.config import Settings
from retrieval.index.build import build_index
from tests.conftest import REPO, copy_corpus, run_cli

PLACEHOLDER = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\bnull\b|\bundefined\b|None年|nan万元")
SETS = sorted((REPO / "tests" / "qa").glob("*.jsonl"))


def _lines() -> str:
    out = []
    for path in SETS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                out.append(json.dumps({"question": row["question"], "conversation": row.get("conversation")}))
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def with_unknown_year(tmp_path_factory, built, embedder) -> Settings:
    """The corpus plus a workbook whose unit and year nothing states (only a romanised kind in its name)."""
    from openpyxl import Workbook

    root = tmp_path_factory.mktemp("no-year")
    corpus = copy_corpus(root / "corpus")
    book = Workbook()
    sheet = book.active
    sheet.append(["收入支出预算总表"])
    sheet.append(["单位：万元"])
    sheet.append(["项目", "预算数"])
    for label, value in (("基本工资", 12.5), ("住房公积金", 1.2), ("收入总计", 13.7)):
        sheet.append([label, value])
    book.save(corpus / "shouzhi_ys.xlsx")
    shutil.copytree(built.settings.index_dir, root / "index", ignore=shutil.ignore_patterns(".lock"))
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    assert build_index(settings, embedder=embedder, progress=False).ok
    return settings


def test_no_placeholder_in_any_answer_of_every_set(built) -> None:
    settings = built.settings
    args = ["ask", "--jsonl", "--corpus", str(settings.corpus_dir), "--index", str(settings.index_dir)]
    result = run_cli(*args, input_text=_lines(), timeout=900)
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert len(answers) >= 700
    found = [a["question"] for a in answers if PLACEHOLDER.search(json.dumps(a, ensure_ascii=False))]
    assert not found, found[:5]


@pytest.mark.parametrize(
    "question", ["北京市财政局2024年预算是多少", "各单位住房公积金分别是多少", "2019年的基本工资是多少"]
)
def test_refusals_and_lists_name_every_document_without_placeholders(with_unknown_year, question: str) -> None:
    settings = with_unknown_year
    for flag in ("--json", ""):
        args = ["ask", *([flag] if flag else []), "--corpus", str(settings.corpus_dir)]
        result = run_cli(*args, "--index", str(settings.index_dir), question)
        assert result.returncode == 0, result.stderr
        assert not PLACEHOLDER.search(result.stdout), result.stdout
