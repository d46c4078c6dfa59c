"""A sidecar .meta.json next to a document states what its text does not say, and overrides what was found."""

import json
from pathlib import Path

import pytest

from retrieval.index.store import corpus_files, sidecar_digest, staleness
from retrieval.ingest.parse import parse_file
from retrieval.ingest.readers import ReadError

TABLE_ONLY = "项目\t预算数\n基本工资\t12.30\n合计\t12.30\n"


def test_a_sidecar_overrides_the_identity_and_says_so(tmp_path: Path) -> None:
    doc = tmp_path / "附件2.txt"
    doc.write_text(TABLE_ONLY, encoding="utf-8")
    assert parse_file(doc).identity.year is None
    (tmp_path / "附件2.txt.meta.json").write_text(
        json.dumps({"org": "桐溪县司法局", "year": 2024, "kind": "预算", "region": "桐溪县"}, ensure_ascii=False),
        encoding="utf-8",
    )
    parsed = parse_file(doc)
    identity = parsed.identity
    assert (identity.org, identity.region, identity.year, identity.kind) == ("桐溪县司法局", "桐溪县", 2024, "预算")
    assert identity.evidence["org"]["source"] == "sidecar" and identity.evidence["year"]["confidence"] == 1.0
    assert "桐溪县司法局" in parsed.chunks[0].text  # chunks carry the overridden identity
    assert any(f.org == "桐溪县司法局" and f.year == 2024 for f in parsed.figures)


def test_the_stem_form_of_the_sidecar_name_works_too(tmp_path: Path) -> None:
    doc = tmp_path / "tables.txt"
    doc.write_text(TABLE_ONLY, encoding="utf-8")
    (tmp_path / "tables.meta.json").write_text('{"org": "澄县档案馆", "year": 2023}', encoding="utf-8")
    assert parse_file(doc).identity.org == "澄县档案馆"


@pytest.mark.parametrize(
    "content, says",
    [
        ("{not json", "不是有效的 JSON"),
        ('["x"]', "JSON 对象"),
        ('{"year": "2024年"}', "year"),
        ('{"kind": "报告"}', "kind"),
        ('{"colour": "red"}', "不认识的字段"),
    ],
)
def test_a_bad_sidecar_is_named_in_one_line(tmp_path: Path, content: str, says: str) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(TABLE_ONLY, encoding="utf-8")
    (tmp_path / "a.txt.meta.json").write_text(content, encoding="utf-8")
    with pytest.raises(ReadError) as info:
        parse_file(doc)
    assert says in str(info.value) and "a.txt.meta.json" in str(info.value) and "\n" not in str(info.value)


def test_sidecars_are_not_documents_but_changing_one_makes_the_index_stale(tmp_path: Path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(TABLE_ONLY, encoding="utf-8")
    sidecar = tmp_path / "a.txt.meta.json"
    sidecar.write_text('{"year": 2024}', encoding="utf-8")
    assert corpus_files(tmp_path) == [doc]
    entry = {"file": "a.txt", "size": doc.stat().st_size, "sha256": None, "sidecar_sha256": sidecar_digest(doc)}
    manifest = {"model_id": "m", "files": [entry], "errors": []}
    assert not staleness(manifest, tmp_path).is_stale
    sidecar.write_text('{"year": 2025}', encoding="utf-8")
    assert staleness(manifest, tmp_path).changed == ["a.txt"]
