"""Score the figures of the index against a question: which stated number answers it?

A figure scores on (1) how well its row label / column / group match the item the question asks
about, (2) whether its unit fits the measure asked for (money, people, cards, %), (3) the column
(totals by default, a sub-column when the question names it) and (4) how well retrieval ranked the
chunk that holds it. Higher is better.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from retrieval import subjects
from retrieval.answer.query import ParsedQuery
from retrieval.answer.question_words import noise_pattern
from retrieval.ingest.facts import BARE_MEASURE, CHANGE_WORDS, MEASURE_COLUMN, STAGE_TAIL, clean_label, item_of
from retrieval.ingest.headings import heading_level
from retrieval.lexicon import TERMS, asked_in
from retrieval.slots import CHANGE_ROLES, STAGE_OF, asked_role, asking_words
from retrieval.slots import split as split_basis

_TOTAL_COLUMNS = (
    "合计",
    "金额",
    "预算数",
    "决算数",
    "本年支出合计",
    "本年收入合计",
    "项目金额",
    "指标值",
    "年初目标值",
    "实际完成值",
    "全年执行数",
    "统计数",
    "小计",
)
_PART_COLUMNS = ("基本支出", "项目支出", "人员经费", "公用经费", "专项业务经费")  # a table may hold only one part
_SUB_COLUMNS = (
    "基本支出",
    "项目支出",
    "人员经费",
    "公用经费",
    "专项业务经费",
    "一般公共预算",
    "财政拨款",
    "小计",
    "年初预算",
    "调整后",
    "全年预算数",
    "全年执行数",
    "实际完成值",
    "年初指标值",
    "执行率",
    "得分",
    "分值",
    "决算数",
    "预算数",
    "目标申报数",
    "预算编制数",
)
_SUBJECT_CODE = re.compile(
    r"(?<![\d.])(?!20\d{2}年)(\d{3}|\d{5}|\d{7})(?![\d.%万元年人张条项个名台辆通分天])"
)  # 301, 30201, 2080505

MEASURE_OF_UNIT = (
    ("万元", "money"),
    ("亿元", "money"),
    ("千元", "money"),
    ("元", "money"),
    ("万张", "cards"),
    ("张", "cards"),
    ("%", "percent"),
    ("％", "percent"),
    ("人", "people"),
    ("名", "people"),
    ("分", "score"),
    ("通", "count"),
    ("条", "count"),
    ("个", "count"),
    ("辆", "count"),
    ("台", "count"),
    ("套", "count"),
    ("项", "count"),
    ("次", "count"),
)


def item_name(figure: dict) -> str:
    """What a figure is of (decided at ingest: its row label, or for a total row its column / table title)."""
    return figure.get("item") or item_of(figure["label"], figure["column"], figure["location"])


def unit_measure(unit: str, value_yuan: float | None) -> str:
    """Which measure a written unit expresses ("" when the cell carried no unit, "rate" for 年/万元 …)."""
    if _RATE_UNIT.search(unit):
        return "rate"  # 0.75万/月, ≤7.23年/万元: not an amount to add up or rank
    if value_yuan is not None:
        return "money"
    for name, measure in MEASURE_OF_UNIT:
        if name in unit:
            return measure
    return ""


def bigrams(text: str) -> set[str]:
    text = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text)
    return {text[i : i + 2] for i in range(len(text) - 1)} if len(text) > 1 else {text} - {""}


_ASKS_CHANGE = re.compile(r"上年|去年|同比|增幅|增长率|变化|变动|增减")
_CHANGE_IN_QUESTION = re.compile(
    r"[跟和与同]?[比较](?:上年|去年|上一年)?数?(?=[^\u4e00-\u9fff]|$|增|减|多|少|下|变|降|涨|升)|^[比较]"
    r"|(?:增加|减少|增长|下降|变化|变动|增减|多|少|降|涨|升)了?$|[跟和与同]$"
)
_STAGE_WORD = re.compile(r"(?<=收入|支出|部门|单位)预算(?=总额|总计|合计|总收入|总支出|$)")
_CHANGE_COLUMN = re.compile(r"增减|变化|变动|比上年|较上年|增长")
# Words every budget item shares: an overlap in these alone does not make a figure about the asked item.
_GENERIC_WORDS = re.compile(r"支出|收入|经费|费用|预算|决算|合计|总计|总额|资金|金额|资产|情况|项目|本年|年度|总")
_WHOLE_UNIT_WORDS = re.compile(
    r"本单位|我单位|本部门|当年|本年度?|一般公共预算|财政拨款|拨款|[比较]?(?:上年|去年)"
    r"|增加|减少|增长|下降"
)
_LEXICON_WORDS_WRITTEN = frozenset(w for t in TERMS for w in t.targets)  # words the documents themselves use
_LEXICON_WORDS = frozenset(w for t in TERMS for w in t.triggers + t.targets if len(w) >= 2)
NAMES_NOTHING = 1.0  # below the answer thresholds (composer.MIN_MATCH, crossdoc.MIN_CROSS_MATCH)
_HEADCOUNT = re.compile(r"共有|实有|在职|在岗")
_GENERIC_PEOPLE = re.compile(
    r"(?:有|共有)?(?:实有|现有|在职|在岗)?(?:人员|人|员工|职工|人数|工作人员)?"
    r"(?:规模|数量|总数|总人数|人数|数)?"
)
_BREAKDOWN = re.compile(r"其中|[，,]含")  # what follows breaks down the item before it


@lru_cache(maxsize=1024)
def _longer_words(item_text: str, targets: frozenset[str]) -> tuple[str, ...]:
    """Lexicon words that contain the item but name another one (邮电费 for 电费), unless the question's
    own terms use them."""
    return tuple(o for o in _LEXICON_WORDS if len(o) > len(item_text) and item_text in o and o not in targets)


@lru_cache(maxsize=4096)
def distinct_bigrams(text: str) -> frozenset[str]:
    """Bigrams of what is left of an item once the generic words are taken out (事业运行支出 → 事业, 业运,
    运行; 预算总额 → nothing): what a figure must share with the item to be about it."""
    if len(text) < 2:
        return frozenset()
    return frozenset(b for run in _GENERIC_WORDS.split(text) for b in bigrams(run))


@dataclass
class ItemQuery:
    """The item part of a question, with the words that name it in documents."""

    text: str  # question minus organisation, year, kind and question words
    targets: list[str]  # lexicon target words for the recognised terms
    primary: list[str]  # the first target of each term (the term's own name in documents)
    asked: list[str]  # target words the question itself contains (一共有 → 共有)
    columns: list[str]  # sub-column words the question names (基本支出, 人员经费 …)
    measure: str
    measure_asked: bool  # False: the measure only comes from the lexicon term (a hint)
    asks_change: bool  # 比上年 / 增加 / 减少 questions want change figures
    asks_code: bool  # 代码 / 编码 questions want the row's code
    change_only: bool = False  # 比上年增加了多少 (change intent): only a stated change answers
    specific: list[str] = field(default_factory=list)  # targets of non-generic terms (not 收入, 支出 …)
    codes: list[str] = field(default_factory=list)  # subject codes the question names (2080505, 30201)
    scope: str = ""  # the table or budget part the question looks in (一般公共预算基本支出表), not the item
    role: str = ""  # the role asked of the number (share / rate / change_pct / change / target), "" unsaid
    asks_budget: bool = False  # 预算/计划 asked, not 决算/实际: in a 决算, its budget column answers
    subject: str = ""  # the national classification code the asked item's name is (邮电费 → 30207)
    role_words: list[str] = field(default_factory=list)  # the question's own words for the role (执行率)
    classifier: str = ""  # the counting word asked (几辆车: 辆), which a count's unit should be

    @cached_property
    def target_set(self) -> frozenset[str]:
        return frozenset(self.targets)


def _item_words(text: str, org_words: list[str]) -> str:
    for word in sorted(org_words, key=len, reverse=True):
        if len(word) >= 2:
            text = text.replace(word, " ")
    text = re.sub(r"\s+", "", noise_pattern().sub(" ", text))
    return re.sub(
        r"^(?:那么|那|和|与|跟|及|的|有|比(?![例重率])|同|较)+|[的差吗比有]+$|占$", "", text
    )  # 2024年和2022年的总支出相比差 → 总支出


def split_scope(text: str) -> tuple[str, str]:
    """(scope, rest) of ``…基本支出里的基本工资`` / ``…支出表中，津贴补贴``: the table or part of the budget the
    question looks in, and what it asks for there ("" scope when it names none)."""
    found = list(_SCOPE_MARK.finditer(text))
    if not found or not text[found[-1].end() :].strip("？?。 "):
        return "", text
    return "".join(m.group("scope") for m in found), text[found[-1].end() :]


def _with_named(query: ParsedQuery, org_words: list[str]) -> list[str]:
    """The held units' names plus the words this question named its unit with (上海作协, 万灵镇社保所): none of
    them is part of the item."""
    named = [w for w in query.org_named.split("、") if len(w) >= 2]
    return [*named, *org_words] if named else org_words


def own_item(query: ParsedQuery, org_words: list[str]) -> str:
    """The item a question names itself ("" for 高陵呢？ / 其中基本支出多少 / 2022年的呢, which ask the earlier one)."""
    org_words = _with_named(query, org_words)
    own = _STAGE_ASKED.sub("", split_scope(query.text)[1])  # 最后实际支出多少 asks a stage of the earlier item
    columns = [c for c in _SUB_COLUMNS if c in own]
    return re.sub("|".join(columns) or "^$", "", _item_words(own, org_words)).strip("其中和与及各")


def item_query(
    query: ParsedQuery, org_words: list[str], in_documents: Callable[[str], bool] | None = None
) -> ItemQuery:
    """Strip organisation names (all aliases of the matched documents), years and question words."""
    org_words = _with_named(query, org_words)
    scope, own = split_scope(query.text)
    columns = [c for c in _SUB_COLUMNS if c in own]
    if query.item_from and not own_item(query, org_words):
        earlier = query.item_from
        if _MEANING_WORDS.search(query.text):  # …年初预算多少，决算多少: this part's own budget/outturn word
            stage_free = _STAGE_ASKED.sub("", earlier)  # 年初预算多少, not the 预算 inside 一般公共预算财政拨款
            said = _MEANING_WORDS.findall(query.text)
            outturn = any(re.fullmatch(r"决算数?|执行数|实际(?:支出)?", w) for w in said)
            earlier = (stage_free or earlier) + ("决算" if outturn else said[0])  # this part's stage, in one word
        own = earlier + "".join(columns)  # 高陵呢？ / 其中基本支出多少 after …: the earlier item
        inner, own = split_scope(own)  # 金保工程里线路租赁…: the earlier question's scope too
        scope = scope or inner
    codes = [c for c in _SUBJECT_CODE.findall(own) if c not in ("12333", "12345")]  # hotlines
    text = _item_words(_SUBJECT_CODE.sub(" ", own) if codes else own, org_words)
    terms = [t for t in TERMS if t.name in query.terms]
    if scope:  # terms only the scope names (基本支出 in 基本支出里的基本工资) are not the item
        terms = [t for t in terms if any(w in own for w in (*t.triggers, *t.targets))]
    targets = [w for t in terms for w in t.targets]
    primary = [t.targets[0] for t in terms if t.targets and not t.generic]
    specific = [t for t in terms if not t.generic and t.targets]
    if len(specific) == 1 and in_documents is not None:
        # 人头费 / 养车, words no document uses: read as the documents' (人员经费 / 公务用车运行维护费)
        for word in sorted(specific[0].triggers, key=len, reverse=True):
            if len(word) >= 2 and word in text and word not in _LEXICON_WORDS_WRITTEN and not in_documents(word):
                text = text.replace(word, specific[0].targets[0])
                break
    role = asked_role(query.text, query.measure)
    if role == "share" and text.find("占") >= 2:  # X占Y的比重: the share of X (Y is the whole it is taken of)
        text = text[: text.find("占")]
    said = [w for w in asking_words(role) if w in text] if role == "rate" else []
    if said:  # 卫生健康支出的执行率: the rate is the role asked, the item is 卫生健康支出
        bare = re.sub("|".join(map(re.escape, said)), "", text).strip("的")
        text = bare if len(bare) >= 2 else text
    asks_change = query.intent == "change" or bool(_ASKS_CHANGE.search(query.text))
    # 比2025年增加多少 / A比B支出多多少 / 比2017年下降了几个百分点
    if asks_change or role in CHANGE_ROLES or query.intent in ("difference", "compare"):
        text = _CHANGE_IN_QUESTION.sub("", text)
    asked = [w for w in targets if asked_in(w, own)]
    return ItemQuery(
        text=text,
        targets=targets,
        primary=primary,
        asked=asked,
        columns=columns,
        measure=query.measure,
        measure_asked=query.measure_asked,
        asks_change=asks_change,
        change_only=query.intent == "change",
        specific=[w for t in terms if not t.generic for w in t.targets],
        asks_code=bool(re.search(r"代码|编码|编号", query.text)) and not codes,
        codes=codes,
        scope=_item_words(scope, org_words) if scope else "",
        role=role,
        asks_budget=bool(_PLAIN_BUDGET.search(query.text)) and not _ASKS_OUTTURN_WORDS.search(query.text),
        subject=named.code if (named := subjects.by_name(text)) else "",
        role_words=said,
        classifier=counted.group(1) if (counted := _COUNTED.search(query.text)) else "",
    )


_SCOPE_MARK = re.compile(
    r"(?P<scope>[\u4e00-\u9fff“”\"（）()]{2,30}?(?:表|支出|收入|经费|拨款|预算|决算|情况|工程|项目))(?:之|当)?[中里内](?:的)?[，,、]?"
    r"(?=[\u4e00-\u9fff“”\"])"
)
_MEANING_WORDS = re.compile(
    r"年初预算|当初预算|原来预算|本来预算|原先预算|预算数|全年预算|调整预算|决算数|决算|执行数|实际支出|实际|预算"
)
_RATE_WORDS = asking_words("rate")


def _rate_family(text: str) -> str:
    """``task`` for a task's completion (完成率), ``budget`` for the budget's execution (执行率, 完成年初预算 …)."""
    if "完成率" in text:
        return "task"
    return "budget" if any(w in text for w in _RATE_WORDS) else ""


_COUNTED = re.compile(r"(?:多少|几)\s*([辆台套项个次条])")
_STAGE_ASKED = re.compile(f"(?:{_MEANING_WORDS.pattern})+(?=是?多少|有多少|几|$|[？?，,。])")  # …年初预算多少
_ASKS_BUDGET = re.compile(r"年初预算|当初预算|预算数|原来预算|本来预算|计划安排")
MIN_MATCH = 1.2  # a figure must name the asked item at least this well to be an answer
_TOTAL_LABEL = re.compile(r"^(?:合\s*计|总\s*计|小\s*计|资金总额:?|本年(?:收入|支出)合计)$")
_SCOPE_QUALIFIERS = {
    "基本支出": 0.8,
    "项目支出": 0.8,
    "财政拨款": 0.8,
    "政府性基金": 0.8,
    "国有资本": 0.8,
    "一般公共预算": 0.3,
}  # words that narrow a table to part of the budget
_PERCENT_ROLES = ("share", "rate", "change_pct")
# 线路租赁预算多少: the budget, in a 决算 too (not the 预算 of 一般公共预算 / 政府性基金预算 / 国有资本经营预算)
_PLAIN_BUDGET = re.compile(r"(?<!公共)(?<!基金)(?<!经营)预算|计划|原来|原先|原本|本来|起初|最初")
_ASKS_OUTTURN_WORDS = re.compile(r"决算|实际|执行|花了|用了|花掉|完成")
_PLANNED = re.compile(r"目标|计划|任务数|预期|预计")
_RATE_UNIT = re.compile(r"/\s*[月季年人天次]|[月季年]/")


def _f1(item: set[str], named: set[str]) -> float:
    common = len(item & named)
    if not common:
        return 0.0
    precision, recall = common / len(named), common / len(item)
    return 2 * precision * recall / (precision + recall)


def _joined_with_another(item_text: str, name: str) -> bool:
    """``人员经费和公用经费支出`` names two items together: it does not answer 人员经费 alone."""
    word = re.escape(item_text)
    return bool(re.search(rf"{word}[和及与、]|[和及与、]{word}", name))


def label_score(item: ItemQuery, figure: dict, lead: str = "") -> float:
    """How well a figure's row label (or, for a total row, its table title), column and location
    name the asked item (0 = unrelated). ``lead`` is the sentence before a prose number
    (``电子社保卡目标任务数为32.95万张，签发`` for the 38.51万张 in it): lexicon terms count there too. A question
    naming a 政府收支分类科目 code matches the figure's code (printed, or identified by its name at ingest)."""
    label, column, location, code = figure["label"], figure["column"], figure["location"], figure.get("code", "")
    name = clean_label(label).replace("收、支", "收入支出")
    if figure["source"] == "table" and column and BARE_MEASURE.match(name) and figure.get("item"):
        name = figure["item"]  # a sideways table: row 2024年预算数, the column names the item (decided at ingest)
    asks_change = item.change_only or item.asks_change or item.role in CHANGE_ROLES
    if asks_change and figure.get("role") in CHANGE_ROLES and len(bare := CHANGE_WORDS.sub("", name)) >= 2:
        name = bare  # 收支较上年决算数增加 7,101.31 asked as 收支比上年增加了多少: a change of 收支
    if (
        figure["source"] == "text"
        and figure.get("kind") == "预算"
        and figure.get("role", "level") == "level"
        and not _STAGE_WORD.search(item.text)
        and len(bare := _STAGE_WORD.sub("", name)) >= 2
    ):
        name = bare  # 收入预算总额 when 收入总额 is asked of a 预算 (the question's stage word is not its item)
    stage = STAGE_TAIL.search(name)
    if stage and stage.group(0) not in item.text:  # 社会保障和就业支出年初预算: the stage is its basis, not its item
        name = name[: stage.start()]
    subject = figure.get("item", "")[: -len(name)] if figure["source"] == "text" and BARE_MEASURE.match(name) else ""
    if subject and distinct_bigrams(subject) & bigrams(item.text):
        # 住房保障支出 + 完成年初预算的: the sentence's subject, decided at ingest (alone when the question asks
        # the rate or share itself: its words were taken out of the item)
        name = subject if item.role in ("rate", "share") else figure["item"]
    title = location.split(" > ")[-1]
    item_text = item.text
    for word in item.columns:  # 人员经费 names the column, not the row
        if word in column:
            item_text = item_text.replace(word, "")
    item_bigrams = bigrams(item_text)
    is_total = bool(_TOTAL_LABEL.match(name)) or not name
    score = 0.0
    if item_bigrams:
        if is_total:
            score += 3.0 * len(item_bigrams & bigrams(title)) / len(item_bigrams)
            if len(item_text) <= 1:
                score += 1.5  # the item was only a column name: the total row answers
        else:
            score += 3.0 * _f1(item_bigrams, bigrams(name))
            score += 0.8 * len(item_bigrams & bigrams(title)) / len(item_bigrams)
    elif is_total:
        score += 1.5
    if name and len(name) >= 2 and not is_total and name in item.text and not BARE_MEASURE.match(name):
        score += 1.5 + min(len(name), 12) / 8
        if name == item_text:
            score += 1.5  # the row is named exactly as asked
    elif len(item_text) >= 3 and not is_total and item_text in name and not _joined_with_another(item_text, name):
        score += 1.5 + min(len(item_text), 12) / 8  # 制卡经费绩效自评得分 inside 解决社保卡制卡经费绩效自评得分
    if (
        item.change_only
        and not distinct_bigrams(item_text)
        and not item.specific
        and figure.get("role") in CHANGE_ROLES
    ):
        score += 1.5  # 比上年增加了多少 with no item named: any stated change is on topic…
        if not distinct_bigrams(_WHOLE_UNIT_WORDS.sub("", name)):
            score += 1.0  # …the unit's whole budget (当年一般公共预算拨款支出) before a category's
    if (
        item.measure == "people"
        and "编制" not in item.text
        and "编制" not in name
        and _HEADCOUNT.search(name + re.split(r"[，,；;。]", lead)[-1])
        and not _BREAKDOWN.search(re.split(r"[；;]", lead)[-1])
    ):
        score += 1.6 if _GENERIC_PEOPLE.fullmatch(item.text) else 0.4  # 人员最多 / 几个人: the whole headcount
    score -= sum(
        w for q, w in _SCOPE_QUALIFIERS.items() if q in title and q not in item.text + item.scope and q not in column
    )
    if item.scope:  # 基本支出表中的办公费: the row of that table
        wanted = distinct_bigrams(item.scope)
        score += 1.2 * len(wanted & bigrams(title + column)) / len(wanted) if wanted else 0.0
    described = name + (column + lead if is_total or not name else lead)  # 本年支出合计 of a row ≠ 支出合计
    if is_total and MEASURE_COLUMN.match(column.split(" > ")[-1]):
        described += figure.get("item", "")  # 合计 | 2024年预算数 of the “三公”经费 table: the table's total (ingest)
    hits = [w for w in item.targets if w in described] or (
        [w for w in item.targets if w in title] if is_total and not column else []
    )
    if hits:
        near = described.replace(lead, re.split(r"[，,；;。]", lead)[-1]) if lead else described
        if any((w in item.primary or w in item.asked) and w in near for w in hits):
            score += 3.1  # the term itself (“三公”经费) over its parts (公务接待费), or the
            # question's own word (共有 5人) — right before the number, not
            # earlier in its sentence (人员编制7人，…；实有人员6人)
        else:
            score += 1.2 + min(max(len(w) for w in hits), 10) * 0.15
    if any(w in label + column for w in item.role_words):
        score += 1.0  # 执行率 asked, 执行率 written (not 完成预算 of the same project)
    elif item.role_words and _rate_family(label + column) not in ("", _rate_family("".join(item.role_words))):
        score -= 3.0  # 完成率 asked, 执行率 written: a task's completion is not the budget's execution
    if _ASKS_BUDGET.search(item.text):  # 年初预算是多少: the statement of the budget, not of the outturn
        score += 2.0 if re.search(r"年初预算|预算数|全年预算|调整预算", name + column + lead) else -1.0
    if item.codes:
        if code and code in item.codes:
            score += 4.0  # the row the question names by its subject code
        else:
            score -= 3.0  # …and not another row or a prose figure about its column
    if (
        BARE_MEASURE.match(name)
        and (heading_level(title) or 0) >= 3
        and not distinct_bigrams(item_text) & bigrams(title)
    ):
        return min(score - 1.0, NAMES_NOTHING)  # 完成年初预算的 0% under "1.一般公共服务支出(类)…": its rate
    if len(item_text) >= 2 and name and _joined_with_another(item_text, name):
        score -= 2.0  # 人员经费和公用经费 is not 人员经费
    if (
        len(item_text) >= 2
        and any(o in name for o in _longer_words(item_text, item.target_set))
        and not any(w in name for w in item.targets)  # …unless the label names the asked term (离退休人员)
    ):
        score = min(score, NAMES_NOTHING)  # 邮电费 is another item than 电费
    distinct = distinct_bigrams(item_text)
    if (
        distinct
        and not distinct & bigrams(name + column + lead + title)
        and not any(w in described for w in item.specific)
    ):
        score = min(score, NAMES_NOTHING)  # 事业运行支出 vs 支出总计: only 支出 in common is no match
    return score


def column_score(item: ItemQuery, column: str, kind: str, location: str = "", basis: str = "") -> float:
    """Prefer the column the question names (or the total column of a table the name is the title of: 合计 of
    the 基本支出 table); else the total column of the row. A 决算 asked for its budget (年初预算 / 当初预算 /
    预算数) prefers its budget column."""
    if kind == "决算" and (_ASKS_BUDGET.search(item.text) or item.asks_budget):
        staged = any(STAGE_OF.get(b) == "预算" for b in split_basis(basis))  # 年初预算数, 年初指标值 (typed at ingest)
        budget_column = re.search(r"(?<!公共)(?<!基金)(?<!资本)预算", column)  # not 一般公共预算财政拨款
        outturn = "决算" in split_basis(basis)  # …年初预算为 140.30 万元，支出决算为 148.07: the other one
        return 1.4 if staged or budget_column else -1.6 if column or outturn else -0.6
    if not column:
        return 0.3
    named = [c for c in item.columns if c in column]
    if named:
        return 1.5 + 0.1 * max(len(c) for c in named)
    parts = column.split(" > ")
    plain = re.sub(r"^(?:资金|本年|全年)|[（(][^）)]{0,4}[）)]", "", parts[-1])  # 资金结(转)余 → 结余
    if len(plain) >= 2 and plain in item.text and _GENERIC_WORDS.sub("", plain):  # …项目结余了多少: named
        return 1.6
    title = location.split(" > ")[-1]
    if item.columns and any(c in title for c in item.columns if c in _PART_COLUMNS):
        return 1.2 + (0.4 if re.search(r"合计|总计", parts[-1]) or parts[-1].startswith(_TOTAL_COLUMNS) else 0.0)
    if item.columns:
        return -0.3
    score = 0.0
    if "合计" in parts[-1] or "总计" in parts[-1]:
        score = 0.6
    elif any(parts[-1].startswith(c) for c in _TOTAL_COLUMNS):
        score = 0.6 if len(parts) == 1 else 0.2  # "公务用车购置及运行费 > 小计" is a subtotal
    if kind == "决算" and ("实际" in column or "执行数" in column or "决算" in column):
        score += 0.4
    if any(c in column for c in ("人员经费支出", "公用经费支出", "专项业务经费支出", "基本支出", "项目支出")):
        score -= 0.3
    if any(c in column for c in ("分值", "得分", "权重", "执行率")) and item.measure not in ("score", "percent"):
        score -= 1.0
    return score


def measure_fits(item: ItemQuery, unit: str, value_yuan: float | None) -> float | None:
    """None when the figure's unit cannot answer the question; else a small adjustment."""
    measure = unit_measure(unit, value_yuan)
    period = re.search(r"/\s*([月季年人天次])", unit)
    asked_period = period and re.search(rf"[每一全]{period.group(1)}|{period.group(1)}度?$", item.text)
    rate = -1.5 if _RATE_UNIT.search(unit) and not asked_period and not re.search(r"标准", item.text) else 0.0
    if measure == "rate":  # 9万/年: money per period, an answer only below plain amounts
        measure = "money" if value_yuan is not None or "万" in unit or "元" in unit else ""
    if item.classifier and measure == "count" and not unit.strip().endswith(item.classifier):
        if item.classifier in "辆台套" and re.search(r"[辆台套]", unit):
            return None  # 几辆车: 0台（套） of equipment counts other things
        rate -= 0.8
    if not item.measure or item.measure == measure:
        return (0.3 if measure and item.measure else 0.0) + rate
    if not measure:
        if unit.strip() == "万" and item.measure_asked and item.measure != "money":
            return None  # 2.02万 (money written without 元) is not a head count
        return -0.6  # a bare number: possible, but weaker
    return None if item.measure_asked else -0.8  # the term's usual measure is only a hint


def intent_penalty(item: ItemQuery, figure: dict, question: str, kind: str = "", lead: str = "") -> float:
    """Year-on-year changes and last year's levels answer only questions about them; targets/plans only plan
    questions; headcount quotas (编制) only quota questions (the figure's role and period, typed at ingest)."""
    label = figure["label"]
    name = clean_label(label)
    role = figure.get("role", "level")
    penalty = 0.0
    stated_change = role in CHANGE_ROLES and not _CHANGE_COLUMN.search(figure["column"])
    if stated_change:
        penalty += 0.6 if item.asks_change else -2.0
    elif figure.get("period") == "上年":  # last year's level (a row or a column): never this year's answer
        penalty += 0.0 if item.asks_change and not figure["column"] else -2.0
    if role == "target" and not _PLANNED.search(question) and not re.search(r"预算|安排", question):
        penalty -= 4.0 if _ASKS_OUTTURN_WORDS.search(question) else 1.0  # 实际花了多少: never the goal
    if item.measure == "people" and "编制" not in question and role == "quota":
        penalty -= 0.4  # 编制 is the approved headcount; 有几个人 asks for the people there
    staged = figure.get("period") in ("年初", "调整") or "预算" in {
        STAGE_OF.get(b) for b in split_basis(figure.get("basis", ""))
    }
    if kind == "决算" and (staged or ("预算" in name and "决算" not in name)) and not _PLAIN_BUDGET.search(question):
        penalty -= 1.2  # a 决算 states budget and outturn: the outturn answers by default
    if (label.strip().startswith("其中") or _BREAKDOWN.search(re.split(r"[；;]", lead)[-1])) and name not in question:
        penalty -= 0.6  # "其中" sub-items rank below the item they break down
    return penalty


def _other_subject(asked: str, code: str) -> bool:
    """The figure's classification code names another subject of the same scheme than the one asked."""
    if not asked or not code or asked[0] != code[0]:
        return False
    return not (code.startswith(asked) or asked.startswith(code))


def figure_score(
    item: ItemQuery, figure: dict, retrieval: float, kind: str, question: str = ""
) -> tuple[float, float] | None:
    """(total score, label-match part) of one figure row, or None when it can't answer."""
    fit = measure_fits(item, figure["unit"], figure["value_yuan"])
    if fit is None:
        return None
    lead = ""
    if figure["source"] == "text" and figure.get("context"):
        position = figure.get("at", -1)  # where the number stands in its sentence (found at ingest)
        if position is None or position < 0:
            position = figure["context"].find(f"{figure['value_text']}{figure['unit']}")
        lead = figure["context"][: int(position)] if position > 0 else ""
    if item.change_only and figure.get("role") not in CHANGE_ROLES:
        return None  # 比上年增加了多少: a level is not an answer
    wanted = distinct_bigrams(item.text) if item.change_only else set()
    said = clean_label(figure["label"]) + figure["column"] + lead
    if wanted and len(wanted & bigrams(said)) < len(wanted) / 2 and not any(t in said for t in item.targets):
        return None  # 基本工资比上年: 工资福利支出's change is another item's (收支总计 is 收入支出总计's)
    if _other_subject(item.subject, figure.get("code") or ""):
        return None  # 电费 (30206) is not 邮电费 (30207), however alike the words
    match = label_score(item, figure, lead)
    role = figure.get("role", "level")
    if item.role in _PERCENT_ROLES and role in _PERCENT_ROLES:
        match += 1.5 if role == item.role else -2.0  # 占比 is not 完成率 is not 增长率
    total = (
        match
        + fit
        + column_score(item, figure["column"], kind, figure["location"], figure.get("basis", ""))
        + intent_penalty(item, figure, question, kind, lead)
        + 2.5 * retrieval
    )
    return total, match


def term_words() -> set[str]:
    """Every lexicon word (used to keep item words out of organisation-name stripping)."""
    return {w for t in TERMS for w in t.triggers + t.targets}
