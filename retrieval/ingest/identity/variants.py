"""Other names of a unit: OCR misreadings of its region found in the text, and the short forms people type."""

from __future__ import annotations

import re
from collections import Counter

from retrieval.orgs import is_org_name, org_suffix, short_names
from retrieval.places import HAN, NOT_PLACES

_ORG_CONTEXT = ("人力", "人社", "社保", "社会", "信息", "人民")


def ocr_variants(region: str, text: str) -> list[str]:
    """Region names one character away from ``region`` that the text uses in the same role
    (普都区/晋都区 for 曾都区), each seen fewer times than the region itself."""
    if len(region) < 3:
        return []
    variants: Counter[str] = Counter()
    stem, suffix = region[:-1], region[-1]
    for i in range(len(stem)):
        pattern = re.escape(stem[:i]) + f"[{HAN}]" + re.escape(stem[i + 1 :] + suffix)
        for match in re.finditer(pattern, text):
            found = match.group(0)
            after = text[match.end() : match.end() + 2]
            if found != region and found[-2:] not in NOT_PLACES and after.startswith(_ORG_CONTEXT):
                variants[found] += 1
    region_count = text.count(region)
    return sorted(v for v, n in variants.items() if n < max(region_count, 2))


def bracket_forms(name: str) -> list[str]:
    """A name ending in brackets written without them: ``…集中区(管委会)`` → ``…集中区管委会``; ``X中心(Y部信息中心)``
    → ``X中心`` and ``Y部信息中心`` (each a name of the unit)."""
    match = re.fullmatch(r"(?P<base>.+?)[（(](?P<inner>[^（）()]+)[）)]", name)
    if not match:
        return []
    base, inner = match.group("base"), match.group("inner")
    if org_suffix(inner) == inner:
        return [base + inner]
    return [n for n in (base, inner) if is_org_name(n) and len(n) >= 4]


def aliases(names: list[str], region: str, variants: list[str]) -> list[str]:
    """Every name and its short forms (places dropped, region stem, public abbreviations), then the same with
    each OCR variant of the region."""
    out: list[str] = []
    for name in [*names, *(form for given in names for form in bracket_forms(given))]:
        for candidate in [name, *short_names(name)]:
            if len(candidate) >= 3 and candidate not in out:
                out.append(candidate)
    for variant in variants:
        for name in list(out):
            if region and region in name and (other := name.replace(region, variant)) not in out:
                out.append(other)
    return out
