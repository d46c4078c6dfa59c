"""End to end in a real browser: ``streamlit run app.py`` as a subprocess, driven by headless Debian
Chromium (/usr/bin/chromium) through Playwright. No browser is ever downloaded."""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

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


def ask_and_open_source(page, url: str, shot: Path) -> None:
    page.goto(url)
    box = page.get_by_test_id("stChatInputTextArea")
    box.wait_for(timeout=120_000)  # first session loads index and model
    box.fill(QUESTION)
    box.press("Enter")
    reply = page.get_by_test_id("stChatMessage").filter(has_text=FIGURE)
    reply.first.wait_for(timeout=90_000)
    page.get_by_test_id("stMetricValue").filter(has_text=FIGURE).first.wait_for(timeout=30_000)
    sources = reply.first.get_by_test_id("stExpander").filter(has_text="来源")
    assert sources.count() >= 1
    with_table = sources.filter(has_text="（表格行）")
    source = with_table.first if with_table.count() else sources.first
    source.locator("summary").click()
    source.get_by_text("在文档浏览中查看").wait_for(timeout=30_000)
    if with_table.count():  # a cited table row: the table around it, unit shown
        source.get_by_test_id("stDataFrame").wait_for(timeout=30_000)
        source.get_by_text("单位：万元", exact=False).first.wait_for(timeout=10_000)
    page.wait_for_timeout(800)  # let the grid paint
    page.screenshot(path=str(shot))


def test_question_in_a_real_browser(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright (python package only)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            wide = browser.new_page(viewport={"width": 1280, "height": 1500})
            ask_and_open_source(wide, server, tmp_path / "answer-1280.png")
            phone = browser.new_page(viewport={"width": 390, "height": 1400}, device_scale_factor=1)
            ask_and_open_source(phone, server, tmp_path / "answer-390.png")
            scroll = phone.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 390 + 1, f"page scrolls sideways at phone width ({scroll}px)"
        finally:
            browser.close()
    for name, width in (("answer-1280.png", 1280), ("answer-390.png", 390)):
        shot = tmp_path / name
        assert shot.is_file() and shot.stat().st_size > 20_000, f"{name} looks empty"
        assert png_size(shot)[0] == width
