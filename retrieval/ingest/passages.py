"""Split narrative lines into sentence-aligned passages that keep their section path."""

from __future__ import annotations

import re

from retrieval.models import Passage

_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")
_CLAUSE_END = re.compile(r"(?<=[，,、：:])")
_INTRODUCES = re.compile(r"^\s*\S{0,12}[：:]\s*$")  # a short lead-in such as 其中： or 具体如下：
TARGET_CHARS = 160
MAX_CHARS = 260


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph; an over-long sentence is cut at clause boundaries."""
    out: list[str] = []
    for sentence in (s for s in _SENTENCE_END.split(text) if s.strip()):
        if len(sentence) <= MAX_CHARS:
            out.append(sentence)
            continue
        piece = ""
        for clause in _CLAUSE_END.split(sentence):
            if piece and len(piece) + len(clause) > MAX_CHARS:
                out.append(piece)
                piece = ""
            piece += clause
        if piece:
            out.append(piece)
    return out


def pack(paragraphs: list[tuple[str, int]], doc: str, section: list[str], first_ordinal: int) -> list[Passage]:
    """Pack the sentences of consecutive paragraphs (text, line) into passages of ~TARGET_CHARS."""
    passages: list[Passage] = []
    buffer, start_line, last, last_line = "", 0, "", 0
    for text, line in paragraphs:
        for sentence in sentences(text):
            if buffer and len(buffer) + len(sentence) > TARGET_CHARS:
                carried = last if _INTRODUCES.search(last) and len(last) < len(buffer) else ""
                passages.append(
                    Passage(
                        doc,
                        first_ordinal + len(passages),
                        list(section),
                        buffer[: len(buffer) - len(carried)],
                        start_line,
                    )
                )
                buffer, start_line = carried, last_line  # 其中： stays with the breakdown it introduces
            if not buffer:
                start_line = line
            buffer += sentence
            last, last_line = sentence, line
        if buffer and len(buffer) >= TARGET_CHARS * 0.6 and not _INTRODUCES.search(last):
            passages.append(Passage(doc, first_ordinal + len(passages), list(section), buffer, start_line))
            buffer = ""
    if buffer:
        passages.append(Passage(doc, first_ordinal + len(passages), list(section), buffer, start_line))
    return passages
