"""Question understanding: organisation, year, 预算/决算, budget item, measure and intent.

Organisations are matched against what the documents say about themselves (region, city, OCR
variants, aliases), so a newly added disclosure is understood without code changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher

from retrieval.answer.units import UnitResolver
from retrieval.lexicon import TERMS, match_terms, question_measure
from retrieval.models import DocIdentity
from retrieval.orgs import org_words

_CN_YEAR = re.compile(r"(?<![一二三四五六七八九十〇零○])((?:二[〇零○])?[〇零○一二三四五六七八九]{2})(?=年)")
_STATE_DATE = re.compile(r"截[至止]到?\s*(20\d{2})\s*年(?:底|末|年底|年末|12月31日)?")
_NOT_RELATIVE = re.compile(r"(?:上年|上一年|去年|本年|当年)(?:度)?(?:结转|结余|末|年末)")
_COMPARE_FOLLOW = re.compile(
    r"多还是少|高还是低|大还是小|比.{0,16}(?:多|少|高|低|大|小)|差多少|相差|差了多少|哪个多|谁多"
)
_BOTH = re.compile(r"两个|两家|两者|二者|它们|他们|这俩|俩|两项|两笔")
_SUM = re.compile(r"加起来|合计|一共|总共|总和|加在一起|合起来")
_FULL_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_SHORT_YEAR = re.compile(r"(?<![\d.])(\d{2})\s*年(?!\d)")
_RELATIVE = (
    ("前年", -2),
    ("去年", -1),
    ("上年", -1),
    ("上一年", -1),
    ("今年", 0),
    ("本年", 0),
    ("当年", 0),
    ("明年", 1),
    ("下一年", 1),
)
_EARLIER_IN = re.compile(r"(?<![比较跟和与同对])(前年|去年|上一年|上年)(?!度?(?:比|相比|同比))")
_FINAL = re.compile(r"决算|实际|执行数|执行了|实际支出|实际花|完成")
_BUDGET = re.compile(r"预算|计划|安排|预计|拟|打算")
_INTENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "difference",
        re.compile(
            r"多多少|少多少|差多少|相差|(?<!收支)差额|多了多少|少了多少|高多少|低多少"
            r"|(?:增加|减少|增长|下降|变化|变动)了?多少"
            r"|(?![^，。？?]*(?:百分|%|％|几成))(?:比|较|跟|和)(?:上年|去年|上一年)[^，。？?]{0,6}?(?:多|少|涨|降|增|减|高|低)"
        ),
    ),
    ("rank", re.compile(r"最多|最大|最高|最少|最小|最低|排名|排序|排行|前三|第一")),
    (
        "compare",
        re.compile(
            r"比较|相比|对比|谁.{0,8}(?:多|大|高|少|低)|哪(?:个|家|一家).{0,12}(?:更|多|大|高|少|低)|更多|更大|更高|更少"
        ),
    ),
    ("total", re.compile(r"一共|总共|(?<![入出费])合计|加起来|加一起|加在一起|(?<![收支入出])总计|共计|总和")),
    (
        "explain",
        re.compile(
            r"花在哪|用在哪|用途|用于什么|干什么|做什么|为什么|原因|主要花|负责什么"
            r"|^(?!.*(?:几|多少)[项条个])(?=.*(?:职责|职能|主要工作))"  # 职能有几项 / 有几项职能 count them
            r"|(?<!多少)是什么(?!时候)|什么是|什么叫|是指|什么意思|含义|指的是|指什么|简介|介绍一下"
            r"|包括哪些|包括啥|包括什么|包含哪些|包含什么|都有哪些|是啥|啥意思|怎么理解|怎么定义|具体用在"
        ),
    ),
    ("list", re.compile(r"各单位|各家|每个单位|每家|分别|哪些|哪家|哪个单位|哪几|所有单位|这些单位|都有|几家|各个")),
)
_CROSS = re.compile(r"各|哪家|哪个单位|哪些|这些|所有|[两三四五六七八九十\d几]+(?:家|份|个单位)|每家|每个单位|谁")
_FOLLOWUP_START = re.compile(r"^(?:那|那么|那个|这个|它|其|还有|再|另外|同样)")


# …决算数，不是年初预算那个: a stage the question rules out
_NEGATED_STAGE = re.compile(
    r"[，,]?(?:而|可)?(?:不是|不要|并非|别给我?)(?:那个)?(?:年初预算|当初预算|调整预算|全年预算|预算|决算)(?:数|那个|的)?(?:那个)?"
)


@dataclass
class ParsedQuery:
    """What a question asks, in terms the retriever and the answer composer can use."""

    text: str
    docs: list[str] = field(default_factory=list)  # documents of the organisation(s) named
    org_named: str = ""  # the words that named an organisation
    unknown_org: str = ""  # a unit or place the corpus holds no document for
    closest: list[str] = field(default_factory=list)  # held units most like the unknown one
    corrected_org: str = ""  # a mistyped unit name read as a held unit's
    years: list[int] = field(default_factory=list)  # every year named, in order
    relative_year: int | None = None  # 今年 = 0, 去年 = -1 (relative to the document)
    state_year: int | None = None  # 截至2023年底: a state at the end of that year (its 决算, the next year's 预算)
    kind: str = ""  # 预算 | 决算 | ""
    terms: list[str] = field(default_factory=list)  # lexicon term names
    targets: list[str] = field(default_factory=list)  # document words for those terms
    measure: str = ""  # money | people | cards | percent | count | score
    measure_asked: bool = False  # the question's own words fix the measure
    intent: str = "lookup"
    cross: bool = False  # asks across organisations
    followup: bool = False
    item_from: str = ""  # a follow-up asks about this earlier question's item
    carried: list[str] = field(
        default_factory=list
    )  # what a follow-up took from the previous turn: 单位 年度 项目 类型


_QUESTION_WORD = re.compile(r"多少|几|是否|吗|哪|什么|怎么|如何")
COLUMN_WORDS = ("基本支出", "项目支出", "人员经费", "公用经费")  # parts of a row: 其中基本支出多少
_COLUMN_TERMS = frozenset(COLUMN_WORDS)
_ROW_PART = re.compile(r"^(?:其中.{2,6}|(?:基本支出|项目支出|人员经费|公用经费)(?:是|有)?多少)[？?。]?$")
_COLUMNS_EACH = re.compile(r"^(?:其中)?(\S+?)[和与及、](\S+?)(?:各|分别)(?:是|有)?多少$")
_ASKS = re.compile(r"多少|几|是否|吗|哪|什么|怎么|如何|变化|增减|呢")
_EACH = re.compile(
    r"(?:各自|各|分别|都)(?=(?:是|有|为|安排|预算|花|用|占|要|计划|实际|达到|到)?[^，,。？?]{0,8}?(?:多少|几|哪些|什么|百分之))"
)
_PART_BREAK = re.compile(r"[，,；;、]|还有|另外|以及")


def split_question(text: str) -> list[str]:
    """Several questions in one (``核定编制多少人，现有在职多少人？``, ``…多少？比上年变化？``) → the
    parts (at most three); else ``[text]``.

    Only a break whose both sides ask something splits: ``…2024年的社保卡管理业务经费，比曾都区…多多少``
    is one question."""
    text = text.strip()
    asked: list[str] = []
    for piece in (p.strip(" ，,；;。") for p in re.split(r"[？?]", text)):
        if asked and piece and not _ASKS.search(piece):
            asked[-1] += "，" + piece  # 请排序 is an instruction to the question before it
        elif len(piece) >= 2:
            asked.append(piece)
    if len(asked) > 1:  # 事业运行预算多少？人员经费和公用经费各多少？
        return [part for question in asked[:3] for part in split_question(question)][:3]
    columns = _COLUMNS_EACH.match(text.rstrip("？?。 "))
    if columns and all(c in COLUMN_WORDS for c in columns.groups()):
        return [f"{c}多少" for c in columns.groups()]  # 人员经费和公用经费各多少 → one per column
    each = _split_each(text)
    if each:
        return each
    for match in _PART_BREAK.finditer(text):
        first, second = text[: match.start()].strip(), text[match.end() :].strip(" ，,；;？?")
        if len(second) >= 3 and _QUESTION_WORD.search(first) and _QUESTION_WORD.search(second):
            return [first, second]
    return [text]


def _split_each(text: str) -> list[str]:
    """``…办公费和邮电费分别花了多少`` → ``…办公费花了多少`` and ``邮电费花了多少`` (the second takes the unit and
    year from the first, as a follow-up). The joining word nearest the items wins (、/跟/与/及 before 和, which
    also joins words inside names such as 商品和服务支出)."""
    each = _EACH.search(text)
    if not each:
        return []
    head, rest = text[: each.start()], text[each.end() :].strip(" ，,？?。")
    if not rest or not _QUESTION_WORD.search(rest):
        return []
    for joiners in ("、", "跟|与|以及|及|同", "和"):
        found = list(re.finditer(joiners, head))
        if found:
            cut = found[-1] if joiners != "和" else found[0]
            first, second = head[: cut.start()], head[cut.end() :]
            if "的" in second and "的" not in first:  # 24年预算和22年决算的住房公积金: both ask for 住房公积金
                first = f"{first}的{second.split('的', 1)[1]}"
            if len(second) >= 2 and re.search(r"[\u4e00-\u9fff]{2}", first):
                return [f"{first}{rest}", f"{second}{rest}"]
    return []


def _years(text: str) -> tuple[list[int], int | None]:
    """Years the question names (2023年, 23年, 二〇二三年, 二三年) or one relative to the document (去年);
    a state date (截至2023年底) is stated in that year's 决算 and the next year's 预算."""
    text = digit_years(text)
    state = [int(m.group(1)) for m in _STATE_DATE.finditer(text)]
    text = _STATE_DATE.sub(" ", text)
    years = [int(y) for y in _FULL_YEAR.findall(text)] or [2000 + int(y) for y in _SHORT_YEAR.findall(text)]
    if len(set(years)) == 1:  # 2024年的预算里，去年的支出总计: the year before the one named
        earlier = _EARLIER_IN.search(_NOT_RELATIVE.sub(" ", text))
        if earlier and earlier.start() > text.find("年"):
            return [years[0] + dict(_RELATIVE)[earlier.group(1)]], None
    if years:
        return list(dict.fromkeys(years)), None
    if state:
        return sorted({y for s in state for y in (s, s + 1)}), None
    text = _NOT_RELATIVE.sub(" ", text)  # 上年结转结余 is an item, not last year
    for word, offset in _RELATIVE:
        if word in text:
            return [], offset
    return [], None


_GENERIC_TERMS = frozenset(t.name for t in TERMS if t.generic)


def _named_terms(query: ParsedQuery) -> list[str]:
    """The items a question names itself: broad words (花了 → 支出) name none."""
    return [name for name in query.terms if name not in _GENERIC_TERMS]


def _state_year(text: str) -> int | None:
    """The year of a state date (截至2023年底 → 2023) when the question names no other year."""
    found = _STATE_DATE.search(digit_years(text))
    if not found or _FULL_YEAR.search(_STATE_DATE.sub(" ", digit_years(text))):
        return None
    return int(found.group(1))


def digit_years(text: str) -> str:
    """Years written in Chinese numerals as digits: ``二〇二四年`` → ``2024年``, ``二三年`` → ``2023年``."""
    return _CN_YEAR.sub(lambda m: _cn_year(m.group(1)), text)


def _cn_year(numerals: str) -> str:
    digits = "".join(str("〇一二三四五六七八九".index(c)) if c in "〇一二三四五六七八九" else "0" for c in numerals)
    return digits if len(digits) == 4 else "20" + digits


def _kind(text: str) -> str:
    text = text.replace("预决算", "")
    final, budget = bool(_FINAL.search(text)), bool(_BUDGET.search(text))
    if final and not budget:
        return "决算"
    if budget and not final:
        return "预算"
    return ""


def _intent(text: str) -> str:
    for name, pattern in _INTENTS:
        if pattern.search(text):
            return name
    return "lookup"


class QueryParser:
    """Parses questions against the identities of the indexed documents."""

    def __init__(self, identities: list[DocIdentity], in_documents: Callable[[str], bool] | None = None) -> None:
        if not identities:
            raise ValueError("QueryParser needs at least one document identity")
        self.identities = list(identities)
        self.units = UnitResolver(self.identities, in_documents)

    def _alias_docs(self, text: str) -> list[str]:
        """Documents whose names share the longest run of characters with the question (``社保卡服务中心`` →
        every such centre), when the question names no unit the resolver recognises."""
        scores: dict[str, int] = {}
        for ident in self.identities:
            runs = [_common_run(alias, text) for alias in [ident.org, *ident.aliases]]
            # a unit's name shares a run with its kind word (社保卡服务中心), not an item's (其他社会保障缴费)
            scores[ident.doc] = max((len(r) for r in runs if any(w in r for w in org_words().suffixes)), default=0)
        top = max(scores.values())
        return [d for d, s in scores.items() if s == top] if top >= 4 else []

    def parse(self, text: str) -> ParsedQuery:
        """Parse one question on its own (see :meth:`parse_followup` for conversations)."""
        text = digit_years(text.strip())  # 二〇二四年 / 二三年 → 2024年 / 2023年
        text = _NEGATED_STAGE.sub("", text)  # …决算数，不是年初预算那个: what is ruled out is not asked
        units = self.units.resolve(text)
        docs, named, unknown = units.docs, units.named, units.unknown
        if not docs and not unknown:
            docs = self._alias_docs(text)
        years, relative = _years(text)
        terms = match_terms(text)
        specific = [t for t in terms if not t.generic]
        terms = specific or terms
        asked = question_measure(text)  # 退休了几个人 asks the people term of 退休, 给退休人员花了多少 its money one
        terms = [t for t in terms if t.measure == asked] or terms if asked else terms
        intent = _intent(text)
        if (
            not terms
            and intent in ("rank", "compare", "total", "difference")
            and re.search(r"预算|决算|经费|钱|花|盘子|规模", text)
        ):
            terms = [t for t in TERMS if t.name == "收支总计"]  # "哪家预算最少": the unit's total
        cross = ((not docs or (len(docs) > 1 and not named)) and bool(_CROSS.search(text))) or (
            intent in ("rank", "compare", "total", "list") and not docs
        )
        return ParsedQuery(
            text=text,
            docs=docs,
            org_named=named,
            unknown_org=unknown,
            closest=units.closest,
            corrected_org=units.corrected,
            years=years,
            relative_year=relative,
            state_year=_state_year(text),
            kind=_kind(text),
            terms=[t.name for t in terms],
            targets=[w for t in terms for w in t.targets],
            measure=question_measure(text) or (terms[0].measure if terms else ""),
            measure_asked=bool(question_measure(text)),
            intent=intent,
            cross=cross,
        )

    def parse_followup(
        self, text: str, previous: ParsedQuery | None, names_item: Callable[[ParsedQuery], bool] | None = None
    ) -> ParsedQuery:
        """Parse a question in a conversation: what it leaves out is taken from the previous one. ``names_item``
        says whether the question names an item of its own (那事业运行支出呢): then the earlier item is not taken."""
        query = self.parse(text)
        if previous is None:
            return query
        short = len(text.strip()) <= 14 or bool(_FOLLOWUP_START.match(text.strip())) or text.strip().endswith("呢")
        short = short or bool(query.docs and _COMPARE_FOLLOW.search(text))  # 跟某单位某年比，多还是少
        if not short or (_named_terms(query) and query.docs):
            return query
        merged = replace(query, followup=True)
        if query.terms and set(query.terms) <= _COLUMN_TERMS and not query.docs and _ROW_PART.match(text.strip()):
            # 其中基本支出多少 after 2080199支出多少: that row's column
            merged.item_from = previous.item_from or previous.text
        own_item = names_item is not None and names_item(query)
        if not _named_terms(query) and not own_item and (previous.terms or previous.item_from or previous.text):
            merged.carried.append("项目")
            merged.terms, merged.targets = list(previous.terms), list(previous.targets)
            merged.item_from = previous.item_from or previous.text
            merged.measure = query.measure or previous.measure
            merged.measure_asked = query.measure_asked or previous.measure_asked
            if query.intent == "lookup":
                merged.intent = previous.intent
        if not query.docs and not query.unknown_org:
            merged.cross = previous.cross if not query.cross else True
            if not merged.cross and previous.docs:
                merged.docs, merged.org_named = list(previous.docs), previous.org_named
                merged.carried.append("单位")
        if query.docs and not query.years and query.relative_year is None:
            merged.cross = False
        if query.docs and previous.docs and _COMPARE_FOLLOW.search(text) and set(query.docs) - set(previous.docs):
            # 那比咸阳的多还是少: the last turn's unit against the one named now
            # each side in its own year: 曾都 2022's 决算 against 忻州 2023's, not 曾都's other years
            sides = [*_year_docs(previous, self.identities), *_year_docs(query, self.identities)]
            merged.docs = list(dict.fromkeys(sides))
            merged.intent, merged.cross = "difference", True
            merged.years, merged.relative_year = [], None
        elif not query.docs and len(previous.docs) >= 2 and _BOTH.search(text) and _SUM.search(text):
            # 两个加起来多少: the two units of the last turn
            merged.docs, merged.intent, merged.cross = list(previous.docs), "total", True
        if (
            query.relative_year == -1
            and previous.years
            and not query.docs
            and (query.intent == "difference" or re.search(r"变化|增减|增加|减少|增长|下降", text))
        ):
            # …是多少，比去年少了多少: last year's change stated in the same document
            merged.years, merged.relative_year, merged.intent = list(previous.years), None, "change"
        if not merged.years and merged.relative_year is None and not query.docs:
            merged.years, merged.relative_year = list(previous.years), previous.relative_year
            if merged.years or merged.relative_year is not None:
                merged.carried.append("年度")
        if not merged.kind and not query.docs and previous.kind:
            merged.kind = previous.kind
            merged.carried.append("类型")
        return merged


def _year_docs(query: ParsedQuery, identities: list[DocIdentity]) -> list[str]:
    """The documents of a query's units in the years it named (曾都 2022 → the 2022 决算, not the 2024 预算)."""
    years = {i.doc: i.year for i in identities}
    return [d for d in query.docs if years.get(d) in query.years] or list(query.docs)


def carry_over(query: ParsedQuery | None, refused: bool) -> ParsedQuery | None:
    """What the next turn may take from this one: nothing of the unit, year or kind a refused turn named (the user
    must name them again); its item stays. A unit an earlier answered turn established stays through a refusal
    of another year (那2024年呢 → refused; 那2023年这项呢 is still that unit's)."""
    if query is None or not refused:
        return query
    if query.docs and not query.unknown_org and "单位" in query.carried:
        return replace(query, years=[], relative_year=None, state_year=None, kind="")
    return replace(
        query, docs=[], org_named="", unknown_org="", closest=[], years=[], relative_year=None, kind="", cross=False
    )


def _common_run(a: str, b: str) -> str:
    """The longest common substring of ``a`` and ``b``."""
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return b[match.b : match.b + match.size]
