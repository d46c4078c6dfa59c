"""Text of scanned PDF pages by OCR (RapidOCR's PP-OCR models, shipped inside its wheel: nothing downloads).

A page with no text layer but an image is rendered and read; each recognised text box becomes positioned words
(a box that ran two cells together — ``1589.80本年支出合计`` — is split where numbers and words meet), so the
page's lines and unruled tables are rebuilt like those of a text PDF (:mod:`pdf_layout`).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache
from typing import Any

RESOLUTION = 144  # dots per inch the page is rendered at (2× the PDF's points)
MIN_SCORE = 0.5
_TOKEN = re.compile(r"[（(]?[-+]?\d[\d,]*(?:\.\d+)?%?[）)]?|[^\d\s]+(?:\s+[^\d\s]+)*")
_LOCK = threading.Lock()
_UNIT_START = re.compile(r"^\s*(?:万|亿|元|%|％|人|个|名|辆|项|批|台|套|年|月|日|次|户|家|张|件|[，。、；：,.;:）)])")
_JOINS = re.compile(r"(?:为|是|达|约|共计|增加|减少|增长|下降|占|比|至|第|和|及|、|：|:|，|,)\s*$")


@cache
def _engine() -> Any | None:
    """The OCR engine, loaded once per process (None when the package is not installed)."""
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None
    return RapidOCR(print_verbose=False)


def available() -> bool:
    return _engine() is not None


def split_box(text: str, x0: float, x1: float) -> list[tuple[str, float, float]]:
    """A recognised box's text as (piece, x0, x1): OCR reads neighbouring table cells as one box
    (``1589.80本年支出合计``), so a number is split from words next to it — unless a unit follows it
    (``支出决算为 991.45 万元`` is one sentence). x positions are shared out by characters."""
    tokens = [m for m in _TOKEN.finditer(text) if m.group(0).strip()]
    numeric = [bool(re.fullmatch(r"[（(]?[-+]?\d[\d,]*(?:\.\d+)?%?[）)]?", m.group(0).strip())) for m in tokens]
    cuts = []
    for k in range(len(tokens) - 1):
        after_number = tokens[k + 2].group(0) if k + 2 < len(tokens) else ""
        if numeric[k] and not _UNIT_START.match(tokens[k + 1].group(0)):
            cuts.append(k)  # 1589.80 | 本年支出合计
        elif numeric[k + 1] and not _UNIT_START.match(after_number) and not _JOINS.search(tokens[k].group(0)):
            cuts.append(k)  # 本年收入合计 | 1589.80 (the number ends its cell)
    if not cuts:
        return [(text.strip(), x0, x1)]
    # wide characters take a full em, digits and Latin about half: where each character starts
    weights = [1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text]
    unit = (x1 - x0) / max(sum(weights), 1e-6)
    edges = [x0]
    for weight in weights:
        edges.append(edges[-1] + weight * unit)
    pieces, start = [], 0
    for k in [*cuts, len(tokens) - 1]:
        a, b = tokens[start].start(), tokens[k].end()
        # each piece gives up a little at its inner edges, so the pieces read as separate cells
        inset = 0.3 * unit
        pieces.append((text[a:b].strip(), edges[a] + (inset if start else 0), edges[b] - inset))
        start = k + 1
    return pieces


def page_words(page: Any) -> list[dict]:
    """Words of a scanned pdfplumber page (positions in PDF points, like ``extract_words``); [] without OCR."""
    engine = _engine()
    if engine is None:
        return []
    image = page.to_image(resolution=RESOLUTION).original
    scale = 72 / RESOLUTION
    with _LOCK:  # one page at a time: the engine already uses every core
        result, _ = engine(image)
    words: list[dict] = []
    for box, text, score in result or []:
        if float(score) < MIN_SCORE or not str(text).strip():
            continue
        xs, ys = [p[0] * scale for p in box], [p[1] * scale for p in box]
        top, bottom = min(ys), max(ys)
        size = (bottom - top) * 0.8
        for token, a, b in split_box(str(text), min(xs), max(xs)):
            words.append({"text": token, "x0": a, "x1": b, "top": top, "bottom": bottom, "size": size})
    return words
