"""End to end in a real browser: ``streamlit run app.py`` as a subprocess, driven by headless Debian
Chromium (/usr/bin/chromium) through Playwright. No browser is ever downloaded."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import Built

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUESTION = "忻州社保卡中心2023年基本工资多少"
FIGURE = "23.43万元"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is not installed (apt-get install chromium); the browser test needs Debian's Chromium",
)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not become healthy in {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")


@contextlib.contextmanager
def serve(index_dir: Path, corpus_dir: Path, log: Path) -> Iterator[str]:
    """``streamlit run app.py`` over that index on a free loopback port, healthy before it is used; always ended."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BUDGET_QA_")}
    env |= {"BUDGET_QA_INDEX": str(index_dir), "BUDGET_QA_CORPUS": str(corpus_dir)}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(REPO / "app.py"),
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


@pytest.fixture
def server(built: Built, tmp_path: Path) -> Iterator[str]:
    """The app served over the session index."""
    with serve(built.settings.index_dir, built.settings.corpus_dir, tmp_path / "streamlit.log") as url:
        yield url


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


STREAMLIT_ENGLISH = (  # Streamlit's own words a visitor could meet (the page must show them in Chinese or not at all)
    "Select all",
    "Running...",
    "Made with Streamlit",
    "Connection error",
    "Download as CSV",
    "Fullscreen",
    "Deploy",
    "Choose an option",
    "No options to select",
    "Print",
    "Record screen",
)
ENGLISH_LABELS = (  # Streamlit's tooltips and screen-reader labels (title / aria-label) a visitor can meet
    "Show data",
    "Download as PNG",
    "Copy Vega-Lite spec",
    "Main menu",
    "Send message",
    "Chat message from assistant",
    "Link to heading",
    "Download as CSV",
    "Fullscreen",
    "Vega visualization",
)
LABELS_JS = (
    "Array.from(document.querySelectorAll('[title],[aria-label],[placeholder]'))"
    ".flatMap(e => ['title', 'aria-label', 'placeholder'].map(a => e.getAttribute(a)).filter(Boolean))"
)


def english_labels(page) -> list[str]:
    return [label for label in page.evaluate(LABELS_JS) if label.strip() in ENGLISH_LABELS or " icon" in label]


def ask(page, url: str, question: str = QUESTION) -> object:
    """Ask in the chat box and wait for the reply with the figure; returns the reply locator."""
    page.goto(url)
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=120_000)  # first session loads index and model
    box.fill(question)
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").filter(has_text=FIGURE)
    reply.first.wait_for(timeout=90_000)
    page.get_by_test_id("stMetricValue").filter(has_text=FIGURE).first.wait_for(timeout=30_000)
    return reply.first


def check_answer_page(page, reply, shot: Path) -> None:
    """The cited source is open with its table and unit, a label/value card names the cited cell, the page is in
    Chinese (lang and Streamlit's own words)."""
    source = reply.get_by_test_id("stExpander").filter(has_text="[1]").first
    source.get_by_test_id("stDataFrame").wait_for(timeout=30_000)
    source.get_by_text("单位：万元", exact=False).first.wait_for(timeout=10_000)
    source.get_by_text("决算数：23.43", exact=False).first.wait_for(timeout=10_000)  # the cited cell, as a card
    source.get_by_text("在文档浏览中查看原文").wait_for(timeout=10_000)
    assert "[1]" in reply.inner_text(), "the figure carries its citation marker"
    page.wait_for_timeout(800)  # let the grid paint and the interface words be replaced
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    visible = page.inner_text("body")
    assert not [w for w in STREAMLIT_ENGLISH if w in visible], [w for w in STREAMLIT_ENGLISH if w in visible]
    assert not english_labels(page), english_labels(page)
    page.screenshot(path=str(shot))


def figure_in_view(page, height: int, within_ms: int = 8000) -> bool:
    """Whether the answer's figure is (or, while the page settles, comes) inside the viewport."""
    for _ in range(within_ms // 250):
        box = page.get_by_test_id("stMetricValue").filter(has_text=FIGURE).last.bounding_box()
        if box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height:
            return True
        page.wait_for_timeout(250)
    return False


@contextlib.contextmanager
def chromium(tmp_path: Path) -> Iterator[tuple[Any, Path]]:
    """Debian's headless Chromium through Playwright, and the folder screenshots go to (always closed)."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (python package only)")
    shots = Path(os.environ.get("BUDGET_QA_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser, shots
        finally:
            browser.close()


def test_question_in_a_real_browser(server: str, tmp_path: Path) -> None:
    with chromium(tmp_path) as (browser, shots):
        wide = browser.new_page(viewport={"width": 1280, "height": 900})
        check_answer_page(wide, ask(wide, server), shots / "answer-1280.png")
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
        reply = ask(phone, server)
        phone.wait_for_timeout(1500)  # the page scrolls the new answer into view
        assert figure_in_view(phone, 844), "on a phone the new answer's figure is on screen"
        toggle = "getComputedStyle(document.querySelector('[data-testid=stExpandSidebarButton]'), '::after').content"
        assert "筛选" in phone.evaluate(toggle), "the folded sidebar's button says what it opens"
        phone.screenshot(path=str(shots / "answer-390.png"))
        check_answer_page(phone, reply, shots / "answer-390-source.png")
        scroll = phone.evaluate("document.documentElement.scrollWidth")
        assert scroll <= 390 + 1, f"page scrolls sideways at phone width ({scroll}px)"
        shared = browser.new_page(viewport={"width": 390, "height": 844})
        shared.goto(f"{server}/?q={quote(QUESTION)}")  # a shared link answers on opening
        shared.get_by_test_id("stMetricValue").filter(has_text=FIGURE).first.wait_for(timeout=90_000)
        assert figure_in_view(shared, 844), "a shared link opens with its answer's figure on screen"
        shared.screenshot(path=str(shots / "shared-link-390.png"))
        fresh = browser.new_page(viewport={"width": 390, "height": 844})  # a sample question from the sidebar
        fresh.goto(server)
        fresh.get_by_test_id("stExpandSidebarButton").click()
        fresh.get_by_test_id("stSidebar").get_by_text(QUESTION).click()
        fresh.get_by_test_id("stMetricValue").filter(has_text=FIGURE).first.wait_for(timeout=90_000)
        fresh.wait_for_timeout(500)
        assert fresh.get_by_test_id("stExpandSidebarButton").is_visible(), "the sidebar closes over the answer"
        assert figure_in_view(fresh, 844), "the sample question's answer is on screen"
        fresh.screenshot(path=str(shots / "sample-question-390.png"))
    for name, width in (("answer-1280.png", 1280), ("answer-390.png", 390)):
        shot = shots / name
        assert shot.is_file() and shot.stat().st_size > 20_000, f"{name} looks empty"
        assert png_size(shot)[0] == width


CROSS_QUESTION = "哪个单位差旅费花得最多"  # values under 1 万元: where d3 would write "300m"
SI_TICK = re.compile(r"^-?[\d.,]+\s*[a-zA-Zµ]$")  # "20m", "1.5k": d3's SI format, unreadable for 万元


def test_cross_unit_chart_and_a_lost_connection_in_a_real_browser(built: Built, tmp_path: Path) -> None:
    """A ranking answer's chart shows plain numbers on its axis and each bar's value; when the server goes away the
    page says so in Chinese."""
    with chromium(tmp_path) as (browser, shots):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        with serve(built.settings.index_dir, built.settings.corpus_dir, tmp_path / "streamlit.log") as url:
            page.goto(f"{url}/?q={quote(CROSS_QUESTION)}")
            chart = page.get_by_test_id("stVegaLiteChart").first
            chart.wait_for(timeout=120_000)
            chart.locator("svg text").first.wait_for(timeout=30_000)
            page.wait_for_timeout(500)
            texts = [t.strip() for t in chart.locator("svg text").all_text_contents() if t.strip()]
            assert not [t for t in texts if SI_TICK.match(t)], texts
            assert any(re.fullmatch(r"\d+\.\d\d", t) for t in texts), texts  # ticks with two decimals
            assert "0.34" in texts, texts  # the bar carries its value
            assert any(t.startswith("忻州市社会保障卡服务中心") for t in texts), texts  # and whose it is
            assert any("数值（万元）" in t for t in texts), texts
            page.wait_for_timeout(3000)  # the page has brought the answer's figure into view; now the chart
            chart.evaluate("e => e.scrollIntoView({block: 'center'})")
            chart.hover()  # brings up the chart's toolbar
            page.wait_for_timeout(500)
            assert not english_labels(page), english_labels(page)
            page.screenshot(path=str(shots / "chart-1280.png"))
        lost = page.get_by_text("连接中断").first  # the server is gone now
        lost.wait_for(timeout=60_000)
        visible = page.inner_text("body")
        assert "Connection error" not in visible and "Is Streamlit still running" not in visible
        page.screenshot(path=str(shots / "connection-lost-1280.png"))
