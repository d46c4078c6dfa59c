"""Decide a document's identity from its candidates: the best-supported reading of each field, with its evidence."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict

from retrieval.ingest.identity.candidates import Candidate, all_candidates
from retrieval.ingest.identity.variants import aliases, ocr_variants
from retrieval.ingest.textclean import Line
from retrieval.models import DocIdentity, Evidence
from retrieval.orgs import is_org_name, name_places
from retrieval.places import HAN, NOT_PLACES, leading_places, parents, places_in, stem

AGREEMENT_BONUS = 0.05  # each further source naming the same unit


def _same_unit(a: str, b: str) -> bool:
    """Two readings name the same unit: one ends the other (``高陵区人社信息中心`` in ``西安市高陵区…``) or the
    shorter one's characters nearly all occur in the longer (``曾都区人社…`` in ``随州市曾都区人力资源和社会保障…``)."""
    if a.endswith(b) or b.endswith(a):
        return True
    shorter = min(set(a), set(b), key=len)
    return len(set(a) & set(b)) / max(len(shorter), 1) >= 0.8


def _pick(cands: list[Candidate], field: str) -> tuple[Candidate | None, list[Candidate]]:
    """The best candidate of a field (confidence plus agreement of other sources) and those agreeing with it."""
    own = [c for c in cands if c.field == field]
    if not own:
        return None, []
    same = _same_unit if field == "org" else str.__eq__

    def support(c: Candidate) -> float:
        others = {o.source for o in own if o is not c and same(o.value, c.value)} - {c.source}
        return c.confidence + AGREEMENT_BONUS * len(others)

    best = max(own, key=support)
    agreeing = [c for c in own if same(c.value, best.value)]
    return best, agreeing


def _evidence(c: Candidate, value: str | None = None, confidence: float | None = None) -> dict:
    return asdict(
        Evidence(
            value=value if value is not None else c.value,
            source=c.source,
            confidence=round(min(confidence if confidence is not None else c.confidence, 1.0), 2),
            line=c.line,
            text=c.text[:120],
        )
    )


def _county_in(text: str, region: str) -> str:
    """The county-level place (区/县/旗) a text names most, when it names a listed one; else one shaped like a
    county that the text puts the township in (砚坪镇地处岚江省桐溪县西部 / 桐溪县砚坪镇)."""
    found = Counter(name for _, name in places_in(text) if name.endswith(("区", "县", "旗")))
    if not found:
        county = rf"([{HAN}]{{2,3}}?[区县旗])"
        said = rf"(?:地处|位于|隶属于?)(?:[{HAN}]{{1,4}}[省市])?{county}|{county}{region}"
        shaped = (m.group(1) or m.group(2) for m in re.finditer(said, text))
        found = Counter(c for c in shaped if leading_places(c) == ([c], ""))
    return found.most_common(1)[0][0] if found else ""


def _most_common_place(text: str, suffixes: str) -> str:
    found = Counter(m for m in re.findall(rf"[{HAN}]{{2}}[{suffixes}]", text) if m not in NOT_PLACES)
    for place, _ in found.most_common():
        if leading_places(place)[0] == [place]:
            return place
    return ""


def detect_identity(doc: str, lines: list[Line], unit: str = "") -> DocIdentity:
    """Build the :class:`DocIdentity` of one document from its cleaned lines (file name as the last resort)."""
    text = "\n".join(line.text for line in lines)
    cands = all_candidates(doc, lines)
    evidence: dict[str, dict] = {}

    best_org, agreeing = _pick(cands, "org")
    org = best_org.value if best_org else ""
    if best_org:
        sources = {c.source for c in agreeing} - {best_org.source}
        evidence["org"] = _evidence(best_org, confidence=best_org.confidence + AGREEMENT_BONUS * len(sources))
    full_name = max((c.value for c in agreeing), key=len, default=org)
    if org and not is_org_name(org) and full_name.startswith(org) and is_org_name(full_name):
        # a title about 岳阳县 on a page that comes from 岳阳县台创园 and says 台创园 again: the unit is the 园
        # (a county-wide summary a 财政局 publishes stays the county's)
        org = full_name if text.count(full_name[len(org) :]) >= 2 else org
        full_name = org

    places, _ = name_places(full_name)
    org_places, org_rest = name_places(org)
    region = org_places[-1] if org_places else ""
    if not region and org:
        # 区人社信息中心 / 县司法局: the document names its place elsewhere
        level = org[0] if org[0] in "省市区县镇乡" else ""
        region = _most_common_place(text, level or "区县市")
        if region:
            if level:
                qualified = region + org[1:]
                full_name = qualified if full_name == org else full_name
                org = qualified
            evidence["region"] = asdict(Evidence(region, "body", 0.5, 0, region))
    if region and "region" not in evidence and best_org:
        evidence["region"] = _evidence(best_org, value=region)
    chain = places if region in places else org_places
    province, city = parents(region, text)
    above = chain[: chain.index(region)] if region in chain else []
    city = next((p for p in reversed(above) if not p.endswith(("省", "自治区"))), city)
    if not city and region.endswith(("区", "县")):
        match = re.search(rf"([{HAN}]{{2}}市){re.escape(region)}", text)
        city = match.group(1) if match else ""
    province = next((p for p in above if p.endswith(("省", "自治区"))), province)
    county = ""
    if region.endswith(("镇", "乡", "街道")) and not any(p.endswith(("区", "县", "旗")) for p in above):
        county = _county_in(text, re.escape(region))  # 花桥镇地处中方县西半部: where the text places the township

    best_year, _ = _pick(cands, "year")
    year = int(best_year.value) if best_year and best_year.value.isdigit() else None
    if best_year:
        evidence["year"] = _evidence(best_year)
    best_kind, _ = _pick(cands, "kind")
    kind = best_kind.value if best_kind else ""
    if best_kind:
        evidence["kind"] = _evidence(best_kind)
    if unit:
        evidence["unit"] = asdict(Evidence(unit, "tables", 0.8))

    variants = ocr_variants(region, text)
    names = [n for n in dict.fromkeys([org, full_name]) if n]
    if org_rest and region and stem(region) != region:
        names.append(stem(region) + org_rest)
    return DocIdentity(
        doc=doc,
        org=org or doc,
        full_name=full_name or org or doc,
        aliases=aliases(names, region, variants),
        ocr_variants=variants,
        region=region,
        city=city if city != region else "",
        year=year,
        kind=kind,
        unit=unit,
        province=province if province != region else "",
        places=list(dict.fromkeys(p for p in [province, city, *places, *org_places, county, region] if p)),
        evidence=evidence,
    )
