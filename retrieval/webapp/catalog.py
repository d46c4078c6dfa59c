"""What the corpus holds, for the sidebar and the document page: one row per document, titles, filters."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from retrieval.answer.engine import Filters
from retrieval.config import Settings
from retrieval.models import EVIDENCE_FIELDS, DocIdentity


def corpus_rows(identities: dict[str, DocIdentity], manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per indexed document, in the public's words: organisation, year, kind, how many tables."""
    counts = {f["file"]: f for f in manifest.get("files", [])}
    out = []
    for doc, ident in identities.items():
        entry = counts.get(doc, {})
        out.append(
            {
                "单位": ident.org,
                "年度": ident.year,
                "类型": ident.kind or "不详",
                "公开表格": entry.get("tables", 0),
            }
        )
    return out


def doc_title(identity: DocIdentity) -> str:
    """``忻州市社会保障卡服务中心｜2023年决算`` (``年度不详`` when the year is unknown)."""
    year = f"{identity.year}年" if identity.year else "年度不详"
    return f"{identity.org}｜{year}{identity.kind or ''}"


def readable_titles(identities: dict[str, DocIdentity]) -> dict[str, str]:
    """A readable title per document (organisation, year, 预算/决算), numbered when two read alike."""
    titles: dict[str, str] = {}
    seen: dict[str, int] = {}
    for doc, identity in identities.items():
        title = doc_title(identity)
        seen[title] = seen.get(title, 0) + 1
        titles[doc] = title if seen[title] == 1 else f"{title}（{seen[title]}）"
    return titles


def original_file(config: Settings, doc: str) -> Path | None:
    """The document's original file in the corpus folder (None when it is gone or the name leaves the folder)."""
    folder = Path(config.corpus_dir).resolve()
    path = (folder / doc).resolve()
    return path if path.parent == folder and path.is_file() else None


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar may offer: every unit, and only the years and kinds the chosen units (and years) hold."""

    orgs: list[str]
    years: list[int]
    kinds: list[str]


def filter_options(
    identities: dict[str, DocIdentity], orgs: list[str], years: list[int] | None = None
) -> FilterOptions:
    held = [i for i in identities.values() if not orgs or i.org in orgs]
    dated = [i for i in held if not years or i.year in years]
    return FilterOptions(
        orgs=sorted({i.org for i in identities.values()}),
        years=sorted({i.year for i in held if i.year}),
        kinds=[k for k in ("预算", "决算") if any(i.kind == k for i in dated)],
    )


FILTER_PARAMS = {"f_orgs": "u", "f_years": "y", "f_kinds": "k"}  # sidebar choice → its address parameter


def choices_from_params(identities: dict[str, DocIdentity], params: dict[str, list[str]]) -> dict[str, list]:
    """The sidebar choices a shared address carries (``u``/``y``/``k``), only those the corpus holds."""
    held = filter_options(identities, [])
    years = [int(y) for y in params.get("y", []) if y.isdigit()]
    return {
        "f_orgs": [o for o in params.get("u", []) if o in held.orgs],
        "f_years": [y for y in years if y in held.years],
        "f_kinds": [k for k in params.get("k", []) if k in held.kinds],
    }


def make_filters(
    identities: dict[str, DocIdentity], orgs: list[str], years: list[int], kinds: list[str]
) -> Filters | None:
    """Sidebar choices as engine Filters (None when nothing is chosen)."""
    if not (orgs or years or kinds):
        return None
    docs = [d for d, i in identities.items() if i.org in orgs] if orgs else []
    return Filters(docs=docs, years=list(years), kinds=list(kinds))


def describe_filters(identities: dict[str, DocIdentity], filters: Filters | None) -> str:
    """``已按筛选回答：单位 高陵…；年度 2023年；类型 决算`` ("" when no filter is on)."""
    if filters is None:
        return ""
    parts = []
    if filters.docs:
        parts.append("单位 " + "、".join(dict.fromkeys(identities[d].org for d in filters.docs if d in identities)))
    if filters.years:
        parts.append("年度 " + "、".join(f"{y}年" for y in filters.years))
    if filters.kinds:
        parts.append("类型 " + "、".join(filters.kinds))
    return "已按筛选回答：" + "；".join(parts) if parts else ""


def allowed_docs(identities: dict[str, DocIdentity], filters: Filters | None) -> list[str]:
    """Documents a question may be answered from under ``filters``."""
    if filters is None:
        return list(identities)
    return [
        d
        for d, i in identities.items()
        if (not filters.docs or d in filters.docs)
        and (not filters.years or i.year in filters.years)
        and (not filters.kinds or i.kind in filters.kinds)
    ]


def identity_evidence(identity: DocIdentity) -> list[dict[str, str]]:
    """One row per identity field: what was read and where it was read (for the admin preview)."""
    rows = []
    for key, label in EVIDENCE_FIELDS.items():
        evidence = identity.evidence_of(key)
        value = evidence.value if evidence else ""
        rows.append({"项目": label, "识别结果": value or "未识别", "依据": evidence.describe() if evidence else "—"})
    return rows
