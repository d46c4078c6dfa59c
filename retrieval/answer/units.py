"""Which held units a question names — and which units it names that the corpus does not hold.

A question's unit is read as places (listed, or shaped like one: 渝北区, 和县, 禾丰镇, and the short stems of the
held units' places such as 忻州) followed by what kind of unit it is (司法局, 就业人才中心). A held unit answers only
when every place fits its region/city/province and the kind is its name in short (the question's words appear in
order in one of its names: 渝北就业人才中心 ⊂ 渝北区就业和人才服务中心). A parent bureau is not its centre
(人社局 ≠ 人社信息中心) and another district of the same city is not the held district.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from rapidfuzz.distance import LCSseq, Levenshtein

from retrieval.models import DocIdentity
from retrieval.orgs import core, org_pattern, org_suffix, org_words
from retrieval.places import HAN, WORD_AFTER, gazetteer, is_listed, leading_places, places_in, stem

NAME_MATCH = 0.8  # share of the question's unit words that must appear, in order, in a held name
_NOT_A_UNIT = re.compile(
    r"的|多少|哪|最|是|费|支出|收入|预算|决算|经费|工资|资金|合计|总计|万元|比|几|各|每|所有|全部|这|那些"
    r"|什么|怎么"
)
_GENERIC_PLACE = re.compile(rf"[{HAN}]{{2,6}}?(?:自治县|自治州|自治区|街道|省|市|区|县|旗|镇|乡|州|盟)")
_CONNECTORS = frozenset("和与比及跟同较或、，,；;对")
_TOWNSHIP_OFFICE = re.compile(r"办事处|人民政府|政府|党委|办(?![公理])")  # after a 街道/镇/乡: its own office
_NOT_IN_PLACE = re.compile(r"[的和与及是在比费元钱年月号多少哪那这几各每个家]")
_FILLER = re.compile(r"^(?:的)?(?:那个|这个|那家|这家|那一个|这一个|(?:这|那)?[两二三四五六七八九十几]+[个家所])?")
_NOT_PLACE = re.compile(
    r"^(?:全|本|该|各|两|市|县|区|社|小|地|城|辖|园|景|片|新|郊|矿|山|灾|老|林|湖|分|厂)[市区县镇乡省]$"
)


@dataclass
class Mention:
    """A unit as a question names it."""

    text: str
    start: int
    places: list[str] = field(default_factory=list)
    kind: str = ""  # what is left after the places: 司法局, 就业人才中心 ("" = only places)

    @property
    def strong(self) -> bool:
        """The kind ends with an organisation word that only units end with (局, 中心, 政府 …, not 会/部)."""
        suffix = org_suffix(self.kind)
        return bool(suffix) and suffix not in org_words().weak and len(self.kind) > len(suffix)


@dataclass
class Resolution:
    docs: list[str]  # held documents the question names, in order of mention
    named: str  # the mentions that matched, joined with 、
    unknown: str  # a unit or place named that the corpus does not hold
    closest: list[str]  # held units most like the unknown one
    corrected: str = ""  # a mistyped unit read as a held one (曾督区… → 曾都区…): the answer says so


def _kind_shaped(kind: str) -> bool:
    """A unit kind has no question words and only balanced brackets (``年）和高陵区…`` is not one)."""
    opened = kind.count("（") + kind.count("(")
    closed = kind.count("）") + kind.count(")")
    return (
        re.fullmatch(rf"[{HAN}（）()]+", kind) is not None
        and not _NOT_A_UNIT.search(kind)
        and opened == closed
        and kind[:1] not in "（）()"
    )


def _strip_lead(text: str) -> str:
    for lead in org_words().leads:
        if text.startswith(lead):
            return text[len(lead) :]
    return text[1:] if text[:1] in _CONNECTORS else text


class UnitResolver:
    """Resolves unit mentions against the identities of the indexed documents.

    ``in_documents(word)`` says whether a word occurs in the documents' text: a unit-shaped word the documents
    use as something else (a project's 数据中心) is not read as a unit the corpus lacks."""

    def __init__(self, identities: list[DocIdentity], in_documents: Callable[[str], bool] | None = None) -> None:
        self.identities = list(identities)
        self._by_doc = {i.doc: i for i in self.identities}
        self.in_documents = in_documents or (lambda word: False)
        self._places: dict[str, set[str]] = {}  # place name or stem → docs in it
        for ident in self.identities:
            same_region = {i.doc for i in self.identities if i.region == ident.region} if ident.region else set()
            for place in [*ident.places, ident.region, ident.city, ident.province]:
                for key in {place, stem(place)} - {""}:
                    self._places.setdefault(key, set()).add(ident.doc)
            for variant in ident.ocr_variants:  # a misread region stands for every document of that region
                for key in {variant, stem(variant)}:
                    self._places.setdefault(key, set()).update(same_region)
        autonomous = {}  # 寻甸回族彝族自治县 is the 寻甸县 a document names
        for long_name in gazetteer():
            if long_name.endswith(("自治县", "自治旗")) and (short := long_name[:2] + long_name[-1]) in self._places:
                self._places.setdefault(long_name, set()).update(self._places[short])
                autonomous[short] = long_name
        self._own_place: dict[str, set[str]] = {}  # doc → names of the place it sits right at
        for ident in self.identities:
            variants = {v for i in self.identities if i.region == ident.region for v in i.ocr_variants}
            own = {p for name in {ident.region, *variants} for p in (name, stem(name))}
            self._own_place[ident.doc] = own | {autonomous[p] for p in own if p in autonomous}
        self._held = sorted((k for k in self._places if len(k) >= 2), key=len, reverse=True)
        self._names = {
            i.doc: sorted({core(n) for n in [i.org, i.full_name, *i.aliases] if n} | {i.org, *i.aliases}, key=len)
            for i in self.identities
        }

    # ------------------------------------------------------------------ reading the question

    def _place_at(self, text: str, boundary: bool) -> str:
        """The place ``text`` begins with: a held place or its stem, a listed place anywhere; at a word boundary
        also a place-shaped word or a listed place's stem followed by a unit kind (渝北 in 渝北就业人才中心)."""
        listed = places_in(text[:12])
        listed_here = listed[0][1] if listed and listed[0][0] == 0 else ""
        for key in self._held:
            if text.startswith(key):
                return listed_here if len(listed_here) > len(key) else key
        if listed_here and not _NOT_PLACE.match(listed_here):
            return listed_here
        if not boundary:
            return ""
        generic = _GENERIC_PLACE.match(text)
        if (
            generic
            and text[len(generic.group(0)) : len(generic.group(0)) + 1] != WORD_AFTER.get(generic.group(0)[-1])
            and not _NOT_PLACE.match(generic.group(0))
            and not _NOT_IN_PLACE.search(generic.group(0))
            and leading_places(generic.group(0))[0]
        ):
            return generic.group(0)
        for k in (4, 3, 2):  # a listed place's stem, when a unit kind follows: 渝北 + 就业人才中心
            if len(text) > k and any(text[:k] + s in gazetteer() for s in ("市", "区", "县")):
                kind = org_pattern().match(text[k:])
                if kind and len(kind.group(0)) > len(org_suffix(kind.group(0))) + 1:
                    return text[:k]
        return ""

    def mentions(self, question: str) -> list[Mention]:
        """Units the question names, in order (places and the unit kind after them)."""
        text = re.sub(r"\s+", "", question)
        found: list[Mention] = []
        i, boundary = 0, True
        while i < len(text):
            after_digits = i > 0 and text[i] in "年月日度" and (text[i - 1].isdigit() or text[i - 1 : i + 1] == "年度")
            if not re.match(rf"[{HAN}]", text[i]) or after_digits:
                i, boundary = i + 1, True
                continue
            start = i
            while boundary:  # 请问 / 和 before a unit are not part of it; 和县 is a place
                stripped = _strip_lead(text[start:])
                if stripped == text[start:] or (
                    self._place_at(text[start:], True) and not self._place_at(stripped, True)
                ):
                    break
                start += len(text[start:]) - len(stripped)
            places: list[str] = []
            cursor = start
            while place := self._place_at(text[cursor:], boundary or bool(places)):
                places.append(place)
                cursor += len(place)
                if text[cursor : cursor + 1] == "的" and self._place_at(text[cursor + 1 :], True):
                    cursor += 1  # 云岚市的松陂区…
                government = re.match(r"人民政府|政府", text[cursor:])
                if government and self._place_at(text[cursor + government.end() :], True):
                    cursor += government.end()  # 渝中区人民政府两路口街道办事处: the 街道 is the unit's place
            filler = len(_FILLER.match(text[cursor:]).group(0)) if places else 0  # type: ignore[union-attr]
            if filler and org_pattern().match(text[cursor + filler :]):
                cursor += filler  # 咸阳市的社保卡中心 / 西安市那个信息中心 / 忻州和咸阳两个社保卡中心
            kind = self._kind_at(text[cursor:], places)
            mention = Mention(text[start : cursor + len(kind)], start, places, kind)
            held_weak = len(kind) >= 3 and not mention.strong and self._held_kind(kind)  # 台创园: a held unit's name
            if places or (boundary and ((mention.strong and self._unit_like(kind)) or held_weak)):
                found.append(mention)
                i, boundary = cursor + len(kind), False
                continue
            boundary = text[i] in _CONNECTORS
            i += 1
        return found

    def _kind_at(self, text: str, places: list[str]) -> str:
        """The unit kind ``text`` begins with: the longest one some held unit in those places is named by
        (泊川市渚区市场监督管理局滨河市场监督管理所 is the 所, not the 局), else the shortest."""
        if text[:1] in _CONNECTORS and self._place_at(text[1:], True):
            return ""  # 芦塘镇和蒲口镇: 和 joins a second place, it begins no unit kind
        if places and places[-1].endswith(("街道", "镇", "乡")):
            office = _TOWNSHIP_OFFICE.match(text)
            if office:
                return office.group(0)  # 两路口街道办事处 / 新妙镇政府: the township's own office
        ends = "|".join(map(re.escape, org_words().suffixes))
        kinds = []
        for match in re.finditer(rf"(?:{ends})", text[:41]):
            kind = text[: match.end()]
            if match.start() == 0 or not _kind_shaped(kind):
                if not _kind_shaped(kind):
                    break
                continue
            kinds.append(kind)
        docs = [i.doc for i in self.identities if self._in_places(i.doc, places)]
        held = [k for k in kinds if any(self.name_score(k, d) >= NAME_MATCH for d in docs)]
        return held[-1] if held else kinds[0] if kinds else ""

    def _held_kind(self, kind: str) -> bool:
        """A held unit is named by these words: a name ending in a weak word such as 园 or 所, written as the unit
        is named or in short (台创园, 滨河所 for …滨河市场监督管理所)."""
        suffix = org_suffix(kind)
        if not suffix or len(kind) - len(suffix) < 2:
            return False
        return any(kind in self._names.get(i.doc, []) or self.name_score(kind, i.doc) >= 1.0 for i in self.identities)

    def _unit_like(self, kind: str) -> bool:
        """A unit kind named without a place: held by some unit, or at least not a phrase the documents use."""
        return any(self.name_score(kind, i.doc) >= NAME_MATCH for i in self.identities) or not self.in_documents(kind)

    # ------------------------------------------------------------------ matching held units

    def _in_places(self, doc: str, places: list[str]) -> bool:
        return all(doc in self._places.get(p, set()) for p in places)

    def name_score(self, kind: str, doc: str) -> float:
        """Share of ``kind``'s own words (without its organisation word) found in order in one of the unit's
        names that ends with the same kind of organisation word (社保卡中心 in 社会保障卡服务中心: 1.0)."""
        suffix = org_suffix(kind)
        own = kind[: len(kind) - len(suffix)] if suffix else kind
        best = 0.0
        for name in self._names.get(doc, []):
            if suffix and not (name.endswith(suffix) or org_suffix(name).endswith(suffix)):
                continue
            body = name[: len(name) - len(org_suffix(name))] if suffix else name
            best = max(best, LCSseq.similarity(own, body) / len(own) if own else 1.0)
        return best

    def _matches(self, mention: Mention) -> list[str]:
        docs = [i.doc for i in self.identities if self._in_places(i.doc, mention.places)]
        bare_office = _TOWNSHIP_OFFICE.fullmatch(mention.kind) is not None  # 万灵镇政府: the 镇's own office
        named = len(mention.kind) > len(org_suffix(mention.kind))  # 招办 / 社保所: own words besides the 办 / 所
        if mention.kind and (mention.strong or not mention.places or bare_office or named):
            docs = [
                d
                for d in docs
                if self.name_score(mention.kind, d) >= NAME_MATCH
                or (bare_office and bool(mention.places) and self._identity(d).org.endswith(mention.places[-1]))
            ]
            if mention.places and mention.strong:  # 云岚市司法局 is not 云岚市松陂区司法局: the unit's own place
                docs = [d for d in docs if self._at_place(d, mention.places[-1])]
        return docs

    def _at_place(self, doc: str, place: str) -> bool:
        """Whether a unit sits right at ``place`` (its region, or a misreading or stem of it)."""
        own = self._own_place.get(doc, set())
        return place in own or not own - {""}

    def same_unit(self, a: str, b: str) -> bool:
        """Whether two documents are one unit's (other years, or its name written longer in one of them)."""
        first, second = self._by_doc[a], self._by_doc[b]
        if first.org == second.org:
            return True
        if not first.region or first.region != second.region:
            return False
        x, y = sorted((core(first.org), core(second.org)), key=len)
        return LCSseq.similarity(x, y) == len(x)

    def closest(self, mention: Mention, limit: int = 3) -> list[str]:
        """Held units most like a unit the corpus lacks: sharing its places first, then its kind of name."""

        def likeness(ident: DocIdentity) -> float:
            shared = sum(ident.doc in self._places.get(p, set()) for p in mention.places)
            names = self._names.get(ident.doc, [])
            kind = max((LCSseq.normalized_similarity(mention.kind, n) for n in names), default=0.0)
            return shared + (kind if mention.kind else 0.0)

        ranked = sorted(self.identities, key=likeness, reverse=True)
        return list(dict.fromkeys(i.org for i in ranked if likeness(i) > 0))[:limit]

    def resolve(self, question: str) -> Resolution:
        mentions = self.mentions(question)
        docs: list[str] = []
        named: list[str] = []
        fixes: list[str] = []
        for mention in mentions:
            matched = self._matches(mention)
            if docs and not mention.places and set(matched) & set(docs):
                continue  # …档案馆2023年决算中，档案馆（2012604）: the row, not a second unit
            corrected = ""
            if not matched and (reread := self._reread(mention)):
                mention, matched, corrected = reread
            if not matched:
                retyped = self._mistyped(mention)
                if retyped is None:
                    unknown_places = [p for p in mention.places if p not in self._places]
                    return Resolution([], "", mention.text or "、".join(unknown_places), self.closest(mention))
                mention, matched = retyped
                corrected = mention.text
            docs += [d for d in matched if d not in docs]
            named.append(mention.text)
            fixes.append(corrected)
        return Resolution(docs, "、".join(named), "", [], "、".join(f for f in fixes if f))

    def _reread(self, mention: Mention) -> tuple[Mention, list[str], str] | None:
        """A mention no held unit matches as read, that one does read otherwise:
        * a leading word taken for a listed place's stem is part of the name (江南产业集中区管委会 of
          皖江江南新兴产业集中区(管委会): 江南 there is no place);
        * a real place the held unit's document never states, where it states no other place of that level
          (北碚区歇马街道…所 for 歇马街道…所): read as the held unit, and the answer says which one."""
        places = mention.places
        stems = [k for k, p in enumerate(places) if not is_listed(p) and p not in self._places]
        if stems and mention.kind:
            k = stems[0]
            folded = Mention(mention.text, mention.start, places[:k], "".join(places[k:]) + mention.kind)
            if (matched := self._matches(folded)) and folded.strong:
                return folded, matched, ""
        for k, place in enumerate(places[:-1]):  # a place above one the unit is at, never its own place
            if place in self._places or not is_listed(place):
                continue
            rest = Mention(mention.text, mention.start, places[:k] + places[k + 1 :], mention.kind)
            level = place[-1]
            matched = [
                d
                for d in self._matches(rest)
                if not any(p.endswith(level) for p in self._identity(d).places if p != place)
            ]
            if matched and rest.places:
                return rest, matched, "".join(rest.places) + rest.kind
        return None

    def _identity(self, doc: str) -> DocIdentity:
        return self._by_doc[doc]

    def _mistyped(self, mention: Mention) -> tuple[Mention, list[str]] | None:
        """A mention one character off a held unit (曾督区 for 曾都区, 设保卡 for 社保卡), read as that unit: only
        when the mistyped place is no real place of the national list (雁塔区 is never read as 高陵区)."""
        places = list(mention.places)
        for k, place in enumerate(places):
            if place in self._places:
                continue
            if is_listed(place):
                return None
            near = [h for h in self._held if len(h) == len(place) and Levenshtein.distance(h, place) == 1]
            if len(near) != 1:
                return None
            places[k] = near[0]
        kind = mention.kind
        docs = [i.doc for i in self.identities if self._in_places(i.doc, places)]
        if kind and not any(self.name_score(kind, d) >= NAME_MATCH for d in docs):
            names = {n for d in docs for n in self._names.get(d, []) if n.endswith(org_suffix(kind) or kind[-1:])}
            near = sorted(n for n in names if len(kind) >= 4 and Levenshtein.distance(n[-len(kind) :], kind) == 1)
            if not near:
                return None
            kind = near[0][-len(kind) :]
        fixed = Mention("".join(places) + kind, mention.start, places, kind)
        matched = self._matches(fixed)
        return (fixed, matched) if matched and (fixed.text != mention.text) else None
