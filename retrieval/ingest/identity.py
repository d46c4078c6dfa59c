"""Find a disclosure's identity from its own text: organisation, region, year, 预算/决算.

Nothing here knows the shipped files; every rule reads the document (title line, 部门名称/单位名称
fields, headings) and falls back gracefully when a document has no title line.
"""

from __future__ import annotations

import re
from collections import Counter

from retrieval.ingest.headings import heading_level
from retrieval.ingest.textclean import Line
from retrieval.models import DocIdentity

_HAN = r"\u4e00-\u9fff"
_YEAR = re.compile(r"(20\d{2})\s*年")
_TITLE = re.compile(rf"^(?P<org>[{_HAN}（）()]{{4,40}}?)\s*(?P<year>20\d{{2}})\s*年度?\s*(?P<rest>.{{0,20}})$")
_NAME_FIELD = re.compile(rf"(?:部门|单位)(?:\(单位\)|（单位）)?名称[：:\t ]*(?P<name>[{_HAN}（）()]{{4,40}})")
_PART_ONE = re.compile(rf"^第一部分[：:\s]*(?P<org>[{_HAN}]{{3,30}}?)(?:概况|单位概况)")
_PLACE = re.compile(rf"[{_HAN}]{{2,3}}?(?:省|自治区|市|区|县|旗)")
_NOT_REGION = (
    "社区",
    "小区",
    "地区",
    "城区",
    "辖区",
    "全区",
    "本区",
    "该区",
    "各区",
    "园区",
    "景区",
    "片区",
    "新区",
    "城市",
    "全市",
    "本市",
    "各市",
)
_ORG_CONTEXT = ("人力", "人社", "社保", "社会", "信息", "人民")
_ABBREVIATIONS = [
    ("人力资源和社会保障", "人社"),
    ("社会保障卡", "社保卡"),
    ("管理服务中心", "中心"),
    ("服务中心", "中心"),
]


def _kind_of(text: str) -> str:
    has_budget, has_final = "预算" in text, "决算" in text
    if has_final and not has_budget:
        return "决算"
    if has_budget and not has_final:
        return "预算"
    return ""


def _title_line(lines: list[Line]) -> tuple[str, int, str] | None:
    """Look for ``<org> <year>年 … 预算/决算`` among the first lines; return (org, year, kind)."""
    seen = 0
    for line in lines:
        if line.is_blank or line.is_table:
            continue
        seen += 1
        if seen > 15:
            break
        if heading_level(line.text) is not None and line.md_level == 0:
            continue
        match = _TITLE.match(line.text.replace(" ", ""))
        if match and _kind_of(match.group("rest")):
            return match.group("org"), int(match.group("year")), _kind_of(match.group("rest"))
    return None


def _most_common_place(text: str, suffix: str) -> str:
    counts = Counter(m for m in re.findall(rf"[{_HAN}]{{2}}{suffix}", text) if m not in _NOT_REGION)
    return counts.most_common(1)[0][0] if counts else ""


def _places(name: str) -> list[str]:
    return [p for p in _PLACE.findall(name) if p not in _NOT_REGION]


def _fallback_identity(lines: list[Line], text: str) -> tuple[str, int | None, str]:
    """Identity for documents without a title line (e.g. OCR'd 决算 reports)."""
    org = ""
    for line in lines:
        match = _PART_ONE.match(line.text)
        if match:
            org = match.group("org")
            break
    heading_text = " ".join(ln.text for ln in lines if heading_level(ln.text, ln.md_level) is not None)
    years = Counter(int(y) for y in _YEAR.findall(heading_text) or _YEAR.findall(text))
    year = years.most_common(1)[0][0] if years else None
    counts = {"预算": heading_text.count("预算"), "决算": heading_text.count("决算")}
    kind = max(counts, key=lambda k: counts[k]) if any(counts.values()) else ""
    return org, year, kind


def _ocr_variants(region: str, text: str) -> list[str]:
    """Region names one character away from ``region`` that the text uses in the same role."""
    if len(region) < 3:
        return []
    variants: Counter[str] = Counter()
    stem, suffix = region[:-1], region[-1]
    for i in range(len(stem)):
        pattern = re.escape(stem[:i]) + f"[{_HAN}]" + re.escape(stem[i + 1 :] + suffix)
        for match in re.finditer(pattern, text):
            found = match.group(0)
            after = text[match.end() : match.end() + 2]
            if found != region and found[-2:] not in _NOT_REGION and after.startswith(_ORG_CONTEXT):
                variants[found] += 1
    region_count = text.count(region)
    return sorted(v for v, n in variants.items() if n < max(region_count, 2))


def _aliases(names: list[str], region: str, variants: list[str]) -> list[str]:
    out: list[str] = []

    def add(name: str) -> None:
        if name and len(name) >= 3 and name not in out:
            out.append(name)

    for name in names:
        add(name)
        short = name
        for long_form, short_form in _ABBREVIATIONS:
            short = short.replace(long_form, short_form)
            add(short)
        for place in _places(name)[:-1]:  # drop the enclosing city: 随州市曾都区… → 曾都区…
            add(name.replace(place, "", 1))
            add(short.replace(place, "", 1))
    for name in list(out):
        if region and name.startswith(region) and len(region) > 2:
            add(region[:-1] + name[len(region) :])  # 曾都区人社… → 曾都人社…
    for variant in variants:
        for name in list(out):
            if region and region in name:
                add(name.replace(region, variant))
    return out


def _full_name(text: str, org: str) -> str:
    """Longest 部门名称/单位名称 value that shares most characters with the title's org."""
    best = ""
    for match in _NAME_FIELD.finditer(text):
        name = match.group("name")
        overlap = len(set(name) & set(org)) / max(len(set(org)), 1)
        if overlap >= 0.6 and len(name) > len(best):
            best = name
    return best or org


def detect_identity(doc: str, lines: list[Line], unit: str = "") -> DocIdentity:
    """Build the :class:`DocIdentity` of one document from its cleaned lines."""
    text = "\n".join(line.text for line in lines)
    titled = _title_line(lines)
    org, year, kind = titled if titled else _fallback_identity(lines, text)
    region = next(iter(reversed(_places(org))), "") if org else ""
    if not region or org.startswith(("区", "市", "县")):
        region = _most_common_place(text, "区") or _most_common_place(text, "市")
        if org.startswith(("区", "市", "县")) and region:
            org = region + org[1:]
    full_name = _full_name(text, org)
    places = _places(full_name)
    city = places[0] if len(places) > 1 else ""
    if not city and region.endswith("区"):
        match = re.search(rf"([{_HAN}]{{2}}市){re.escape(region)}", text)
        city = match.group(1) if match else ""
    variants = _ocr_variants(region, text)
    aliases = _aliases([org, full_name], region, variants)
    return DocIdentity(
        doc=doc,
        org=org or doc,
        full_name=full_name or org or doc,
        aliases=aliases,
        ocr_variants=variants,
        region=region,
        city=city,
        year=year,
        kind=kind,
        unit=unit,
    )
