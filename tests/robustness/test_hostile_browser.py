"""Hostile questions and a hostile document in a real browser: no script runs, no request leaves the app, no
link or image is made from user or document text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from retrieval.config import Settings
from retrieval.index.build import build_index
from retrieval.index.embed import Embedder
from tests.conftest import copy_corpus
from tests.webapp.test_browser import CHROMIUM, CHROMIUM_ARGS, serve

HOSTILE_DOC = """某县民政局2024年部门预算

一、收支情况

<script>window.__pwned = 1</script>本单位办公费3.00万元，详见 https://evil.example/a 或 www.evil.example 。
![追踪](http://127.0.0.1:9/track.png) [点此领取](javascript:alert(1)) <img src=x onerror="window.__pwned=2">
联系 admin@evil.example ；<iframe src="http://127.0.0.1:9/"></iframe>
"""
QUESTIONS = [  # the last one cites the hostile document; its sources are opened
    "<script>window.__pwned=4</script>",
    "[点我](javascript:alert(1)) ![x](http://127.0.0.1:9/x.png) 办公费",
    "某县民政局2024年办公费 https://evil.example/q www.evil.example",
    "<img src=x onerror=window.__pwned=3>某县民政局办公费多少",
]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is not installed")


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Iterator[str]:
    root = tmp_path_factory.mktemp("hostile")
    corpus = copy_corpus(root / "corpus", ["003_f6b564e07db4b8ff.txt"])
    (corpus / "恶意.txt").write_text(HOSTILE_DOC, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=root / "index")
    assert build_index(settings, embedder=embedder, progress=False).ok
    with serve(settings.index_dir, corpus, root / "streamlit.log") as url:
        yield url


def test_hostile_questions_and_document_stay_text(hostile_server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    requests: list[str] = []
    dialogs: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1600})
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(hostile_server)
            box = page.get_by_test_id("stChatInputTextArea")
            box.wait_for(timeout=120_000)
            shown = ""
            for question in QUESTIONS:  # the page shows the latest turn: wait until it is this question's
                box.fill(question)
                box.press("Enter")
                page.wait_for_function(
                    """previous => {
                        const messages = document.querySelectorAll('[data-testid=stChatMessage]');
                        return messages.length >= 2 && messages[messages.length - 2].innerText !== previous;
                    }""",
                    arg=shown,
                    timeout=90_000,
                )
                page.wait_for_timeout(1500)
                shown = page.evaluate(
                    "(() => { const m = document.querySelectorAll('[data-testid=stChatMessage]');"
                    " return m[m.length - 2].innerText; })()"
                )
            page.get_by_test_id("stChatMessage").filter(has_text="3.00万元").first.wait_for(timeout=60_000)
            for expander in page.get_by_test_id("stExpander").all():  # open every cited source
                expander.locator("summary").click()
            page.wait_for_timeout(1500)
            pwned = page.evaluate("window.__pwned")
            hrefs = page.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href') || '')")
            images = page.evaluate(
                "[...document.querySelectorAll('img, iframe')].map(e => e.getAttribute('src') || '')"
            )
            body = page.inner_text("body")
        finally:
            browser.close()
    assert pwned is None and dialogs == []
    outside = [u for u in requests if not u.startswith((hostile_server, "data:", "blob:"))]
    assert outside == [], outside
    assert not [h for h in hrefs if "evil" in h or h.startswith("javascript")], hrefs
    assert not [s for s in images if "127.0.0.1:9" in s or s == "x"], images
    assert "<script>window.__pwned = 1</script>" in body  # the document's markup is shown as text, not run
