"""Optional LLM phrasing of a composed answer (off by default).

The answer is always composed from evidence without an LLM. When an OpenAI-compatible endpoint is configured,
:func:`rephrase` may ask it to reword that answer for a member of the public; the reworded text is accepted only
if every number in it is traceable to the evidence, the composed answer or an explicitly allowed value.
Otherwise (or on any error) the composed answer is returned unchanged.
"""

from __future__ import annotations

import json
import os
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from retrieval.answer.numbers import untraceable_numbers

ENV_BASE_URL = "BUDGET_QA_LLM_BASE_URL"
ENV_MODEL = "BUDGET_QA_LLM_MODEL"
ENV_API_KEY = "BUDGET_QA_LLM_API_KEY"
ENV_TIMEOUT = "BUDGET_QA_LLM_TIMEOUT"

DEFAULT_TIMEOUT_S = 20.0
MAX_RESPONSE_BYTES = 1_000_000

SYSTEM_PROMPT = (
    "你是政府部门预算、决算公开信息的解说助手。请把给出的“已生成回答”改写成普通公众容易理解的中文。"
    "只能根据提供的证据改写，不得加入证据中没有的数字，不得推算或补充新的金额、比例、年份；"
    "保留数字和单位原样（不要换算单位，不要改写数字的写法）。"
    "不要添加证据编号或引用标记，不要编造证据中没有的信息。只输出改写后的回答。"
)

_LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Evidence markers such as [2] or 【2】 the model may echo; not numbers of the answer.
_CITATION = re.compile(r"\[(\d{1,3})\]|【(\d{1,3})】")


@dataclass(frozen=True)
class LLMSettings:
    """Where the OpenAI-compatible chat-completions endpoint lives; ``base_url=None`` switches the LLM off."""

    base_url: str | None
    model: str = ""
    api_key: str = ""
    timeout_s: float = DEFAULT_TIMEOUT_S

    @classmethod
    def from_env(cls) -> LLMSettings:
        """Settings from ``BUDGET_QA_LLM_*`` variables; an unset or empty base URL means off."""
        base_url = os.environ.get(ENV_BASE_URL, "").strip() or None
        raw_timeout = os.environ.get(ENV_TIMEOUT, "").strip()
        timeout = DEFAULT_TIMEOUT_S
        if raw_timeout:
            try:
                timeout = float(raw_timeout)
            except ValueError:
                raise ValueError(f"环境变量 {ENV_TIMEOUT} 应为秒数，实际为 {raw_timeout!r}") from None
            if not timeout > 0:
                raise ValueError(f"环境变量 {ENV_TIMEOUT} 必须大于 0，实际为 {raw_timeout!r}")
        return cls(
            base_url=base_url,
            model=os.environ.get(ENV_MODEL, "").strip(),
            api_key=os.environ.get(ENV_API_KEY, "").strip(),
            timeout_s=timeout,
        )

    @property
    def enabled(self) -> bool:
        return bool(self.base_url and self.base_url.strip())

    @property
    def endpoint(self) -> str:
        """The chat-completions URL."""
        return f"{(self.base_url or '').strip().rstrip('/')}/chat/completions"


class _LLMError(Exception):
    """A failed call, carrying the short reason reported in the status."""


def build_messages(question: str, composed_answer: str, evidence: list[str]) -> list[dict[str, str]]:
    """System instruction plus a user message holding the question, the composed answer and numbered evidence."""
    numbered = "\n".join(f"[{i}] {text}" for i, text in enumerate(evidence, start=1)) or "（无）"
    user = f"问题：{question}\n\n已生成回答：\n{composed_answer}\n\n证据：\n{numbered}"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def _opener(url: str) -> urllib.request.OpenerDirector:
    """A URL opener; a local server is never reached through an environment proxy."""
    if urlsplit(url).hostname in _LOOPBACK_HOSTS:
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def _post_chat(settings: LLMSettings, messages: list[dict[str, str]]) -> str:
    """POST the chat request and return ``choices[0].message.content``; raises :class:`_LLMError`."""
    payload = {"model": settings.model, "messages": messages, "temperature": 0}
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if settings.api_key:
        headers["Authorization"] = f"Bearer {settings.api_key}"
    request = urllib.request.Request(
        settings.endpoint, data=json.dumps(payload, ensure_ascii=False).encode("utf-8"), headers=headers, method="POST"
    )
    try:
        with _opener(settings.endpoint).open(request, timeout=settings.timeout_s) as response:
            body = response.read(MAX_RESPONSE_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise _LLMError(f"http {exc.code}") from None
    except TimeoutError:
        raise _LLMError("timeout") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise _LLMError("timeout" if isinstance(reason, TimeoutError) else "connection failed") from None
    except (OSError, ValueError) as exc:  # connection reset, bad URL, ...
        raise _LLMError(type(exc).__name__) from None
    if len(body) > MAX_RESPONSE_BYTES:
        raise _LLMError("response too large")
    return _parse_content(body)


def _parse_content(body: bytes) -> str:
    """``choices[0].message.content`` of a chat-completions response; raises :class:`_LLMError`."""
    try:
        content = json.loads(body.decode("utf-8"))["choices"][0]["message"]["content"]
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _LLMError("malformed json") from None
    except (KeyError, IndexError, TypeError):
        raise _LLMError("unexpected response") from None
    if content is not None and not isinstance(content, str):
        raise _LLMError("unexpected response")
    return (content or "").strip()


def _check(text: str, composed_answer: str, evidence: list[str], allowed_numbers: frozenset[str]) -> str | None:
    """Why the LLM text must be rejected, or None when it is acceptable."""
    if not text:
        return "empty"
    cited = _CITATION.sub(lambda m: "" if 1 <= int(m.group(1) or m.group(2)) <= len(evidence) else m.group(0), text)
    missing = untraceable_numbers(cited, [*evidence, composed_answer], allowed_numbers)
    if missing:
        return "untraceable numbers " + ",".join(missing[:5])
    return None


def rephrase(
    question: str,
    composed_answer: str,
    evidence: list[str],
    settings: LLMSettings,
    allowed_numbers: frozenset[str] = frozenset(),
) -> tuple[str, str]:
    """Ask the LLM to reword ``composed_answer`` using only ``evidence``; never raises.

    Returns ``(text, status)``: ``'llm'`` (LLM text accepted), ``'off'`` (disabled), ``'rejected:<reason>'``
    (empty text or a number not traceable) or ``'error:<reason>'``; in every case but ``'llm'`` the text is
    ``composed_answer``.
    """
    if not settings.enabled:
        return composed_answer, "off"
    try:
        text = _post_chat(settings, build_messages(question, composed_answer, evidence))
        reason = _check(text, composed_answer, evidence, frozenset(allowed_numbers))
    except _LLMError as exc:
        return composed_answer, f"error:{exc}"
    except Exception as exc:
        return composed_answer, f"error:{type(exc).__name__}"
    if reason is not None:
        return composed_answer, f"rejected:{reason}"
    return text, "llm"
