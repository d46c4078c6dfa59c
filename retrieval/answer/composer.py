"""Compose an answer for one question: which documents, which figure, what to say, what to cite."""

from __future__ import annotations

import re
from dataclasses import replace

from retrieval.answer.context import Context, ScoredFigure, item_words
from retrieval.answer.crossdoc import best_per_document, compose_cross
from retrieval.answer.lastyear import compose_last_year
from retrieval.answer.matching import MIN_MATCH, bigrams, clean_label, item_name, unit_measure
from retrieval.answer.present import display_value, doc_label, holdings, trim_number
from retrieval.answer.query import ParsedQuery
from retrieval.answer.records import Answer, Source, enforce_traceability, message
from retrieval.answer.typos import correction
from retrieval.index.search import Hit
from retrieval.ingest.enumerations import COUNT_BASIS
from retrieval.ingest.facts import BARE_MEASURE, STAGE_TAIL, sentence_subject
from retrieval.slots import STAGE_OF, asking_words, basis_of
from retrieval.slots import split as split_basis

MAX_SOURCES = 5
_CROSS_INTENTS = ("list", "rank", "compare", "total", "difference")
_EXPLAIN_WORDS = re.compile(
    r"是什么意思|什么意思|是什么|什么是|什么叫|指的是什么|指的是|是指|指什么|包括哪些|包括啥|包括什么|包含哪些|包含什么"
    r"|都有哪些|是啥意思|啥意思|是啥|怎么理解|怎么定义|含义|名词解释|里说的|里讲的|中说的|说的|讲的|主要|具体|都|里的|中的"
    r"|包括(?:哪些|什么|啥)?(?:费用|内容|开支|支出)?$|包含(?:哪些|什么)?(?:费用|内容)?$|(?:指的?|的?意思)?(?:是?啥|是?什么)?$"
)
_BRACKETS = re.compile(r"[（）()]")
_STATEMENT_WORDS = re.compile(r"预算安排|预算数|安排|本年度|本年|年度|合计|决算数|决算|支出$")
_RATE_WORDS = re.compile("|".join(map(re.escape, asking_words("rate"))) + r"|绩效|自评|项目|的")
_EVERYONE = re.compile(r"[两三四五六七八九十\d]+(?:家|份|个单位)|所有|全部|各单位|各家|这些|每家")
_ASKS_OUTTURN = re.compile(r"决算|实际(?:支出|花|用了|发生|执行|开支)|执行数|花掉")
_ASKS_CHANGE = re.compile(r"增加|减少|增长|下降|变化|变动|增减|多了|少了|比上年|比去年|较上年|同比")
_CHANGE_ONLY = re.compile(r"^(?:比|较)?(?:去年|上年)\S{0,6}(?:增加|减少|增长|下降)$")


def resolve_scope(ctx: Context, query: ParsedQuery) -> tuple[list[str], str]:
    """Documents the question is about, or ("", abstention text) when the corpus lacks them."""
    everyone = list(ctx.identities.values())
    if query.unknown_org:
        if query.closest:
            near = [i for name in query.closest for i in everyone if i.org == name]
            return [], (
                f"已收录的材料中没有该单位（{query.unknown_org}）的预决算材料，不能用其他单位的数字代替。"
                f"最接近的是：{holdings(near)}。"
            )
        return [], f"已收录的材料中没有该单位（{query.unknown_org}）的预决算材料。现有：{holdings(everyone[:8])}。"
    docs = query.docs or [i.doc for i in everyone]
    named = [ctx.identities[d] for d in docs]
    years = list(query.years)
    if query.relative_year is not None and named:
        years = sorted({i.year + query.relative_year for i in named if i.year})
    if years:
        in_year = [i for i in named if i.year in years]
        if not in_year:
            kind = f"的{query.kind}" if query.kind else "的材料"
            who = named[0].org if query.docs else "任何单位"
            return [], (
                f"已收录的材料中没有{who}{'、'.join(str(y) for y in years)}年{kind}。"
                f"现有：{holdings(named if query.docs else everyone)}。"
            )
        groups = {i.region or i.org for i in named}
        if len(groups) > 1 and query.docs and query.intent in _CROSS_INTENTS:
            # 咸阳社保卡中心的住房公积金比曾都区信息中心2024年多多少: the year is 曾都区's, 咸阳 keeps its own
            dated = {i.region or i.org for i in in_year}
            named = [i for i in named if i.year in years or (i.region or i.org) not in dated]
        else:
            named = in_year
        if query.state_year:  # 截至2023年底: stated by the 2023 决算 and the 2024 预算, not by the 2023 预算
            end = query.state_year
            stated = [i for i in named if (i.kind, i.year) in (("决算", end), ("预算", end + 1)) or not i.kind]
            if not stated:
                return [], (
                    f"已收录的材料中没有记载{named[0].org}截至{end}年底情况的材料（{end}年决算或{end + 1}年预算）。"
                    f"现有：{holdings(named)}。"
                )
            named = stated
    if query.docs and _ASKS_OUTTURN.search(query.text) and named and all(i.kind == "预算" for i in named):
        # 实际花了多少 / 决算 of a unit and year the corpus holds only the budget of
        return [], (
            f"已收录的材料中没有{named[0].org}{'、'.join(f'{y}年' for y in sorted({i.year for i in named if i.year}))}"
            f"的决算（实际执行）数字，只有预算。现有：{holdings(named)}。"
        )
    everyone_asked = query.cross and _EVERYONE.search(query.text)
    if query.kind and len(named) > 1 and not everyone_asked:
        same_kind = [i for i in named if i.kind == query.kind]
        named = same_kind or named
    return [i.doc for i in named], ""


def _item_core(label: str) -> str:
    return _STATEMENT_WORDS.sub("", label)


def _statement_key(figure: dict) -> tuple | None:
    """What one statement states, as typed at ingest: (item, role, period, column parts, stage, the part of the
    budget its table or section covers: 基本支出 of a 基本支出明细表). None for
    statements that name no item of their own (totals, bare 完成年初预算的 without a sentence subject)."""
    name = _item_core(clean_label(figure["label"]))
    if figure["source"] == "text" and BARE_MEASURE.match(clean_label(figure["label"])):
        name = _item_core(sentence_subject(figure.get("context") or ""))  # 一般公共预算财政拨款支出 + 完成年初预算的
    if not name or re.search(r"合计|总计|小计", name) or BARE_MEASURE.match(name):
        return None
    name = figure.get("code") or name  # 工资福利支出 (301) and 基本工资福利支出 name one class
    basis = split_basis(figure.get("basis", ""))
    stages = {STAGE_OF[b] for b in basis if b in STAGE_OF}
    parts = frozenset(b for b in basis if b not in STAGE_OF and b not in name)
    scope = frozenset(b for b in basis_of(figure["location"]) if b not in STAGE_OF and b not in name)
    stage = "".join(sorted(stages)) or figure.get("kind", "")  # unnamed: what the document is (预算/决算)
    if figure.get("role") == "rate":  # 执行率 95% and 完成预算 100% of one project state one thing: outturn/budget
        name = _RATE_WORDS.sub("", name) or name
        stage, parts = "", frozenset()
    return name, figure.get("role", "level"), figure.get("period", "本年"), parts, stage, scope


def _same_statement(key: tuple | None, other: tuple, tables: tuple[dict, dict] | None) -> bool:
    """Two statement keys state one thing. Between two tables the column and the table's scope must agree too
    (a 收入决算表 row and a 支出决算表 row, or a 政府性基金 table's row, state other amounts); a passage's
    差旅费 is the table row's only cell (公用经费 > 决算数)."""
    if key is None or key[:3] != other[:3] or key[4] != other[4]:
        return False
    if key[5] and other[5] and key[5] != other[5]:  # a section silent on its scope may state any
        return False
    if tables is None:
        return True
    a, b = tables
    flow = lambda f: "".join(w for w in ("收入", "支出") if w in f["location"] + f["column"])
    return (
        key[3] == other[3]
        and a["column"].split(" > ")[-1] == b["column"].split(" > ")[-1]
        and basis_of(a["location"]) == basis_of(b["location"])
        and flow(a) == flow(b)
    )


def _both_tables(a: dict, b: dict) -> tuple[dict, dict] | None:
    return (a, b) if a["source"] == b["source"] == "table" else None


def _in_wan(figure: dict) -> float | None:
    return round(figure["value_yuan"] / 1e4, 2) if figure["value_yuan"] is not None else None


def _explained(figure: dict, key: tuple, scored: list[ScoredFigure]) -> bool:
    """A value the document also states for the same item in another scope (a passage's 77.65万元 is the
    一般公共预算 total of a row whose 基本支出 part was asked): not a disagreement."""
    value = _in_wan(figure)
    return value is not None and any(
        s.figure["doc"] == figure["doc"]
        and s.figure is not figure
        and _in_wan(s.figure) == value
        and (other := _statement_key(s.figure)) is not None
        and other[0] == key[0]
        and other != key
        for s in scored
    )


def _same_item_alternatives(best: ScoredFigure, scored: list[ScoredFigure]) -> list[ScoredFigure]:
    """Other statements of the same item in the same document with a different value: the same item name (without
    words every statement adds: 公用经费预算安排 and 公用经费 name one item), role, period, column parts (a row's
    基本支出 cell is not its total) and stage (年初预算 vs 决算), in a passage or another table."""
    key = _statement_key(best.figure)
    if key is None:
        return []
    measure = unit_measure(best.figure["unit"], best.figure["value_yuan"])
    seen = {best.figure["value"]}
    tables = {best.figure["location"]} if best.figure["source"] == "table" else set()
    out: list[ScoredFigure] = []
    for other in scored:
        figure = other.figure
        if (
            figure["doc"] == best.doc
            and figure["value"] not in seen
            and not (figure["source"] == "table" and figure["location"] in tables)
            and unit_measure(figure["unit"], figure["value_yuan"]) == measure
            and _same_statement(_statement_key(figure), key, _both_tables(figure, best.figure))
        ):
            if _explained(figure, key, scored):
                continue
            seen.add(figure["value"])
            if figure["source"] == "table":
                tables.add(figure["location"])
            out.append(other)
    return out


def _corroborating(best: ScoredFigure, scored: list[ScoredFigure], limit: int = 2) -> list[ScoredFigure]:
    """Other statements of the same item with the same value in the same document (table row and
    passage saying the same thing), best first: cited too, so the reader sees both."""
    name = clean_label(best.figure["label"])
    out: list[ScoredFigure] = []
    for other in scored[1:40]:
        figure = other.figure
        if (
            other.doc == best.doc
            and figure["value"] == best.figure["value"]
            and figure["chunk_id"] != best.figure["chunk_id"]
            and name
            and clean_label(figure["label"]) == name
        ) and all(o.figure["chunk_id"] != figure["chunk_id"] for o in out):
            out.append(other)
        if len(out) >= limit:
            break
    return out


def _describe(figure: dict) -> str:
    """``基本工资（决算数）``; a total row reads ``人员经费支出合计``."""
    column = figure["column"].split(" > ")[-1] if figure["column"] else ""
    label = item_name(figure)
    if BARE_MEASURE.match(clean_label(figure["label"])):
        label = label.rstrip("的")  # 住房保障支出完成年初预算（的）
    if (
        figure["source"] == "text"
        and (BARE_MEASURE.match(label) or _CHANGE_ONLY.match(label))
        and figure.get("context")
    ):
        subject = sentence_subject(figure["context"])
        if subject:
            return f"{subject}{label.rstrip('的')}"  # 一般公共预算财政拨款支出 + 完成年初预算
    stage = STAGE_TAIL.search(clean_label(figure["label"])) if figure["source"] == "text" else None
    if stage and stage.group(0) not in label:  # 住房保障支出（年初预算）: the item is one, the stage says which
        label = f"{label}（{stage.group(0)}）"
    if re.fullmatch(r"合\s*计|总\s*计", label) and column:
        return column if re.search(r"合计|总计", column) else f"{column}合计"
    if column and column not in label and column not in ("合计", "金额", "值", "指标值"):
        return f"{label}（{column}）"
    return label


def _stated(described: str, value: str) -> str:
    """``基本工资为 23.43万元``; a change reads as one: ``培训费预算支出较上年减少 1.20万元``."""
    if re.search(r"(?:增加|减少|增长|下降)$", described):
        return re.sub(r"(?<![比较])(上年|去年)", r"较\1", described, count=1) + f" {value}"
    return f"{described}为 {value}"


def _derived(figure: dict) -> list[str]:
    value = figure["value_yuan"]
    if value is None or not figure["unit"].startswith("元"):
        return []
    return [trim_number(value / 10000)]


def _sources(ctx: Context, figures: list[ScoredFigure], hits, limit: int = MAX_SOURCES) -> list[Source]:
    out: list[Source] = []
    seen: set[tuple[str, str]] = set()
    chunks = [ctx.chunk(f.doc, f.figure["chunk_id"]) for f in figures] + [ctx.chunks[h.index] for h in hits]
    for chunk in chunks:
        if chunk is not None and (chunk.doc, chunk.chunk_id) not in seen and len(out) < limit:
            seen.add((chunk.doc, chunk.chunk_id))
            out.append(ctx.source(chunk))
    return out


def compose_lookup(ctx: Context, query: ParsedQuery, docs: list[str], retry: bool = True) -> Answer:
    """One figure (and any conflicting statement of it) from the best-matching document; a mistyped item is read
    as the documents' nearest word, with a note."""
    item = ctx.item(query)
    hits = ctx.search(query, docs)
    if item.asks_code:
        return _compose_code(ctx, query, docs, hits)
    if query.intent == "explain":
        return _compose_explain(ctx, query, hits, docs)
    scored = [s for s in ctx.scored_figures(query, item, docs, hits) if s.match >= MIN_MATCH]
    if not scored:
        stated = _stated_absence(ctx, query, hits) or _empty_row(ctx, query, item.text, hits)
        if stated is not None:
            return stated
        fixed = correction(item.text, ctx.vocabulary(docs)) if retry and item.text else None
        if fixed is not None:  # 差率费 → 差旅费
            typed, word = fixed
            reread = ctx.parser.parse(query.text.replace(typed, word))  # 差率费 was read as a rate (率)
            reread = replace(reread, docs=reread.docs or query.docs, years=reread.years or query.years)
            answer = compose_lookup(ctx, reread, docs, retry=False)
            if answer.found:
                answer.answer = f"您是不是要问“{word}”？以下按“{word}”回答。\n{answer.answer}"
                return answer
        who = "、".join(doc_label(ctx.identities[d]) for d in docs[:3])
        what = f"“{item.text or '所问项目'}”" + ("比上年的变化" if item.change_only else "")
        return message(
            query.text, f"在{who}中没有找到{what}的数字。以下是最相关的原文。", query, _sources(ctx, [], hits[:3])
        )
    best = scored[0]
    support = _corroborating(best, scored)
    if best.figure["source"] == "text" and support and support[0].figure["source"] == "table":
        best, support = support[0], [best] + support[1:]  # cite the table row first, then the passage
    figure = best.figure
    identity = ctx.identities[best.doc]
    value = display_value(figure["value_text"], figure["unit"], figure["value_yuan"])
    text = f"{doc_label(identity)}：{_stated(_describe(figure), value)}。"
    used = [best] + support
    derived = _derived(figure)
    if figure.get("basis") == COUNT_BASIS:  # the length of a list the document gives item by item
        text = f"{doc_label(identity)}：{figure['label']}共 {value}（原文逐项列出，见出处）。"
        derived.append(figure["value_text"])
    alternatives = _same_item_alternatives(best, scored)
    if alternatives:
        values = [best] + alternatives
        listed = "；".join(
            f"{display_value(a.figure['value_text'], a.figure['unit'], a.figure['value_yuan'])}"
            f"（见“{a.figure['location'].split(' > ')[0]}”）"
            for a in values
        )
        text += f"注意：原文对“{item_name(figure)}”给出了不同的数值：{listed}。"
        used += alternatives
        for a in alternatives:
            derived += _derived(a.figure)
    others = [
        s
        for s in scored
        if s.doc != best.doc
        and s.match >= best.match - 0.5
        and clean_label(s.figure["label"]) == clean_label(figure["label"])
    ]
    if others and len(docs) > 1:
        other = others[0]
        text += (
            f"另：{doc_label(ctx.identities[other.doc])}为 "
            f"{display_value(other.figure['value_text'], other.figure['unit'], other.figure['value_yuan'])}。"
        )
        used.append(other)
        derived += _derived(other.figure)
    page = int(figure.get("page") or 0)
    text += f"（出处：{figure['location']}{f'，第{page}页' if page else ''}）"
    answer = Answer(
        question=query.text,
        answer=text,
        found=True,
        sources=_sources(ctx, used, hits),
        intent="lookup",
        query=query,
        derived=derived,
    )
    return enforce_traceability(answer)


def _compose_code(ctx: Context, query: ParsedQuery, docs: list[str], hits) -> Answer:
    """The code of the row the question names: rows with a code, in the table the question names first."""
    asked = bigrams(query.text)
    ranked = {h.index: h.score for h in hits}
    coded = [
        Hit(index=i, score=ranked.get(i, 0.0))
        for i, c in enumerate(ctx.chunks)
        if c.doc in docs and c.kind == "row" and re.match(r"^\d{3,}\s", c.display)
    ]
    coded.sort(
        key=lambda h: (
            len(asked & bigrams(ctx.chunks[h.index].location)) >= 3,  # the table the question names
            len(asked & bigrams(ctx.chunks[h.index].display.split("：")[0])),  # the row it names
            h.score,
        ),
        reverse=True,
    )
    for hit in coded:
        chunk = ctx.chunks[hit.index]
        match = re.match(r"^(\d{3,})\s+(\S+)", chunk.display)
        if match:
            identity = ctx.identities[chunk.doc]
            name = match.group(2).rstrip("：")
            text = f"{doc_label(identity)}：{name}的编码为 {match.group(1)}（出处：{chunk.location}）。"
            return enforce_traceability(
                Answer(
                    question=query.text, answer=text, found=True, sources=_sources(ctx, [], [hit] + hits), query=query
                )
            )
    return message(query.text, "没有找到带编码的表格行。", query, _sources(ctx, [], hits[:3]))


def _stated_absence(ctx: Context, query: ParsedQuery, hits) -> Answer | None:
    """A passage that says the unit has none of the item (本单位无机关运行经费) answers the question."""
    found = ctx.stated_absence(query, hits)
    if found is None:
        return None
    hit, sentence = found
    text = f"{doc_label(ctx.identities[ctx.chunks[hit.index].doc])}：原文写明“{sentence}”"
    return enforce_traceability(
        Answer(question=query.text, answer=text, found=True, sources=_sources(ctx, [], [hit] + hits), query=query)
    )


def _empty_row(ctx: Context, query: ParsedQuery, item_text: str, hits) -> Answer | None:
    """A table row named as asked but left blank (004's 30109 职业年金缴费): say so and cite it."""
    if len(item_text) < 2:
        return None
    for hit in hits:
        chunk = ctx.chunks[hit.index]
        if chunk.kind != "row" or chunk.has_values:
            continue
        label, _, rest = chunk.display.partition(" | ")
        if rest and not all("：" in part for part in rest.split("；")):
            continue  # text stands where its figures would (总额 | 财政拨款；其他资金): not a row left blank
        label = clean_label(label)
        if (
            label == item_text
            or (len(item_text) >= 3 and item_text in label)
            or (len(label) >= 3 and label in item_text)
        ):
            text = f"{doc_label(ctx.identities[chunk.doc])}：《{chunk.location}》列有“{label}”一行，但没有填写数字。"
            return message(query.text, text, query, _sources(ctx, [], [hit] + hits))
    return None


def _glossary_entry(ctx: Context, term: str, docs: set[str]) -> int | None:
    """The passage that defines ``term`` in the documents' own words: ``（五）事业收入：指…`` / ``X是指…``, one in
    a 名词解释 section first."""
    if len(term) < 2:
        return None
    pattern = re.compile(  # brackets aside: 因公出国境费 (as a question types it) is 因公出国（境）费
        r"^[-•·*\s]*(?:备注|注|说明)?[：:]?\s*(?:[一二三四五六七八九十\d]+[、.．]?\s*)?“?"
        rf"{re.escape(_BRACKETS.sub('', term))}”?\s*(?:[：:]|是指|指|，指|是)"
    )
    found = [
        i
        for i, c in enumerate(ctx.chunks)
        if c.doc in docs and c.kind == "passage" and pattern.match(_BRACKETS.sub("", c.display))
    ]
    found.sort(key=lambda i: "名词解释" not in ctx.chunks[i].location)
    return found[0] if found else None


def _compose_explain(ctx: Context, query: ParsedQuery, hits, docs: list[str]) -> Answer:
    """What an item is or what the money is for: the documents' own definition (名词解释) of it, else the passage
    (or row description) that talks about it."""
    term = _EXPLAIN_WORDS.sub("", ctx.item(query).text).strip('“”"的 ')
    entry = _glossary_entry(ctx, term, set(docs))
    if entry is not None:
        chunk = ctx.chunks[entry]
        text = f"根据{doc_label(ctx.identities[chunk.doc])}原文：{chunk.display}"
        answer = Answer(question=query.text, answer=text, found=True, intent="explain", query=query)
        answer.sources = [ctx.source(chunk)] + _sources(ctx, [], hits, limit=2)
        return enforce_traceability(answer)
    words = item_words(query, ctx.item(query).text)
    candidates = [
        h
        for h in hits
        if len(ctx.chunks[h.index].display) >= 30
        and (
            ctx.chunks[h.index].kind == "passage"
            or "简介" in ctx.chunks[h.index].display
            or "说明" in ctx.chunks[h.index].display
        )
    ]
    about = [h for h in candidates if any(w in ctx.chunks[h.index].display for w in words)] or candidates
    if not about:
        return message(query.text, "没有找到说明用途或原因的原文。", query, _sources(ctx, [], hits[:3]))
    first = ctx.chunks[about[0].index]
    text = f"根据{doc_label(ctx.identities[first.doc])}原文：{first.display}"
    return enforce_traceability(
        Answer(
            question=query.text,
            answer=text,
            found=True,
            intent="explain",
            sources=_sources(ctx, [], about[:2] + hits),
            query=query,
        )
    )


def _previous_year_scope(ctx: Context, query: ParsedQuery) -> tuple[ParsedQuery, list[str]] | None:
    """A level asked of the year before a named unit's document (上年 / 去年 / that year written out), when the
    corpus lacks that year's document: the query and documents of the year after."""
    if not query.docs or query.intent not in ("lookup", "total") or _ASKS_CHANGE.search(query.text):
        return None  # (总计 of one unit is its total row: a lookup)
    named = [ctx.identities[d] for d in query.docs]
    if query.relative_year == -1:
        later = [i for i in named if i.year]
    elif len(query.years) == 1:
        later = [i for i in named if i.year == query.years[0] + 1]
    else:
        return None
    later = [i for i in later if not query.kind or i.kind == query.kind]  # a budget does not state last 决算
    if not later:
        return None
    docs = [i.doc for i in later]
    return replace(query, docs=docs, years=sorted({i.year for i in later if i.year}), relative_year=None), docs


def compose(ctx: Context, query: ParsedQuery) -> Answer:
    """Answer a parsed question (scope → lookup or cross-document composition)."""
    docs, refusal = resolve_scope(ctx, query)
    if refusal:
        previous_year = _previous_year_scope(ctx, query)
        if previous_year is not None:  # 上年呢 with only this year's document: what it says of last year
            answer = compose_last_year(ctx, *previous_year)
            if answer is not None and answer.found:
                return answer
            held = "、".join(doc_label(ctx.identities[d]) for d in previous_year[1])
            refusal += f"{held}中也没有写明该项上年的数字。"
        return message(query.text, refusal, query)
    if query.intent == "difference" and len(docs) == 1:
        query = replace(query, intent="change")  # "比2021年减少了多少" with only 2022 held: the stated change
    if query.intent == "lookup" and not query.docs and len(docs) > 1:
        per_doc = [(d, best) for d, best in best_per_document(ctx, query, docs) if best is not None]
        if len(per_doc) > 1:  # no organisation named and several hold the item: one line each
            listed = replace(query, intent="list")
            return compose_cross(ctx, listed, [d for d, _ in per_doc], per_doc)
        docs = [d for d, _ in per_doc] or docs
    units = ctx.parser.units
    several = any(not units.same_unit(docs[0], d) for d in docs[1:])  # other units, not one unit's other years
    if query.intent == "lookup" and several and "、" in query.org_named:  # 忻州和咸阳的基本工资: each unit's
        return compose_cross(ctx, replace(query, intent="list"), docs)
    if query.intent in _CROSS_INTENTS and (query.cross or several or (query.intent == "difference" and len(docs) > 1)):
        return compose_cross(ctx, query, docs)
    return compose_lookup(ctx, query, docs)
