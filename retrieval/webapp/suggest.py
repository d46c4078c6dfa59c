"""Questions to offer as buttons: what the corpus holds instead of a refused unit or year, and 2–3 follow-ups
after an answer, built from the documents the corpus holds (never a question about a unit it lacks)."""

from __future__ import annotations

import re

from retrieval.models import DocIdentity

MAX_SUGGESTIONS = 3
_HELD = re.compile(r"(?P<org>[^：:、。，（）\s]{2,40})（(?P<what>\d{4}年(?:预算|决算)(?:、\d{4}年(?:预算|决算))*)）")


def _ask(org: str, year_kind: str, item: str) -> str:
    return f"{org}{year_kind}的{item}是多少" if item else f"{org}{year_kind}的收支总计是多少"


def instead(answer: str, item: str, identities: dict[str, DocIdentity]) -> list[str]:
    """For a refusal listing what is held (现有：…（2023年决算） / 最接近的是：…): the same item asked of those."""
    held_orgs = {i.org for i in identities.values()}
    questions: list[str] = []
    for match in _HELD.finditer(answer):
        org = match.group("org")
        if org not in held_orgs:
            continue
        for year_kind in match.group("what").split("、"):
            questions.append(_ask(org, year_kind, item))
    return list(dict.fromkeys(questions))[:MAX_SUGGESTIONS]


def followups(docs: list[str], item: str, identities: dict[str, DocIdentity]) -> list[str]:
    """After an answer about one unit: its other years, then the same item across units."""
    answered = [identities[d] for d in docs if d in identities]
    if not answered or not item:
        return []
    first = answered[0]
    questions = [
        _ask(i.org, f"{i.year}年{i.kind}", item)
        for i in identities.values()
        if i.org == first.org and i.doc not in docs and i.year
    ]
    if len({i.org for i in identities.values()}) > 1:
        questions.append(f"各单位的{item}分别是多少")
    return list(dict.fromkeys(questions))[:MAX_SUGGESTIONS]
