"""预决算问答 — ``streamlit run app.py``. The 问答 page: a chat with history; each answer shows its figure,
its sources (with the table around a cited row) and, for list/compare/rank/total answers, a table, a bar
chart and a CSV download. Other pages are in ``pages/``; logic lives in ``retrieval`` (see retrieval/webapp/)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from retrieval.answer.engine import Filters
from retrieval.webapp import catalog, markdown, tables, turns
from retrieval.webapp.session import BROWSE_PAGE, Loaded, loaded, log, md, setup_page

TURNS, PENDING, SHARED = "turns", "pending_question", "shared_link_asked"
EXAMPLES = (
    "忻州社保卡中心2023年基本工资多少",
    "社保卡制作花了多少钱？",
    "哪个单位三公经费不是零",
    "各单位住房公积金分别是多少",
    "各单位基本工资哪个最多",
)


def _queue(question: str) -> None:
    st.session_state[PENDING] = question


def _reset() -> None:
    st.session_state[TURNS] = []
    st.session_state.pop(PENDING, None)
    st.query_params.clear()  # a new conversation: the address no longer links to the old answer


def sidebar(state: Loaded) -> Filters | None:
    """Corpus, filters, example questions and 新对话; returns the chosen filters."""
    identities = state.engine.identities
    with st.sidebar:
        st.button("🆕 新对话", on_click=_reset, width="stretch", key="reset")
        st.subheader("筛选")
        orgs = st.multiselect(
            "单位", sorted({i.org for i in identities.values()}), key="f_orgs", placeholder="全部单位"
        )
        years = st.multiselect(
            "年度",
            sorted({i.year for i in identities.values() if i.year}),
            key="f_years",
            placeholder="全部年度",
            format_func=lambda y: f"{y}年",
        )
        kinds = st.multiselect("类型", ["预算", "决算"], key="f_kinds", placeholder="预算和决算")
        st.subheader("试试这些问题")
        for k, example in enumerate(EXAMPLES):
            st.button(example, key=f"ex_{k}", on_click=_queue, args=(example,), width="stretch")
        with st.expander(f"语料（{len(identities)} 份文档）", expanded=False):
            for row in catalog.corpus_rows(identities, state.engine.index.manifest):
                year = f"{row['年度']}年" if row["年度"] else "年度不详"
                st.markdown(f"**{markdown.escape_md(row['单位'])}**")
                st.caption(
                    markdown.escape_md(
                        f"{year}{row['类型']} · 段落 {row['段落']} · 表格 {row['表格']} · "
                        f"表行 {row['表行']} · 数字 {row['数字']:,}"
                    )
                )
        if state.stale:
            st.caption(markdown.escape_md(state.stale))
    return catalog.make_filters(identities, orgs, years, kinds)


def render_source(source: dict[str, Any], state: Loaded, key: str, number: int) -> None:
    """One 来源 expander: document, section or table, the text, and the table around a cited row."""
    row = source.get("kind") == "row"
    label = f"来源{number}{'（表格行）' if row else ''}：{source['title']} · {source['location']}"
    if row and "：" in source["text"]:
        label += f" · {source['text'].split('：')[0]}"
    with st.expander(markdown.escape_md(label)):
        st.caption(markdown.escape_md(f"{source['title']}｜{'表格' if row else '章节'}：{source['location']}"))
        md(source["text"])
        table = tables.find_table(state.documents.get(source["doc"]), source.get("table_id")) if row else None
        if table is not None and table.get("rows"):
            frame, label_row = tables.table_frame(table, source.get("row_index"))
            st.dataframe(tables.highlight_row(frame, label_row), width="stretch")
            st.caption(markdown.escape_md(tables.table_caption(table) + " · 黄色为引用的行"))
        if st.button("在文档浏览中查看", key=f"open_{key}", type="tertiary"):
            st.session_state["browse_doc"] = source["doc"]
            st.session_state["browse_query"] = ""
            st.switch_page(BROWSE_PAGE)


def bar_chart(chart: Any, unit: str, ranked: bool) -> Any:
    """Horizontal bars, one per document (organisation and year side by side), labels on two lines, each bar
    labelled with its value as the document writes it; plain numbers on the axis (no 20m for 0.02)."""
    import altair as alt

    label = "split(replace(datum.label, '（', '@@（'), '@@')"
    y = alt.Y(
        "对象:N",
        sort="-x" if ranked else None,
        title=None,
        axis=alt.Axis(labelExpr=label, labelLimit=150, labelFontSize=11, labelOverlap=False),
    )
    x = alt.X("数值:Q", title=f"数值（{unit}）" if unit else "数值", axis=alt.Axis(format=",.2f", tickCount=4))
    bars = (
        alt.Chart(chart)
        .mark_bar()
        .encode(
            y=y,
            x=x,
            color=alt.Color("类型:N", legend=alt.Legend(orient="top", direction="horizontal", title=None)),
            tooltip=["对象", "原文数值", alt.Tooltip("数值:Q", format=",.2f")],
        )
    )
    values = alt.Chart(chart).mark_text(align="left", dx=3, fontSize=11).encode(y=y, x=x, text="原文数值:N")
    return bars + values


def render_rows(turn: dict[str, Any], key: str) -> None:
    """Rows of a list/compare/rank/total answer: table, bar chart, CSV download."""
    frame = tables.rows_frame(turn["rows"])
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={"数值": st.column_config.NumberColumn("数值", format="localized")},
    )
    chart, unit = tables.chart_frame(turn["rows"])
    if tables.worth_a_chart(chart):
        st.altair_chart(
            bar_chart(chart, unit, turn.get("intent") in ("rank", "compare")),
            width="stretch",
            height=90 + 46 * len(chart),
        )
    st.download_button(
        "下载 CSV",
        data=tables.csv_bytes(frame),
        file_name="预决算问答结果.csv",
        mime="text/csv",
        key=f"csv_{key}",
        icon="⬇️",
    )


def render_turn(turn: dict[str, Any], state: Loaded, key: str) -> None:
    """The assistant's reply for one turn."""
    if turn.get("error"):
        st.error(markdown.escape_md(turn["answer"]))
        return
    if not turn["found"]:
        st.warning(markdown.escape_md(turn["answer"]))
    else:
        head = turns.headline(turn["answer"], turn.get("intent", ""))
        if head is not None:
            st.metric(markdown.escape_md(head.label), head.value)
            if head.note:
                st.caption(markdown.escape_md(head.note))
        md(turn["answer"])
    if turn.get("rows"):
        render_rows(turn, key)
    for k, source in enumerate(turn.get("sources", [])):
        render_source(source, state, f"{key}_{k}", k + 1)


def answer(question: str, state: Loaded, filters: Filters | None, history: list[dict[str, Any]]) -> dict[str, Any]:
    """Ask the engine; any failure becomes a friendly message (logged, never shown as a traceback)."""
    if filters is not None and not catalog.allowed_docs(state.engine.identities, filters):
        return turns.error_turn(question, "所选筛选条件下没有文档，请在侧栏放宽单位、年度或类型。")
    try:
        result = state.engine.ask(question, previous=turns.previous_query(history), filters=filters)
        return turns.turn_from_answer(result)
    except Exception:
        log.exception("answering failed: %r", question[:100])
        return turns.error_turn(question)


def safely(draw: Any, *args: Any) -> None:
    try:
        draw(*args)
    except Exception:
        log.exception("drawing failed")
        st.error("抱歉，这条回答无法显示。")


def main() -> None:
    setup_page()
    state = loaded()
    st.session_state.setdefault(TURNS, [])
    filters = sidebar(state)
    st.title("📊 预决算问答")
    st.caption("根据已公开的部门预算、决算文件回答问题，每个数字都附原文出处。")
    history: list[dict[str, Any]] = st.session_state[TURNS]
    question = st.chat_input("输入问题，例如：基本工资多少？")
    question = question or st.session_state.pop(PENDING, None)
    shared = st.query_params.get("q")
    if not question and not history and shared and not st.session_state.get(SHARED):
        st.session_state[SHARED] = True  # a shared link (?q=…) asks its question once on opening
        question = shared[:300]
    if not history and not question:
        st.markdown("**可以这样问：**")
        cols = st.columns(2)
        for k, example in enumerate(EXAMPLES[:4]):
            cols[k % 2].button(example, key=f"main_ex_{k}", on_click=_queue, args=(example,), width="stretch")
    for k, turn in enumerate(history):
        with st.chat_message("user"):
            md(turn["question"])
        with st.chat_message("assistant"):
            safely(render_turn, turn, state, str(k))
    if question:
        with st.chat_message("user"):
            md(question)
        with st.chat_message("assistant"):
            with st.spinner("正在查找……"):
                turn = answer(question, state, filters, history)
            history.append(turn)
            st.query_params["q"] = question  # the address bar now links to this answer
            st.session_state[SHARED] = True  # …and is not asked again as a shared link
            safely(render_turn, turn, state, str(len(history) - 1))


main()
