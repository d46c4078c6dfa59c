"""文档浏览: read one document as parsed — sections with their passages, and every table — to check a
figure in context."""

from __future__ import annotations

from typing import Any

import streamlit as st

from retrieval.webapp import catalog, markdown, tables
from retrieval.webapp.session import loaded, md, setup_page


def _matches(text: str, query: str) -> bool:
    return not query or query in text


def show_sections(document: dict[str, Any], query: str) -> None:
    groups = [
        (path, [t for t in texts if _matches(path + t, query)])
        for path, texts in tables.sections(document.get("passages", []))
    ]
    groups = [(path, texts) for path, texts in groups if texts]
    if not groups:
        st.info("没有符合条件的段落。")
    for path, texts in groups:
        with st.expander(markdown.escape_md(path), expanded=bool(query)):
            for text in texts:
                md(text)


def show_table(table: dict[str, Any], expanded: bool) -> None:
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
        else:
            frame, _ = tables.table_frame(table)
            st.dataframe(frame, width="stretch")
        if table.get("note"):
            st.caption(markdown.escape_md(table["note"]))


def main() -> None:
    setup_page()
    state = loaded()
    identities = state.engine.identities
    st.title("📄 文档浏览")
    st.caption("按解析结果逐段、逐表查看每份公开文件，可核对回答中的数字。")
    docs = list(identities)
    wanted = st.session_state.pop("browse_doc", None)
    if wanted in docs:
        st.session_state["browse_select"] = wanted
    doc = st.selectbox(
        "选择文档", docs, key="browse_select", format_func=lambda d: f"{catalog.doc_title(identities[d])}（{d}）"
    )
    with st.expander(f"全部文档一览（{len(docs)} 份）"):
        st.dataframe(
            tables.rows_frame(catalog.corpus_rows(identities, state.engine.index.manifest)),
            hide_index=True,
            width="stretch",
        )
    if doc is None:
        return
    document = state.documents[doc]
    ident = identities[doc]
    st.subheader(markdown.escape_md(catalog.doc_title(ident)))
    st.caption(
        markdown.escape_md(
            f"全称：{ident.full_name or ident.org} · 地区：{ident.region or '不详'} · "
            f"主要金额单位：{ident.unit or '不详'} · 文件：{doc}"
        )
    )
    query = st.text_input("在本文档中查找", key="browse_query", placeholder="例如：基本工资").strip()
    doc_tables = document.get("tables", [])
    tab_text, tab_tables = st.tabs([f"章节（{len(document.get('passages', []))} 段）", f"表格（{len(doc_tables)} 张）"])
    with tab_text:
        show_sections(document, query)
    with tab_tables:
        shown = [t for t in doc_tables if _matches(tables.table_caption(t) + str(t.get("rows")), query)]
        if not shown:
            st.info("没有符合条件的表格。")
        for table in shown:
            show_table(table, expanded=bool(query))


main()
