"""The admin page's corpus changes: identity corrections as a sidecar the reader uses, deletion into a trash
folder the corpus listing skips, and restoring from it."""

import json
from pathlib import Path

import pytest

from retrieval.index.store import corpus_files
from retrieval.ingest.parse import parse_file
from retrieval.webapp import corpus_admin

TEXT = "某县民政局2023年部门预算公开\n\n一、收支总体情况\n\n收入总计 120.50 万元。\n"


def test_a_corrected_identity_is_saved_as_a_sidecar_the_reader_uses(tmp_path: Path) -> None:
    document = tmp_path / "budget.txt"
    document.write_text(TEXT, encoding="utf-8")
    found = parse_file(document).identity
    changes = corpus_admin.identity_changes(
        found, {"org": "桐溪县民政局", "region": "", "year": 2024, "kind": found.kind}
    )
    assert changes == {"org": "桐溪县民政局", "year": 2024}  # unchanged and empty fields are not written
    sidecar = corpus_admin.write_sidecar(document, changes)
    assert sidecar is not None and json.loads(sidecar.read_text(encoding="utf-8")) == changes
    again = parse_file(document).identity
    assert (again.org, again.year) == ("桐溪县民政局", 2024)
    assert corpus_admin.write_sidecar(document, {}) is None and not sidecar.exists()  # no change: the text decides
    assert [p.name for p in tmp_path.iterdir()] == ["budget.txt"]  # no temporary file left behind


def test_deleted_documents_go_to_the_trash_and_come_back(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text('{"year": 2024}', encoding="utf-8")
    (tmp_path / "b.txt").write_text(TEXT, encoding="utf-8")
    kept = corpus_admin.move_to_trash(tmp_path, "a.txt")
    assert [p.name for p in corpus_files(tmp_path)] == ["b.txt"]  # the trash is no part of the corpus
    assert corpus_admin.trashed(tmp_path) == [kept]
    (tmp_path / "a.txt").write_text("新的同名文件", encoding="utf-8")
    with pytest.raises(FileExistsError, match=r"同名文件 a\.txt"):
        corpus_admin.restore(tmp_path, kept)  # never overwrites
    (tmp_path / "a.txt").unlink()
    assert corpus_admin.restore(tmp_path, kept) == "a.txt"
    assert (tmp_path / "a.txt.meta.json").is_file() and corpus_admin.trashed(tmp_path) == []


def test_a_second_deletion_of_the_same_name_keeps_both(tmp_path: Path) -> None:
    for _ in range(2):
        (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
        corpus_admin.move_to_trash(tmp_path, "a.txt", now=1700000000.0)
    names = corpus_admin.trashed(tmp_path)
    assert sorted(names) == ["a.txt", "~1700000000~a.txt"]
    assert corpus_admin.restore(tmp_path, "~1700000000~a.txt") == "a.txt"
