"""A sidecar file next to a document (``name.pdf.meta.json`` or ``name.meta.json``) states identity fields the
document's text does not say; what it states overrides what was found.

Example: ``{"org": "桐溪县司法局", "region": "桐溪县", "year": 2024, "kind": "预算"}``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from retrieval.models import DocIdentity, Evidence
from retrieval.orgs import short_names

SIDECAR_SUFFIX = ".meta.json"
MAX_SIDECAR_BYTES = 64 * 1024
_TEXT_FIELDS = ("org", "full_name", "region", "city", "province", "kind", "unit")
_KINDS = ("预算", "决算")
_UNITS = ("元", "万元", "千元", "亿元")


def is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def sidecar_of(path: Path) -> Path | None:
    """The sidecar of a document, if there is one."""
    for candidate in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(path.stem + SIDECAR_SUFFIX)):
        if candidate != path and candidate.is_file():
            return candidate
    return None


def read_sidecar(path: Path) -> dict[str, Any]:
    """The fields a sidecar states; ReadError (one line naming the file) when it is not valid."""
    from retrieval.ingest.readers import ReadError  # the readers' heavy imports only when a sidecar is read

    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            raise ReadError(path, "说明文件过大")
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(path, f"无法读取说明文件：{exc}") from None
    except json.JSONDecodeError as exc:
        raise ReadError(path, f"说明文件不是有效的 JSON（第 {exc.lineno} 行）") from None
    if not isinstance(data, dict):
        raise ReadError(path, '说明文件应是一个 JSON 对象，例如 {"org": "…", "year": 2024}')
    unknown = sorted(set(data) - {*_TEXT_FIELDS, "year", "aliases"})
    if unknown:
        raise ReadError(path, f"说明文件中有不认识的字段：{'、'.join(unknown)}（可用 org、region、year、kind 等）")
    for key in _TEXT_FIELDS:
        if key in data and not (isinstance(data[key], str) and data[key].strip()):
            raise ReadError(path, f"说明文件中的 {key} 应是非空文字")
    if "year" in data and not (isinstance(data["year"], int) and 1990 <= data["year"] <= 2100):
        raise ReadError(path, "说明文件中的 year 应是年份数字，例如 2024")
    if data.get("kind", "预算") not in _KINDS:
        raise ReadError(path, "说明文件中的 kind 应是“预算”或“决算”")
    if data.get("unit", "万元") not in _UNITS:
        raise ReadError(path, f"说明文件中的 unit 应是 {'、'.join(_UNITS)} 之一")
    if "aliases" in data and not (
        isinstance(data["aliases"], list) and all(isinstance(a, str) for a in data["aliases"])
    ):
        raise ReadError(path, "说明文件中的 aliases 应是文字列表")
    return data


def apply_sidecar(identity: DocIdentity, meta: dict[str, Any], source: Path) -> DocIdentity:
    """The identity with every field the sidecar states replaced (evidence: the sidecar, certainty 1)."""
    changes: dict[str, Any] = {k: meta[k].strip() for k in _TEXT_FIELDS if k in meta}
    if "year" in meta:
        changes["year"] = meta["year"]
    if "org" in meta and "full_name" not in meta:
        changes["full_name"] = changes["org"]
    evidence = dict(identity.evidence)
    for key, value in changes.items():
        evidence["org" if key == "full_name" else key] = asdict(
            Evidence(str(changes.get("org" if key == "full_name" else key, value)), "sidecar", 1.0, 0, source.name)
        )
    updated = replace(identity, **changes, evidence=evidence)
    if any(k in changes for k in ("region", "city", "province")):
        updated.places = list(dict.fromkeys(p for p in [updated.province, updated.city, updated.region] if p))
    names = [updated.org, updated.full_name, *meta.get("aliases", [])]
    extra = [n for name in names for n in [name, *short_names(name)] if len(n) >= 3]
    updated.aliases = list(dict.fromkeys([*extra, *identity.aliases]))
    return updated
