"""Questions to offer as buttons: what the corpus holds instead of a refused unit or year, and 2–3 follow-ups
after an answer, built from the documents the corpus holds (never a question about a unit it lacks)."""

from __future__ import annotations

import re

import pandas as pd

from retrieval.models import DocIdentity
from retrieval.orgs import org_suffix

MAX_SUGGESTIONS = 3
_HELD = re.compile(r"(?P<org>[^：:、。，（）\s]{2,40})（(?P<what>\d{4}年(?:预算|决算)(?:、\d{4}年(?:预算|决算))*)）")


def _ask(org: str, year_kind: str, item: str) -> str:
    return f"{org}{year_kind}的{item}是多少" if item else f"{org}{year_kind}的收支总计是多少"


def instead(answer: str, item: str, identities: dict[str, DocIdentity]) -> list[str]:
    """For a refusal listing what is held (现有：…（2023年决算） / 最接近的是：…): the same item asked of those."""
    held_orgs = {i.org for i in identities.values()}
    if item and (org_suffix(item) or f"（{item}）" in answer):
        item = ""  # 北京市民政局 is the unit refused, not an item to ask of the held ones: their totals instead
    questions: list[str] = []
    for match in _HELD.finditer(answer):
        org = match.group("org")
        if org not in held_orgs:
            continue
        for year_kind in match.group("what").split("、"):
            questions.append(_ask(org, year_kind, item))
    return list(dict.fromkeys(questions))[:MAX_SUGGESTIONS]


def related_items(figures: pd.DataFrame, doc: str, chunk_id: str, item: str, limit: int = 2) -> list[str]:
    """Items the same document states beside the cited one — in the same table (non-zero amounts, those sharing the
    cited row's classification code group first: 基本工资 → 津贴补贴, 绩效工资; then the nearest rows) or in the
    same cited passage."""
    if figures.empty or not chunk_id:
        return []
    table, _, row = chunk_id.partition(".")
    in_table = table.startswith("t") and row.isdigit()
    group = figures["chunk_id"].str.startswith(table + ".") if in_table else figures["chunk_id"] == chunk_id
    same = figures[(figures["doc"] == doc) & group]
    cited = same[same["chunk_id"] == chunk_id]
    code = str(cited["code"].iloc[0]) if len(cited) else ""
    wanted = same[(same["role"] == "level") & (same["value"].fillna(0) != 0) & (same["item"] != item)]
    picks: dict[str, tuple[int, int]] = {}
    for _, fig in wanted.iterrows():
        name, fig_code = str(fig["item"] or ""), str(fig["code"] or "")
        if len(name) < 2 or name.startswith(("合计", "总计", "小计")):
            continue
        kin = 0 if code and fig_code and fig_code[:3] == code[:3] and fig_code != code else 1
        place = str(fig["chunk_id"]).partition(".")[2]
        rank = (kin, abs(int(place) - int(row)) if in_table and place.isdigit() else int(fig["at"] or 0))
        picks[name] = min(picks.get(name, rank), rank)
    return sorted(picks, key=lambda name: picks[name])[:limit]


def followups(
    docs: list[str],
    item: str,
    identities: dict[str, DocIdentity],
    related: list[str] | None = None,
    across: bool = True,
) -> list[str]:
    """After an answer about one unit: its other years, items stated beside the cited one, then the same item
    across units."""
    answered = [identities[d] for d in docs if d in identities]
    if not answered or not item:
        return []
    first = answered[0]
    questions = [
        _ask(i.org, f"{i.year}年{i.kind}", item)
        for i in identities.values()
        if i.org == first.org and i.doc not in docs and i.year
    ][:1]
    first_period = f"{first.year}年{first.kind}" if first.year else first.kind
    questions += [_ask(first.org, first_period, other) for other in related or []]
    if len({i.org for i in identities.values()}) > 1 and across:
        questions.append(f"各单位的{item}分别是多少")
    return list(dict.fromkeys(questions))[:MAX_SUGGESTIONS]


def for_turn(turn: dict, item: str, identities: dict[str, DocIdentity], figures: pd.DataFrame) -> list[str]:
    """The buttons under one reply (a turn record): what is held instead after a refusal; after an answer about one
    unit, its other years, the items beside the cited row and the same item across units."""
    if not turn.get("found"):
        return instead(turn.get("answer", ""), item, identities)
    docs = list((turn.get("query") or {}).get("docs") or [])
    sources = turn.get("sources") or []
    if turn.get("intent") in ("list", "rank", "compare", "total") and item.strip(":： "):
        item = item.strip(":： ")  # across units: the other way of looking at the same item
        offers = [f"哪个单位的{item}最多", f"哪个单位的{item}最少", f"各单位的{item}分别是多少"]
        return [o for o in offers if not _same_question(o, str(turn.get("question", "")))][:2]
    related: list[str] = []
    if sources and len({s.get("doc") for s in sources}) == 1:  # one document answered: offer around it
        docs = [sources[0]["doc"]]
        related = related_items(figures, sources[0]["doc"], sources[0].get("chunk_id", ""), item)
    item = item.strip(":： ")
    offers = followups(docs, item, identities, [r.strip(":： ") for r in related], _held_by_several(figures, item))
    return [o for o in offers if not _same_question(o, str(turn.get("question", "")))]  # never the one just asked


def _same_question(offer: str, asked: str) -> bool:
    def bare(text: str) -> str:
        return re.sub(r"[的？?。，,\s]|是多少|分别|多少", "", text)

    return bare(offer) == bare(asked)


def _held_by_several(figures: pd.DataFrame, item: str) -> bool:
    """Whether more than one document states the item (a project is one unit's; 各单位的… would find nothing)."""
    if not item or "项目" in item or figures.empty:
        return False
    plain = figures["item"].astype(str).str.replace(r"[“”\"'‘’]", "", regex=True)  # “三公”经费 is 三公经费
    return figures.loc[plain.str.contains(re.sub(r"[“”\"'‘’]", "", item), regex=False), "doc"].nunique() > 1
