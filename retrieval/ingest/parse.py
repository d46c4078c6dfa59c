"""Parse one disclosure: read → clean lines → identity, sections, passages, tables → chunks + figures."""

from __future__ import annotations

import hashlib
import re
import warnings
from collections import Counter
from dataclasses import replace
from pathlib import Path

from retrieval import slots
from retrieval.ingest.chunks import build_chunks
from retrieval.ingest.enumerations import list_counts
from retrieval.ingest.facts import type_figure
from retrieval.ingest.figures import prose_figures, table_figures, written_cells
from retrieval.ingest.headings import SectionTracker, heading_level, list_item_level, toc_flags
from retrieval.ingest.identity import detect_identity
from retrieval.ingest.identity.sidecar import apply_sidecar, read_sidecar, sidecar_of
from retrieval.ingest.normalize import prepare
from retrieval.ingest.passages import pack
from retrieval.ingest.readers import DEFAULT_MAX_BYTES, read_document
from retrieval.ingest.readers.common import ReadWarning
from retrieval.ingest.tables.extract import extract_tables, is_caption_line
from retrieval.ingest.tables.text import tabulate
from retrieval.ingest.textclean import Line, clean_lines
from retrieval.models import Figure, ParsedDocument, Passage

_SENTENCE_HEADING = re.compile(r"[。；;]$|[，,].*[，,]")


def _sections_and_passages(lines: list[Line], toc: list[bool], doc: str) -> tuple[list[list[str]], list[Passage]]:
    """Walk the lines once: section path of every line, and passages of the narrative lines."""
    tracker = SectionTracker()
    sections: list[list[str]] = []
    passages: list[Passage] = []
    pending: list[tuple[str, int]] = []

    def flush() -> None:
        if pending:
            passages.extend(pack(pending, doc, tracker.path, len(passages)))
            pending.clear()

    in_note = False
    bare_since: int | None = None  # passages count when the last heading opened (a body adds to it)
    heading_line = 0
    for i, line in enumerate(lines):
        level = None if line.is_table or toc[i] else heading_level(line.text, line.md_level)
        if line.text:
            in_note = line.text.startswith(("注", "备注")) or (in_note and level is not None and level >= 3)
        if in_note:
            level = None
        item_level = None if level is not None or line.is_table or toc[i] else list_item_level(line.text)
        if level is not None:
            flush()
            bare = tracker.path if bare_since is not None and bare_since == len(passages) else None
            if bare and len(bare) >= 2 and slots.list_unit(bare[-2]) and not _SENTENCE_HEADING.search(bare[-1]):
                # （一）维护人社系统两大软件运行安全 under 部门主要职责, with no text of its own: an item, not a title
                passages.extend(pack([(bare[-1], heading_line)], doc, bare, len(passages)))
            tracker.push(level, line.text)
            bare_since, heading_line = len(passages), line.number
            if _SENTENCE_HEADING.search(line.text):  # (1) 负责全区社会保障卡的发行…工作。 is content too
                pending.append((line.text, line.number))
        elif item_level is not None:
            flush()  # each numbered item starts its own passage
            tracker.close_sibling(item_level, line.text)
            pending.append((line.text, line.number))
        elif line.is_table:
            flush()
        elif line.text and not toc[i] and not is_caption_line(line.text):
            pending.append((line.text, line.number))
        sections.append(tracker.path)
    flush()
    return sections, passages


def parse_text(text: str, doc: str, sidecar: Path | None = None) -> ParsedDocument:
    """Parse canonical text (see :mod:`retrieval.ingest.readers`) of a document named ``doc``.

    Characters are normalised and traditional text simplified first; the identity keeps the map back to the
    document's own characters (``DocIdentity.written_forms``). What a ``sidecar`` file states overrides the
    identity found in the text."""
    original = text
    text, forms = prepare(text)
    lines = clean_lines(tabulate(text))
    toc = toc_flags([ln.text for ln in lines], [ln.md_level for ln in lines])
    sections, passages = _sections_and_passages(lines, toc, doc)
    page_of = {ln.number: ln.page for ln in lines}
    for passage in passages:
        passage.page = page_of.get(passage.line, 0)
    tables = extract_tables(lines, sections, toc, doc)
    units = Counter(t.unit for t in tables if t.unit) or Counter(
        unit for unit in re.findall(r"\d\s*(万元|元)", "\n".join(p.text for p in passages))
    )
    identity = detect_identity(doc, lines, unit=units.most_common(1)[0][0] if units else "")
    identity.written_forms = forms
    if sidecar is not None:
        identity = apply_sidecar(identity, read_sidecar(sidecar), sidecar)
    chunks = build_chunks(identity, passages, tables)
    by_id = {c.chunk_id: c for c in chunks}
    figures = []
    typed: list[Figure] = []  # figures of sentences inside table cells, typed (a goal's amounts are targets)
    for passage in passages:
        figures.extend(prose_figures(identity, passage, f"p{passage.ordinal}"))
    counts = list_counts(identity, passages)
    for table in tables:
        for k, record in enumerate(table.records):
            chunk_id = f"t{table.table_id}.{k}"
            figures.extend(table_figures(identity, table, record, chunk_id, by_id[chunk_id].display))
            # a sentence written in a cell (a goal: …合计共39个信息网点) is read like prose
            for text, planned in written_cells(record, table.display_title):
                cell = Passage(doc, -1, [table.display_title], text, line=0, page=record.page)
                stated = [type_figure(f) for f in prose_figures(identity, cell, chunk_id)]
                typed.extend(replace(f, role="target") if planned and f.role == "level" else f for f in stated)
    return ParsedDocument(
        identity=identity,
        passages=passages,
        tables=tables,
        chunks=chunks,
        figures=[type_figure(f) for f in figures] + typed + counts,
        content_hash=hashlib.sha256(original.encode("utf-8")).hexdigest(),
    )


def parse_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedDocument:
    """Read and parse one file (with its sidecar ``.meta.json`` when there is one); raises
    :class:`retrieval.ingest.readers.ReadError` for unreadable input."""
    path = Path(path)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ReadWarning)
        text = read_document(path, max_bytes=max_bytes)
    doc = parse_text(text, path.name, sidecar_of(path))
    doc.warnings = [str(w.message) for w in caught if issubclass(w.category, ReadWarning)]
    return doc
