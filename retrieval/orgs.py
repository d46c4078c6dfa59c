"""Organisation names: the words a unit's name ends with and the public's short forms of words inside names
(``data/org_words.tsv``).

Used by ingest (finding and abbreviating a document's organisation) and by answering (which unit a question names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from retrieval.places import HAN, gazetteer, leading_places, stem

DATA_FILE = Path(__file__).resolve().parent / "data" / "org_words.tsv"


@dataclass(frozen=True)
class OrgWords:
    suffixes: tuple[str, ...]  # longest first
    shorts: tuple[tuple[str, str], ...]  # (long, short), in file order
    others: tuple[tuple[str, str], ...]  # (long, another short form people also use)
    weak: frozenset[str]  # suffixes that also end everyday words
    leads: tuple[str, ...]  # words a question may put before a unit's name, longest first


@cache
def org_words() -> OrgWords:
    suffixes: list[str] = []
    shorts: list[tuple[str, str]] = []
    others: list[tuple[str, str]] = []
    weak: set[str] = set()
    leads: list[str] = []
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, *words = line.split("\t")
        if kind == "suffix":
            suffixes.append(words[0])
        elif kind == "short":
            shorts.append((words[0], words[1]))
            others.extend((words[0], other) for other in words[2:])
        elif kind == "weak":
            weak.add(words[0])
        elif kind == "lead":
            leads.append(words[0])
    return OrgWords(
        tuple(sorted(suffixes, key=len, reverse=True)),
        tuple(shorts),
        tuple(others),
        frozenset(weak),
        tuple(sorted(leads, key=len, reverse=True)),
    )


@cache
def org_pattern() -> re.Pattern[str]:
    """A name of 2–40 Han characters (brackets allowed) ending with an organisation word."""
    ends = "|".join(map(re.escape, org_words().suffixes))
    return re.compile(rf"[{HAN}（）()]{{1,40}}?(?:{ends})")


def org_suffix(name: str) -> str:
    """The organisation word ``name`` ends with ("" when none)."""
    return next((s for s in org_words().suffixes if name.endswith(s)), "")


def is_org_name(name: str) -> bool:
    """A plausible unit name: ends with an organisation word and has something before it; the word may stand in
    brackets at the end (``皖江江南新兴产业集中区(管委会)``)."""
    if re.fullmatch(rf"[{HAN}（）()]+", name) is None:
        return False
    bracketed = re.fullmatch(r"(?P<base>.+?)[（(](?P<inner>[^（）()]+)[）)]", name)
    if bracketed and org_suffix(bracketed.group("inner")) and len(bracketed.group("base")) >= 2:
        return True
    suffix = org_suffix(name)
    return bool(suffix) and len(name) > len(suffix)


def name_places(name: str) -> tuple[list[str], str]:
    """The places a unit's name begins with, also those after a government in it: ``重庆市渝中区人民政府两路口街道
    办事处`` → (重庆市, 渝中区, 两路口街道), ``办事处``."""
    places, rest = leading_places(name)
    if not places:
        for k in (3, 2):  # 广东画院: a listed province's or city's stem begins the name
            place = next((name[:k] + s for s in ("省", "市") if name[:k] + s in gazetteer()), "")
            if place and is_org_name(name[k:]):
                return [place], name[k:]
    government = re.match(r"人民政府|政府", rest)
    if places and government:
        more, after = leading_places(rest[government.end() :])
        if more and after:
            return places + more, after
    return places, rest


def abbreviate(name: str) -> list[str]:
    """Short forms people use, from applying the public's abbreviations one after another
    (``社会保障卡服务中心`` → ``社保卡服务中心`` → ``社保卡中心``)."""
    out: list[str] = []
    current = name
    for long_form, short_form in org_words().shorts:
        if long_form in current:
            current = current.replace(long_form, short_form)
            if current not in out and current != name:
                out.append(current)
    for long_form, short_form in org_words().shorts:  # 青海省残联 is also 青海省残疾人联合会
        if name.endswith(short_form) and long_form not in name and len(short_form) >= 2 and org_suffix(long_form):
            out.append(name[: -len(short_form)] + long_form)
    for long_form, other in org_words().others:  # 街道办事处 → 街道办 as well as → 街道
        if long_form in name and (alternative := name.replace(long_form, other)) not in out:
            out.append(alternative)
    return out


def short_names(name: str) -> list[str]:
    """Names people type for a unit: without its enclosing places, with the region's stem, abbreviated
    (``重庆市渝北区就业和人才服务中心`` → ``渝北区就业和人才服务中心``, ``渝北就业人才中心`` …)."""
    if name.startswith(("中共", "中国共产党")):  # 中共温州市委党校 is 温州市委党校 to the public
        name = name[2:] if name.startswith("中共") else name[5:]
        return [name, *short_names(name)]
    places, rest = name_places(name)
    bases = [name]
    if places and rest:
        bases.append(places[-1] + rest)  # the most specific place only
        if stem(places[-1]) != places[-1]:
            bases.append(stem(places[-1]) + rest)
    out: list[str] = []
    for base in bases:
        for candidate in [base, *abbreviate(base)]:
            if candidate != name and candidate not in out and len(candidate) >= 3:
                out.append(candidate)
    return out


def core(name: str) -> str:
    """What is left of a name without its places: the part that says what kind of unit it is."""
    _, rest = leading_places(name)
    return rest or name
