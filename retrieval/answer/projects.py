"""Projects the documents report on (their tables' titles: 金保工程信息系统日常运营维护项目支出绩效自评表) and the
public's short forms of their long names (金保工程运维项目, 金保运维项目): the short form begins as the name
begins and its other characters appear in the name in order."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from retrieval.ingest.facts import clean_label

_NAME = re.compile(r"[\u4e00-\u9fff]{4,40}?项目")
_ASKED = re.compile(r"[\u4e00-\u9fff]{2,16}?项目")
MIN_NAME = 8  # a project name long enough for people to shorten


def project_names(table_titles: Iterable[str]) -> set[str]:
    """The project names table titles begin with (金保工程信息系统日常运营维护项目 of …项目支出绩效自评表)."""
    names = set()
    for title in table_titles:
        match = _NAME.match(clean_label(title))
        if match and len(match.group(0)) >= MIN_NAME:
            names.add(match.group(0))
    return names


def is_short_form(short: str, name: str) -> bool:
    """``short`` written in order inside ``name``, shorter than it, beginning as the name begins (金保…)."""
    if len(short) >= len(name) or not name.startswith(short[:2]):
        return False
    at = 2
    for char in short[2:]:
        at = name.find(char, at) + 1
        if at == 0:
            return False
    return True


@dataclass(frozen=True)
class Expansion:
    short: str
    name: str


class ProjectNames:
    """Reads a question's short form of a project name as the name the documents use."""

    def __init__(self, names: Iterable[str], in_documents: Callable[[str], bool]) -> None:
        self.names = sorted(set(names))
        self.in_documents = in_documents

    def expand(self, question: str) -> tuple[str, list[Expansion]]:
        """The question with each short form replaced by the one project name it fits (none when it fits two)."""
        found: list[Expansion] = []
        written = {m.end() for n in self.names for m in re.finditer(re.escape(n), question)}
        for end in [m.end() for m in re.finditer("项目", question)]:
            if end in written:  # the full name is written: nothing to read
                continue
            for start in range(max(0, end - 18), end - 3):  # the longest short form ending here
                short = question[start:end]
                if not re.fullmatch(r"[\u4e00-\u9fff]+", short) or self.in_documents(short):
                    continue
                fits = [n for n in self.names if is_short_form(short, n)]
                if len(fits) == 1:
                    found.append(Expansion(short, fits[0]))
                    break
        for expansion in found:
            question = question.replace(expansion.short, expansion.name, 1)
        return question, found
