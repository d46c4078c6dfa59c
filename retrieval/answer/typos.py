"""Mistyped words matched against the documents' own vocabulary (差率费 → 差旅费, 咸阳设保卡中心 → 社保卡中心).

A word of the question that no document uses, one character (two in long words) away from a row label or term
the documents do use, is read as that word — and the answer says so ("您是不是要问…").
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

MIN_CHARS = 3


def allowed_edits(word: str) -> int:
    return 1 if len(word) < 7 else 2


def correction(text: str, vocabulary: Iterable[str]) -> tuple[str, str] | None:
    """(the mistyped part of ``text``, the vocabulary word it stands for), or None when ``text`` holds no word
    that is a near miss of one. A word ``text`` already contains exactly is no typo."""
    best: tuple[int, int, str, str] | None = None  # (edits, -length, typed, word)
    for word in vocabulary:
        if len(word) < MIN_CHARS or word in text:
            continue
        alignment = fuzz.partial_ratio_alignment(word, text)
        if alignment is None or alignment.score < 60:
            continue
        start = alignment.dest_start
        windows = {text[start : alignment.dest_end], text[start : start + len(word)]}  # the same length first
        typed = min(windows, key=lambda w: (Levenshtein.distance(word, w), len(w) != len(word)))
        if abs(len(typed) - len(word)) > 1:
            continue
        edits = Levenshtein.distance(word, typed)
        if 0 < edits <= allowed_edits(word) and edits < len(word) / 2:
            key = (edits, -len(word), typed, word)
            best = key if best is None or key < best else best
    return (best[2], best[3]) if best else None
