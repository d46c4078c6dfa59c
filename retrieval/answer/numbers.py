"""Number traceability: every number in an answer must come from the evidence (or be explicitly allowed).

Numbers are compared in a canonical form: digit-group separators removed, full-width characters converted,
insignificant zeros dropped (``'236,129.40'`` -> ``'236129.4'``, ``'15.00'`` -> ``'15'``). Chinese numerals
(一、二、三…) are not numbers here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Context

# Full-width digits, decimal point, comma and signs -> ASCII.
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，－−＋", "0123456789.,--+")
# Optional sign (only when not glued to a preceding word/number, so '2023-2025' is two positive numbers),
# integer part with optional 3-digit groups (',' or thin spaces), optional decimal part.
_NUMBER = re.compile(
    r"(?:(?<![0-9A-Za-z.])(?P<sign>[-+]))?"
    r"(?P<int>\d+(?:[,\u2009\u202f]\d{3})+(?!\d)|\d+)"
    r"(?:\.(?P<frac>\d+))?"
)
_GROUP_SEP = re.compile(r"[,\u2009\u202f]")


def _canonical(sign: str, integer: str, fraction: str) -> str:
    """Canonical decimal string without exponent or insignificant zeros; zero is always '0'."""
    digits = integer + (f".{fraction}" if fraction else "")
    context = Context(prec=len(digits) + 2)  # never round long identifiers
    value = context.create_decimal(digits).normalize(context)
    if value.is_zero():
        return "0"
    text = format(value, "f")
    return f"-{text}" if sign == "-" else text


def extract_numbers(text: str) -> list[str]:
    """Every number written in ``text``, normalised, in order (duplicates kept)."""
    found: list[str] = []
    for match in _NUMBER.finditer(text.translate(_FULLWIDTH)):
        integer = _GROUP_SEP.sub("", match.group("int"))
        found.append(_canonical(match.group("sign") or "", integer, match.group("frac") or ""))
    return found


def normalize_number(value: str) -> str | None:
    """The canonical form of a single number written as a string, or None when it holds no number."""
    numbers = extract_numbers(value)
    return numbers[0] if numbers else None


def _magnitude(number: str) -> str:
    return number.lstrip("-")


def _number_pool(strings: Iterable[str]) -> set[str]:
    """Magnitudes of every number found in ``strings``."""
    return {_magnitude(n) for s in strings for n in extract_numbers(s)}


def untraceable_numbers(text: str, evidence: list[str], allowed: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Numbers in ``text`` found neither in ``evidence`` nor in ``allowed`` (first-appearance order, no duplicates).

    Comparison is on the normalised magnitude: '-15.00' in the text is traceable to '15' in the evidence
    (a decrease is often written unsigned, e.g. 减少15万元) and vice versa.
    """
    pool = _number_pool(evidence) | _number_pool(allowed)
    missing: list[str] = []
    for number in extract_numbers(text):
        if _magnitude(number) not in pool and number not in missing:
            missing.append(number)
    return missing
