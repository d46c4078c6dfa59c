"""The shipped disclosures printed to PDF from Word (LibreOffice, narrow table columns: numbers wrap inside their
cells, rows break across pages) and saved as XLSX workbooks of 公开表 read like the .txt files: the same identity,
and a question set answered as well (tests/fixtures/renderings, made by its render.py)."""

from __future__ import annotations

import json
import shutil

import pytest

from retrieval.answer.engine import Engine
from retrieval.cli.evaluate import evaluate
from retrieval.config import Settings
from retrieval.index.build import build_index
from retrieval.ingest.parse import parse_file
from tests.conftest import CORPUS, REPO

RENDERINGS = REPO / "tests" / "fixtures" / "renderings" / "docs"
QUESTIONS = REPO / "tests" / "qa" / "public_a.jsonl"


def _single_questions() -> list[dict]:
    rows = [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r.get("conversation") is None and r["kind"] != "unanswerable"]


@pytest.fixture(scope="module")
def engines(tmp_path_factory, built, embedder) -> dict[str, Engine]:
    out = {"txt": Engine.load(built.settings, embedder=embedder)}
    for suffix in (".pdf", ".xlsx"):
        root = tmp_path_factory.mktemp(f"rendered{suffix}")
        corpus = root / "corpus"
        corpus.mkdir()
        for path in sorted(RENDERINGS.glob(f"*{suffix}")):
            shutil.copyfile(path, corpus / path.name)
        settings = Settings(corpus_dir=corpus, index_dir=root / "index")
        assert build_index(settings, embedder=embedder, progress=False).ok
        out[suffix[1:]] = Engine.load(settings, embedder=embedder)
    return out


@pytest.mark.parametrize("suffix", [".pdf", ".xlsx"])
def test_each_rendering_has_the_identity_of_its_text(suffix: str) -> None:
    for text in sorted(CORPUS.glob("*.txt")):
        expected = parse_file(text).identity
        identity = parse_file(RENDERINGS / f"{text.stem}{suffix}").identity
        assert {identity.org, identity.full_name} & {expected.org, expected.full_name}, text.name
        assert (identity.year, identity.kind) == (expected.year, expected.kind), text.name


def test_a_wrapped_number_in_a_narrow_pdf_cell_is_one_number() -> None:
    doc = parse_file(RENDERINGS / "004_ac3f9924a36eb0f9.pdf")
    values = {f.value_text for f in doc.figures if f.source == "table" and "基本工资" in f.label}
    assert "236,129.40" in values  # printed as "236,1" over "29.40" in its cell


@pytest.mark.parametrize("rendering", ["pdf", "xlsx"])
def test_questions_are_answered_as_from_the_text(engines: dict[str, Engine], rendering: str) -> None:
    rows = _single_questions()

    def right(engine: Engine) -> set[str]:
        results = evaluate(rows, lambda question, previous: engine.ask(question, previous=previous))
        return {r.id for r in results if r.correct}

    from_text, from_rendering = right(engines["txt"]), right(engines[rendering])
    lost = sorted(from_text - from_rendering)
    assert len(from_rendering) >= len(from_text) - 2 and len(lost) <= 3, lost
