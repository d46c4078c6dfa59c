"""Optional LLM phrasing (retrieval.answer.llm) against a tiny local chat-completions server."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from retrieval.answer.llm import LLMSettings, rephrase

QUESTION = "2023年一般公共预算财政拨款支出是多少？"
COMPOSED = "2023年一般公共预算财政拨款支出236,129.40万元。"
EVIDENCE = [
    "2023年一般公共预算财政拨款支出236129.40万元，占总支出的99.5%。",
    "基本支出200000.00万元，项目支出36129.40万元。",
]


@dataclass
class FakeLLM:
    """Canned behaviour of the fake server and what it received."""

    url: str
    status: int = 200
    body: bytes = b""
    delay_s: float = 0.0
    requests: list[dict] = field(default_factory=list)

    def reply(self, content: str) -> None:
        """Answer the next requests with a well-formed chat completion holding ``content``."""
        self.body = json.dumps(
            {"choices": [{"index": 0, "message": {"role": "assistant", "content": content}}]}, ensure_ascii=False
        ).encode("utf-8")


def _handler(state: FakeLLM) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state.requests.append({"path": self.path, "headers": dict(self.headers), "json": json.loads(raw)})
            if state.delay_s:
                time.sleep(state.delay_s)
            try:
                self.send_response(state.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(state.body)))
                self.end_headers()
                self.wfile.write(state.body)
            except OSError:  # the client gave up (timeout test)
                pass

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def fake_llm() -> Iterator[FakeLLM]:
    state = FakeLLM(url="")
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def _settings(fake: FakeLLM, **kwargs: object) -> LLMSettings:
    return LLMSettings(base_url=fake.url, **{"model": "qwen-test", "api_key": "sk-test", "timeout_s": 2.0, **kwargs})


def test_faithful_rephrase_is_accepted(fake_llm: FakeLLM) -> None:
    faithful = "根据公开数据，2023年一般公共预算财政拨款支出为236129.40万元，占总支出99.5%。"
    fake_llm.reply(faithful)
    text, status = rephrase(QUESTION, COMPOSED, EVIDENCE, _settings(fake_llm))
    assert (text, status) == (faithful, "llm")
    [request] = fake_llm.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["Authorization"] == "Bearer sk-test"
    body = request["json"]
    assert body["model"] == "qwen-test"
    assert body["temperature"] == 0
    system, user = body["messages"]
    assert system["role"] == "system" and "不得加入证据中没有的数字" in system["content"]
    assert user["role"] == "user"
    assert QUESTION in user["content"] and COMPOSED in user["content"]
    assert all(f"[{i}] {e}" in user["content"] for i, e in enumerate(EVIDENCE, start=1))


def test_citation_markers_and_allowed_numbers_pass(fake_llm: FakeLLM) -> None:
    fake_llm.reply("基本支出和项目支出共2项[2]，合计236,129.40万元[1]。")
    _text, status = rephrase(QUESTION, COMPOSED, EVIDENCE, _settings(fake_llm), allowed_numbers=frozenset({"2"}))
    assert status == "llm"


def test_no_key_means_no_authorization_header(fake_llm: FakeLLM) -> None:
    fake_llm.reply(COMPOSED)
    assert rephrase(QUESTION, COMPOSED, EVIDENCE, _settings(fake_llm, api_key=""))[1] == "llm"
    assert "Authorization" not in fake_llm.requests[0]["headers"]


def test_invented_number_is_rejected(fake_llm: FakeLLM) -> None:
    fake_llm.reply("2023年支出236129.40万元，比上年增长25.3%。")
    text, status = rephrase(QUESTION, COMPOSED, EVIDENCE, _settings(fake_llm))
    assert text == COMPOSED
    assert status.startswith("rejected:") and "25.3" in status


def test_empty_reply_is_rejected(fake_llm: FakeLLM) -> None:
    fake_llm.reply("   ")
    assert rephrase(QUESTION, COMPOSED, EVIDENCE, _settings(fake_llm)) == (COMPOSED, "rejected:empty")


def test_http_500_is_an_error(fake_llm: FakeLLM) -> None:
    fake_llm.status, fake_llm.body = 500, b'{"error": "boom"}'
    assert rephrase(QUESTION, COMPOSED, EVIDENCE, _settings(fake_llm)) == (COMPOSED, "error:http 500")


def test_timeout_is_an_error(fake_llm: FakeLLM) -> None:
    fake_llm.reply(COMPOSED)
    fake_llm.delay_s = 0.5
    started = time.monotonic()
    text, status = rephrase(QUESTION, COMPOSED, EVIDENCE, _settings(fake_llm, timeout_s=0.1))
    assert (text, status) == (COMPOSED, "error:timeout")
    assert time.monotonic() - started < 0.45


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "malformed json"),
        (b'{"choices": []}', "unexpected response"),
        (b'{"choices": [{"message": {"content": 42}}]}', "unexpected response"),
    ],
)
def test_malformed_response_is_an_error(fake_llm: FakeLLM, body: bytes, reason: str) -> None:
    fake_llm.body = body
    assert rephrase(QUESTION, COMPOSED, EVIDENCE, _settings(fake_llm)) == (COMPOSED, f"error:{reason}")


def test_connection_refused_is_an_error() -> None:
    settings = LLMSettings(base_url="http://127.0.0.1:9/v1", timeout_s=1.0)
    text, status = rephrase(QUESTION, COMPOSED, EVIDENCE, settings)
    assert text == COMPOSED and status.startswith("error:")


def test_off_without_base_url(fake_llm: FakeLLM) -> None:
    fake_llm.reply("不应被调用")
    settings = LLMSettings(base_url=None, model="qwen-test", api_key="sk-test")
    assert not settings.enabled
    assert rephrase(QUESTION, COMPOSED, EVIDENCE, settings) == (COMPOSED, "off")
    assert rephrase(QUESTION, COMPOSED, EVIDENCE, LLMSettings(base_url="  ")) == (COMPOSED, "off")
    assert fake_llm.requests == []


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BUDGET_QA_LLM_BASE_URL", "BUDGET_QA_LLM_MODEL", "BUDGET_QA_LLM_API_KEY", "BUDGET_QA_LLM_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    assert LLMSettings.from_env() == LLMSettings(base_url=None)
    assert not LLMSettings.from_env().enabled
    monkeypatch.setenv("BUDGET_QA_LLM_BASE_URL", "http://127.0.0.1:8000/v1/")
    monkeypatch.setenv("BUDGET_QA_LLM_MODEL", "qwen")
    monkeypatch.setenv("BUDGET_QA_LLM_API_KEY", "k")
    monkeypatch.setenv("BUDGET_QA_LLM_TIMEOUT", "3.5")
    settings = LLMSettings.from_env()
    assert settings == LLMSettings("http://127.0.0.1:8000/v1/", "qwen", "k", 3.5)
    assert settings.enabled and settings.endpoint == "http://127.0.0.1:8000/v1/chat/completions"
    monkeypatch.setenv("BUDGET_QA_LLM_TIMEOUT", "soon")
    with pytest.raises(ValueError, match="BUDGET_QA_LLM_TIMEOUT"):
        LLMSettings.from_env()


def test_engine_uses_a_faithful_llm_rephrase_and_rejects_an_invented_number(engine, fake_llm: FakeLLM) -> None:
    question = "忻州社保卡中心2023年邮电费多少"
    composed = engine.ask(question)
    engine.llm = _settings(fake_llm)
    try:
        fake_llm.reply("忻州市社会保障卡服务中心2023年决算中，邮电费为0.19万元。")
        phrased = engine.ask(question)
        assert phrased.phrasing == "llm" and phrased.answer.startswith("忻州市社会保障卡服务中心2023年决算中")
        sent = fake_llm.requests[-1]["json"]["messages"][1]["content"]
        assert "30207 邮电费" in sent  # the LLM gets the retrieved evidence only
        fake_llm.reply("邮电费为0.25万元。")
        rejected = engine.ask(question)
        assert rejected.phrasing.startswith("rejected") and rejected.answer == composed.answer
    finally:
        engine.llm = LLMSettings(base_url=None)
