"""Parsed tables and answer rows as DataFrames for the page: the rows around a cited row, charts, CSV."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd
from pandas.io.formats.style import Styler

from retrieval.csvsafe import safe_frame
from retrieval.ingest.tables.rows import header_paths

HIGHLIGHT = "background-color: #ffd54a; color: #1f1f1f; font-weight: 700"
ROW_TINT = "background-color: #fff6d6; color: #1f1f1f"


def column_names(header_rows: list[list[str]], ncols: int) -> list[str]:
    """One unique name per column: header rows joined with `` > `` (spanning cells inherited)."""
    paths = header_paths(header_rows, ncols) if header_rows else [[] for _ in range(ncols)]
    names: list[str] = []
    seen: Counter[str] = Counter()
    for j, path in enumerate(paths):
        name = " > ".join(path) or f"列{j + 1}"
        seen[name] += 1
        names.append(name if seen[name] == 1 else f"{name}（{seen[name]}）")
    return names


def table_frame(table: dict[str, Any], center: int | None = None, radius: int = 5) -> tuple[pd.DataFrame, int | None]:
    """Body rows of a parsed table as a DataFrame indexed by row number (1-based, named ``行``).

    With ``center`` (a ``row_index`` into ``table["rows"]``) only the rows around it are kept;
    returns the frame and the index label of the centre row (None when there is none).
    """
    rows: list[list[str]] = [list(r) for r in table.get("rows") or []]
    headers: list[list[str]] = [list(r) for r in table.get("header_rows") or []]
    ncols = max([len(r) for r in rows + headers] or [1])
    names = column_names(headers, ncols)
    start, stop = 0, len(rows)
    if center is not None and 0 <= center < len(rows):
        start, stop = max(0, center - radius), min(len(rows), center + radius + 1)
    body = [r + [""] * (ncols - len(r)) for r in rows[start:stop]]
    frame = pd.DataFrame(body, columns=names, index=pd.RangeIndex(start + 1, stop + 1, name="行"))
    label = center + 1 if center is not None and start <= center < stop else None
    return frame, label


def cited_cells(frame: pd.DataFrame, label: int | None, numbers: Iterable[str]) -> list[str]:
    """Columns of row ``label`` whose cell writes one of ``numbers`` (41,000.00 also as 41000.00)."""
    if label is None or label not in frame.index:
        return []
    wanted = {n.replace(",", "") for n in numbers}
    return [c for c in frame.columns if str(frame.at[label, c]).replace(",", "").strip() in wanted]


_LABEL_CELL = re.compile(r"[\u4e00-\u9fff]|^\d{3,9}$")  # words, or a classification code (30211)


def cell_label(frame: pd.DataFrame, label: int, column: str) -> str:
    """What a cell of row ``label`` is of: the text cells of its own column group (the right half of a side-by-side
    row: ``30211 差旅费`` for ``公用经费 > 决算数``), else the row's first two cells."""
    group = column.split(" > ")[0] if " > " in column else None
    columns = list(frame.columns)
    if group is not None:
        own = [c for c in columns[: columns.index(column)] if c.split(" > ")[0] == group]
        words = [str(frame.at[label, c]).strip() for c in own]
        words = [w for w in words if _LABEL_CELL.search(w)]
        if words:
            return " ".join(words[:2])
    return str(frame.loc[label].iloc[:2].astype(str).str.cat(sep=" ")).strip()


def highlight_cells(frame: pd.DataFrame, label: int | None, columns: list[str]) -> Styler:
    """A Styler that marks the cited cells of row ``label`` and, lightly, the rest of that row (the whole row
    when no cell is known)."""

    def paint(row: pd.Series) -> list[str]:
        if row.name != label:
            return ["" for _ in row]
        if not columns:
            return [HIGHLIGHT for _ in row]
        return [HIGHLIGHT if c in columns else ROW_TINT for c in row.index]

    return frame.style.apply(paint, axis=1)


def table_caption(table: dict[str, Any]) -> str:
    """``公开06表 一般公共预算… · 单位：万元`` (unit always stated)."""
    title = " ".join(p for p in (table.get("number", ""), table.get("title", "")) if p)
    if table.get("number") and table["number"] in table.get("title", ""):
        title = table["title"]
    unit = table.get("unit") or "原表未注明"
    return f"{title or '（无标题表格）'} · 单位：{unit}"


def find_table(document: dict[str, Any] | None, table_id: int | None) -> dict[str, Any] | None:
    """The table ``table_id`` of an index document record (list position, checked by id)."""
    if document is None or table_id is None:
        return None
    tables = document.get("tables") or []
    if 0 <= table_id < len(tables) and tables[table_id].get("table_id", table_id) == table_id:
        return tables[table_id]
    return next((t for t in tables if t.get("table_id") == table_id), None)


def sections(passages: Iterable[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """Passages grouped by consecutive section path: ``[("一、… > （一）…", [text, …]), …]``."""
    groups: list[tuple[str, list[str]]] = []
    for passage in passages:
        path = " > ".join(passage.get("section") or []) or "正文"
        if not groups or groups[-1][0] != path:
            groups.append((path, []))
        groups[-1][1].append(str(passage.get("text", "")))
    return groups


# ---------------------------------------------------------------- list / compare answers


_PUBLIC_COLUMNS = {"单位名称": "计量单位", "原文数值": "原文写法"}  # 单位名称 here is 万元/人, not an organisation
SHOWN_ORDER = ("单位", "原文写法", "年度", "类型", "项目", "数值", "计量单位", "出处")
_COUNT_UNITS = {"人", "名", "个", "项", "辆", "台", "套", "条", "次", "张", "", None}


def rows_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The per-document rows of a list/compare/rank/total answer, for display and CSV."""
    frame = pd.DataFrame(rows)
    if "年度" in frame:
        frame["年度"] = frame["年度"].map(lambda y: "" if y is None or pd.isna(y) else str(int(y)))
    if "数值" in frame:
        values = pd.to_numeric(frame["数值"], errors="coerce")
        whole = values.dropna()
        if len(whole) and (whole == whole.round()).all() and set(frame.get("单位名称", [])) <= _COUNT_UNITS:
            frame["数值"] = values.astype("Int64")  # 5 人, not 5.0
        elif "单位名称" in frame:  # 万元 with two decimals, as the documents print them (23.6129 → 23.61)
            in_wan = frame["单位名称"] == "万元"
            frame["数值"] = values.where(~in_wan, values.round(2))
    return frame.rename(columns=_PUBLIC_COLUMNS)


def _shown_number(value: Any, unit: Any) -> str:
    if value is None or pd.isna(value):
        return ""  # no number found: an empty cell, not "None"
    if unit in _COUNT_UNITS and float(value) == round(float(value)):
        return f"{int(value):,}"
    if unit in ("万元", "元", "亿元"):
        return f"{float(value):,.2f}"
    return f"{float(value):,.4g}"


def shown_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``rows_frame`` for the page: 数值 as people read it (23.61, 1,200, 5 人; blank where nothing was found)."""
    if "数值" not in frame:
        return frame
    units = frame["计量单位"] if "计量单位" in frame else pd.Series([None] * len(frame), index=frame.index)
    return frame.assign(数值=[_shown_number(v, u) for v, u in zip(frame["数值"], units, strict=True)])


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV that Excel opens correctly (UTF-8 with BOM)."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")
