"""Parsed documents of the shipped corpus, parsed once per test session (parsing needs no model)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from retrieval.ingest.parse import parse_file
from retrieval.models import ParsedDocument, Table, TableRow

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@cache
def parsed(prefix: str) -> ParsedDocument:
    """The parsed corpus document whose file name starts with ``prefix`` (e.g. ``"003"``)."""
    path = next(CORPUS.glob(f"{prefix}*"))
    return parse_file(path)


def table(doc: ParsedDocument, title_part: str) -> Table:
    matches = [t for t in doc.tables if title_part in t.title]
    assert matches, f"no table titled like {title_part!r} in {doc.identity.doc}: {[t.title for t in doc.tables]}"
    return matches[0]


def records(doc: ParsedDocument, label_part: str, title_part: str = "") -> list[TableRow]:
    return [r for t in doc.tables if title_part in t.title for r in t.records if label_part in r.label]
