"""What each stated figure *is*, decided once when the document is read.

Every :class:`~retrieval.models.Figure` gets its item (a clean name and the national classification code where the
row prints one or its name identifies one), its role (level, change, share, rate, target, score, quota, headcount,
count), its period (本年/上年/年初/调整/全年), its basis (what its column means) and, for changes, their direction.
The answer layer matches questions against these slots instead of re-reading labels.
"""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval import slots, subjects
from retrieval.models import Figure
from retrieval.orgs import short_names
from retrieval.subjects import LEVEL_MARK

_CODE = re.compile(r"^\s*[\[【]?\d{3,7}[\]】]?(?![\d.年%])\s*")  # 30101 基本工资, [208]…; not 2024年…
NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十廿]+[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d{1,2}\s*[、.．](?!\d))"
)
_SUB_ITEM = re.compile(r"^其中[:：]?")
_YEAR_PREFIX = re.compile(r"^(?:20\d{2}\s*年度?|本单位|本部门|我单位|本年度)+")
_TOTAL = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|资金总额:?|本年(?:收入|支出)合计)$")
_TOTAL_COLUMNS = re.compile(r"^(?:合计|总计|小计|金额|预算数|决算数|项目金额|指标值|统计数)")
# A column that says which figure of the row a cell is, not what it is of: 2023年预算数, 本年决算数, 增、减金额
MEASURE_COLUMN = re.compile(
    r"^(?:(?:\d{4}\s*[-—年]?\s*度?)?(?:本年|上年|年初|全年)?(?:预算|决算|执行)数?|增、?减(?:金额|幅度|额|率)|金额)$"
)
_TITLE_TAIL = re.compile(r"(?:情况)?(?:统计|汇总)?(?:表|情况)$")
# The words of a stated change that say how it changed, not what changed: 较上年减少 / 比2017年预算减少…下降
CHANGE_WORDS = re.compile(
    r"(?:比|较|与|同|跟)?(?:上年|去年|上一年|年初|\d{4}\s*年度?)?(?:预算数?|决算数?|执行数)?(?:相比)?"
    r"(?:增加|减少|增长|下降|上升|降低|持平)+$"
)
_TWO_DIRECTIONS = re.compile(r"(增加|减少)(增长|下降|上升|降低)$")
_LIST_MARK = re.compile(r"[。；;]|(?<![\d.])\d{1,2}[.、．](?!\d)|[（(][一二三四五六七八九十\d]{1,2}[)）]")
_COMPARED = re.compile(r"^(?:\d{4}\s*年度?)?(?:上年|年初)?(?:预算数?|决算数?)?$")
_DOWN = re.compile(r"减少|下降|降低|减|少|节约")
_UP = re.compile(r"增加|增长|提高|上升|增|多")
_COLUMN_ROLES = ("change", "change_pct", "score", "rate")  # roles a column header alone can give a cell
# A label that is only a measure word names no item (完成年初预算的 99.21%, 年初预算, 得分): the item is the
# subject of its sentence or its heading.
BARE_MEASURE = re.compile(
    r"^(?:完成了?(?:年初|全年)?预算的?|占.{0,12}的?|占比|比重|增长|下降|增加|减少|执行率|完成率"
    r"|年初预算数?|全年预算数?|支出决算数?|决算数|预算数|金额|(?:自评)?得分|分值)$"
)


# A budget stage written after an item (社会保障和就业支出年初预算, 卫生健康支出支出决算): the stage is the figure's
# basis, the words before it its item.
STAGE_TAIL = re.compile(
    r"(?<=.{2})(?:年初预算数?|全年预算数?|调整预算数?|支出决算数?|决算数|预算数|(?:(?<=支出)|(?<=收入)|(?<=经费))预算)$"
)  # …支出年初预算 / …支出预算 (not the 预算 of 一般公共预算)


def clean_label(label: str) -> str:
    """``30101 基本工资`` → ``基本工资``; ``九、其他收入`` → ``其他收入``; ``2022年度收入合计`` → ``收入合计``."""
    label = _CODE.sub("", label.strip())
    label = NUMBERING.sub("", _SUB_ITEM.sub("", label)).strip()
    return _YEAR_PREFIX.sub("", label).strip()


def item_of(label: str, column: str, location: str) -> str:
    """What a figure is of: its row label, or for a total row the column (人员经费支出合计) or table title."""
    name = clean_label(label)
    last = column.split(" > ")[-1]
    if re.fullmatch(r"[合总小]计", name) and MEASURE_COLUMN.match(last):
        # the total of a table whose columns are its figures (2023年预算数 | 增、减金额): the table's total
        title = _TITLE_TAIL.sub("", _YEAR_PREFIX.sub("", NUMBERING.sub("", location.split(" > ")[-1])))
        return f"{title}{name}" if title else name
    if re.fullmatch(r"[合总小]计", name) and last and not _TOTAL_COLUMNS.match(last) and not _TOTAL.match(last):
        return f"{last}{name}"
    return name or last or location.split(" > ")[-1]


def sentence_subject(sentence: str) -> str:
    """What a sentence is about: its words before the first number or verb (``2022年一般公共预算财政拨款
    支出年初预算为93.81万元`` → 一般公共预算财政拨款支出)."""
    text = re.sub(r"^(?:其中[:：]?|本单位|本部门|单位)", "", NUMBERING.sub("", sentence.strip()))
    text = re.sub(r"^\d{4}\s*年度?", "", text)
    head = re.split(r"\d|[，,：:；;]|为|是|年初预算|支出决算|决算数|预算数", text, maxsplit=1)[0].strip()
    return head if 2 <= len(head) <= 20 else ""


def _subject_of(lead: str, sentence: str, location: str) -> str:
    """What a bare measure (占比 95.36%, 年初预算为0万元) is of: the subject of its own clause in a list
    (…：社会保障和就业支出(类)141.19万元，占比95.36%；…), else of its sentence, else the heading it sits under
    (1.一般公共服务支出(类)财政事务（款）行政运行 → 一般公共服务支出财政事务行政运行)."""
    clause = re.split(r"[；;：:]", lead)[-1] if lead else ""
    subject = sentence_subject(LEVEL_MARK.sub("", clause)) or sentence_subject(LEVEL_MARK.sub("", sentence))
    if subject:
        return subject
    heading = NUMBERING.sub("", location.split(" > ")[-1]).strip()
    names_item = LEVEL_MARK.search(heading) or re.search(r"(?:支出|收入|费|经费|运行)$", heading)
    return LEVEL_MARK.sub("", heading) if names_item and 2 <= len(heading) <= 40 else ""  # not …情况说明


def _without_unit(item: str, org: str) -> str:
    """An item without the unit's own name (or a short form of it) and the year words around it."""
    named = next((n for n in sorted({org, *short_names(org)}, key=len, reverse=True) if len(n) >= 3 and n in item), "")
    if named:
        item = _YEAR_PREFIX.sub("", item.replace(named, "")).lstrip("的")
    return re.sub(r"(?<=.{2})\d{4}\s*年度?$", "", item)  # 收入预算2025年（年初预算数）


def _listed_subject(lead: str) -> str:
    """The item a list entry or clause states before its first number: ``2.公务接待费支出14万元，比2017年预算减少1万元，
    下降`` → 公务接待费支出."""
    entry = _LIST_MARK.split(lead)[-1]
    entry = _YEAR_PREFIX.sub("", re.sub(r"^\s*(?:本部门|本单位|我单位)", "", entry).strip())
    match = re.match(r"^\s*([\u4e00-\u9fff“”（）()]{2,30}?)(?:为|是|安排)?\s*\d[\d,.]*\s*(?:万元|元|%)", entry)
    return match.group(1) if match else ""


def lead_of(figure: Figure) -> str:
    """The words before a prose number in its sentence ("" for table cells)."""
    if figure.source != "text" or not figure.context or figure.at <= 0:
        return ""
    return figure.context[: figure.at]


def _code(figure: Figure, name: str) -> str:
    printed = subjects.code_of(figure.label)
    if not printed and figure.source == "text" and name:
        found = re.search(rf"{re.escape(name)}\s*[（(]\s*(\d{{3,7}})\s*[)）]", figure.context)
        printed = found.group(1) if found else ""
    if printed and printed[:3] in subjects.BY_CODE:  # 030 人社局 is a unit code, not a budget subject
        return printed
    known = subjects.by_name(name, figure.location)
    if known is None and name.startswith("基本"):  # 基本支出's parts: 基本工资福利支出 is 工资福利支出 (301)
        part = subjects.by_name(name[2:], figure.location)
        known = part if part is not None and len(part.code) == 3 else None
    return known.code if known else ""


def _direction(role: str, words: str, value: float | None) -> int:
    if role not in slots.CHANGE_ROLES:
        return 0
    if value is not None and value < 0:
        return -1
    if re.search(r"增减|变化|变动", words):  # 预算增减变化(C-D): the sign of the value says which way
        return 1 if value else 0
    return -1 if _DOWN.search(words) else 1 if _UP.search(words) else 0


def type_figure(figure: Figure) -> Figure:
    """The figure with its item, code, role, period, basis and direction filled in."""
    name = clean_label(figure.label)
    lead = lead_of(figure)
    clause = re.split(r"[，,；;。]", lead)[-1] if lead else ""
    said = name if not clause or name in clause else clause  # 较上年减少 → the clause that states the change
    role = slots.role_of(said, figure.unit)
    if figure.column:  # 预算增减变化(C-D), 得分, 执行率: the column says what every cell under it is
        by_column = slots.role_of(figure.column.split(" > ")[-1], figure.unit)
        role = by_column if by_column in _COLUMN_ROLES else role
    period_text = f"{name} {figure.column}" if role not in slots.CHANGE_ROLES else figure.column
    item = item_of(figure.label, figure.column, figure.location)
    if figure.source == "table" and figure.column and BARE_MEASURE.match(name):
        # a table turned sideways: rows 2024年预算数 / 2023年预算数, columns the items (公务接待费, 合计)
        path = figure.column.split(" > ")
        last = path[-1]
        title = path[-2] if len(path) > 1 else re.sub(r"(?:情况)?表$", "", figure.location.split(" > ")[-1])
        item = f"{title}{last}" if re.fullmatch(r"[合总小]\s*计", last) else last  # 公务用车购置及运行费小计
        period_text = f"{figure.label} {figure.column}"
    if figure.source == "text" and BARE_MEASURE.match(name):
        subject = _subject_of(lead, figure.context, figure.location)  # 住房保障支出 … 完成年初预算的 97.99%
        item = f"{subject}{name}" if subject and subject not in name else item
    if figure.source == "text" and role in slots.CHANGE_ROLES:
        item = _TWO_DIRECTIONS.sub(r"\2", item)  # 减少15.29万元，下降49.88%: the 49.88% is the 下降
        bare = CHANGE_WORDS.sub("", CHANGE_WORDS.sub("", item)).strip("，,的")
        subject = _listed_subject(lead) if _COMPARED.match(bare) else ""
        item = f"{subject}{item}" if subject and subject not in item else item  # 比2017年预算减少…下降7%: of what
    if figure.source == "text":  # 住房保障支出年初预算 4.47 / 支出决算 4.38: one item, the stage is its basis
        item = STAGE_TAIL.sub("", item) or item
    item = _without_unit(item, figure.org) or item  # 上犹县检察院收入预算总额 / 岘县…“三公”经费合计: not the unit
    return replace(
        figure,
        item=item,
        code=_code(figure, name),
        role=role,
        period=slots.period_of(period_text, figure.year),
        basis=slots.join(slots.basis_of(f"{figure.column} {name}")),
        direction=_direction(role, said + " " + figure.column.split(" > ")[-1], figure.value),
    )
