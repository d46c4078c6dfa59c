"""Every place a disclosure states who it is: candidate values for organisation, year and kind, each with its source.

Sources: title lines in any word order (also split over two lines or glued to a page breadcrumb), 部门名称/单位名称
fields, "第X部分 …概况" headings, the first sentence naming the unit ("…中心是…"), 落款 signature lines, names the body
repeats, and the file name as the last resort.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from retrieval.ingest.headings import heading_level
from retrieval.ingest.textclean import Line
from retrieval.orgs import is_org_name, org_pattern
from retrieval.places import HAN, leading_places, places_in

_CN_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0", "O": "0"}
YEAR = r"(?:20\d{2}|二[〇零○][一二〇零○][〇零○一二三四五六七八九])"
_YEAR_WORD = re.compile(rf"(?P<year>{YEAR})\s*年度?")
_KIND = r"(?:部门|单位|机关|本级)?(?:综合)?(?:财政)?(?:收支)?(?:预算|决算)"
_TITLE_ORG_FIRST = re.compile(
    rf"^(?:关于)?(?P<org>[{HAN}（）()]+?)(?P<year>{YEAR})\s*(?:年度?|(?=部门|单位))(?P<rest>.*)$"
)
_TITLE_YEAR_LEAD = re.compile(rf"^(?:关于)?(?P<year>{YEAR})\s*年度?(?P<rest>.+)$")
# 德钦县司法局年度部门决算 (the year left out) / 2021年部门预算公开说明中方县信访局 (the unit last)
_TITLE_NO_YEAR = re.compile(rf"^(?P<org>[{HAN}（）()]+?)(?:年度)?(?P<rest>{_KIND}(?:公开)?(?:说明|情况说明|报告)?)$")
_TITLE_ORG_LAST = re.compile(
    rf"^(?P<year>{YEAR})\s*年度?(?P<rest>{_KIND}(?:公开)?(?:说明|情况说明)?)(?P<org>[{HAN}（）()]+?)[.。]?$"
)
_TITLE_YEAR_FIRST = re.compile(rf"^(?:关于)?(?P<year>{YEAR})\s*年度?(?P<org>[{HAN}（）()]+?)(?P<rest>{_KIND}.*)$")
_TITLE_YEAR_AFTER = re.compile(
    rf"^(?:关于)?(?P<org>[{HAN}（）()]+?)(?P<rest>{_KIND}[{HAN}]*?)[（(\[【](?P<year>{YEAR})\s*年?度?[）)\]】]"
)
_KIND_WORD = re.compile(r"预算|决算")
# Names with 预算 in them that say which budget, not which kind of disclosure (一般公共预算…支出决算 is a 决算).
_NOT_KIND = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|预算法|预算单位|预算管理|预决算")
# What may follow the unit's name in a title: 部门预算 / 单位决算 / “三公”经费… / 一般公共预算…
_TITLE_TAIL = re.compile(
    r"^(?:部门|单位|机关|本级|综合|财政|收支|预算|决算|一般公共预算|政府性基金|国有资本|三公|“三公”|年度|整体|项目)"
)
_TITLE_WORD = re.compile(r"公开|说明|情况|报告|表$")
_FILE_EXTENSION = re.compile(r"\.(?:xlsx?|docx?|pdf|wps|et|html?)$", re.IGNORECASE)
_LEADING_MARK = re.compile(r"^(?:第[一二三四五六七八九十]+部分|[（(]?[一二三四五六七八九十\d]{1,3}[)）、.．])[：:\s]*")
_BREADCRUMB = re.compile(r"\s*(?:>|＞|»|›|→|/|\||｜|》)\s*")
_NOISE = re.compile(
    r"首页|当前位置|您的位置|您现在的位置|信息公开|政务公开|政府信息公开|财政预决算|部门预决算|预决算公开|预算公开|"
    r"决算公开|财政信息|通知公告|公示公告|财政资金|专项公开|部门预算|部门决算|预算|决算|公开|标题|信息名称"
)
_NAME_FIELD = re.compile(
    rf"(?:预算单位|预算部门|编制单位|填报单位|公开单位|主管部门|部门|单位)(?:（单位）|\(单位\))?(?:名称|全称)?\s*[：:]\s*"
    rf"(?P<name>[{HAN}（）()]{{2,40}})"
)
_NAME_LABEL = re.compile(r"^(?:预算单位|预算部门|编制单位|填报单位|公开单位|部门|单位)(?:名称|全称)$")
_PART_HEADING = re.compile(
    rf"^(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+[、．.])?[：:\s]*(?P<org>[{HAN}（）()]{{3,40}}?)"
    r"(?:单位|部门)?(?:概况|基本情况|简介|主要职能|主要职责)$"
)
_FIRST_SENTENCE = re.compile(
    rf"^(?:[（(]?[一二三四五六七八九十\d]{{1,3}}[)）、.．]\s*)?(?:[{HAN}]{{2,6}}[：:])?(?P<org>[{HAN}（）()]{{3,40}}?)"
    r"(?:是|为|系|属于|隶属于|隶属|作为|成立于|始建于|位于|主要职责|主要职能|的主要职责|负责|内设|下设|仅设|设有|共有|现有|核定)"
)
# "现将<ORG>2021年度“三公”经费决算情况公布如下": the sentence that introduces what follows names it like a title
_ANNOUNCE = re.compile(r"现将(?:我单位|本单位|我部门|本部门)?(?P<title>[^，。；;,]{6,80}?)(?:公布|公开|报告|说明)如下")
# A published page's header fields: the publisher (often the parent of the unit the title names)
_PUBLISHER = re.compile(rf"(?:发布机构|发文机关|信息来源|来源)\s*[\]】]?\s*[：:|｜]?\s*(?P<name>[{HAN}（）()]{{3,40}})")
# The 标题 field of a page's header: the document's title, or the unit's name alone
_TITLE_FIELD = re.compile(rf"^[\[【]?\s*(?:标题|信息名称)\s*[\]】]?\s*[：:|｜]?\s*(?P<title>[{HAN}（）()“”\d]{{4,80}})")
# 单位构成: "纳入本部门2022年度决算编制的…单位主要包括<ORG>。" — one unit only
_ONLY_UNIT = re.compile(rf"(?:单位|范围)(?:主要|只|仅)?包括[：:]?(?P<name>[{HAN}（）()]{{4,40}})[。.]")
_PROSE_YEAR = re.compile(rf"(?P<year>{YEAR})\s*(?:年度?(?:部门|单位)?|(?:部门|单位))(?:预算|决算)")
# A sentence whose subject is the unit in a year: "<ORG>2022年无使用政府性基金预算拨款安排的支出。"
_SUBJECT_YEAR = re.compile(rf"^(?P<org>[{HAN}（）()]{{3,40}}?)(?P<year>{YEAR})\s*年度?")
_DATE_LINE = re.compile(
    rf"^(?:{YEAR}|\d{{4}})\s*年\s*[\d一二三四五六七八九十〇零○]{{1,3}}\s*月(?:\s*[\d一二三四五六七八九十〇零○]{{1,3}}\s*日)?$"
)
_FILE_NOISE = re.compile(r"^[\dA-Za-z_\-\s.()（）]+|[_\-\s]*[\da-f]{6,}$|附件\s*\d*|^download", re.IGNORECASE)
# 预算/决算 as file names romanise them: gaoling_2023_yusuan.xlsx, chengxian_xxzx_2024ys.txt
_ROMAN_KIND = {"yusuan": "预算", "ys": "预算", "juesuan": "决算", "js": "决算"}
TITLE_LINES = 20
_SENTENCE_WORDS = re.compile(r"^(?:包括|其中|以及|还有|和|及|与|为|由|对|的)+")
_SELF = re.compile(r"^(?:本|我|该|全|各|上级|下属|所属|其他|有关|相关)")  # 本街道 / 我局: not a name


@dataclass(frozen=True)
class Candidate:
    """One reading of an identity field."""

    field: str  # "org" | "year" | "kind"
    value: str
    source: str
    confidence: float
    line: int = 0
    text: str = ""


def year_number(text: str) -> int | None:
    """``2023`` or ``二〇二三`` → 2023."""
    digits = "".join(_CN_DIGITS.get(c, c) for c in text)
    return int(digits) if re.fullmatch(r"20\d{2}", digits) else None


def kind_of(text: str) -> str:
    text = _NOT_KIND.sub("", text)
    budget, final = "预算" in text, "决算" in text
    return "决算" if final and not budget else "预算" if budget and not final else ""


def trim_org(text: str) -> str:
    """The organisation name inside a title fragment: breadcrumb and site words cut off the front
    (``财政预决算桐溪县司法局`` → ``桐溪县司法局``), ``部门``/``单位`` cut off the end; "" when none."""
    text = _LEADING_MARK.sub("", text.strip(" "))
    text = re.sub(r"^关于", "", text)
    text = re.sub(r"[（(]本级[）)]$", "", text)
    text = re.sub(r"(?:部门|单位|本级|机关)+$", "", _balanced(text))
    if not is_org_name(text) or _SELF.match(text):
        return ""
    starts = [0] + [m.end() for m in _NOISE.finditer(text)]
    for start in starts:  # the first cut after which the name begins with a place
        rest = text[start:]
        if is_org_name(rest) and leading_places(rest)[0]:
            return rest
    rest = _SENTENCE_WORDS.sub("", text)  # 包括海东市残疾人联合会: the sentence's words before the name
    if rest != text and leading_places(rest)[0] and is_org_name(rest):
        return rest
    for start in reversed(starts):  # else the shortest cut that still leaves a name
        rest = text[start:]
        if len(rest) >= 3 and is_org_name(rest):
            return rest
    return text


def _balanced(text: str) -> str:
    """``text`` without brackets that open or close nothing at its ends (``(管委会)`` stays)."""
    while text and text[0] in "（(" and not any(c in text[1:] for c in "）)"):
        text = text[1:]
    while text and text[-1] in "）)" and not any(c in text[:-1] for c in "（("):
        text = text[:-1]
    while text and text[-1] in "（(":
        text = text[:-1]
    return text


def _region_as_unit(text: str) -> str:
    """A title whose subject is a whole county or district (施甸县2016年“三公”经费…): the place itself."""
    places, rest = leading_places(text)
    return text if places and not rest and text[-1] in "省市区县旗" else ""


def _split_title(tail: str) -> tuple[str, str] | None:
    """(org, rest) of what follows a title's year: the shortest unit name that a title word follows."""
    for end in range(2, min(len(tail), 60)):
        if _TITLE_TAIL.match(tail[end:]) and (org := trim_org(tail[:end]) or _region_as_unit(tail[:end])):
            return org, tail[end:]
    return None


def _strip_breadcrumb(text: str) -> str:
    parts = [p for p in _BREADCRUMB.split(text) if p]
    return parts[-1] if len(parts) > 1 else text


def parse_title(text: str) -> tuple[str, int | None, str] | None:
    """(org, year, kind) of a title line in any word order; None when the line is not a title."""
    if re.search(r"[。；;]|[，,].*[，,]", text):
        return None  # a sentence (…2019年度部门决算编报的单位共1个。) is no title
    compact = re.sub(r"[\s　《》“”\"]", "", _FILE_EXTENSION.sub("", _strip_breadcrumb(text).strip()))
    pieces = compact.split("：") if "：" in compact else compact.split(":")
    for k in range(len(pieces)):  # 当前位置：首页…<title>: also try what follows each colon
        tail = "：".join(pieces[k:])
        for pattern in (_TITLE_YEAR_FIRST, _TITLE_YEAR_AFTER, _TITLE_ORG_FIRST):
            match = pattern.match(tail)
            if not match:
                continue
            org, rest = trim_org(match.group("org")) or _region_as_unit(match.group("org")), match.group("rest")
            kind = kind_of(rest) or kind_of(match.group("org"))
            if org and (kind or _TITLE_WORD.search(rest)):
                return org, year_number(match.group("year")), kind
        if (last := _TITLE_ORG_LAST.match(tail)) and (org := trim_org(last.group("org"))):
            return org, year_number(last.group("year")), kind_of(last.group("rest"))
        if (bare := _TITLE_NO_YEAR.match(tail)) and (org := trim_org(bare.group("org"))) and leading_places(org)[0]:
            return org, None, kind_of(bare.group("rest"))
        lead = _TITLE_YEAR_LEAD.match(tail)  # 2015年桂林市司法局部门“三公”经费情况统计表
        if lead and (split := _split_title(lead.group("rest"))):
            org, rest = split
            kind = kind_of(rest)
            if kind or _TITLE_WORD.search(rest):
                return org, year_number(lead.group("year")), kind
    return None


def _title_piece(text: str) -> bool:
    """A line that may be half of a title split over two lines: short, no sentence punctuation."""
    return len(text) <= 40 and not re.search(r"[，。；;,]", text)


def title_candidates(lines: list[Line]) -> list[Candidate]:
    """Title lines among the first lines (and markdown headings further down), also split over two lines."""
    out: list[Candidate] = []
    prose = [ln for ln in lines if ln.text and not ln.is_table]
    for k, line in enumerate(prose[:60]):
        early = k < TITLE_LINES
        if not early and not line.md_level:
            continue
        if heading_level(line.text) is not None and line.md_level == 0 and not _KIND_WORD.search(line.text):
            continue
        found = parse_title(line.text)
        text = line.text
        if found is None and k + 1 < len(prose) and _title_piece(line.text) and _title_piece(prose[k + 1].text):
            joined = line.text + prose[k + 1].text  # "<ORG>" / "2023年部门预算" on two lines
            found, text = parse_title(joined), joined
            if found and found[0] not in re.sub(r"\s", "", line.text):
                found = None  # the unit must be named on the first line (not 财务数据 + <the next line's title>)
        if found is None:
            continue
        org, year, kind = found
        confidence = 0.95 if early else 0.8
        out.append(Candidate("org", org, "title", confidence, line.number, text))
        if year:
            out.append(Candidate("year", str(year), "title", confidence, line.number, text))
        if kind:
            out.append(Candidate("kind", kind, "title", confidence, line.number, text))
    return out


def field_candidates(lines: list[Line]) -> list[Candidate]:
    """部门名称：… / 单位名称：… / 预算单位：… in prose or in a table row (also as label cell + value cell)."""
    out: list[Candidate] = []
    for line in lines:
        for match in _NAME_FIELD.finditer(line.text.replace(" ", "")):
            name = trim_org(match.group("name"))
            if name:
                out.append(Candidate("org", name, "name_field", 0.9, line.number, line.text))
        for label, value in zip(line.cells, line.cells[1:]):
            if _NAME_LABEL.match(label.replace(" ", "")) and (name := trim_org(value.replace(" ", ""))):
                out.append(Candidate("org", name, "name_field", 0.9, line.number, line.text))
    return out


def heading_candidates(lines: list[Line]) -> list[Candidate]:
    """第一部分 <ORG>概况 / 一、<ORG>基本情况."""
    out: list[Candidate] = []
    for line in lines:
        if line.is_table or len(line.text) > 50:
            continue
        match = _PART_HEADING.match(line.text.replace(" ", ""))
        if match and (org := trim_org(match.group("org"))):
            out.append(Candidate("org", org, "part_heading", 0.85, line.number, line.text))
    return out


def sentence_candidates(lines: list[Line]) -> list[Candidate]:
    """The first sentence of a paragraph that names the unit: ``<ORG>是…`` / ``<ORG>主要职责是…``."""
    out: list[Candidate] = []
    prose = [ln for ln in lines if ln.text and not ln.is_table]
    for line in prose[: max(40, len(prose) // 2)]:
        match = _FIRST_SENTENCE.match(line.text.replace(" ", ""))
        if match and (org := trim_org(match.group("org"))) and leading_places(org)[0]:
            out.append(Candidate("org", org, "first_sentence", 0.75, line.number, line.text[:80]))
    return out[:3]


def page_candidates(lines: list[Line]) -> list[Candidate]:
    """What a page says besides its title: the sentence announcing the disclosure (现将…公布如下), the one unit its
    单位构成 lists, the publisher of its header, and the year its sentences give the 预算/决算."""
    out: list[Candidate] = []
    prose = [ln for ln in lines if ln.text]
    for line in prose[:80]:
        text = line.text.replace(" ", "")
        if (match := _ANNOUNCE.search(text)) and (found := parse_title(match.group("title"))):
            org, year, kind = found
            out.append(Candidate("org", org, "announcement", 0.8, line.number, text[:80]))
            if year:
                out.append(Candidate("year", str(year), "announcement", 0.8, line.number, text[:80]))
            if kind:
                out.append(Candidate("kind", kind, "announcement", 0.8, line.number, text[:80]))
        if (field := _TITLE_FIELD.match(text)) and (name := trim_org(field.group("title"))):
            out.append(Candidate("org", name, "title_field", 0.85, line.number, text[:80]))
        if (match := _ONLY_UNIT.search(text)) and (name := trim_org(match.group("name"))):
            out.append(Candidate("org", name, "composition", 0.55, line.number, text[:80]))
        for match in _PUBLISHER.finditer(text):
            if name := trim_org(match.group("name")) or _region_as_unit(match.group("name")):
                out.append(Candidate("org", name, "publisher", 0.45, line.number, text[:80]))
        if (match := _SUBJECT_YEAR.match(text)) and (org := trim_org(match.group("org"))) and leading_places(org)[0]:
            said_year = str(year_number(match.group("year")))
            out.append(Candidate("org", org, "subject", 0.7, line.number, text[:80]))
            out.append(Candidate("year", said_year, "subject", 0.55, line.number, text[:80]))
    years = Counter(y for ln in prose for m in _PROSE_YEAR.finditer(ln.text) if (y := year_number(m.group("year"))))
    if years:
        year, n = years.most_common(1)[0]
        out.append(Candidate("year", str(year), "sentences", 0.4 + 0.05 * min(n, 3), 0, f"{year}年 ×{n}"))
    else:  # no year beside 预算/决算: the year the text names most (its own; the one it compares with, less)
        named = Counter(
            y for ln in prose[:60] for m in _YEAR_WORD.finditer(ln.text) if (y := year_number(m.group("year")))
        )
        if named:
            year, n = named.most_common(1)[0]
            out.append(Candidate("year", str(year), "sentences", 0.3, 0, f"{year}年 ×{n}"))
    said = _NOT_KIND.sub("", " ".join(ln.text for ln in prose))
    counts = {"预算": said.count("预算") - said.count("年初预算"), "决算": said.count("决算")}
    if max(counts.values()) > 0 and counts["预算"] != counts["决算"]:
        kind = max(counts, key=lambda k: counts[k])
        out.append(Candidate("kind", kind, "sentences", 0.35, 0, f"预算 ×{counts['预算']}，决算 ×{counts['决算']}"))
    return out


def signature_candidates(lines: list[Line]) -> list[Candidate]:
    """A 落款: an organisation name alone on one of the last lines (more certain with a date under it)."""
    prose = [ln for ln in lines if ln.text and not ln.is_table]
    tail = prose[-12:]
    out: list[Candidate] = []
    for k, line in enumerate(tail):
        name = trim_org(line.text.replace(" ", ""))
        if not name or name != line.text.replace(" ", "") or len(name) > 40:
            continue
        dated = any(_DATE_LINE.match(n.text.replace(" ", "")) for n in tail[k + 1 : k + 3])
        out.append(Candidate("org", name, "signature", 0.8 if dated else 0.6, line.number, line.text))
    return out[-1:]


def body_candidates(lines: list[Line]) -> list[Candidate]:
    """A unit name (beginning with a place) that the text repeats: the most frequent one, when said twice or more."""
    counts: Counter[str] = Counter()
    for line in [ln for ln in lines if ln.text and not ln.is_table][:200]:  # the opening pages say who it is
        for match in org_pattern().finditer(line.text.replace(" ", "")):
            name = trim_org(match.group(0))
            listed = places_in(name)
            if name and not leading_places(name)[0] and listed and 0 < listed[0][0] <= 4:
                name = trim_org(name[listed[0][0] :])  # 款安排梧州市…中心: the name starts at its place
            if name and leading_places(name)[0] and len(name) <= 30:
                counts[name] += 1
    if not counts:
        return []
    name, n = counts.most_common(1)[0]
    if n < 2 and not places_in(name[:12]):
        return []  # said once: only a name that begins with a listed place
    return [Candidate("org", name, "body", min(0.3 + 0.1 * n, 0.6), 0, name)]


def structure_candidates(lines: list[Line]) -> list[Candidate]:
    """Year and kind from headings and table titles when no title line says them."""
    heading_text = " ".join(
        ln.text
        for ln in lines
        if not ln.is_table and (heading_level(ln.text, ln.md_level) is not None or "表" in ln.text)
    )
    out: list[Candidate] = []
    years = Counter(y for m in _YEAR_WORD.finditer(heading_text) if (y := year_number(m.group("year"))))
    if years:
        year, n = years.most_common(1)[0]
        out.append(Candidate("year", str(year), "headings", 0.5 + 0.1 * min(n, 3), 0, f"{year}年 ×{n}"))
    counts = {"预算": heading_text.count("预算"), "决算": heading_text.count("决算")}
    if any(counts.values()) and counts["预算"] != counts["决算"]:
        kind = max(counts, key=lambda k: counts[k])
        out.append(Candidate("kind", kind, "headings", 0.6, 0, f"预算 ×{counts['预算']}，决算 ×{counts['决算']}"))
    return out


def file_candidates(doc: str) -> list[Candidate]:
    """The file name as the last resort: ``2023年桐溪县司法局部门预算.pdf``."""
    stem_ = PurePath(doc).stem
    name = _FILE_NOISE.sub("", stem_).strip("_- ")
    out: list[Candidate] = []
    found = parse_title(stem_) or parse_title(name)
    if found:
        org, year, kind = found
        out.append(Candidate("org", org, "file_name", 0.4, 0, doc))
        if year:
            out.append(Candidate("year", str(year), "file_name", 0.45, 0, doc))
        if kind:
            out.append(Candidate("kind", kind, "file_name", 0.45, 0, doc))
        return out
    org = trim_org(re.sub(r"[^\u4e00-\u9fff（）()]", "", name))
    if org:
        out.append(Candidate("org", org, "file_name", 0.35, 0, doc))
    if match := _YEAR_WORD.search(name) or re.search(r"(?<!\d)(?P<year>20\d{2})(?!\d)", stem_):
        out.append(Candidate("year", str(year_number(match.group("year"))), "file_name", 0.4, 0, doc))
    tokens = re.split(r"[^a-z]+", stem_.lower())
    if kind := kind_of(name) or next((_ROMAN_KIND[t] for t in tokens if t in _ROMAN_KIND), ""):
        out.append(Candidate("kind", kind, "file_name", 0.4, 0, doc))
    return out


def all_candidates(doc: str, lines: list[Line]) -> list[Candidate]:
    return [
        *title_candidates(lines),
        *field_candidates(lines),
        *heading_candidates(lines),
        *sentence_candidates(lines),
        *page_candidates(lines),
        *signature_candidates(lines),
        *body_candidates(lines),
        *structure_candidates(lines),
        *file_candidates(doc),
    ]
