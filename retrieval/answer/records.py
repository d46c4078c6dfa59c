"""Answers and their sources: the records every interface (CLI, JSON, app) shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from retrieval.answer.numbers import untraceable_numbers
from retrieval.answer.query import ParsedQuery


@dataclass
class Source:
    """One cited passage or table row."""

    doc: str  # corpus file name
    title: str  # readable document title (organisation, year, 预算/决算)
    location: str  # section path or table title
    text: str  # the cited passage or row as written
    chunk_id: str = ""
    kind: str = "passage"  # passage | row
    table_id: int | None = None
    row_index: int | None = None
    page: int = 0  # PDF page (0 = not paged)

    def to_json(self) -> dict[str, Any]:
        out = {"doc": self.doc, "title": self.title, "location": self.location, "text": self.text}
        return out | ({"page": self.page} if self.page else {})


@dataclass
class Answer:
    """A composed answer. ``found`` is False when the corpus does not hold what was asked."""

    question: str
    answer: str
    found: bool
    sources: list[Source] = field(default_factory=list)
    intent: str = "lookup"
    rows: list[dict[str, Any]] = field(default_factory=list)  # per-document figures for list/compare answers
    query: ParsedQuery | None = None
    derived: list[str] = field(default_factory=list)  # numbers computed here (sums, 万元 equivalents)
    phrasing: str = "composed"  # composed | llm | rejected:… | error:…

    def to_json(self) -> dict[str, Any]:
        """The stable JSON contract of ``python -m retrieval ask --json``."""
        return {
            "question": self.question,
            "answer": self.answer,
            "found": self.found,
            "sources": [s.to_json() for s in self.sources],
        }

    @property
    def frame(self) -> pd.DataFrame | None:
        """The per-document rows of list/compare/rank answers as a DataFrame (for tables and charts)."""
        return pd.DataFrame(self.rows) if self.rows else None

    def evidence(self) -> list[str]:
        return [s.text for s in self.sources] + [
            f"{s.title} {s.location}{f' 第{s.page}页' if s.page else ''}" for s in self.sources
        ]

    def untraceable(self) -> list[str]:
        """Numbers in the answer that no cited source states and that were not computed here."""
        return untraceable_numbers(self.answer, self.evidence(), frozenset(self.derived))


def enforce_traceability(answer: Answer) -> Answer:
    """Every number in an answer must come from a cited source (or be computed from them).
    An answer that breaks this is replaced by the sources alone — never an unsupported number."""
    missing = answer.untraceable()
    if not missing:
        return answer
    answer.answer = "以下是找到的相关原文，请以原文为准（自动生成的回答未能通过数字核对，已隐去）。"
    answer.rows = []
    answer.found = False  # an answer whose number cannot be traced is no answer
    return answer


def message(question: str, text: str, query: ParsedQuery | None = None, sources: list[Source] | None = None) -> Answer:
    """A not-found answer or a message about the question itself."""
    return Answer(
        question=question,
        answer=text,
        found=False,
        sources=sources or [],
        query=query,
        intent=query.intent if query else "none",
    )
