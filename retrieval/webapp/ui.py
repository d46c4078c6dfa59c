"""Pure helpers for the Streamlit app: escaping, tables around a cited row, charts, chat turns, uploads.

Nothing here imports Streamlit, so every helper is unit-testable; ``app.py`` and ``pages/`` only draw.
"""
from __future__ import annotations

import dataclasses
import hmac
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Iterable

import pandas as pd
from pandas.io.formats.style import Styler

from retrieval.answer.records import Answer
from retrieval.answer.engine import Filters
from retrieval.models import DocIdentity
from retrieval.answer.query import ParsedQuery
from retrieval.ingest.table_rows import header_paths

HIGHLIGHT = "background-color: #ffe08a; color: #1f1f1f; font-weight: 600"
UPLOAD_SUFFIXES = (".pdf", ".docx", ".xlsx", ".xls", ".txt", ".md", ".html", ".htm")
MAX_NAME_CHARS = 100
ERROR_TEXT = "抱歉，回答这个问题时出错了。请换个说法再试一次，或稍后再试。"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~$:=-])")
_LINE_START_NUMBER = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_NAME_KEEP = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff._-]")


# ---------------------------------------------------------------- safe text

def escape_md(text: Any) -> str:
    """Text that Streamlit's markdown shows literally: HTML as entities, markdown specials escaped."""
    value = "" if text is None else str(text)
    value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = _LINE_START_NUMBER.sub(r"\1\\\2", value)
    return value.replace("\r\n", "\n").replace("\n", "  \n")


# ---------------------------------------------------------------- tables

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


def highlight_row(frame: pd.DataFrame, label: int | None) -> Styler:
    """A Styler that marks the row whose index label is ``label``."""
    def paint(row: pd.Series) -> list[str]:
        return [HIGHLIGHT if row.name == label else "" for _ in row]

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

def rows_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The per-document rows of a list/compare/rank/total answer, for display and CSV."""
    frame = pd.DataFrame(rows)
    if "年度" in frame:
        frame["年度"] = frame["年度"].map(lambda y: "" if y is None or pd.isna(y) else str(int(y)))
    return frame


def chart_frame(rows: list[dict[str, Any]]) -> tuple[pd.DataFrame, str]:
    """Bars for the rows that have a number in the most common unit: columns 对象, 类型, 数值, 原文数值.

    Returns the frame (may be empty) and the unit of 数值.
    """
    frame = pd.DataFrame(rows)
    if frame.empty or "数值" not in frame:
        return pd.DataFrame(columns=["对象", "类型", "数值", "原文数值"]), ""
    frame = frame[frame["数值"].notna()]
    units = Counter(frame.get("单位名称", pd.Series(dtype=str)).fillna(""))
    unit = units.most_common(1)[0][0] if units else ""
    if "单位名称" in frame:
        frame = frame[frame["单位名称"].fillna("") == unit]

    def label(row: pd.Series) -> str:
        year = f"{int(row['年度'])}年" if pd.notna(row.get("年度")) else ""
        return f"{row.get('单位', '')}（{year}{row.get('类型', '') or ''}）"

    out = pd.DataFrame({"对象": [label(r) for _, r in frame.iterrows()],
                        "类型": [str(r.get("类型") or "不详") for _, r in frame.iterrows()],
                        "数值": frame["数值"].astype(float).tolist(),
                        "原文数值": [str(r.get("原文数值") or "") for _, r in frame.iterrows()]})
    return out, unit


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV that Excel opens correctly (UTF-8 with BOM)."""
    return frame.to_csv(index=False).encode("utf-8-sig")


# ---------------------------------------------------------------- headline figure

@dataclass
class Headline:
    """The main figure of an answer, shown big: label, value and a short note."""

    label: str
    value: str
    note: str = ""


_LOOKUP = re.compile(r"：(?P<what>[^：。]+?)为 (?P<value>[^。]+)。")
_TOTAL = re.compile(r"^合计 (?P<value>[^（。\s]+)")
_RANK = re.compile(r"^(?P<who>[^：]+?)(?P<word>最多|最少|更多|更少)：(?P<what>.+?) (?P<value>[^\s。]+)。")
_DIFF = re.compile(r"）(?P<word>多|少) (?P<value>[^（\s]+)（")


def _split_note(value: str) -> tuple[str, str]:
    match = re.match(r"^(?P<main>[^（]+)（(?P<note>.*)）$", value.strip())
    return (match.group("main").strip(), match.group("note")) if match else (value.strip(), "")


def headline(text: str, intent: str) -> Headline | None:
    """Pick the figure an answer is about out of its composed text (None when there is none)."""
    if intent == "total" and (m := _TOTAL.search(text)):
        return Headline("合计", m.group("value"))
    if intent in ("rank", "compare") and (m := _RANK.search(text)):
        main, note = _split_note(m.group("value"))
        return Headline(f"{m.group('who')}{m.group('word')}：{m.group('what')}", main, note)
    if intent == "difference" and (m := _DIFF.search(text)):
        return Headline("相差", f"{m.group('word')} {m.group('value')}")
    if intent in ("lookup", "") and (m := _LOOKUP.search(text)):
        main, note = _split_note(m.group("value"))
        if m.group("what").endswith("编码"):
            return Headline("科目编码", main)
        if re.search(r"\d", main):
            return Headline(m.group("what"), main, note)
    return None


# ---------------------------------------------------------------- chat turns

def turn_from_answer(answer: Answer) -> dict[str, Any]:
    """A JSON-able record of one answered question (what session state keeps)."""
    return {"question": answer.question, "answer": answer.answer, "found": answer.found, "intent": answer.intent,
            "phrasing": answer.phrasing, "error": False,
            "sources": [dataclasses.asdict(s) for s in answer.sources],
            "rows": [dict(r) for r in answer.rows],
            "query": dataclasses.asdict(answer.query) if answer.query is not None else None}


def error_turn(question: str, text: str = ERROR_TEXT) -> dict[str, Any]:
    """A turn that only carries a friendly message (the engine failed)."""
    return {"question": question, "answer": text, "found": False, "intent": "none", "phrasing": "composed",
            "error": True, "sources": [], "rows": [], "query": None}


def previous_query(turns: list[dict[str, Any]]) -> ParsedQuery | None:
    """The parsed query of the last turn that has one (for follow-up questions)."""
    for turn in reversed(turns):
        if turn.get("query"):
            fields = {f.name for f in dataclasses.fields(ParsedQuery)}
            return ParsedQuery(**{k: v for k, v in turn["query"].items() if k in fields})
        if turn.get("error"):
            return None
    return None


# ---------------------------------------------------------------- corpus and filters

def corpus_rows(identities: dict[str, DocIdentity], manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """One record per indexed document: organisation, year, kind and counts."""
    counts = {f["file"]: f for f in manifest.get("files", [])}
    out = []
    for doc, ident in identities.items():
        entry = counts.get(doc, {})
        out.append({"单位": ident.org, "年度": ident.year, "类型": ident.kind or "不详",
                    "段落": entry.get("passages", 0), "表格": entry.get("tables", 0),
                    "表行": entry.get("rows", 0), "数字": entry.get("figures", 0), "文件": doc})
    return out


def doc_title(identity: DocIdentity) -> str:
    """``忻州市社会保障卡服务中心｜2023年决算`` (``年度不详`` when the year is unknown)."""
    year = f"{identity.year}年" if identity.year else "年度不详"
    return f"{identity.org}｜{year}{identity.kind or ''}"


def make_filters(identities: dict[str, DocIdentity], orgs: list[str], years: list[int],
                 kinds: list[str]) -> Filters | None:
    """Sidebar choices as engine Filters (None when nothing is chosen)."""
    if not (orgs or years or kinds):
        return None
    docs = [d for d, i in identities.items() if i.org in orgs] if orgs else []
    return Filters(docs=docs, years=list(years), kinds=list(kinds))


def allowed_docs(identities: dict[str, DocIdentity], filters: Filters | None) -> list[str]:
    """Documents a question may be answered from under ``filters``."""
    if filters is None:
        return list(identities)
    return [d for d, i in identities.items()
            if (not filters.docs or d in filters.docs) and (not filters.years or i.year in filters.years)
            and (not filters.kinds or i.kind in filters.kinds)]


# ---------------------------------------------------------------- admin uploads

def sanitize_filename(name: str) -> str:
    """Keep only the last path part and CJK/ASCII letters/digits/``._-``; no leading dots."""
    base = PurePosixPath(unicodedata.normalize("NFC", str(name)).replace("\\", "/")).name
    base = _NAME_KEEP.sub("", base)
    base = re.sub(r"\.{2,}", ".", base).lstrip(".-")
    if len(base) > MAX_NAME_CHARS:
        stem, dot, suffix = base.rpartition(".")
        base = (stem[:MAX_NAME_CHARS - len(suffix) - 1] + dot + suffix) if dot and len(suffix) <= 5 \
            else base[:MAX_NAME_CHARS]
    return base


def check_upload(name: str, size: int, max_bytes: int) -> str:
    """Why an upload is refused (one line), or ""."""
    clean = sanitize_filename(name)
    if not clean or "." not in clean or clean.rpartition(".")[0] == "":
        return "文件名无效：请使用包含中文、字母或数字的文件名。"
    if not clean.lower().endswith(UPLOAD_SUFFIXES):
        return f"不支持的文件类型，请上传 {'/'.join(s.lstrip('.') for s in UPLOAD_SUFFIXES)} 文件。"
    if size > max_bytes:
        return f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {max_bytes / 1024 / 1024:.0f} MB。"
    if size == 0:
        return "文件是空的。"
    return ""


def password_ok(given: str | None, expected: str | None) -> bool:
    """Constant-time comparison; admin mode needs a configured, non-empty password."""
    if not expected or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
