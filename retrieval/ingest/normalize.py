"""Make characters comparable before anything reads them.

* Compatibility forms become the ideographs and ASCII they stand for: Kangxi and CJK-supplement radicals that
  PDFs printed from browsers carry (⽀ → 支, ⻔ → 门), CJK compatibility ideographs, full-width letters and digits,
  parenthesised numerals (⑴ → (1), ㈠ → (一)). Punctuation is left as written.
* Traditional characters are converted to simplified ones (OpenCC ``t2s``) for parsing and matching; a document
  written in traditional characters keeps a per-document map back to its own characters, so cited text can be
  shown as written (:func:`restore`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
# Blocks whose NFKC forms are safe to apply: radicals, compatibility ideographs, full-width ASCII letters/digits,
# parenthesised numbers and ideographs.
_NFKC_RANGES = (
    (0x2F00, 0x2FDF),  # Kangxi radicals
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0x2F800, 0x2FA1F),  # CJK compatibility ideographs supplement
    (0xFF10, 0xFF19),  # full-width digits
    (0xFF21, 0xFF3A),  # full-width capitals
    (0xFF41, 0xFF5A),  # full-width small letters
    (0x2474, 0x249B),  # ⑴ … ⒛ and ⒈ … ⒛
    (0x3220, 0x3243),  # ㈠ … ㈩ and other parenthesised ideographs
)
# A document is read as traditional when at least this share of its Han characters change under t2s.
TRADITIONAL_SHARE = 0.04
MIN_TRADITIONAL_CHARS = 8
# Pinyin glosses that mirror sites insert after characters: 預(yù)算 → 預算.
_PINYIN_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,6}[)）]")


@cache
def _radicals() -> dict[str, str]:
    table: dict[str, str] = {}
    for line in (DATA_DIR / "cjk_radicals.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            radical, ideograph = line.split("\t")[:2]
            table[radical] = ideograph
    return table


@cache
def _char_map() -> dict[int, str]:
    """Code point → replacement for every character this module rewrites (built once)."""
    table = {ord(k): v for k, v in _radicals().items()}
    for low, high in _NFKC_RANGES:
        for cp in range(low, high + 1):
            char = chr(cp)
            norm = unicodedata.normalize("NFKC", char)
            if norm != char:
                table[cp] = norm
    return table


def normalize_chars(text: str) -> str:
    """Radicals, compatibility ideographs, full-width alphanumerics and parenthesised numerals rewritten;
    pinyin glosses after characters removed."""
    return _PINYIN_GLOSS.sub("", text.translate(_char_map()))


@cache
def _converter() -> object:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (everything else unchanged)."""
    return str(_converter().convert(text))  # type: ignore[attr-defined]


def is_traditional(text: str) -> bool:
    """Whether a document is written in traditional characters (a share of its Han characters change)."""
    han = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    if not han:
        return False
    changed = sum(a != b for a, b in zip(text, to_simplified(text)))
    return changed >= MIN_TRADITIONAL_CHARS and changed / han >= TRADITIONAL_SHARE


def written_forms(original: str, simplified: str) -> dict[str, str]:
    """Simplified character → the traditional character this document writes for it (its most frequent one).

    Built line by line from the aligned texts; a line whose conversion changed its length is skipped."""
    seen: dict[str, Counter[str]] = {}
    for a, b in zip(original.split("\n"), simplified.split("\n")):
        if len(a) != len(b):
            continue
        for x, y in zip(a, b):
            if x != y:
                seen.setdefault(y, Counter())[x] += 1
    return {simple: counts.most_common(1)[0][0] for simple, counts in sorted(seen.items())}


def restore(text: str, forms: dict[str, str]) -> str:
    """Text in the document's own characters (``forms`` from :func:`written_forms`; empty = unchanged)."""
    return text.translate({ord(k): v for k, v in forms.items()}) if forms else text


_LETTER_ZERO = re.compile(r"(?<=\d)[Oo〇](?=\d)|(?<=\d)[Oo〇](?=[Oo〇]?\d)")


# 收、支总计 / 增、减幅度: a mark between the two halves of one word
_PAIR_MARK = re.compile(r"(收|增)[、，,](支|减)")


def normalize_question(text: str) -> str:
    """A question as the documents are parsed: characters normalised, traditional characters simplified, a letter
    O typed inside a number read as the digit (2O23年 → 2023年)."""
    text = _LETTER_ZERO.sub("0", to_simplified(normalize_chars(text)))
    return _PAIR_MARK.sub(r"\1\2", text)


def prepare(text: str) -> tuple[str, dict[str, str]]:
    """The text parsing reads (characters normalised, simplified) and the map back to how it was written."""
    text = normalize_chars(text)
    if not is_traditional(text):
        return text, {}
    simplified = to_simplified(text)
    return simplified, written_forms(text, simplified)
