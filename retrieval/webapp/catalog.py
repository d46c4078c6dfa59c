"""What the corpus holds, for the sidebar and the document page: one row per document, titles, filters."""

from __future__ import annotations

from typing import Any

from retrieval.answer.engine import Filters
from retrieval.models import EVIDENCE_FIELDS, DocIdentity


def corpus_rows(identities: dict[str, DocIdentity], manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per indexed document: organisation, year, kind and counts."""
    counts = {f["file"]: f for f in manifest.get("files", [])}
    out = []
    for doc, ident in identities.items():
        entry = counts.get(doc, {})
        out.append(
            {
                "单位": ident.org,
                "年度": ident.year,
                "类型": ident.kind or "不详",
                "段落": entry.get("passages", 0),
                "表格": entry.get("tables", 0),
                "表行": entry.get("rows", 0),
                "数字": entry.get("figures", 0),
                "文件": doc,
            }
        )
    return out


def doc_title(identity: DocIdentity) -> str:
    """``忻州市社会保障卡服务中心｜2023年决算`` (``年度不详`` when the year is unknown)."""
    year = f"{identity.year}年" if identity.year else "年度不详"
    return f"{identity.org}｜{year}{identity.kind or ''}"


def make_filters(
    identities: dict[str, DocIdentity], orgs: list[str], years: list[int], kinds: list[str]
) -> Filters | None:
    """Sidebar choices as engine Filters (None when nothing is chosen)."""
    if not (orgs or years or kinds):
        return None
    docs = [d for d, i in identities.items() if i.org in orgs] if orgs else []
    return Filters(docs=docs, years=list(years), kinds=list(kinds))


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
