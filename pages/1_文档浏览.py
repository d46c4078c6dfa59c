"""文档浏览: read one document as parsed — sections with their passages, and every table — to check a
figure in context. The address says what is open (``?doc=…&table=3&row=12`` or ``&section=…``), so a cited
row or passage can be linked and bookmarked; the original file can be downloaded."""

from __future__ import annotations

from typing import Any

import streamlit as st

from retrieval.webapp import browser, catalog, markdown, tables
from retrieval.webapp.session import loaded, md, settings, setup_page


def _matches(text: str, query: str) -> bool:
    return not query or query in text


def show_sections(document: dict[str, Any], query: str, section: str = "", quote: str = "") -> None:
    groups = [
        (path, [t for t in texts if _matches(path + t, query)])
        for path, texts in tables.sections(document.get("passages", []))
    ]
    groups = [(path, texts) for path, texts in groups if texts]
    groups.sort(key=lambda group: group[0] != section)  # the linked section first, open and marked
    if not groups:
        st.info("没有符合条件的段落。")
    for path, texts in groups:
        linked = bool(section) and path == section
        with st.expander(
            markdown.escape_md(("【引用所在章节】" if linked else "") + path), expanded=bool(query) or linked
        ):
            for text in texts:
                if linked and quote and text.startswith(quote):  # the cited passage, marked (as text, never HTML)
                    st.info(markdown.escape_md(text), icon=":material/format_quote:")
                else:
                    md(text)


def show_table(table: dict[str, Any], expanded: bool, row: int | None = None, column: str = "") -> None:
    title = tables.table_caption(table).split(" · 单位")[0]
    mark = "（本表无数据）" if table.get("empty") else ""
    with st.expander(markdown.escape_md(f"{title}{mark}"), expanded=expanded):
        section = " > ".join(table.get("section") or [])
        st.caption(
            markdown.escape_md(
                f"单位：{table.get('unit') or '原表未注明'}" + (f" · 所在章节：{section}" if section else "")
            )
        )
        if table.get("empty") or not table.get("rows"):
            st.info("本表无数据")
        elif row is not None:  # the cited row first: a label/value card, then the rows around it
            near, label = tables.table_frame(table, row)
            cited = [column] if column in near.columns else []
            if label is not None and cited:  # the cited cell, named by its own half of a side-by-side row
                said = f"{tables.cell_label(near, label, column)} · {column}：{near.at[label, column]}"
                st.info(markdown.escape_md(f"引用的数字 · {said}"), icon=":material/format_quote:")
            elif label is not None:
                cells = [f"{name}：{value}" for name, value in near.loc[label].items() if str(value).strip()]
                st.info(markdown.escape_md("引用的行 · " + "；".join(cells)), icon=":material/format_quote:")
            st.dataframe(tables.highlight_cells(near, label, cited), width="stretch")
            st.caption(f"黄色为引用的第 {row + 1} 行（上下各几行）")
            if st.toggle("显示整张表", key=f"whole_{table.get('table_id')}"):
                frame, _ = tables.table_frame(table)
                st.dataframe(tables.highlight_cells(frame, row + 1, []), width="stretch")
        else:
            frame, _ = tables.table_frame(table)
            st.dataframe(frame, width="stretch")
        if table.get("note"):
            st.caption(markdown.escape_md(table["note"]))


def _number(value: str | None) -> int | None:
    return int(value) if value is not None and value.isdigit() else None


def _follow_selection() -> None:
    """Choosing another document changes the address (and drops the linked place)."""
    st.query_params.clear()
    st.query_params["doc"] = st.session_state["browse_select"]


def main() -> None:
    setup_page()
    state = loaded()
    identities = state.engine.identities
    st.title(":material/description: 文档浏览")
    st.caption("逐段、逐表查看每份公开文件，可核对回答中的数字。")
    docs = list(identities)
    params = st.query_params
    if params.get("doc") in docs and st.session_state.get("browse_linked") != params.get("doc"):
        st.session_state["browse_select"] = params["doc"]  # opened from a link: that document
        st.session_state["browse_linked"] = params["doc"]
    titles = catalog.readable_titles(identities)
    doc = st.selectbox(
        "选择文档", docs, key="browse_select", format_func=lambda d: titles[d], on_change=_follow_selection
    )
    with st.expander(f"全部文档一览（{len(docs)} 份）"):
        st.dataframe(
            tables.rows_frame(catalog.corpus_rows(identities, state.engine.index.manifest)),
            hide_index=True,
            width="stretch",
        )
    if doc is None:
        return
    linked = params.get("doc") == doc
    table_id = _number(params.get("table")) if linked else None
    row = _number(params.get("row")) if linked else None
    section = (params.get("section") or "") if linked else ""
    quote = (params.get("quote") or "") if linked else ""
    column = (params.get("col") or "") if linked else ""
    document = state.documents[doc]
    ident = identities[doc]
    st.subheader(markdown.escape_md(titles[doc]))
    st.caption(
        markdown.escape_md(
            f"全称：{ident.full_name or ident.org} · 地区：{ident.region or '不详'} · "
            f"主要金额单位：{ident.unit or '不详'}"
        )
    )
    original = catalog.original_file(settings(), doc)
    if original is not None:
        st.download_button(
            "下载原文件",
            data=original.read_bytes(),
            file_name=f"{titles[doc]}{original.suffix}",
            icon=":material/download:",
            key="download_original",
        )
    query = st.text_input("在本文档中查找", key="browse_query", placeholder="例如：基本工资").strip()
    doc_tables = document.get("tables", [])
    labels = [f"章节（{len(document.get('passages', []))} 段）", f"表格（{len(doc_tables)} 张）"]
    if table_id is not None:
        labels.reverse()  # a linked table: the tables tab first
    first, second = st.tabs(labels)
    tab_text, tab_tables = (second, first) if table_id is not None else (first, second)
    with tab_text:
        show_sections(document, query, section, quote)
    with tab_tables:
        shown = [t for t in doc_tables if _matches(tables.table_caption(t) + str(t.get("rows")), query)]
        shown.sort(key=lambda t: t.get("table_id") != table_id)
        if not shown:
            st.info("没有符合条件的表格。")
        for table in shown:
            cited = table_id is not None and table.get("table_id") == table_id
            show_table(table, expanded=bool(query) or cited, row=row if cited else None, column=column if cited else "")
    if row is not None or quote:  # opened from a citation: the cited row's card or passage in view
        st.iframe(browser.show_cited_html(), height=1)


main()
