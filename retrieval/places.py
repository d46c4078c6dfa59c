"""Place names: the national list of provinces, prefectures and counties (``data/regions.tsv``) plus the shape of
any other place name (镇, 乡, 街道, places the list does not hold), and how an organisation name begins with them.

Used by ingest (a document's region, city, province) and by answering (which place a question names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "regions.tsv"
HAN = r"\u4e00-\u9fff"
# Suffixes of administrative places, longest first. 地区/盟/州 are prefecture level, 镇/乡/街道 below county.
PLACE_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "街道",
    "新区",
    "省",
    "市",
    "州",
    "盟",
    "区",
    "县",
    "旗",
    "镇",
    "乡",
)
# Words ending in a place suffix that are not places.
NOT_PLACES = frozenset(
    [
        "社区",
        "小区",
        "地区",
        "城区",
        "辖区",
        "全区",
        "本区",
        "该区",
        "各区",
        "园区",
        "景区",
        "片区",
        "新区",
        "城市",
        "全市",
        "本市",
        "各市",
        "两市",
        "市县",
        "县区",
        "市区",
        "全县",
        "本县",
        "各县",
        "全省",
        "本省",
        "各省",
        "全镇",
        "本镇",
        "各镇",
        "全乡",
        "本乡",
        "各乡",
        "街道",
        "城乡",
        "乡镇",
        "集镇",
        "城镇",
        "股市",
        "超市",
        "都市",
        "门市",
        "上市",
        "开市",
        "坊市",
        "互市",
        "专区",
        "库区",
        "矿区",
        "郊区",
        "山区",
        "灾区",
        "牧区",
        "垦区",
        "营区",
        "校区",
        "院区",
        "厂区",
        "街区",
        "政区",
        "分区",
        "湖区",
        "老区",
        "林区",
        "省市",
        "市州",
        "州县",
        "盟市",
        "同比增长区",
        "预算单位区",
        "部门所在区",
    ]
)
# Words that never belong to a place's proper name (a breadcrumb or title glued in front of it).
_NOT_IN_STEM = re.compile(
    r"预算|决算|公开|部门|单位|财政|信息|政务|首页|关于|年度|年|说明|情况|报告|概况|附件|表|政府|人民|委员会|办事处"
    r"|包括|其中|以及|标题|名称|位于|属于|中共|纳入|其他|同行"
)
WORD_AFTER = {"市": "场", "区": "域"}  # a place suffix that begins a word with the next character (市场, 区域)
_GENERIC_PLACE = re.compile(rf"[{HAN}]{{1,8}}?(?:{'|'.join(PLACE_SUFFIXES)})")


@dataclass(frozen=True)
class Place:
    """One place of the national list."""

    code: str  # six-digit GB/T 2260 code
    name: str

    @property
    def level(self) -> int:
        """1 = province, 2 = prefecture (city, 州, 盟, 地区), 3 = county (区, 县, 旗, county-level city)."""
        if self.code.endswith("0000"):
            return 1
        return 2 if self.code.endswith("00") else 3


def stem(place: str) -> str:
    """``忻州市`` → ``忻州``, ``渝北区`` → ``渝北``, ``和县`` stays (a one-character stem says too little)."""
    for suffix in PLACE_SUFFIXES:
        if place.endswith(suffix) and len(place) - len(suffix) >= 2:
            return place[: -len(suffix)]
    return place


@cache
def gazetteer() -> dict[str, tuple[Place, ...]]:
    """Name → every listed place of that name (old and current codes)."""
    table: dict[str, list[Place]] = {}
    for line in DATA_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t")
            table.setdefault(name, []).append(Place(code, name))
    return {name: tuple(places) for name, places in table.items()}


@cache
def _by_code() -> dict[str, Place]:
    return {p.code: p for places in gazetteer().values() for p in places}


@cache
def _listed_pattern() -> re.Pattern[str]:
    names = sorted((n for n in gazetteer() if n not in NOT_PLACES), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


def is_listed(name: str) -> bool:
    return name in gazetteer()


def parents(name: str, context: str = "") -> tuple[str, str]:
    """(province, prefecture) of a listed place ("" where unknown or the place is itself that level).

    A name listed under several codes (renamed or regrouped places) takes the one whose prefecture ``context``
    names, else the highest level and the lowest prefecture number (newer codes reuse the lower numbers)."""
    places = gazetteer().get(name, ())
    if not places:
        return "", ""
    by_code = _by_code()

    def prefecture_of(place: Place) -> Place | None:
        return by_code.get(place.code[:4] + "00") if place.level == 3 else None

    def rank(place: Place) -> tuple[int, int, str]:
        prefecture = prefecture_of(place)
        named = bool(context and prefecture and prefecture.name in context)
        return (0 if named else 1, place.level, place.code[2:4] + place.code)

    place = min(places, key=rank)
    province = by_code.get(place.code[:2] + "0000")
    prefecture = prefecture_of(place)
    return (
        province.name if province and province.code != place.code else "",
        prefecture.name if prefecture else "",
    )


def _plausible(place: str) -> bool:
    return place not in NOT_PLACES and not _NOT_IN_STEM.search(stem(place))


def leading_places(name: str) -> tuple[list[str], str]:
    """Split the places an organisation name begins with from the rest:
    ``随州市曾都区人社信息中心`` → (["随州市", "曾都区"], "人社信息中心"); ``和县民政局`` → (["和县"], "民政局")."""
    places: list[str] = []
    rest = name
    while rest:
        listed = _listed_pattern().match(rest)
        if listed and not _NOT_IN_STEM.search(listed.group(0)):
            found = listed.group(0)
        else:
            generic = _GENERIC_PLACE.match(rest)
            found = generic.group(0) if generic and _plausible(generic.group(0)) else ""
            if found and rest[len(found) : len(found) + 1] == WORD_AFTER.get(found[-1]):
                found = ""  # 滨河市场监督管理所: 市场 is a word, not 滨河市
            if found and len(found) > 2 and found[-1] in "省市区县" and len(found) - 1 > 3:
                found = ""  # an unlisted place of five or more characters is more likely a phrase
        if not found:
            break
        places.append(found)
        rest = rest[len(found) :]
    return places, rest


def places_in(text: str) -> list[tuple[int, str]]:
    """(position, name) of listed places named in ``text``, longest first at each position, no overlaps."""
    found: list[tuple[int, str]] = []
    end = 0
    for match in _listed_pattern().finditer(text):
        if match.start() >= end:
            found.append((match.start(), match.group(0)))
            end = match.end()
    return found
