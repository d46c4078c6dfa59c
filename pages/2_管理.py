"""管理 (admin mode only): upload a disclosure, check what was parsed, add it to the corpus or remove a
document, rebuild the index incrementally. Enabled by env BUDGET_QA_ADMIN_PASSWORD plus that password."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import streamlit as st

from retrieval.config import Settings
from retrieval.webapp import catalog, corpus_admin, feedback, markdown, tables, uploads
from retrieval.webapp.session import ADMIN_ENV, clear_engine, loaded, log, md, rebuild, settings, setup_page

NOTES, FORM, PARSED, ADMIN_OK = "admin_notes", "admin_form", "admin_parsed", "admin_ok"


@st.cache_resource
def _throttle() -> uploads.LoginThrottle:
    """One throttle for the whole server process (every session, every tab)."""
    return uploads.LoginThrottle()


THROTTLE = _throttle()


def unlocked() -> bool:
    """Admin tools only with a configured password, typed once per browser session (kept while switching
    pages, forgotten by 退出管理)."""
    expected = os.environ.get(ADMIN_ENV, "")
    if not expected:
        st.info("管理模式未开启。")
        return False
    if st.session_state.get(ADMIN_OK):
        if st.button("退出管理", icon=":material/logout:", type="tertiary"):
            st.session_state.pop(ADMIN_OK, None)
            st.rerun()
        return True
    with st.form("admin_login"):
        given = st.text_input("管理员密码", type="password", key="admin_password")
        sent = st.form_submit_button("进入管理")
    if not sent:
        return False
    if uploads.password_ok(given, expected):
        st.session_state[ADMIN_OK] = True
        st.rerun()
    delay = THROTTLE.failed()
    log.warning("admin login failed (wait %.0f s)", delay)
    time.sleep(delay)
    st.error("密码不正确。" if given else "请输入管理员密码。")
    return False


def preview(name: str, data: bytes, config: Settings) -> Any:
    """Parse the upload from a private temp file; returns the ParsedDocument or None (message shown)."""
    from retrieval.ingest.parse import parse_file

    with tempfile.TemporaryDirectory(prefix="budget-qa-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            return parse_file(path, max_bytes=config.max_file_bytes)
        except Exception as exc:
            log.info("upload parse failed: %s", exc)
            st.error(
                markdown.escape_md(f"无法解析 {name}：{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
            )
            return None


def show_parsed(doc: Any) -> None:
    ident = doc.identity
    st.markdown(
        "**识别结果**："
        + markdown.escape_md(
            f"{ident.org}｜{f'{ident.year}年' if ident.year else '年度不详'}｜{ident.kind or '类型不详'}｜"
            f"地区 {ident.region or '不详'}｜金额单位 {ident.unit or '不详'}"
        )
    )
    with st.expander("识别依据（单位、地区、年度、类型从哪里读出）"):
        st.dataframe(catalog.identity_evidence(ident), hide_index=True, width="stretch")
    st.caption(
        markdown.escape_md(f"读出 {len(doc.tables)} 张表格、{len(doc.passages)} 段正文。") + "表格预览（前三张）："
    )
    for table in doc.tables[:3]:
        record = {
            "number": table.number,
            "title": table.title,
            "unit": table.unit,
            "header_rows": table.header_rows,
            "rows": table.rows,
        }
        st.caption(markdown.escape_md(tables.table_caption(record) + ("（本表无数据）" if table.empty else "")))
        if table.rows:
            st.dataframe(tables.table_frame(record)[0].head(12), width="stretch")


def edit_identity(ident: Any, form: int) -> dict[str, Any]:
    """Fields to correct a misread identity before adding (saved next to the file as its .meta.json)."""
    st.markdown("**核对文件身份**（识别有误时在此改正，加入时一并保存）")
    cols = st.columns(4)
    org = cols[0].text_input("单位名称", value=ident.org, key=f"admin_org_{form}")
    region = cols[1].text_input("地区", value=ident.region, key=f"admin_region_{form}")
    year = cols[2].number_input(
        "年度", min_value=1990, max_value=2100, value=ident.year or 2024, step=1, key=f"admin_year_{form}"
    )
    kinds = ["预算", "决算"]
    kind = cols[3].selectbox(
        "类型", kinds, index=kinds.index(ident.kind) if ident.kind in kinds else 0, key=f"admin_kind_{form}"
    )
    return corpus_admin.identity_changes(ident, {"org": org, "region": region, "year": int(year), "kind": kind})


def finish(report: Any, done: str) -> None:
    """Forget the cached engine, keep the outcome for the next run, reset the form and rerun."""
    clear_engine()
    notes = [
        ("success", f"{done}；索引已更新，问答已使用新的语料。")
        if report.ok
        else ("error", f"{done}，但重建索引失败：没有可解析的文件。")
    ]
    notes += [("warning", failed.error) for failed in report.errors]
    st.session_state[NOTES] = notes
    st.session_state[FORM] = st.session_state.get(FORM, 0) + 1
    st.rerun()


def update_index(config: Settings, done: str) -> None:
    """Incremental rebuild after a corpus change; a failure is reported in one friendly line."""
    try:
        report = rebuild(config, "正在更新索引")
    except Exception:
        log.exception("admin rebuild failed")
        clear_engine()
        st.session_state[NOTES] = [("error", f"{done}，但更新索引时出错，请查看服务器日志后重试。")]
        st.rerun()
    finish(report, done)


def show_notes() -> None:
    for kind, text in st.session_state.pop(NOTES, []):
        getattr(st, kind)(markdown.escape_md(text))


def upload_section(config: Settings) -> None:
    st.subheader("上传公开文件")
    if int(st.get_option("server.maxUploadSize")) <= 0:
        st.info(
            "服务器未开启上传（公开部署默认不接受任何上传）。要上传文件，请以 "
            "STREAMLIT_SERVER_MAX_UPLOAD_SIZE=20 启动应用，见 docs/SECURITY.md。"
        )
        return
    limit = int(config.max_file_mb)
    file = st.file_uploader(
        "预算/决算公开文件",
        type=[s.lstrip(".") for s in uploads.UPLOAD_SUFFIXES],
        max_upload_size=limit,
        key=f"admin_upload_{st.session_state.get(FORM, 0)}",
    )
    if file is None:
        return
    data = file.getvalue()
    problem = uploads.check_upload(file.name, len(data), config.max_file_bytes)
    if problem:
        st.error(markdown.escape_md(problem))
        return
    name = uploads.sanitize_filename(file.name)
    md(f"保存为：{name}")
    digest = hashlib.sha256(data).hexdigest()
    cached = st.session_state.get(PARSED)
    doc = cached[1] if cached and cached[0] == (digest, name) else preview(name, data, config)
    st.session_state[PARSED] = ((digest, name), doc)
    if doc is None:
        return
    show_parsed(doc)
    target = config.corpus_dir / name
    form = st.session_state.get(FORM, 0)
    overwrite = st.checkbox("覆盖同名文件", key=f"admin_overwrite_{form}") if target.exists() else True
    changes = edit_identity(doc.identity, form)
    if changes:
        st.caption(markdown.escape_md("将保存的更正：" + json.dumps(changes, ensure_ascii=False)))
    if not doc.chunks:
        st.warning("没有读出正文或表格，不能加入语料（可能是扫描件或空文件）。")
    if st.button("加入语料并更新索引", type="primary", disabled=not overwrite or not doc.chunks):
        target.write_bytes(data)
        corpus_admin.write_sidecar(target, changes)
        update_index(config, f"已加入 {name}")


def feedback_section() -> None:
    """Visitors' feedback, newest first (only when a feedback file is configured)."""
    path = feedback.feedback_file()
    if path is None:
        return
    st.subheader("访客反馈")
    entries = feedback.latest(path)
    if not entries:
        st.caption("还没有反馈。")
        return
    rows = [
        {
            "时间": e.get("time", ""),
            "有帮助": "是" if e.get("helpful") else "否",
            "问题": e.get("question", ""),
            "说明": e.get("comment", ""),
        }
        for e in entries
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def documents_section(state: Any) -> None:
    """The documents now in the corpus, with the identity each was read as."""
    st.subheader("当前语料")
    rows = [
        {"文件": doc, "单位": i.org, "地区": i.region, "年度": i.year, "类型": i.kind}
        for doc, i in state.engine.identities.items()
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def remove_section(config: Settings, titles: dict[str, str]) -> None:
    from retrieval.index.store import corpus_files

    st.subheader("删除文档")
    files = [p.name for p in corpus_files(config.corpus_dir)] if config.corpus_dir.is_dir() else []
    if len(files) <= 1:
        st.caption("语料中至少要保留一份文档。")
        return
    form = st.session_state.get(FORM, 0)
    name = st.selectbox(
        "要删除的文件",
        files,
        index=None,
        key=f"admin_remove_{form}",
        placeholder="选择文件",
        format_func=lambda f: f"{titles[f]}（{f}）" if f in titles else f,
    )
    sure = st.checkbox("确认删除（文件移到回收站，可以恢复）", key=f"admin_remove_sure_{form}")
    if st.button("删除并更新索引", disabled=not (name and sure)) and name in files:
        corpus_admin.move_to_trash(config.corpus_dir, name)
        update_index(config, f"已把 {name} 移到回收站")


def trash_section(config: Settings) -> None:
    kept = corpus_admin.trashed(config.corpus_dir)
    if not kept:
        return
    st.subheader("回收站")
    form = st.session_state.get(FORM, 0)
    name = st.selectbox("已删除的文件", kept, index=None, key=f"admin_trash_{form}", placeholder="选择文件")
    if st.button("恢复到语料并更新索引", disabled=not name) and name:
        try:
            restored = corpus_admin.restore(config.corpus_dir, name)
        except FileExistsError as exc:
            st.error(str(exc))
            return
        update_index(config, f"已恢复 {restored}")


def main() -> None:
    setup_page()
    st.title(":material/settings: 管理")
    if not unlocked():
        return
    config = settings()
    show_notes()
    state = loaded()
    if state.stale:
        st.warning(markdown.escape_md(state.stale))
        if st.button("按当前语料更新索引"):
            update_index(config, "已按当前语料更新")
    documents_section(state)
    st.divider()
    upload_section(config)
    st.divider()
    remove_section(config, {d: i.title for d, i in state.engine.identities.items()})
    trash_section(config)
    feedback_section()


main()
