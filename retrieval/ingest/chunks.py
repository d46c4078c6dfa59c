"""Retrieval units: one chunk per passage and per table row record.

``text`` (for BM25) carries the document identity, table title, group, parent item and header path
next to each value; ``embed_text`` (for the embedding model) keeps the document identity and what
carries meaning — table title, item and column names, or the nearest heading and the passage — but not
the values or the full section path: shorter texts embed faster. Dropping the identity too would save
another third of the characters, but measured on the dev questions it halves dense retrieval's MRR,
even when ranking only the right document's chunks (questions name the unit and year)."""

from __future__ import annotations

from retrieval.ingest.figures import column_unit
from retrieval.models import Chunk, DocIdentity, Passage, Table, TableRow

SEP = " | "


def passage_chunk(identity: DocIdentity, passage: Passage) -> Chunk:
    text = SEP.join(p for p in (identity.title, passage.location, passage.text) if p)
    heading = passage.section[-1] if passage.section else ""
    return Chunk(
        chunk_id=f"p{passage.ordinal}",
        doc=identity.doc,
        kind="passage",
        text=text,
        display=passage.text,
        location=passage.location,
        embed_text=SEP.join(p for p in (identity.title, heading, passage.text) if p),
        page=passage.page,
    )


def format_value(value: str, unit: str) -> str:
    """``23.43`` + 万元 → ``23.43万元``; values that carry their own unit stay as written."""
    if not unit or not value[-1:].isdigit():
        return value
    return f"{value}{unit}"


def row_display(record: TableRow) -> str:
    """The row as a person reads it: ``30207 邮电费：决算数 0.19万元``."""
    values = "；".join(f"{h} {format_value(v, column_unit(h) or record.unit)}".strip() for h, v in record.values)
    attributes = "；".join(f"{h}：{v}" if h else v for h, v in record.attributes)
    head = record.label or "（无项目名称）"
    parts = [f"{head}：{values}" if values else head]
    if attributes:
        parts.append(attributes)
    return SEP.join(parts)


def row_chunk(identity: DocIdentity, table: Table, record: TableRow, index: int) -> Chunk:
    label = f"{record.parent} > {record.label}" if record.parent else record.label
    context = [identity.title, table.display_title, record.group, label]
    body = row_display(record).split(SEP, 1)
    text = SEP.join(p for p in context + body[1:] if p)
    values = "；".join(
        f"{h}：{format_value(v, column_unit(h) or record.unit)}" if h else format_value(v, record.unit)
        for h, v in record.values
    )
    if values:
        text += SEP + values
    columns = "、".join(dict.fromkeys(h for h, _ in record.values if h))
    embed = SEP.join(p for p in (table.title, record.group, label, columns) if p)[:160]
    return Chunk(
        chunk_id=f"t{table.table_id}.{index}",
        doc=identity.doc,
        kind="row",
        text=text,
        display=row_display(record),
        location=table.display_title,
        table_id=table.table_id,
        row_index=record.row_index,
        has_values=bool(record.values),
        embed_text=SEP.join(p for p in (identity.title, embed) if p),
        page=record.page,
    )


def build_chunks(identity: DocIdentity, passages: list[Passage], tables: list[Table]) -> list[Chunk]:
    chunks = [passage_chunk(identity, p) for p in passages]
    for table in tables:
        chunks.extend(row_chunk(identity, table, record, k) for k, record in enumerate(table.records))
    return chunks
