"""Disclosures of many units in every published layout are read right, and questions about them are answered.

The corpus (tests/fixtures/variety, made by its generate.py) holds invented units at 省/市/县/区/镇/街道 level as
txt, md, html, pdf (ruled, unruled, browser-printed), docx and xlsx, with each file's truth and 199 questions."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest

from retrieval.cli.evaluate import Result
from retrieval.cli.realset import cell_read, other_unit
from retrieval.ingest.parse import parse_file
from retrieval.models import ParsedDocument
from tests.conftest import VARIETY, run_cli

DOCS = sorted(p.name for p in (VARIETY / "docs").iterdir())
QUESTIONS = VARIETY / "questions" / "variety.jsonl"


@cache
def parsed(name: str) -> ParsedDocument:
    return parse_file(VARIETY / "docs" / name)


def truth(name: str) -> dict:
    return json.loads((VARIETY / "truth" / f"{name}.json").read_text(encoding="utf-8"))


def _norm(text: str | None) -> str:
    return re.sub(r"[\s,]", "", text or "")


def _label(text: str) -> str:
    return _norm(re.sub(r"^[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*|^\d{3,}\s*", "", text))


def test_the_corpus_has_the_variety_it_claims() -> None:
    formats = {Path(d).suffix for d in DOCS}
    assert {".txt", ".md", ".html", ".pdf", ".docx", ".xlsx"} <= formats and len(DOCS) >= 30
    assert len({truth(d)["org"] for d in DOCS}) >= 26
    assert sum(1 for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()) >= 150


@pytest.mark.parametrize("name", DOCS)
def test_identity_of_every_document(name: str) -> None:
    expected, identity = truth(name), parsed(name).identity
    assert identity.org == expected["org"] or identity.full_name == expected["org"], identity.evidence
    assert (identity.region, identity.year, identity.kind) == (expected["region"], expected["year"], expected["kind"])
    assert {"org", "year", "kind"} <= set(identity.evidence)


@pytest.mark.parametrize("name", DOCS)
def test_table_figures_keep_their_row_column_and_unit(name: str) -> None:
    """Nearly every table number of the truth is read with its row label, its column and the table's unit."""
    expected = truth(name)
    facts = [f for f in expected["facts"] if f.get("source") == "table"]
    found = sum(cell_read(parsed(name).figures, fact) for fact in facts)  # the same check eval-real makes
    assert found >= 0.9 * len(facts), f"{found}/{len(facts)} table facts read right"


def test_pdf_rows_and_passages_carry_their_page() -> None:
    doc = parsed("附件2.pdf")
    pages = {f.value_text: f for f in doc.figures if f.source == "table"}
    assert doc.passages[0].page == 1 and max(p.page for p in doc.passages) >= 4
    assert any(t.records and t.records[0].page >= 3 for t in doc.tables)
    assert "1589.80" in pages


def test_eval_on_the_variety_questions(variety_built) -> None:
    """``python -m retrieval eval`` over the variety corpus: answers, document hits and refusals of units it
    does not hold."""
    settings = variety_built.settings
    result = run_cli(
        "eval",
        str(QUESTIONS),
        "--corpus",
        str(settings.corpus_dir),
        "--index",
        str(settings.index_dir),
        "--out",
        str(settings.index_dir.parent / "eval.jsonl"),
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    overall = re.search(r"^overall\s+\d+\s+([\d.]+) \(\d+/\d+\)\s*([\d.]+) \(\d+/\d+\)\s*([\d.]+)", result.stdout, re.M)
    assert overall, result.stdout
    accuracy, doc_hit, abstention = map(float, overall.groups())
    assert accuracy >= 0.8 and doc_hit >= 0.9 and abstention >= 0.9, result.stdout
    unknown = re.search(r"^unknown_unit\s+\d+\s+([\d.]+)", result.stdout, re.M)
    assert unknown and float(unknown.group(1)) >= 0.95, result.stdout  # never another unit's figure
    # no answer about a held unit carries another unit's figure
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    results = [json.loads(line) for line in (settings.index_dir.parent / "eval.jsonl").read_text().splitlines()]
    org_of = {name: truth(name)["org"] for name in DOCS}
    wrong = [
        r["id"]
        for r, row in zip(results, rows, strict=True)
        if row["kind"] != "unanswerable" and other_unit(Result(**r), row, org_of)
    ]
    assert not wrong, wrong
