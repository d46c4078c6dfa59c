"""Tables that web pages publish one cell per line, rebuilt as tab-separated rows.

A page copied from an HTML table often gives every cell its own line, with or without ``|`` marks (a ``|`` on a
line of its own between cells, or after each cell), and the header cells of a two-level header one after another.
Two shapes are common:

* **label / value pairs** — ``项目``, ``预算数``, then ``合计``, ``120.00``, ``公务接待费``, ``14.00`` …: a two-column
  table whose rows alternate label and value (a label followed by another label has a blank value);
* **headers, then values** — ``“三公”经费合计``, ``因公出国(境)费``, ``公务用车购置及运行费``, ``公务接待费``,
  ``小计``, ``公务用车运行费``, ``公务用车购置费``, then the numbers: one data row under the leaf columns, the
  cells after ``小计`` belonging to the header they share words with.

A run is rebuilt only when the numbers fit the columns exactly; otherwise its lines stay as they were.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s*(?:万元|元|%|％)?$")
_SENTENCE = re.compile(r"[，。；;,！？!?]")
_KEEP_SHORT = frozenset({"小计", "合计", "项目", "其中", "总计"})
MAX_CELL = 24
MIN_NUMBERS = 3


_CAPTION = re.compile(
    r"表(?:格)?$|^(?:金额)?单位\s*[：:]|^附[表件]|^[一二三四五六七八九十]+、|^(?:19|20)\d{2}$|^\d{4}\s*年\d"
)


def _cells(line: str) -> list[str] | None:
    """The cells of a line that may be one or two cells of a table (pipes dropped); None for other lines
    (and for a table's title or unit line, which a table starts after)."""
    if "\t" in line or _CAPTION.search(line.strip(" |｜")):
        return None
    parts = [p.strip() for p in re.split(r"[|｜]", line)]
    cells = [p for p in parts if p]
    if len(cells) > 2 or any(len(c) > MAX_CELL or _SENTENCE.search(c) for c in cells):
        return None
    if len(cells) == 2 and any(_NUMBER.match(c) for c in cells):
        return None  # "label | number" is an ordinary pipe row
    if len(cells) == 2 and "|" not in line and "｜" not in line:
        return None
    return cells


def _joined(tokens: list[str]) -> list[str]:
    """A header broken over two lines (公务 / 接待费) is one cell."""
    out: list[str] = []
    for token in tokens:
        fragment = out and len(out[-1]) <= 2 and out[-1] not in _KEEP_SHORT and not _NUMBER.match(out[-1])
        if fragment and not _NUMBER.match(token):
            out[-1] += token
            continue
        out.append(token)
    return out


def _overlap(a: str, b: str) -> int:
    return len(set(a) & set(b) - set("费支出经"))


def _leaves(headers: list[str], values: int) -> list[str] | None:
    """Column names (parent NUL child) for ``values`` numbers, or None when the headers cannot be fitted."""
    if len(headers) == values:
        return headers
    if "小计" not in headers:
        return None
    at = headers.index("小计")
    top, rest = headers[:at], headers[at + 1 :]
    if not top:
        return None
    parent = max(top, key=lambda h: sum(_overlap(h, r) for r in rest))
    children = ["小计"] + [r for r in rest if _overlap(parent, r) >= max(2, len(r) / 2)]
    after = [r for r in rest if r not in children]  # a top header written after the sub-headers (rowspan)
    leaves: list[str] = []
    for header in top + after:
        leaves += [f"{parent}\x00{c}" for c in children] if header == parent else [header]
    if len(leaves) == values + 1:  # the 小计 cell left blank
        leaves.remove(f"{parent}\x00小计")
    return leaves if len(leaves) == values else None


_COLUMN_NAME = re.compile(r"数|金额|[（(]万?元[）)]|^(?:预算|决算|执行)")
_LABEL_HEAD = re.compile(r"^(?:项\s*目|科目(?:名称)?|名\s*称|单位名称|指标)$")


def _label_rows(headers: list[str], rest: list[str]) -> list[str] | None:
    """项目 | 预算数 | 决算数 headers, then each label followed by its values (a label followed by another label has
    blank values): one row per label under as many value columns as the header names."""
    columns = 1
    while columns < len(headers) and _COLUMN_NAME.search(headers[columns]):
        columns += 1
    values = columns - 1
    if values < 1 or (not _LABEL_HEAD.match(headers[0]) and columns != 2):
        return None
    rows: list[list[str]] = [[label] for label in headers[columns:]]
    for token in (t for t in rest if t):
        if not _NUMBER.match(token):
            rows.append([token])
        elif rows and len(rows[-1]) <= values:
            rows[-1].append(token)
        else:
            return None  # a number with no label before it, or more numbers than columns
    if not rows:
        return None
    return ["\t".join(headers[:columns])] + ["\t".join(r + [""] * (columns - len(r))) for r in rows]


def _rebuild(tokens: list[str], measure: str) -> list[str] | None:
    tokens = _joined(tokens)
    first = next((k for k, t in enumerate(tokens) if _NUMBER.match(t)), None)
    if first is None:
        return None
    headers, rest = [t for t in tokens[:first] if t], tokens[first:]
    if any(t and not _NUMBER.match(t) for t in rest):  # labels among the numbers: a label, then its values
        return _label_rows(headers, rest)
    leaves = _leaves(headers, len(rest))
    if leaves is None:
        return None
    top = [leaf.split("\x00")[0] for leaf in leaves]
    below = [leaf.split("\x00")[1] if "\x00" in leaf else "" for leaf in leaves]
    header = ["\t".join(["项目", *top])] + (["\t".join(["", *below])] if any(below) else [])
    return [*header, "\t".join([measure, *rest])]


def rebuild_cell_lines(lines: list[str]) -> list[str]:
    """``lines`` with every run of one-cell-per-line table cells rewritten as tab-separated rows (the rows take the
    run's first lines; its other lines become blank, so line numbers stay)."""
    out = list(lines)
    k = 0
    while k < len(lines):
        if _cells(lines[k]) is None or not _cells(lines[k]):
            k += 1
            continue
        end, tokens = k, []
        numbers_carry_pipes = False
        while end < len(lines) and (cells := _cells(lines[end])) is not None:
            if cells and _NUMBER.match(cells[-1]) and re.search(r"[|｜]\s*$", lines[end]):
                numbers_carry_pipes = True
            if not cells and numbers_carry_pipes and re.fullmatch(r"\s*[|｜]\s*", lines[end]):
                cells = [""]  # "8.1 |" then "|": the last cell of the row is blank
            tokens += cells
            end += 1
        numbers = sum(bool(_NUMBER.match(t)) for t in tokens)
        headed = bool(tokens) and _LABEL_HEAD.match(tokens[0]) is not None  # 项目 / 预算数 / 合计 / 3.1 …
        if (numbers >= MIN_NUMBERS or (headed and numbers >= 1)) and len(tokens) >= numbers + 2:
            context = " ".join(lines[max(0, k - 4) : k])
            measure = "决算数" if "决算" in context else "预算数" if "预算" in context else "金额"
            rows = _rebuild(tokens, measure)
            if rows is not None and len(rows) <= end - k:
                out[k:end] = rows + [""] * (end - k - len(rows))
        k = max(end, k + 1)
    return out
