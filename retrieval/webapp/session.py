"""Streamlit glue shared by ``app.py`` and the pages: page setup and navigation, settings, the cached
engine, the first-start index build, safe text."""

from __future__ import annotations

import inspect
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

import retrieval  # noqa: F401  (offline environment first)
from retrieval.config import Settings
from retrieval.webapp import browser
from retrieval.webapp.markdown import escape_md

ADMIN_ENV = "BUDGET_QA_ADMIN_PASSWORD"
FILTER_KEYS = ("f_orgs", "f_years", "f_kinds")
CHAT_PAGE, BROWSE_PAGE, ADMIN_PAGE = "app.py", "pages/1_文档浏览.py", "pages/2_管理.py"
log = logging.getLogger("budget_qa.app")
_BUILD_LOCK = threading.Lock()  # one index build per process; build_index adds a file lock


@dataclass
class Loaded:
    """The engine plus look-ups every session shares (read-only after loading)."""

    engine: Any
    documents: dict[str, dict[str, Any]]
    stale: str = ""


def settings() -> Settings:
    return Settings.from_env()


def admin_configured() -> bool:
    return bool(os.environ.get(ADMIN_ENV))


def setup_page() -> None:
    """Page config and the sidebar navigation (the admin link only when admin mode is configured)."""
    st.set_page_config(page_title="预决算问答", page_icon="📊", layout="wide")
    st.iframe(browser.chinese_ui_html(), height=1)  # lang zh-CN, Streamlit's own words in Chinese
    for key in FILTER_KEYS:  # keep the sidebar filters while visiting other pages
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]
    with st.sidebar:
        st.page_link(CHAT_PAGE, label="问答", icon=":material/chat:")
        st.page_link(BROWSE_PAGE, label="文档浏览", icon=":material/description:")
        if admin_configured():
            st.page_link(ADMIN_PAGE, label="管理", icon=":material/settings:")
        st.divider()


def browse_link(source: dict[str, Any], column: str = "") -> dict[str, str]:
    """The 文档浏览 address of a cited source: its document and table row (``?doc=…&table=3&row=12``, with the cited
    cell's column as ``col``) or section."""
    params = {"doc": str(source.get("doc", ""))}
    if source.get("kind") == "row" and source.get("table_id") is not None:
        params["table"] = str(source["table_id"])
        if source.get("row_index") is not None:
            params["row"] = str(source["row_index"])
        if column:
            params["col"] = column
    elif source.get("location"):
        params["section"] = str(source["location"])
        if source.get("text"):
            params["quote"] = str(source["text"])[:60]  # the cited passage is marked there
    return params


def md(text: Any) -> None:
    """Markdown of untrusted text, escaped so it shows literally."""
    st.markdown(escape_md(text))


@st.cache_resource(show_spinner=False)
def _embedder(model_path: str) -> Any:
    """One embedding model per process, shared by the first-start build and the engine."""
    from retrieval.index.embed import Embedder

    return Embedder(Path(model_path) if model_path else None)


@st.cache_resource(show_spinner=False)
def _load(index_dir: str, corpus_dir: str, model_path: str) -> Loaded:
    """Load index, keyword index and model once per process (shared by all sessions)."""
    from retrieval.answer.engine import Engine
    from retrieval.index.store import staleness

    config = Settings(
        corpus_dir=Path(corpus_dir), index_dir=Path(index_dir), model_path=Path(model_path) if model_path else None
    )
    engine = Engine.load(config, embedder=_embedder(model_path))
    if engine.embedder is not None:
        engine.embedder.encode_query("预算")  # load the model now, under the cache's lock
    stale = staleness(engine.index.manifest, Path(corpus_dir))
    documents = {d["identity"]["doc"]: d for d in engine.index.documents}
    return Loaded(engine=engine, documents=documents, stale=stale.message() if stale.is_stale else "")


def _key(config: Settings) -> tuple[str, str, str]:
    return str(config.index_dir), str(config.corpus_dir), str(config.model_path or "")


def clear_engine() -> None:
    """Forget the cached engine (after the corpus changed)."""
    _load.clear()


def _has_index(config: Settings) -> bool:
    from retrieval.index.store import IndexLoadError, read_manifest

    try:
        read_manifest(config.index_dir)
        return True
    except IndexLoadError:
        return False


def _model_changed(config: Settings) -> bool:
    """The index was built with another embedding model than the one this process uses."""
    from retrieval.index.store import IndexLoadError, read_manifest

    try:
        manifest = read_manifest(config.index_dir)
    except IndexLoadError:
        return False
    return manifest.get("model_id") != _embedder(str(config.model_path or "")).model_id


def rebuild(config: Settings, label: str, only_if_missing: bool = False, only_if_model_changed: bool = False) -> Any:
    """Run ``build_index`` with a progress bar (or a spinner) in the page; returns the BuildReport, or
    None when ``only_if_missing`` / ``only_if_model_changed`` and another session did it meanwhile."""
    from retrieval.index.build import build_index

    kwargs: dict[str, Any] = {"progress": False, "embedder": _embedder(str(config.model_path or ""))}
    bar = None
    if "on_progress" in inspect.signature(build_index).parameters:
        first = getattr(kwargs["embedder"], "needs_export", False)
        bar = st.progress(
            0.0, text=f"{label}：首次使用，正在准备检索模型（约 10 秒）……" if first else f"{label}：正在解析文件……"
        )

        def on_progress(done: int, total: int) -> None:
            fraction = min(1.0, done / total) if total else 1.0
            bar.progress(fraction, text=f"{label}：已完成 {fraction:.0%}")

        kwargs["on_progress"] = on_progress
    try:
        with _BUILD_LOCK:  # one build per process; build_index also takes the file lock
            if (only_if_missing and _has_index(config)) or (only_if_model_changed and not _model_changed(config)):
                return None
            if bar is not None:
                return build_index(config, **kwargs)
            with st.spinner(f"{label}……"):
                return build_index(config, **kwargs)
    finally:
        if bar is not None:
            bar.empty()


def _ensure_index(config: Settings) -> None:
    """First start: build the index when there is none (another session may be building it)."""
    from retrieval.index.store import corpus_files

    if _has_index(config):
        return
    if not config.corpus_dir.is_dir() or not corpus_files(config.corpus_dir):
        st.error("还没有可用的索引，材料目录中也没有文件。请管理员先放入预决算公开文件。")
        st.stop()
    notice = st.empty()
    notice.info("首次启动：正在读取公开文件、建立检索（约需一分钟），请稍候……")
    report = rebuild(config, "正在建立索引", only_if_missing=True)
    notice.empty()
    if report is not None and not report.ok:
        st.error("建立索引失败：已收录的材料中没有可解析的文件。")
        st.stop()


def loaded() -> Loaded:
    """The shared engine; builds the index on first start. Stops the page with a message on failure."""
    from retrieval.index.store import IndexLoadError

    config = settings()
    try:
        if _model_changed(config):  # e.g. after an update of the embedding backend: re-embed once
            notice = st.empty()
            notice.info("检索模型已更新：正在重新建立检索，请稍候……")
            rebuild(config, "正在重建索引", only_if_model_changed=True)
            notice.empty()
            clear_engine()
        try:
            return _load(*_key(config))
        except IndexLoadError:
            _ensure_index(config)
            with st.spinner("正在加载索引和模型……"):
                return _load(*_key(config))
    except Exception:
        log.exception("engine load failed")
        st.error("问答服务暂时无法启动（索引或模型加载失败），请稍后再试或联系管理员。")
        st.stop()
        raise  # pragma: no cover  (st.stop raises)
