"""预决算问答 — ``streamlit run app.py``. The 问答 page: a chat with history; each answer shows its figure,
its sources (with the table around a cited row) and, for list/compare/rank/total answers, a table, a bar
chart and a CSV download. Other pages are in ``pages/``; logic lives in ``retrieval`` (see retrieval/webapp/)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from retrieval.answer.engine import Filters
from retrieval.webapp import browser, catalog, charts, citations, feedback, markdown, suggest, tables, turns
from retrieval.webapp.session import BROWSE_PAGE, Loaded, browse_link, loaded, log, md, setup_page

TURNS, PENDING, SHARED, FEEDBACK_SENT = "turns", "pending_question", "shared_link_asked", "feedback_sent"
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
        st.button("新对话", on_click=_reset, width="stretch", key="reset", icon=":material/add_comment:")
        st.subheader("筛选")
        if "f_orgs" not in st.session_state:  # a shared address carries the filters its answer was given under
            params = {p: st.query_params.get_all(p) for p in catalog.FILTER_PARAMS.values()}
            for key, chosen in catalog.choices_from_params(identities, params).items():
                if chosen:
                    st.session_state[key] = chosen
        options = catalog.filter_options(identities, st.session_state.get("f_orgs") or [])
        for key, allowed in (("f_years", options.years), ("f_kinds", options.kinds)):  # only combinations held
            if key in st.session_state:
                st.session_state[key] = [v for v in st.session_state[key] if v in allowed]
        orgs = st.multiselect("单位", options.orgs, key="f_orgs", placeholder="全部单位")
        years = st.multiselect(
            "年度", options.years, key="f_years", placeholder="全部年度", format_func=lambda y: f"{y}年"
        )
        kinds = st.multiselect(
            "类型", catalog.filter_options(identities, orgs, years).kinds, key="f_kinds", placeholder="预算和决算"
        )
        st.subheader("试试这些问题")
        for k, example in enumerate(EXAMPLES):
            st.button(example, key=f"ex_{k}", on_click=_queue, args=(example,), width="stretch")
        with st.expander(f"已收录的材料（{len(identities)} 份）", expanded=False):
            for row in catalog.corpus_rows(identities, state.engine.index.manifest):
                year = f"{row['年度']}年" if row["年度"] else "年度不详"
                st.markdown(f"**{markdown.escape_md(row['单位'])}**")
                st.caption(markdown.escape_md(f"{year}{row['类型']}"))
        if state.stale:
            st.caption(markdown.escape_md(state.stale))
    return catalog.make_filters(identities, orgs, years, kinds)


def render_source(source: dict[str, Any], state: Loaded, key: str, number: int, numbers: list[str]) -> None:
    """One cited source [n]: document, section or table, the text with its numbers in bold, and for a table row a
    label/value card (readable on a phone) above the rows around it with the cited cell highlighted."""
    row = source.get("kind") == "row"
    label = f"[{number}] {source['title']} · {source['location']}"
    if row and "：" in source["text"]:
        label += f" · {source['text'].split('：')[0]}"
    with st.expander(markdown.escape_md(label), expanded=number == 1):
        page = f"｜原文第 {source['page']} 页" if source.get("page") else ""
        st.caption(markdown.escape_md(f"{source['title']}｜{'表格' if row else '章节'}：{source['location']}{page}"))
        st.markdown(markdown.bold_numbers(source["text"], numbers))
        table = tables.find_table(state.documents.get(source["doc"]), source.get("table_id")) if row else None
        cells: list[str] = []
        if table is not None and table.get("rows"):
            frame, label_row = tables.table_frame(table, source.get("row_index"))
            cells = tables.cited_cells(frame, label_row, numbers)
            if label_row is not None:
                for column in cells:
                    st.markdown(
                        markdown.escape_md(f"{tables.cell_label(frame, label_row, column)} · {column}：")
                        + f"**{markdown.escape_md(frame.at[label_row, column])}**"
                    )
            st.dataframe(tables.highlight_cells(frame, label_row, cells), width="stretch")
            st.caption(markdown.escape_md(tables.table_caption(table) + " · 深黄色为引用的数字"))
        st.page_link(
            BROWSE_PAGE,
            label="在文档浏览中查看原文",
            icon=":material/description:",
            query_params=browse_link(source, cells[0] if cells else ""),
        )


def render_related(sources: list[dict[str, Any]]) -> None:
    """Other passages the search found, folded: text only."""
    if not sources:
        return
    with st.expander(f"相关原文（{len(sources)}）"):
        for source in sources:
            st.caption(markdown.escape_md(f"{source['title']}｜{source['location']}"))
            md(source["text"])


def render_rows(turn: dict[str, Any], key: str) -> None:
    """Rows of a list/compare/rank/total answer: table, bar chart, CSV download."""
    frame = tables.rows_frame(turn["rows"])
    st.dataframe(
        tables.shown_frame(frame),
        hide_index=True,
        width="stretch",
        column_order=tables.SHOWN_ORDER,  # on a phone the figure as written is the second column
        column_config={
            "单位": st.column_config.TextColumn("单位", width="medium"),
            "数值": st.column_config.TextColumn("数值", alignment="right"),
        },
    )
    chart, unit = charts.chart_frame(turn["rows"])
    if charts.worth_a_chart(chart):
        st.altair_chart(
            charts.bar_chart(chart, unit),
            width="stretch",
        )
    st.download_button(
        "下载 CSV",
        data=tables.csv_bytes(frame),
        file_name="预决算问答结果.csv",
        mime="text/csv",
        key=f"csv_{key}",
        icon=":material/download:",
    )


def render_turn(turn: dict[str, Any], state: Loaded, key: str) -> None:
    """The assistant's reply for one turn: the answer with citation markers, its sources, buttons."""
    if turn.get("error"):
        st.error(markdown.escape_md(turn["answer"]))
        return
    cited = citations.cite(turn["answer"], turn.get("sources", []), turn["found"])
    if not turn["found"]:
        st.warning(markdown.escape_md(turn["answer"]))
    else:
        head = turns.headline(turn["answer"], turn.get("intent", ""))
        if head is not None:
            st.markdown(f"**{markdown.escape_md(head.label)}**")  # whose, which year, 预算/决算: wraps on a phone
            st.metric(markdown.escape_md(head.label), head.value, label_visibility="collapsed")
            if head.note:
                st.caption(markdown.escape_md(head.note))
        md(cited.text)
    if turn.get("filters"):
        st.caption(markdown.escape_md(turn["filters"]))
    if turn.get("rows"):
        render_rows(turn, key)
    if cited.cited:
        st.markdown("**引用**")
    for k, source in enumerate(cited.cited):
        render_source(source, state, f"{key}_{k}", k + 1, cited.numbers.get(k, []))
    render_related(cited.related)
    if turn["found"]:
        with st.popover("复制回答", icon=":material/content_copy:"):
            st.code(turns.plain_answer(cited.text, cited.cited), language=None, wrap_lines=True)
            st.caption("点文字框右上角的复制图标；手机上可长按文字选择复制。")
    path = feedback.feedback_file()
    if path is not None:
        render_feedback(turn, key, path)
    item = turns.asked_item(turn, state.engine)
    identities = state.engine.identities
    offers = suggest.for_turn(turn, item, identities, state.engine.context.figures)
    if offers:
        st.caption("您还可以问：" if turn["found"] else "可以改问：")
        for k, offer in enumerate(offers):
            st.button(offer, key=f"offer_{key}_{k}", on_click=_queue, args=(offer,), type="secondary")


def render_feedback(turn: dict[str, Any], key: str, path: Any) -> None:
    """👍/👎 with an optional comment, kept in the configured feedback file (a few per session)."""
    if turn.get("feedback_sent"):
        st.caption("谢谢您的反馈。")
        return
    choice = st.feedback("thumbs", key=f"fb_{key}")
    if choice is None:
        return
    comment = st.text_input("补充说明（可选）", key=f"fbc_{key}", max_chars=feedback.MAX_COMMENT)
    if st.button("提交反馈", key=f"fbs_{key}"):
        sent = st.session_state.get(FEEDBACK_SENT, 0)
        if sent >= feedback.MAX_PER_SESSION:
            st.caption("本次访问的反馈次数已达上限，谢谢。")
            return
        problem = feedback.record(path, turn["question"], turn["answer"], choice == 1, comment)
        st.session_state[FEEDBACK_SENT] = sent + 1
        turn["feedback_sent"] = True
        st.caption(problem or "谢谢您的反馈。")


def answer(question: str, state: Loaded, filters: Filters | None, history: list[dict[str, Any]]) -> dict[str, Any]:
    """Ask the engine; any failure becomes a friendly message (logged, never shown as a traceback)."""
    if filters is not None and not catalog.allowed_docs(state.engine.identities, filters):
        return turns.error_turn(question, "所选筛选条件下没有文档，请在侧栏放宽单位、年度或类型。")
    try:
        result = state.engine.ask(question, previous=turns.previous_query(history), filters=filters)
        return turns.turn_from_answer(result) | {"filters": catalog.describe_filters(state.engine.identities, filters)}
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
    st.title(":material/query_stats: 预决算问答")
    st.caption("根据已公开的部门预算、决算文件回答问题，每个数字都附原文出处。")
    history: list[dict[str, Any]] = st.session_state[TURNS]
    question = st.chat_input("输入问题，例如：基本工资多少？")
    question = question or st.session_state.pop(PENDING, None)
    shared = st.query_params.get("q")
    if not question and not history and shared and not st.session_state.get(SHARED):
        st.session_state[SHARED] = True  # a shared link (?q=…) asks its question once on opening…
        earlier = turns.earlier_questions(st.query_params.get_all("h"), shared)
        for asked in earlier:  # …after the conversation before it (a reload keeps the conversation)
            history.append(answer(asked, state, filters, history))
        question = shared[:300]
    if not history and not question:
        st.markdown("**可以这样问：**")
        cols = st.columns(2)
        for k, example in enumerate(EXAMPLES[:4]):
            cols[k % 2].button(example, key=f"main_ex_{k}", on_click=_queue, args=(example,), width="stretch")
    if history:  # on a phone the sidebar is folded away: 新对话 stays reachable here
        st.button("新对话", on_click=_reset, key="reset_main", icon=":material/add_comment:", type="tertiary")
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
            st.query_params["q"] = question[:300]  # the address bar links to this answer (never a pasted essay)…
            st.query_params["h"] = turns.kept_questions(history)  # …and keeps the conversation for a reload
            for key, param in catalog.FILTER_PARAMS.items():  # …and the filters it was answered under
                st.query_params[param] = [str(v) for v in st.session_state.get(key) or []]
            st.session_state[SHARED] = True  # …and is not asked again as a shared link
            safely(render_turn, turn, state, str(len(history) - 1))
        st.iframe(browser.scroll_to_answer_html(), height=1)  # the new answer's figure in view (phones)


main()
