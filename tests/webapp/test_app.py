"""The Streamlit app driven in-process with AppTest against the session's prebuilt index."""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit
from streamlit.testing.v1 import AppTest

from retrieval.webapp.session import browse_link
from tests.conftest import Built, copy_corpus

APP = Path(__file__).resolve().parents[2] / "app.py"
TIMEOUT = 120


@pytest.fixture
def app(built: Built, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app pointed at the session index (public mode), after its first run."""
    monkeypatch.setenv("BUDGET_QA_INDEX", str(built.settings.index_dir))
    monkeypatch.setenv("BUDGET_QA_CORPUS", str(built.settings.corpus_dir))
    monkeypatch.delenv("BUDGET_QA_ADMIN_PASSWORD", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def texts(at: AppTest) -> Iterator[tuple[str, str, Any]]:
    """(type, text, node) for every element text that Streamlit renders as markdown: markdown, captions,
    headings, alerts, metric and expander labels, chat messages."""
    for node in walk(at._tree):
        kind = getattr(node, "type", "")
        proto = getattr(node, "proto", None)
        if kind in (
            "markdown",
            "heading",
            "alert",
            "caption",
            "title",
            "subheader",
            "warning",
            "error",
            "info",
            "success",
        ):
            yield kind, str(getattr(proto, "body", "") or getattr(node, "value", "")), node
        elif kind in ("metric", "expandable", "expander"):
            yield kind, str(getattr(node, "label", "")), node


def assistant_text(at: AppTest) -> str:
    return "\n".join(t for _k, t, _e in texts(at))


def test_answer_shows_figure_and_source(app: AppTest) -> None:
    ask(app, "忻州社保卡中心2023年基本工资多少")
    assert [m.value for m in app.metric] == ["23.43万元"]
    replies = [c for c in app.chat_message if c.name == "assistant"]
    assert len(replies) == 1
    answer = "\n".join(m.value for m in replies[0].markdown)
    assert "23.43" in answer and "忻州市社会保障卡服务中心" in answer
    assert "23.43万元\\[1\\]" in answer, "the figure carries the marker of its source"
    sources = [e for e in replies[0].expander if e.label.startswith("\\[")]
    assert sources and all("忻州市社会保障卡服务中心 2023年决算" in e.label for e in sources)
    assert sources[0].label.startswith("\\[1\\]") and len({e.label for e in sources}) == len(sources)
    cited = "\n".join(m.value for e in sources for m in e.markdown)
    assert "**23.43**" in cited, "a source states the figure, in bold"
    tables = [e for e in sources if e.dataframe]
    assert tables, "a cited table row shows the table around it"
    assert any(m.value.endswith("：**23\\.43**") for m in tables[0].markdown), "a label/value card of the cell"
    frame = tables[0].dataframe[0].value
    assert frame.index.name == "行" and frame.shape[1] >= 2
    assert any("单位：万元" in c.value for c in tables[0].caption)
    links = [p.proto.query_string for p in replies[0].get("page_link")]
    assert links and links[0].startswith("doc=001_") and "&table=" in links[0] and "&row=" in links[0]
    assert len(app.session_state["turns"]) == 1
    assert app.session_state["turns"][0]["query"]["docs"]


def test_followup_uses_the_previous_turn(app: AppTest) -> None:
    ask(app, "忻州社保卡中心2023年基本工资多少")
    ask(app, "那2022年呢？")
    replies = [c for c in app.chat_message if c.name == "assistant"]
    assert len(replies) == 2
    last = "\n".join(w.value for w in replies[1].warning)
    assert "2022" in last and "忻州市社会保障卡服务中心" in last


def test_filter_constrains_the_answer(app: AppTest) -> None:
    org = "西安市高陵区人力资源和社会保障信息中心"
    app.sidebar.multiselect(key="f_orgs").set_value([org]).run()
    ask(app, "基本工资多少")
    reply = [c for c in app.chat_message if c.name == "assistant"][-1]
    text = "\n".join(m.value for m in reply.markdown)
    assert org in text and "236,129.40" in text
    assert all(org in e.label for e in reply.expander if e.label.startswith("\\["))
    assert any(c.value.startswith("已按筛选回答：单位 西安市高陵区") for c in reply.caption), "the filter is named"
    app.sidebar.multiselect(key="f_orgs").set_value([]).run()
    app.sidebar.multiselect(key="f_kinds").set_value(["决算"]).run()
    app.sidebar.multiselect(key="f_years").set_value([2026]).run()  # only a 2026 预算 is held
    assert app.sidebar.multiselect(key="f_kinds").options == ["预算"], "no impossible combination is offered"
    assert app.sidebar.multiselect(key="f_kinds").value == []
    app.button(key="reset_main").click().run()  # a new conversation: not a follow-up of the 高陵 question
    ask(app, "基本工资多少")
    reply = [c for c in app.chat_message if c.name == "assistant"][-1]
    assert "91.06万元" in "\n".join(m.value for m in reply.markdown)


def test_example_question_button_asks_it(app: AppTest) -> None:
    app.sidebar.button(key="ex_1").click().run()
    assert not app.exception
    users = [c for c in app.chat_message if c.name == "user"]
    assert users and users[-1].markdown[0].value == "社保卡制作花了多少钱？"
    reply = [c for c in app.chat_message if c.name == "assistant"][-1]
    assert "社保卡" in "\n".join(m.value for m in reply.markdown) and "万元" in assistant_text(app)
    app.sidebar.button(key="reset").click().run()
    assert not app.chat_message and app.session_state["turns"] == []


def test_list_answer_has_table_chart_and_csv(app: AppTest) -> None:
    ask(app, "各单位住房公积金分别是多少")
    reply = [c for c in app.chat_message if c.name == "assistant"][-1]
    frame = reply.dataframe[0].value
    assert {"单位", "年度", "数值", "计量单位"} <= set(frame.columns)
    assert len(frame) == 5
    kinds = [child.type for child in reply.children.values()]
    assert any("vega" in kind for kind in kinds), f"a bar chart, got {kinds}"
    assert "download_button" in kinds, "a CSV download"


def test_html_in_a_question_is_shown_as_text(app: AppTest) -> None:
    question = "<script>alert(1)</script>基本工资"
    ask(app, question)
    checked = list(texts(app))
    assert {"markdown", "metric", "expandable"} & {kind for kind, _t, _n in checked}
    for kind, text, element in checked:
        assert "<script" not in text and "</" not in text, (kind, text)
        assert not getattr(element.proto, "allow_html", False), (kind, text)
    assert any("&lt;script&gt;" in text for _k, text, _n in checked)
    user = [c for c in app.chat_message if c.name == "user"][-1]
    assert user.markdown[0].value.startswith("&lt;script&gt;alert\\(1\\)&lt;/script&gt;")
    reply = [c for c in app.chat_message if c.name == "assistant"][-1]
    assert "基本工资" in "\n".join(m.value for m in reply.markdown), "the question is still answered"


def test_long_question_gets_a_clear_message(app: AppTest) -> None:
    ask(app, "基本工资" * 80)
    reply = [c for c in app.chat_message if c.name == "assistant"][-1]
    assert "问题太长" in reply.warning[0].value


def test_engine_failure_shows_a_friendly_message(app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    from retrieval.answer.engine import Engine

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("boom: internal detail")

    monkeypatch.setattr(Engine, "ask", broken)
    ask(app, "基本工资多少")
    reply = [c for c in app.chat_message if c.name == "assistant"][-1]
    assert "出错" in reply.error[0].value
    assert "boom" not in assistant_text(app) and "Traceback" not in assistant_text(app)


def test_a_link_opens_the_cited_table_row_and_filters_survive(app: AppTest) -> None:
    app.sidebar.multiselect(key="f_kinds").set_value(["决算"]).run()
    ask(app, "忻州社保卡中心2023年基本工资多少")
    source = app.session_state["turns"][0]["sources"][0]
    app.query_params.update({"doc": source["doc"], "table": str(source["table_id"]), "row": str(source["row_index"])})
    app.switch_page("pages/1_文档浏览.py").run()
    assert not app.exception, app.exception
    assert app.selectbox(key="browse_select").value == "001_b656c06370e19b11.txt"
    assert "001_" not in app.selectbox(key="browse_select").format_func("001_b656c06370e19b11.txt")
    opened = [e for e in app.expander if e.proto.expanded and e.dataframe]
    assert opened, "the cited table is open"
    assert any(f"第 {source['row_index'] + 1} 行" in c.value for c in opened[0].caption)
    card = [i.value for i in opened[0].info]
    assert card and card[0].startswith("引用的行") and "基本工资" in card[0] and "23.43" in card[0], card
    assert [b.label for b in app.download_button] == ["下载原文件"]
    app.query_params["col"] = "人员经费 > 决算数"  # the link of a cited cell names its column
    app.run()
    cell = [i.value for e in app.expander if e.proto.expanded and e.dataframe for i in e.info]
    assert cell and cell[0].startswith("引用的数字") and "基本工资" in cell[0] and "23.43" in cell[0], cell
    app.switch_page("app.py").run()
    assert app.sidebar.multiselect(key="f_kinds").value == ["决算"]
    assert len([c for c in app.chat_message if c.name == "user"]) == 1, "the conversation is kept"


def test_a_link_to_a_cited_passage_opens_its_section_with_the_passage_marked(app: AppTest) -> None:
    ask(app, "曾都区人社信息中心2022年决算的基本支出是多少")
    source = next(s for s in app.session_state["turns"][0]["sources"] if s["kind"] == "passage")
    app.query_params.update(browse_link(source))
    app.switch_page("pages/1_文档浏览.py").run()
    assert not app.exception, app.exception
    opened = [e for e in app.expander if e.proto.expanded and e.label.startswith("【引用所在章节】")]
    assert opened, "the cited section is open"
    marked = [i.value for i in opened[0].info]
    assert len(marked) == 1 and source["text"][:20] in marked[0].replace("\\", ""), marked


def test_a_refusal_offers_what_is_held_and_an_answer_offers_followups(app: AppTest) -> None:
    ask(app, "忻州社保卡中心2021年的办公费")
    offers = [b for b in app.button if b.key and b.key.startswith("offer_0_")]
    assert [b.label for b in offers] == ["忻州市社会保障卡服务中心2023年决算的办公费是多少"]
    offers[0].click().run()
    reply = [c for c in app.chat_message if c.name == "assistant"][-1]
    assert any("1.09万元" in m.value for m in reply.markdown)
    followups = [b.label for b in app.button if b.key and b.key.startswith("offer_1_")]
    assert "各单位的办公费分别是多少" in followups


def test_browse_page_lists_the_documents(app: AppTest) -> None:
    app.switch_page("pages/1_文档浏览.py").run()
    assert not app.exception, app.exception
    choice = app.selectbox(key="browse_select")
    assert len(choice.options) == 5
    corpus = app.dataframe[0].value
    assert len(corpus) == 5 and "忻州市社会保障卡服务中心" in set(corpus["单位"])
    choice.set_value("003_f6b564e07db4b8ff.txt").run()
    assert any("本表无数据" in i.value for i in app.info), "empty tables are marked"
    app.text_input(key="browse_query").set_value("基本工资").run()
    assert any("基本工资" in m.value for m in app.markdown)


def test_admin_page_needs_env_and_password(
    app: AppTest, built: Built, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    app.switch_page("pages/2_管理.py").run()
    assert "管理模式未开启" in app.info[0].value
    assert not app.get("file_uploader") and not app.get("text_input")
    links = [link.label for link in app.sidebar.get("page_link")]
    assert links == ["问答", "文档浏览"], links
    monkeypatch.setenv("BUDGET_QA_ADMIN_PASSWORD", "s3cret-口令")
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    at.switch_page("pages/2_管理.py").run()
    assert not at.exception, at.exception
    assert not at.get("file_uploader")
    assert [link.label for link in at.sidebar.get("page_link")] == ["问答", "文档浏览", "管理"]
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        at.text_input(key="admin_password").set_value("wrong")
        next(b for b in at.button if b.label == "进入管理").click().run()
    assert time.monotonic() - started >= 1.0  # a failed login waits
    assert any("admin login failed" in r.getMessage() for r in caplog.records)
    assert "密码不正确" in at.error[0].value and not at.get("file_uploader")
    at.text_input(key="admin_password").set_value("s3cret-口令")
    next(b for b in at.button if b.label == "进入管理").click().run()
    assert not at.exception, at.exception
    assert not at.get("file_uploader") and "服务器未开启上传" in at.info[0].value  # the default: no uploads
    assert "当前语料" in [h.value for h in at.subheader] and len(at.dataframe[0].value) == 5
    at.switch_page("app.py").run()
    at.switch_page("pages/2_管理.py").run()  # the password is asked once per session
    assert not [t for t in at.text_input if t.key == "admin_password"] and "当前语料" in [h.value for h in at.subheader]
    real = streamlit.get_option
    monkeypatch.setattr(streamlit, "get_option", lambda name: 20 if name == "server.maxUploadSize" else real(name))
    at.run()
    assert at.get("file_uploader")
    next(b for b in at.button if b.label == "退出管理").click().run()
    assert [t for t in at.text_input if t.key == "admin_password"], "退出管理 asks for the password again"


def test_first_start_builds_the_index(tmp_path: Path, built: Built, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = copy_corpus(tmp_path / "corpus", ["003_f6b564e07db4b8ff.txt"])
    index = tmp_path / "index"
    monkeypatch.setenv("BUDGET_QA_INDEX", str(index))
    monkeypatch.setenv("BUDGET_QA_CORPUS", str(corpus))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    assert (index / "CURRENT").is_file()
    ask(at, "曾都区2022年基本工资多少")
    assert any("17.05" in m.value for m in at.markdown)


def test_an_index_built_by_another_model_is_rebuilt_on_start(
    tmp_path: Path, embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from retrieval.config import Settings
    from retrieval.index.build import build_index
    from retrieval.index.store import read_manifest

    settings = Settings(
        corpus_dir=copy_corpus(tmp_path / "corpus", ["003_f6b564e07db4b8ff.txt"]), index_dir=tmp_path / "index"
    )
    build_index(settings, embedder=embedder, progress=False)
    manifest_path = settings.index_dir / (settings.index_dir / "CURRENT").read_text().strip() / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest_path.write_text(json.dumps(manifest | {"model_id": "m3e-small-old-L256"}), encoding="utf-8")
    monkeypatch.setenv("BUDGET_QA_INDEX", str(settings.index_dir))
    monkeypatch.setenv("BUDGET_QA_CORPUS", str(settings.corpus_dir))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    assert read_manifest(settings.index_dir)["model_id"] == embedder.model_id
    ask(at, "曾都区2022年基本工资多少")
    assert any("17.05" in m.value for m in at.markdown)


def test_a_shared_link_answers_its_question_on_opening_and_the_address_follows_the_answer(app: AppTest) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)  # a new visitor (the fixture set the index)
    at.query_params["q"] = "忻州社保卡中心2023年邮电费花了多少"
    at.run()
    assert not at.exception, at.exception
    reply = [c for c in at.chat_message if c.name == "assistant"][-1]
    assert any("0.19万元" in m.value for m in reply.markdown), [m.value for m in reply.markdown]
    ask(at, "咸阳社保卡中心2026年电费预算多少")
    assert "咸阳社保卡中心2026年电费预算多少" in str(at.query_params["q"])


def test_a_reload_keeps_the_conversation(app: AppTest) -> None:
    ask(app, "忻州社保卡中心2023年的办公费")
    ask(app, "那邮电费呢")
    kept = {"q": app.query_params["q"], "h": app.query_params["h"]}
    assert "邮电费" in str(kept["q"]) and "办公费" in str(kept["h"])
    again = AppTest.from_file(str(APP), default_timeout=TIMEOUT)  # the same address in a new session
    again.query_params.update(kept)
    again.run()
    assert not again.exception, again.exception
    turns = again.session_state["turns"]
    assert [t["question"] for t in turns] == ["忻州社保卡中心2023年的办公费", "那邮电费呢"]
    assert "0.19万元" in turns[-1]["answer"], "the follow-up is read in its conversation again"


def test_a_shared_address_keeps_the_filters_its_answer_was_given_under(app: AppTest) -> None:
    org = "西安市高陵区人力资源和社会保障信息中心"
    app.sidebar.multiselect(key="f_orgs").set_value([org]).run()
    ask(app, "基本工资多少")
    shared = {p: app.query_params[p] for p in ("q", "u")}
    assert org in str(shared["u"])
    opened = AppTest.from_file(str(APP), default_timeout=TIMEOUT)  # the link opened elsewhere
    opened.query_params.update(shared | {"y": ["1999"], "k": ["无此类型"]})  # unknown choices are dropped
    opened.run()
    assert not opened.exception, opened.exception
    assert opened.sidebar.multiselect(key="f_orgs").value == [org]
    assert opened.sidebar.multiselect(key="f_years").value == []
    assert "236,129.40" in opened.session_state["turns"][-1]["answer"]


def test_feedback_is_kept_only_when_configured_and_read_in_admin(
    app: AppTest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask(app, "忻州社保卡中心2023年的办公费")
    assert not app.feedback, "no feedback widget unless a feedback file is configured"
    path = tmp_path / "feedback.jsonl"
    monkeypatch.setenv("BUDGET_QA_FEEDBACK_FILE", str(path))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    ask(at, "忻州社保卡中心2023年的办公费")
    copy = [c.value for c in at.code]
    assert copy and "1.09万元[1]" in copy[0] and "\n[1] 忻州市社会保障卡服务中心 2023年决算" in copy[0]
    at.feedback[0].set_value(0).run()  # thumbs down
    at.text_input(key="fbc_0").set_value("想看明细")
    next(b for b in at.button if b.label == "提交反馈").click().run()
    entry = json.loads(path.read_text(encoding="utf-8"))
    assert entry["helpful"] is False and entry["comment"] == "想看明细" and "办公费" in entry["question"]
    monkeypatch.setenv("BUDGET_QA_ADMIN_PASSWORD", "pw")
    at.switch_page("pages/2_管理.py").run()
    at.text_input(key="admin_password").set_value("pw")
    next(b for b in at.button if b.label == "进入管理").click().run()
    assert "访客反馈" in [h.value for h in at.subheader]
    assert any("想看明细" in set(d.value["说明"]) for d in at.dataframe if "说明" in d.value)


def test_no_placeholder_text_on_the_page(app: AppTest) -> None:
    """No "None"/"nan" in answers, tables or captions: a list with blank cells, a refusal, a change."""
    questions = ("各单位住房公积金分别是多少", "北京市财政局2024年预算是多少", "咸阳社保卡中心2026年预算比上年少了多少")
    for question in questions:
        ask(app, question)
    shown = assistant_text(app)
    frames = [str(d.value.to_string()) for d in app.get("arrow_data_frame")] if app.get("arrow_data_frame") else []
    assert not re.search(r"\bNone\b|\bnan\b|\bNaN\b|None年", shown + "\n".join(frames)), shown
