"""``python -m retrieval eval-real``: the scoring of identities, table cells and another unit's figure."""

from __future__ import annotations

import json
from pathlib import Path

from retrieval.cli.evaluate import Result
from retrieval.cli.realset import cell_read, other_unit, score_document
from retrieval.ingest.parse import parse_text
from tests.conftest import run_cli

TEXT = """桐溪县民政局2022年部门决算公开说明

一、“三公”经费支出情况
单位：万元
| 项目 | 合计 | 公务接待费 |
| --- | --- | --- |
| 决算数 | 3.40 | 1.25 |
"""


def test_a_cell_is_read_with_its_row_column_and_unit() -> None:
    doc = parse_text(TEXT, "x.txt")
    figures = doc.figures
    assert cell_read(figures, {"row": "决算数", "column": "公务接待费", "value": "1.25", "unit": "万元"})
    assert not cell_read(figures, {"row": "决算数", "column": "公务接待费", "value": "1.25", "unit": "元"})
    assert not cell_read(figures, {"row": "决算数", "column": "公务接待费", "value": "3.41", "unit": "万元"})


def test_identity_is_scored_on_unit_year_and_kind_also_in_traditional_characters() -> None:
    doc = parse_text(TEXT, "x.txt")
    gold = {"file": "x.txt", "org": "桐溪縣民政局", "year": 2022, "kind": "决算", "table_facts": []}
    score = score_document(doc, gold)
    assert (score.org, score.year, score.kind) == (True, True, True)
    assert not score_document(doc, gold | {"year": 2023}).year


def _result(found: bool, sources: list[str]) -> Result:
    return Result("q", "text", "?", "…", found, False, None, None, 0.0, sources)


def test_another_units_figure_is_counted_by_the_first_source() -> None:
    org_of = {"a.txt": "甲县民政局", "a2.txt": "甲县民政局", "b.txt": "乙县民政局"}
    row = {"kind": "text", "doc": "a.txt"}
    assert other_unit(_result(True, ["b.txt", "a.txt"]), row, org_of)
    assert not other_unit(_result(True, ["a2.txt"]), row, org_of)  # the same unit's other year is not another unit
    assert not other_unit(_result(False, ["b.txt"]), row, org_of)  # a refusal carries no figure
    assert other_unit(_result(True, ["a.txt"]), {"kind": "unanswerable", "doc": None}, org_of)


def test_missing_texts_are_named_in_one_line(tmp_path: Path) -> None:
    line = {"file": "r1.txt", "url": "https://example.org/1", "org": "甲县民政局", "year": 2022, "kind": "决算"}
    (tmp_path / "manifest.jsonl").write_text(json.dumps(line, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_cli("eval-real", str(tmp_path), "--work", str(tmp_path / "work"))
    assert result.returncode == 2
    assert "r1.txt" in result.stderr and "DEVELOPERS.md" in result.stderr and len(result.stderr.splitlines()) == 1
