"""Unit tests of the pages' pure helpers (retrieval/webapp: catalog, markdown, tables, turns, uploads)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from retrieval.answer.engine import Filters
from retrieval.answer.query import ParsedQuery
from retrieval.answer.records import Answer, Source
from retrieval.models import DocIdentity
from retrieval.webapp import catalog, markdown, tables, turns, uploads

TABLE = {
    "table_id": 5,
    "number": "公开06表",
    "title": "一般公共预算财政拨款基本支出决算明细表",
    "unit": "万元",
    "header_rows": [
        ["人员经费", "", "", "公用经费"],
        ["科目代码", "科目名称", "决算数", "科目代码", "科目名称", "决算数"],
    ],
    "rows": [[f"301{i:02d}", f"项目{i}", f"{i}.00", "", "", ""] for i in range(20)] + [["合计", "", "99"]],
}


def identity(doc: str, org: str, year: int, kind: str) -> DocIdentity:
    return DocIdentity(
        doc=doc,
        org=org,
        full_name=org,
        aliases=[],
        ocr_variants=[],
        region="",
        city="",
        year=year,
        kind=kind,
        unit="万元",
    )


IDENTITIES = {
    "a.txt": identity("a.txt", "甲中心", 2023, "决算"),
    "b.txt": identity("b.txt", "乙中心", 2024, "预算"),
    "c.txt": identity("c.txt", "甲中心", 2024, "预算"),
}


@pytest.mark.parametrize("module", [catalog, markdown, tables, turns, uploads])
def test_helper_modules_do_not_import_streamlit(module) -> None:
    source = Path(module.__file__).read_text(encoding="utf-8")
    assert "import streamlit" not in source


def test_column_names_join_header_rows_and_are_unique() -> None:
    names = tables.column_names(TABLE["header_rows"], 6)
    assert names[:3] == ["人员经费 > 科目代码", "人员经费 > 科目名称", "人员经费 > 决算数"]
    assert names[3] == "公用经费 > 科目代码"
    assert len(set(names)) == len(names)
    assert tables.column_names([], 2) == ["列1", "列2"]
    assert tables.column_names([["金额", "金额"]], 2) == ["金额", "金额（2）"]


def test_table_frame_around_a_row() -> None:
    frame, label = tables.table_frame(TABLE, center=10, radius=3)
    assert list(frame.index) == [8, 9, 10, 11, 12, 13, 14]  # 1-based row numbers
    assert frame.index.name == "行"
    assert label == 11
    assert frame.loc[label, "人员经费 > 科目名称"] == "项目10"
    assert frame.shape[1] == 6


def test_table_frame_pads_short_rows_and_clamps_at_edges() -> None:
    frame, label = tables.table_frame(TABLE, center=20, radius=2)
    assert list(frame.index) == [19, 20, 21] and label == 21
    assert frame.loc[21].tolist() == ["合计", "", "99", "", "", ""]
    whole, none = tables.table_frame(TABLE)
    assert len(whole) == 21 and none is None
    bad, missing = tables.table_frame(TABLE, center=99)
    assert len(bad) == 21 and missing is None


def test_highlight_marks_the_cited_cell_and_tints_its_row() -> None:
    frame, label = tables.table_frame(TABLE, center=4, radius=2)
    columns = tables.cited_cells(frame, label, ["4.00"])
    assert columns == [frame.columns[2]]  # 决算数 of 项目4, not the row's other cells
    styles = tables.highlight_cells(frame, label, columns)._compute().ctx
    painted = {(r, c): dict(props)["background-color"] for (r, c), props in styles.items() if props}
    row = list(frame.index).index(label)
    assert {r for r, _ in painted} == {row}
    assert painted[(row, 2)] == "#ffd54a" and painted[(row, 0)] == "#fff6d6"
    whole = tables.highlight_cells(frame, label, [])._compute().ctx  # no cell known: the row
    assert all(dict(p)["background-color"] == "#ffd54a" for (r, _c), p in whole.items() if r == row and p)


def test_a_cell_of_a_side_by_side_row_is_named_by_its_own_half() -> None:
    table = dict(TABLE, rows=[["30112", "其他社会保障缴费", "0.31", "30211", "差旅费", "0.34"]])
    frame, label = tables.table_frame(table, center=0)
    cited = tables.cited_cells(frame, label, ["0.34"])
    assert cited == ["公用经费 > 决算数"]
    assert tables.cell_label(frame, label, cited[0]) == "30211 差旅费"  # not the left half's 其他社会保障缴费
    assert tables.cell_label(frame, label, "人员经费 > 决算数") == "30112 其他社会保障缴费"


def test_table_caption_shows_unit() -> None:
    assert tables.table_caption(TABLE) == "公开06表 一般公共预算财政拨款基本支出决算明细表 · 单位：万元"
    assert tables.table_caption({"title": "表", "number": "", "unit": ""}).endswith("单位：原表未注明")


def test_find_table() -> None:
    document = {"tables": [{"table_id": 0}, {"table_id": 1, "title": "x"}]}
    assert tables.find_table(document, 1)["title"] == "x"
    assert tables.find_table(document, 7) is None
    assert tables.find_table(None, 1) is None


@pytest.mark.parametrize("raw", ["<script>alert(1)</script>", "<b>粗体</b>", "<p onclick=x>段</p>"])
def test_escape_md_neutralises_html(raw: str) -> None:
    escaped = markdown.escape_md(raw)
    assert "<" not in escaped and ">" not in escaped
    assert "&lt;" in escaped


def test_escape_md_neutralises_markdown() -> None:
    assert markdown.escape_md("**粗** _斜_ `码` [链](http://x) $x$") == (
        "\\*\\*粗\\*\\* \\_斜\\_ \\`码\\` \\[链\\]\\(http\u2060\\://x\\) \\$x\\$"
    )
    assert markdown.escape_md("# 标题") == r"\# 标题"
    assert markdown.escape_md("1. 第一") == r"1\. 第一"
    assert markdown.escape_md("a\nb") == "a  \nb"
    assert markdown.escape_md("基本工资为 23.43万元。") == "基本工资为 23.43万元。"  # ordinary text unchanged
    assert markdown.escape_md(None) == ""


@pytest.mark.parametrize(
    "raw", ["https://evil.example/x", "见www.evil.cn", "HTTP://A.B", "写信给 a@evil.cn", "ftp://x.y"]
)
def test_escape_md_leaves_nothing_a_renderer_would_autolink(raw: str) -> None:
    shown = markdown.escape_md(raw)
    assert not re.search(r"(?i)www\.|https?\\?:|ftp\\?:|@[a-z]", shown), shown
    assert shown.replace("\u2060", "").replace("\\", "") == raw  # reads the same


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("忻州市2023年决算.pdf", "忻州市2023年决算.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\x\\报告 (终稿).docx", "报告终稿.docx"),
        (".hidden.txt", "hidden.txt"),
        ("a/b/..txt", "txt"),
        ("预算<script>.html", "预算script.html"),
        ("名字；带：标点！.xlsx", "名字带标点.xlsx"),
        ("x" * 150 + ".pdf", "x" * 96 + ".pdf"),
    ],
)
def test_sanitize_filename(raw: str, clean: str) -> None:
    assert uploads.sanitize_filename(raw) == clean


def test_check_upload() -> None:
    limit = 20 * 1024 * 1024
    assert uploads.check_upload("公开.pdf", 1000, limit) == ""
    assert "不支持" in uploads.check_upload("程序.exe", 1000, limit)
    assert "过大" in uploads.check_upload("公开.pdf", limit + 1, limit)
    assert "无效" in uploads.check_upload("../", 10, limit)
    assert "空" in uploads.check_upload("公开.txt", 0, limit)


def test_password_ok() -> None:
    assert uploads.password_ok("秘密", "秘密")
    assert not uploads.password_ok("秘", "秘密")
    assert not uploads.password_ok("", "")
    assert not uploads.password_ok("x", None)


ROWS = [
    {
        "单位": "甲中心",
        "年度": 2023,
        "类型": "决算",
        "项目": "住房公积金",
        "原文数值": "4.38万元",
        "数值": 4.38,
        "单位名称": "万元",
        "出处": "表6",
    },
    {
        "单位": "乙中心",
        "年度": 2024,
        "类型": "预算",
        "项目": "未找到",
        "原文数值": "",
        "数值": None,
        "单位名称": "",
        "出处": "",
    },
    {
        "单位": "丙中心",
        "年度": 2024,
        "类型": "预算",
        "项目": "住房公积金",
        "原文数值": "46,611.36元（约4.66万元）",
        "数值": 4.6611,
        "单位名称": "万元",
        "出处": "表5",
    },
    {
        "单位": "丁中心",
        "年度": 2024,
        "类型": "预算",
        "项目": "人数",
        "原文数值": "5人",
        "数值": 5.0,
        "单位名称": "人",
        "出处": "正文",
    },
]


def test_rows_frame_and_csv() -> None:
    frame = tables.rows_frame(ROWS)
    assert frame["年度"].tolist() == ["2023", "2024", "2024", "2024"]  # no thousands separator in years
    data = tables.csv_bytes(frame)
    assert data.startswith("\ufeff".encode("utf-8"))
    assert "46,611.36元" in data.decode("utf-8-sig")
    assert frame["数值"].tolist()[2] == 4.66  # 万元 with two decimals, as documents print them
    shown = tables.shown_frame(frame)["数值"].tolist()
    assert shown[:3] == ["4.38", "", "4.66"], shown  # blank, not "None", where no number was found


@pytest.mark.parametrize(
    "text, intent, label, value, note",
    [
        (
            "忻州市社会保障卡服务中心 2023年决算：基本工资（决算数）为 23.43万元。（出处：公开06表 …）",
            "lookup",
            "忻州市社会保障卡服务中心 2023年决算 · 基本工资（决算数）",
            "23.43万元",
            "",
        ),
        (
            "西安市高陵区… 2023年预算：基本工资为 236,129.40元（约23.61万元）。另：…为 1万元。",
            "lookup",
            "西安市高陵区… 2023年预算 · 基本工资",
            "236,129.40元",
            "约23.61万元",
        ),
        ("合计 23.40万元（1.35 + 22.05 = 23.40）。明细：…", "total", "合计", "23.40万元", ""),
        (
            "咸阳市社会保障卡管理服务中心（2026年预算）最多：住房公积金 11.71万元。排序：1. …",
            "rank",
            "咸阳市社会保障卡管理服务中心（2026年预算）最多：住房公积金",
            "11.71万元",
            "",
        ),
        (
            "咸阳… 2026年预算（基本工资 91.06万元）比忻州… 2023年决算（基本工资 23.43万元）"
            "多 67.63万元（91.06 − 23.43 = 67.63）。",
            "difference",
            "相差",
            "多 67.63万元",
            "",
        ),
        ("咸阳… 2026年预算：基本工资：合计的编码为 30101（出处：表8 …）。", "lookup", "科目编码", "30101", ""),
    ],
)
def test_headline(text: str, intent: str, label: str, value: str, note: str) -> None:
    head = turns.headline(text, intent)
    assert head is not None
    assert (head.label, head.value, head.note) == (label, value, note)


def test_headline_none_without_a_figure() -> None:
    assert turns.headline("各单位情况：甲 1万元；乙 2万元。", "list") is None
    assert turns.headline("根据原文：用于系统运维。", "explain") is None


def test_turns_round_trip_the_query() -> None:
    query = ParsedQuery(text="忻州社保卡中心2023年基本工资多少", docs=["a.txt"], years=[2023], terms=["基本工资"])
    answer = Answer(
        question=query.text,
        answer="…为 23.43万元。",
        found=True,
        query=query,
        rows=[],
        sources=[Source(doc="a.txt", title="甲", location="表", text="行", kind="row", table_id=1, row_index=2)],
    )
    turn = turns.turn_from_answer(answer)
    json.dumps(turn, ensure_ascii=False)  # JSON-able
    assert turn["sources"][0]["table_id"] == 1 and turn["sources"][0]["row_index"] == 2
    assert turns.previous_query([turn]) == query
    assert turns.previous_query([turn, turns.error_turn("x")]) is None
    assert turns.previous_query([]) is None


def test_filters() -> None:
    assert catalog.make_filters(IDENTITIES, [], [], []) is None
    filters = catalog.make_filters(IDENTITIES, ["甲中心"], [2024], [])
    assert filters == Filters(docs=["a.txt", "c.txt"], years=[2024], kinds=[])
    assert catalog.allowed_docs(IDENTITIES, filters) == ["c.txt"]
    assert catalog.allowed_docs(IDENTITIES, Filters(kinds=["决算"], years=[2024])) == []
    assert catalog.allowed_docs(IDENTITIES, None) == list(IDENTITIES)


def test_corpus_rows_and_sections() -> None:
    manifest = {"files": [{"file": "a.txt", "passages": 3, "tables": 2, "rows": 9, "figures": 40}]}
    rows = catalog.corpus_rows(IDENTITIES, manifest)
    assert rows[0] == {"单位": "甲中心", "年度": 2023, "类型": "决算", "公开表格": 2}  # no file names, no row counts
    assert rows[1]["公开表格"] == 0
    groups = tables.sections(
        [
            {"section": ["一", "（一）"], "text": "x"},
            {"section": ["一", "（一）"], "text": "y"},
            {"section": [], "text": "z"},
        ]
    )
    assert groups == [("一 > （一）", ["x", "y"]), ("正文", ["z"])]


def test_doc_title() -> None:
    assert catalog.doc_title(IDENTITIES["a.txt"]) == "甲中心｜2023年决算"
    unknown = identity("d.txt", "丁中心", 2024, "")
    unknown.year = None
    assert catalog.doc_title(unknown) == "丁中心｜年度不详"


def test_identity_evidence_names_each_field_and_where_it_was_read() -> None:
    from retrieval.ingest.identity import detect_identity
    from retrieval.ingest.textclean import clean_lines

    identity = detect_identity("附件2.txt", clean_lines("第一部分 澄县档案馆概况\n\n项目\t预算数\n合计\t1.00"))
    rows = {r["项目"]: r for r in catalog.identity_evidence(identity)}
    assert rows["单位"]["识别结果"] == "澄县档案馆" and "概况标题" in rows["单位"]["依据"]
    assert rows["年度"]["识别结果"] == "未识别" and rows["年度"]["依据"] == "—"


def test_upload_names_fit_the_file_system_in_bytes() -> None:
    name = uploads.sanitize_filename("预" * 150 + ".pdf")
    assert name.endswith(".pdf") and len(name.encode("utf-8")) <= uploads.MAX_NAME_BYTES
    assert name.startswith("预" * 60)


def test_failed_logins_wait_longer_and_forget_after_the_window() -> None:
    throttle = uploads.LoginThrottle(window=60, max_delay=3)
    assert [throttle.failed(now=t) for t in (0, 1, 2, 3)] == [1.0, 2.0, 3.0, 3.0]
    assert throttle.failed(now=100) == 1.0


def test_filters_offer_only_combinations_the_corpus_holds() -> None:
    everything = catalog.filter_options(IDENTITIES, [])
    assert everything.orgs == sorted({i.org for i in IDENTITIES.values()})
    for org in everything.orgs:
        held = [i for i in IDENTITIES.values() if i.org == org]
        options = catalog.filter_options(IDENTITIES, [org])
        assert options.years == sorted({i.year for i in held if i.year}) and options.orgs == everything.orgs
        for year in options.years:
            kinds = catalog.filter_options(IDENTITIES, [org], [year]).kinds
            assert kinds and set(kinds) == {i.kind for i in held if i.year == year}


def test_rows_frame_speaks_plainly_and_counts_people_in_whole_numbers() -> None:
    people = [
        {"单位": "甲中心", "年度": 2023, "类型": "决算", "数值": 5.0, "原文数值": "5人", "单位名称": "人"},
        {"单位": "乙中心", "年度": 2024, "类型": "预算", "数值": 7.0, "原文数值": "7人", "单位名称": "人"},
    ]
    frame = tables.rows_frame(people)
    assert {"计量单位", "原文写法"} <= set(frame.columns) and "单位名称" not in frame.columns
    assert frame["数值"].tolist() == [5, 7] and "5.0" not in tables.csv_bytes(frame).decode("utf-8-sig")
    assert tables.shown_frame(frame)["数值"].tolist() == ["5", "7"]
    money = tables.rows_frame([dict(people[0], 数值=4.38, 单位名称="万元")])
    assert money["数值"].tolist() == [4.38]
    yuan = tables.rows_frame([dict(people[0], 数值=236129.4, 单位名称="元")])
    assert tables.shown_frame(yuan)["数值"].tolist() == ["236,129.40"]
