"""Data records that flow through the pipeline: read → parse → figures + chunks → index."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Where an identity field was found, in words a person reads (the keys are what ``Evidence.source`` holds).
EVIDENCE_SOURCES = {
    "sidecar": "说明文件（.meta.json）",
    "title": "标题",
    "name_field": "单位名称栏",
    "part_heading": "概况标题",
    "first_sentence": "单位概况首句",
    "signature": "落款",
    "body": "正文中反复出现的名称",
    "headings": "各级标题",
    "tables": "表格",
    "file_name": "文件名",
    "derived": "由单位名称推得",
}


# The identity fields whose evidence is kept, with the names people read.
EVIDENCE_FIELDS = {"org": "单位", "region": "地区", "year": "年度", "kind": "类型", "unit": "金额单位"}


@dataclass
class Evidence:
    """Where one identity field came from and how sure the reading is (0–1)."""

    value: str
    source: str  # a key of EVIDENCE_SOURCES
    confidence: float
    line: int = 0  # 1-based line of the canonical text (0 = not from one line)
    text: str = ""  # the line or name it was read from

    def describe(self) -> str:
        where = EVIDENCE_SOURCES.get(self.source, self.source)
        return f"{where}{f'第{self.line}行' if self.line else ''}，可信度 {self.confidence:.2f}"


@dataclass
class DocIdentity:
    """Who published a disclosure, for which year, and whether it is a 预算 or 决算.

    Everything here is found from the document itself (or its sidecar file), never from a list of known files;
    ``evidence`` says for each field where it was found.
    """

    doc: str  # file name inside the corpus folder
    org: str  # organisation as the title names it
    full_name: str  # longest official name found (部门名称/单位名称 fields)
    aliases: list[str]  # short forms people type + OCR variants, all lower-noise strings
    ocr_variants: list[str]  # misread region names seen in the text, e.g. 普都区 for 曾都区
    region: str  # most specific place name, e.g. 曾都区 / 忻州市
    city: str  # enclosing city when the text names one, e.g. 随州市
    year: int | None  # fiscal year
    kind: str  # "预算" | "决算" | "" when unknown
    unit: str  # the unit most tables of the document use (万元 / 元)
    province: str = ""  # province (or municipality) when known
    places: list[str] = field(
        default_factory=list
    )  # every place the unit lies in, widest first: 云岚市, 松陂区, 望澜街道
    evidence: dict[str, dict[str, Any]] = field(default_factory=dict)  # field → Evidence as a dict
    written_forms: dict[str, str] = field(default_factory=dict)  # simplified → traditional, for traditional texts

    def evidence_of(self, name: str) -> Evidence | None:
        record = self.evidence.get(name)
        return Evidence(**record) if record else None

    @property
    def period(self) -> str:
        """Year and kind as answers write them: ``2023年决算``; ``决算（年份不详）`` when the year is unknown."""
        if self.year:
            return f"{self.year}年{self.kind}"
        return f"{self.kind}（年份不详）" if self.kind else "年份不详"

    @property
    def title(self) -> str:
        """Readable title, e.g. ``忻州市社会保障卡服务中心 2023年 决算``."""
        year = f"{self.year}年" if self.year else "年份不详"
        return f"{self.org} {year} {self.kind or '预决算'}".strip()

    def to_dict(self) -> dict[str, Any]:
        return asdict(self) | {"title": self.title}


@dataclass
class Passage:
    """A sentence-aligned piece of narrative text with the headings above it."""

    doc: str
    ordinal: int  # position among the document's passages
    section: list[str]  # heading path, outermost first
    text: str
    line: int  # 1-based line of the canonical text where it starts
    page: int = 0  # PDF page it starts on (0 = not paged)

    @property
    def location(self) -> str:
        return " > ".join(self.section) if self.section else "正文"


@dataclass
class TableRow:
    """One row of a table (or one column group of a side-by-side row) with its context."""

    doc: str
    table_id: int
    row_index: int  # index into Table.rows
    group: str  # column-group header for side-by-side layouts ("" if none)
    code: str  # 科目编码 / 单位编码 where present
    name: str  # row name (科目名称 / 项目 …)
    values: list[tuple[str, str]]  # (header path, value as written); blank cells omitted
    attributes: list[tuple[str, str]] = field(default_factory=list)  # other label cells
    parent: str = ""  # name of the parent code row (208 > 20801 > 2080108)
    unit: str = ""
    page: int = 0  # PDF page the row is printed on (0 = not paged)

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}".strip()


@dataclass
class Table:
    """A tab-separated block with what sits above it: number, title, unit and header rows."""

    doc: str
    table_id: int
    number: str  # 表1 / 附表4-1 / 公开01表 ("" if none)
    title: str
    unit: str  # 万元 / 元 / "" when the table states none
    section: list[str]
    header_rows: list[list[str]]
    rows: list[list[str]]  # body rows, cells as written (cleaned)
    records: list[TableRow]
    line: int  # 1-based line where the block starts ("" tables: the heading line)
    empty: bool = False  # 本表无数据 / no values at all / heading without body
    note: str = ""  # 注 / 说明 lines right below the table
    page: int = 0  # PDF page the table starts on (0 = not paged)

    @property
    def n_columns(self) -> int:
        widths = [len(r) for r in self.header_rows + self.rows]
        return max(widths) if widths else 0

    @property
    def display_title(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number and self.number not in self.title else self.title


@dataclass
class Chunk:
    """A unit of retrieval: one passage or one table row, with text for BM25 and embeddings."""

    chunk_id: str  # stable within a document, e.g. ``p12`` / ``t3r7g1``
    doc: str
    kind: str  # "passage" | "row"
    text: str  # what BM25 indexes (identity + context + content)
    display: str  # the cited passage / row as a person reads it
    location: str  # section path or table title
    table_id: int | None = None
    row_index: int | None = None
    has_values: bool = True  # rows with no figures are kept for BM25 but not embedded
    embed_text: str = ""  # shorter text for the embedding model ("" = use ``text``)
    page: int = 0  # PDF page of the passage or row (0 = not paged)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Figure:
    """One number the document states, in a table cell or in prose."""

    doc: str
    org: str
    year: int | None
    kind: str
    source: str  # "table" | "text"
    location: str  # table title or section path
    label: str  # row label / the words before the number
    column: str  # header path for table cells; "" for prose
    value_text: str  # as written, e.g. "236,129.40"
    unit: str  # as written / stated, e.g. 万元, 元, 万张, 人, %
    value: float | None  # parsed number
    value_yuan: float | None  # money converted to 元, else None
    chunk_id: str  # where it can be cited
    context: str = ""  # the sentence (prose) or row text
    page: int = 0  # PDF page (0 = not paged)
    # What the figure is, decided once at ingest (retrieval.ingest.facts):
    item: str = ""  # clean item name (基本工资; 人员经费支出合计 for a total row)
    code: str = ""  # 政府收支分类科目 code printed in the row or identified by its name
    role: str = "level"  # level | change | change_pct | share | rate | target | score | quota | headcount | count
    period: str = "本年"  # 本年 | 上年 | 年初 | 调整 | 全年
    basis: str = ""  # column meanings, ;-joined (年初预算;基本支出)
    direction: int = 0  # for changes: +1 increase, -1 decrease, 0 not stated
    at: int = -1  # where the number starts in ``context`` (prose; -1 for table cells)


@dataclass
class ParsedDocument:
    """Everything the parser found in one file."""

    identity: DocIdentity
    passages: list[Passage]
    tables: list[Table]
    chunks: list[Chunk]
    figures: list[Figure]
    content_hash: str = ""
    warnings: list[str] = field(default_factory=list)  # what the reader repaired (one line each, naming the file)
