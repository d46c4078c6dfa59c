"""Every number a document states — table cells and amounts in prose — as tidy :class:`Figure` rows."""

from __future__ import annotations

import re
from dataclasses import asdict

import pandas as pd

from retrieval.ingest.facts import BARE_MEASURE, STAGE_TAIL
from retrieval.models import DocIdentity, Figure, ParsedDocument, Passage, Table, TableRow
from retrieval.subjects import LEVEL_MARK

_PROSE = re.compile(
    r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>亿元|千元|万元|元|万张|张|万人次|人次|批次|万人|人|名|%|％|万通|通|个|辆|台|项|条|批|分|万)"
)
_CELL = re.compile(r"^(?P<cmp>[≥≤<>=＝约]*)\s*(?P<num>-?\d[\d,]*(?:\.\d+)?)\s*(?P<unit>.{0,8})$")
_CHANGE_START = re.compile(
    r"^(?:比上年|较上年|上年(?:决算|预算|同期)?(?=增|减|多|少|下降|提高|降低)|同比|比去年|增加|减少|增长|下降|占)"
)
_DATE_UNIT = re.compile(r"^\s*(?:年\s*\d|年度|月|日|年$)")
_LABEL_CUT = re.compile(r"[，。；：、（）()！？,;:\n]")
_LABEL_TRIM_START = re.compile(r"^(?:包括|主要包括|主要用于|用于|比|较|和|及|与|万元|元)+")
_BARE_MEASURE = re.compile(r"^(?:年初预算数?|全年预算数?|调整预算数?|预算数|支出决算数?|决算数|全年执行数|执行数)$")
_SUBJECT = re.compile(r"^[\u4e00-\u9fff“”（）()]{2,20}$")  # a plain item name, no numbers
_WORD_BRACKETS = re.compile(r"[（(]([\u4e00-\u9fff]{1,2})[)）](?=[\u4e00-\u9fff])")
_CODE_IN_BRACKETS = re.compile(r"[（(]\s*\d{3,7}\s*[)）]\s*$")
_LABEL_TRIM_END = re.compile(r"(?:为|是|共有|共计|达到|达|约|均为)$")
_MONEY_WORDS = re.compile(r"费|支出|资金|经费|工资|收入|预算|金额|拨款|补贴|缴费|公积金")
_TO_YUAN = {"亿元": 1e8, "万元": 1e4, "千元": 1e3, "元": 1.0}


def money_unit(unit: str) -> str:
    """Normalise a written unit to 万元/元/亿元/千元 when it is money, else ""."""
    for name in ("亿元", "万元", "千元"):
        if name in unit:
            return name
    if unit.startswith("万/") or unit == "万":
        return "万元"
    if unit.startswith("元"):
        return "元"
    return ""


def to_number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


_COUNT_IN_BRACKETS = re.compile(r"[（(]\s*(人次|人|名|辆|个|批次|批|次|项|台|套|处|户|家)\s*[）)]$")


def column_unit(column: str) -> str:
    """Unit implied by a column header: (万元), (元), (人)/(辆)/(批) …, …率 → %, 得分/分值 → 分."""
    if re.search(r"[（(]\s*万元\s*[）)]", column):
        return "万元"
    if re.search(r"[（(]\s*元\s*[）)]", column):
        return "元"
    if count := _COUNT_IN_BRACKETS.search(column.strip()):
        return count.group(1)
    if column.endswith("率"):
        return "%"
    if re.search(r"得分|分值|总分", column):
        return "分"
    return ""


def label_unit(label: str) -> str:
    """A count's unit written in its row label: 公务用车保有量(辆), 编制数（人）."""
    count = _COUNT_IN_BRACKETS.search(label.strip())
    return count.group(1) if count else ""


def table_figures(identity: DocIdentity, table: Table, record: TableRow, chunk_id: str, context: str) -> list[Figure]:
    """Figures of one row record: one per numeric value cell."""
    figures = []
    for column, cell in record.values:
        match = _CELL.match(cell.strip())
        if not match or _DATE_UNIT.match(match.group("unit")):
            continue
        value = to_number(match.group("num"))
        unit = match.group("unit").strip() or column_unit(column) or label_unit(record.label) or record.unit
        money = money_unit(unit)
        full_column = f"{record.group} > {column}" if record.group and column else (record.group or column)
        figures.append(
            Figure(
                doc=identity.doc,
                org=identity.org,
                year=identity.year,
                kind=identity.kind,
                source="table",
                location=table.display_title,
                label=record.label,
                column=full_column,
                value_text=cell,
                unit=unit,
                value=value,
                value_yuan=value * _TO_YUAN[money] if money and value is not None else None,
                chunk_id=chunk_id,
                context=context,
                page=record.page,
            )
        )
    return figures


def _prose_label(text: str, start: int, floor: int) -> str:
    """The words before a number in its clause (``制卡费用为24.02万元`` → 制卡费用; a subject code in
    brackets is skipped: ``工资福利支出（301）69.42万元`` → 工资福利支出)."""
    before = _CODE_IN_BRACKETS.sub("", LEVEL_MARK.sub("", text[floor:start]))
    before = _WORD_BRACKETS.sub(r"〔\1〕", before)  # 因公出国（境）费 is one name: its brackets do not cut it
    pieces = [p.replace("〔", "（").replace("〕", "）") for p in _LABEL_CUT.split(before)]
    head = _trim_label(pieces[-1])
    if (
        len(head) < 4
        and len(pieces) > 1
        and before.rstrip().endswith(pieces[-1])
        and before[: -len(pieces[-1]) or None].endswith("、")
    ):
        head = _trim_label(pieces[-2] + "、" + pieces[-1])  # 收、支总计 — one item split by 、
    elif (
        _BARE_MEASURE.match(head)
        and len(pieces) > 1
        and _SUBJECT.match(pieces[-2].strip())
        and before[: -len(pieces[-1]) or None].endswith(("，", ","))
    ):
        head = pieces[-2].strip() + head  # 社会保障和就业支出，年初预算133.31万元
    return head


def _after_parts(text: str, floor: int, start: int) -> bool:
    """A change right after a 其中 list of two or more parts (…其中A 170 万元、B 0 万元，较上年减少…) is the whole's."""
    clause_start = max(text.rfind(c, 0, start) for c in "；;。") + 1
    parts = text.rfind("其中", clause_start, start)
    return parts >= 0 and len(_PROSE.findall(text[parts:floor])) >= 2


def _trim_label(head: str) -> str:
    head = _LABEL_TRIM_START.sub("", head.strip("、 "))
    previous = None
    while previous != head:
        previous, head = head, _LABEL_TRIM_END.sub("", head).strip()
    return head


def prose_figures(identity: DocIdentity, passage: Passage, chunk_id: str) -> list[Figure]:
    """Amounts stated in a passage (``X 万元``, ``X 元``, ``X 万张``, ``X 人``, ``X%`` …)."""
    figures = []
    text = passage.text
    floor = 0
    subject = ""
    head = ""  # the first item of the clause (…收入 170 万元，其中 A 170 万元、B 0 万元，较上年减少 3.41 万元)
    for match in _PROSE.finditer(text):
        before = text[max(0, match.start() - 1) : match.start()]
        if before.isdigit() or before in ".,":
            continue
        after = text[match.end() : match.end() + 1]
        unit = match.group("unit")
        if unit == "万" and after in "元张人通":
            continue
        label = _prose_label(text, match.start(), floor)
        counted = _COUNTED_NOUN.match(text, match.end()) if unit in _COUNT_WORDS else None
        if counted:  # 7个街办、29个社区，合计共39个信息网点: what is counted follows the number
            listed = "、" in text[floor : match.start()] or len(label) <= 2
            label = counted.group(1) if listed else f"{label}{counted.group(1)}"
        if re.search(r"[；;。]", text[floor : match.start()]) or not floor:
            head = label
        if _CHANGE_START.match(label) and subject:  # 较上年减少1.20万元 → 培训费预算支出较上年减少
            label = (head if _after_parts(text, floor, match.start()) and head else subject) + label
        elif label and not BARE_MEASURE.match(label):  # 完成年初预算的 99.21% names no item to carry
            subject = STAGE_TAIL.sub("", label) or label
        floor = match.end()
        if unit in ("个", "项", "条", "分") and after in "月年日":
            continue
        if unit == "万" and not _MONEY_WORDS.search(label + text[max(0, match.start() - 30) : match.start()]):
            money = ""
        else:
            money = money_unit(unit)
        value = to_number(match.group("num"))
        sentence_start = max(text.rfind("。", 0, match.start()) + 1, 0)
        sentence_end = text.find("。", match.end())
        figures.append(
            Figure(
                doc=identity.doc,
                org=identity.org,
                year=identity.year,
                kind=identity.kind,
                source="text",
                location=passage.location,
                label=label,
                column="",
                value_text=match.group("num"),
                unit=unit,
                value=value,
                value_yuan=value * _TO_YUAN[money] if money and value is not None else None,
                chunk_id=chunk_id,
                context=text[sentence_start : sentence_end + 1 if sentence_end >= 0 else None],
                page=passage.page,
                at=match.start() - sentence_start,
            )
        )
    return figures


FIGURE_COLUMNS = [
    "doc",
    "org",
    "year",
    "kind",
    "source",
    "location",
    "label",
    "column",
    "value_text",
    "unit",
    "value",
    "value_yuan",
    "chunk_id",
    "context",
    "page",
    "item",
    "code",
    "role",
    "period",
    "basis",
    "direction",
    "at",
]


_COUNT_WORDS = ("个", "项", "辆", "台", "条")
_COUNTED_NOUN = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?=[、，,。；;）)]|$|和|及|等|的)")
_WRITTEN = re.compile(r"[\u4e00-\u9fff].*\d|\d.*[\u4e00-\u9fff]")


_PLANNED_CELL = re.compile(r"目标|计划|预期|任务|绩效指标")
_DONE_CELL = re.compile(r"实际|完成情况|完成值|执行")


def written_cells(record: TableRow, title: str) -> list[tuple[str, bool]]:
    """Cells of a table row that are sentences with numbers in them (a goal, a note), not values or names, each
    with whether it states a plan: the row is a goal (年度目标), or the row's first cell in a performance table
    (绩效目标表 / 自评表: the goal, its attributes say what was done), or its column is one (预期目标)."""
    row_planned = bool(_PLANNED_CELL.search(record.name)) or "绩效" in title
    cells = [(record.name, row_planned), *((v, False) for _, v in record.attributes)]
    for column, value in record.values:
        planned = bool(_PLANNED_CELL.search(column)) or (row_planned and not _DONE_CELL.search(column))
        cells.append((value, planned))
    return [(c, p) for c, p in cells if len(c) >= 15 and _WRITTEN.search(c) and not _CELL.match(c.strip())]


def figures_frame(docs: list[ParsedDocument]) -> pd.DataFrame:
    """All figures of all documents as one DataFrame (one row per stated number)."""
    rows = [asdict(f) for d in docs for f in d.figures]
    frame = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    return frame.astype({"year": "Int64"})
