"""Greetings, thanks and questions about the assistant get a short guide, not a search for their words."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from retrieval.answer.present import doc_label
from retrieval.models import DocIdentity

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "smalltalk.tsv"
_FILLER = re.compile(r"[\s，,。.！!？?~～、…：:；;啊呀吧呢哦嗯哈的了呗嘛啦]+")


@cache
def _phrases() -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, words = line.split("\t")
            table[kind] = tuple(sorted((w for w in words.split("、") if w), key=len, reverse=True))
    return table


def small_talk(text: str) -> str:
    """The kind of small talk a message is (greeting / thanks / meta), or "" when it asks something else."""
    rest = text.lower()
    kinds = []
    pairs = sorted(((k, w) for k, words in _phrases().items() for w in words), key=lambda kw: -len(kw[1]))
    for kind, word in pairs:  # longest phrase first: 可以问什么 before 可以
        if word in rest:
            rest = rest.replace(word, " ")
            kinds.append(kind)
    if not kinds or _FILLER.sub("", rest):
        return ""
    return "meta" if "meta" in kinds else kinds[0]


def guide(kind: str, identities: list[DocIdentity]) -> str:
    """A short reply: what can be asked, with examples from the documents held."""
    held = identities[:4]
    examples = [f"“{i.org}{i.year or ''}年{'实际' if i.kind == '决算' else ''}基本工资是多少？”" for i in held[:2]]
    opening = {"thanks": "不客气。", "greeting": "您好！"}.get(kind, "")
    listed = "、".join(doc_label(i) for i in held) + ("等" if len(identities) > len(held) else "")
    return (
        f"{opening}我可以回答预决算公开材料里的数字和说明（金额、人数、三公经费、比上年变化、名词解释等），"
        f"并给出原文出处。可以这样问：{'，'.join(examples)}。现有材料：{listed}。"
    )
