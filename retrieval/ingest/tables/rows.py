"""Interpret the rows of one table block: header rows, header paths, column roles, row records.

Handles multi-row headers (spanning cells, 栏次 rows), side-by-side column groups (收入|支出 in one
row, four 科目代码/科目名称/决算数 groups) and form-like tables whose headers sit between rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.models import TableRow

NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:%|％|万元|元)?$")  # 44万元: a cell may carry its unit
_CODE = re.compile(r"^\d{3,}$")
_DASHES = re.compile(r"^[—\-－/／]+$")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计|小\s*计)")
_SKIP_HEADER = ("行次", "栏次")
_CODE_HEADER = ("编码", "代码", "编号")
_LABEL_HEADER = ("名称", "项目", "科目", "指标")
MAX_HEADER_ROWS = 4


def is_number(cell: str) -> bool:
    return bool(NUMBER.match(cell.strip()))


def _is_column_numbering(row: list[str]) -> bool:
    """A 栏次 row: ``栏次 | | 1 | 2 | 3`` or bare ``1 | 2 | 3 …``."""
    cells = [c for c in row if c]
    if not cells:
        return False
    if cells[0] == "栏次":
        return True
    numbers = [c for c in cells if c.isdigit()]
    return len(numbers) == len(cells) >= 3 and [int(c) for c in numbers] == list(range(1, len(numbers) + 1))


def _is_data_row(row: list[str]) -> bool:
    cells = [c for c in row if c]
    if not cells:
        return False
    header_lead = any(h in row[0] for h in _LABEL_HEADER)  # 项目 | 合计 | 因公出国…: 合计 names a column
    if not header_lead and any(re.match(r"^(?:合\s*计|总\s*计)$", c) for c in row[:2]):
        return True
    return not _is_column_numbering(row) and any(is_number(c) for c in cells)


_FORM_TITLE = re.compile(r"绩效|自评|申报表")


def _plausible_header(row: list[str]) -> bool:
    """Header cells are short names (``其中：…`` allowed), not ``key: value`` pairs or sentences."""
    cells = [re.sub(r"^其中[:：]", "", c) for c in row if c]
    return all(len(c) <= 25 and not re.search(r"[:：]", c) for c in cells)


def split_header(rows: list[list[str]], title: str = "") -> tuple[list[list[str]], list[list[str]]]:
    """Split a table body into (header rows, data rows). Form-like tables (绩效目标表 …, whose
    headers sit between rows) get no header rows."""
    if _FORM_TITLE.search(title):
        return [], rows
    for i, row in enumerate(rows):
        if _is_data_row(row):
            if i > MAX_HEADER_ROWS or not all(_plausible_header(r) for r in rows[:i]):
                return [], rows
            if i == 0 and len(rows) > 1 and not any(is_number(c) for c in rows[0] if c):
                return rows[:1], rows[1:]
            return rows[:i], rows[i:]
    if len(rows) > 1:
        return rows[:1], rows[1:]
    return [], rows


def header_paths(header_rows: list[list[str]], ncols: int) -> list[list[str]]:
    """Header path of every column; a blank header cell inherits a spanning cell from its left."""
    rows = [r + [""] * (ncols - len(r)) for r in header_rows if not _is_column_numbering(r)]
    filled: list[list[str]] = []
    for r, row in enumerate(rows):
        out, last = [], ""
        for j, cell in enumerate(row):
            if cell:
                last = cell
                out.append(cell)
            else:
                spans = any(lower[j] for lower in rows[r + 1 :])
                out.append(last if spans else "")
        filled.append(out)
    paths = []
    for j in range(ncols):
        path: list[str] = []
        for row in filled:
            if row[j] and (not path or path[-1] != row[j]):
                path.append(row[j])
        paths.append(path)
    return paths


@dataclass
class ColumnGroup:
    """Columns that together describe one item: code/label columns then value columns."""

    name: str
    code_cols: list[int]
    label_cols: list[int]
    value_cols: list[int]
    note_cols: list[int]


def column_roles(paths: list[list[str]], data_rows: list[list[str]]) -> list[str]:
    """Role of each column: ``skip`` (行次), ``code``, ``label`` or ``value``."""
    roles = []
    for j, path in enumerate(paths):
        head = "".join(path)
        cells = [row[j] for row in data_rows if j < len(row) and row[j]]
        numeric = sum(is_number(c) for c in cells)
        if any(h in (path[-1] if path else "") for h in _SKIP_HEADER):
            roles.append("skip")
        elif any(h in head for h in _CODE_HEADER):
            roles.append("code")
        elif not cells:
            roles.append("label" if any(h in (path[-1] if path else "") for h in _LABEL_HEADER) else "value")
        elif numeric / len(cells) >= 0.5 or all(c in ("——", "—", "-", "/") or is_number(c) for c in cells):
            roles.append("value")
        elif all(_CODE.match(c) for c in cells):
            roles.append("code")
        else:
            roles.append("label")
    return roles


def column_groups(roles: list[str], paths: list[list[str]]) -> list[ColumnGroup]:
    """Split columns into side-by-side groups; a group starts at a code/label after a value."""
    raw: list[list[int]] = []
    for j, role in enumerate(roles):
        starts_new = role in ("code", "label") and raw and any(roles[k] == "value" for k in raw[-1])
        if not raw or starts_new:
            raw.append([])
        raw[-1].append(j)
    merged: list[list[int]] = []
    for cols in raw:
        if merged and not any(roles[k] == "value" for k in cols):
            merged[-1].extend(cols)  # trailing 备注 / 项目简介 columns: notes of the group before
        else:
            merged.append(cols)
    groups = []
    for cols in merged:
        first = paths[cols[0]] if cols and paths[cols[0]] else []
        value_cols = [k for k in cols if roles[k] == "value"]
        last_value = max(value_cols) if value_cols else -1
        labels = [k for k in cols if roles[k] == "label"]
        groups.append(
            ColumnGroup(
                name=first[0] if len(merged) > 1 and len(first) > 1 else "",
                code_cols=[k for k in cols if roles[k] == "code"],
                label_cols=[k for k in labels if k < last_value or not value_cols],
                value_cols=value_cols,
                note_cols=[k for k in labels if value_cols and k > last_value],
            )
        )
    label_heads = [paths[cols[0]][-1] if cols and paths[cols[0]] else "" for cols in merged]
    for group, head in zip(groups, label_heads):
        same_top = [h for g, h in zip(groups, label_heads) if g.name == group.name]
        if group.name and len(same_top) > 1 and len(set(same_top)) == len(same_top) and head != group.name:
            group.name = f"{group.name}·{head}"  # 支出·支出功能分科目 vs 支出·部门预算支出经济科目
    return groups


def _cell(row: list[str], j: int) -> str:
    return row[j] if j < len(row) else ""


def _path_text(path: list[str], group: str) -> str:
    trimmed = path[1:] if group and path and group.split("·")[0] == path[0] else path
    return " > ".join(trimmed)


def _group_record(row: list[str], group: ColumnGroup, paths: list[list[str]]) -> tuple[str, str, list, list]:
    codes = [_cell(row, k) for k in group.code_cols if _cell(row, k)]
    labels = [(k, _cell(row, k)) for k in group.label_cols if _cell(row, k)]
    name = labels[0][1] if labels else ""
    attributes = [(_path_text(paths[k], group.name) or "说明", v) for k, v in labels[1:]]
    attributes += [
        (_path_text(paths[k], group.name) or "说明", _cell(row, k)) for k in group.note_cols if _cell(row, k)
    ]
    if len(codes) > 1 and re.fullmatch(r"\d{3}", codes[0]) and all(re.fullmatch(r"\d{2}", c) for c in codes[1:]):
        codes = ["".join(codes)]  # 类 | 款 | 项 written in three columns: 208 | 05 | 05 is 2080505
    if len(codes) > 1:
        code_heads = [_path_text(paths[k], group.name) for k in group.code_cols if _cell(row, k)]
        attributes = list(zip(code_heads[1:], codes[1:])) + attributes
    values = [
        (_path_text(paths[k], group.name), _cell(row, k))
        for k in group.value_cols
        if _cell(row, k) and not _DASHES.match(_cell(row, k))
    ]
    return (codes[0] if codes else ""), name, values, attributes


def row_records(
    doc: str, table_id: int, unit: str, header_rows: list[list[str]], data_rows: list[list[str]], ncols: int
) -> list[TableRow]:
    """One :class:`TableRow` per row and column group (form rows: one per row)."""
    if not header_rows:
        return _form_records(doc, table_id, unit, data_rows)
    paths = header_paths(header_rows, ncols)
    roles = column_roles(paths, data_rows)
    groups = column_groups(roles, paths)
    records: list[TableRow] = []
    names_by_code: dict[str, str] = {}
    for index, row in enumerate(data_rows):
        parts = [(g, *_group_record(row, g, paths)) for g in groups]
        parts = [p for p in parts if p[1] or p[2] or p[3]]
        orphan = any(values and not (code or name) for _, code, name, values, _ in parts)
        if orphan and len(parts) > 1:  # values whose label sits in another group: keep the row whole
            names = [f"{c} {n}".strip() for _, c, n, _, _ in parts if c or n]
            values = [((f"{g.name} > {h}" if g.name else h), v) for g, _, _, vals, _ in parts for h, v in vals]
            parts = [(ColumnGroup("", [], [], [], []), "", " / ".join(names), values, [])]
        for group, code, name, values, attributes in parts:
            if not (code or name or values):
                continue
            if code:
                names_by_code[code] = name
            parent = (
                next((names_by_code[code[:n]] for n in range(len(code) - 1, 2, -1) if code[:n] in names_by_code), "")
                if code
                else ""
            )
            records.append(
                TableRow(
                    doc=doc,
                    table_id=table_id,
                    row_index=index,
                    group=group.name,
                    code=code,
                    name=name,
                    values=values,
                    attributes=attributes,
                    parent=parent,
                    unit=unit,
                )
            )
    return records


_VALUEISH = re.compile(r"^[≥≤<>=＝约]*\s*-?\d[\d,]*(?:\.\d+)?\s*[%％]?\s*[\u4e00-\u9fff/（）()A-Za-z]{0,4}$")
_DATEISH = re.compile(r"^\d{4}\s*年(?:度|\d|$)|\d+月")
_SYMBOLS = re.compile(r"^[≥≤<>=＝%％/\\\-—.…]+$")
_UNIT_SCOPE = re.compile(r"[（(]\s*(万元|元)\s*[）)]")


_CODE_LABEL = re.compile(r"^\d{3,7}\s*[\u4e00-\u9fff]{3,}")


def is_valueish(cell: str) -> bool:
    """A number, possibly with a comparator and an inline unit (``≥97%``, ``4.8万张数``, ``3 条``)."""
    cell = cell.strip()
    if _CODE_LABEL.match(cell):
        return False  # 30101 基本工资: a subject code and its name, not a number with a unit
    return bool(_VALUEISH.match(cell)) and not _DATEISH.search(cell)


_NOTE_HEADER = re.compile(r"偏差|原因|备注|说明|分析")


def _aligned(values: list[str], header: list[str]) -> list[tuple[str, str]]:
    """Pair a form row's values with the header row above it, aligned from the right (the left of
    such rows holds label columns whose count varies). Unalignable rows keep blank headers."""
    header = list(header)
    if header and is_valueish(values[-1]) and _NOTE_HEADER.search(header[-1]):
        header.pop()  # the trailing 备注/偏差原因 column is empty in this row
    if not header or len(header) < len(values):
        return [("", v) for v in values]
    return list(zip(header[len(header) - len(values) :], values))


_NAME_HEADER = re.compile(r"名称|^项目$|^科目$")


def _position_aligned(row: list[str], value_cols: list[int], header_row: list[str]) -> bool:
    """Whether a header row above has a cell over every value of this row (so columns pair by position)."""
    return bool(header_row) and all(_cell(header_row, j) for j in value_cols)


def _form_records(doc: str, table_id: int, unit: str, rows: list[list[str]]) -> list[TableRow]:
    """Form-like tables (绩效目标表 …), whose headers sit between rows: the label is the text cell
    just before the first value (or the cell under a 名称 header: 任务名称 over 主要内容); a row of bare numbers
    takes an aligned header row above it."""
    records: list[TableRow] = []
    previous: list[str] = []
    context_header: list[str] = []
    header_rows: list[list[str]] = []  # the header rows met so far, latest last
    scope_unit = ""
    for index, row in enumerate(rows):
        cells = [(j, c) for j, c in enumerate(row) if c]
        first = _cell(row, 0)
        scope = _UNIT_SCOPE.search(" ".join(c for _, c in cells[:2]))
        if scope:
            scope_unit = scope.group(1)
        elif first and not _TOTAL.match(first):
            scope_unit = ""
        positions = [k for k, (_, c) in enumerate(cells) if is_valueish(c)]
        attributes: list[tuple[str, str]] = []
        if not positions:
            if len(cells) >= 3:  # a header row (or a key-value row, after which no header applies)
                plain = [re.sub(r"[（(].*?[）)]|^\d{4}年", "", c) for _, c in cells]
                is_header = all(len(c) <= 20 and not re.search(r"\d", p) for (_, c), p in zip(cells, plain))
                context_header = [c for _, c in cells] if is_header else []
                header_rows = (header_rows + [row])[-2:] if is_header else []
                stated = _UNIT_SCOPE.search(" ".join(c for _, c in cells)) if is_header else None
                scope_unit = stated.group(1) if stated else scope_unit  # 预算金额(万元) over 总额 | 财政拨款
            name, values = (cells[0][1] if cells else ""), []
            attributes = [("", c) for _, c in cells[1:]]
        else:
            k = positions[0]
            aligned = (
                previous
                and not any(is_valueish(c) for c in previous if c)
                and all(_cell(previous, j) for j, _ in cells[k:])
            )
            if k == 0 and aligned:
                name = next((c for c in previous if c), "")
                values = [(_cell(previous, j), c) for j, c in cells]
            else:
                texts = [m for m in range(k) if not _SYMBOLS.match(cells[m][1])]
                named = [m for h in reversed(header_rows) for m in texts if _NAME_HEADER.search(_cell(h, cells[m][0]))]
                at = named[0] if named else (texts[-1] if texts else -1)
                name = cells[at][1] if at >= 0 else ""
                value_cols = [j for j, _ in cells[k:]]
                over = header_rows[-1] if header_rows else []
                if _position_aligned(row, value_cols, over):
                    values = [(_cell(over, j), c) for j, c in cells[k:]]
                else:
                    values = _aligned([c for _, c in cells[k:]], context_header)
                if named:  # 任务名称 | 主要内容: the other text cells are attributes under their own headers
                    heads = {
                        m: next((_cell(h, cells[m][0]) for h in reversed(header_rows) if _cell(h, cells[m][0])), "")
                        for m in texts
                        if m != at
                    }
                    attributes = [(heads[m] or "说明", cells[m][1]) for m in texts if m != at]
                else:
                    context = [cells[m][1] for m in texts[:-1]]
                    attributes = [("上级", " / ".join(context))] if context else []
        if name or values:
            records.append(
                TableRow(
                    doc=doc,
                    table_id=table_id,
                    row_index=index,
                    group="",
                    code="",
                    name=name,
                    values=values,
                    attributes=attributes,
                    unit=scope_unit or unit,
                )
            )
        previous = row
    return records
