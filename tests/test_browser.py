"""The page in a real headless browser: Debian's chromium driven by Playwright's Python package.

`make test` installs chromium and fonts-noto-cjk when it runs as root (CI does); elsewhere these tests are skipped
with the reason. Screenshots go to each test's tmp dir; PLANQA_UPDATE_SCREENSHOT=1 also refreshes
docs/screenshot-chat.png (the README's picture).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUESTION = "达州市2025年高新技术企业要达到多少家？"
QUOTE = "高新技术企业 (家) 94 400"  # citation [1]: the 指标 table row, on one line
XSS = "<img src=x onerror=alert(1)>"


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -r requirements-dev.txt)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing: `make browser-deps` installs chromium and fonts-noto-cjk (apt-get, as root)"
    return None


MISSING = _missing()
if MISSING and os.environ.get("CI"):
    raise RuntimeError(f"CI must run the browser tests, but {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")


class SlowQA:
    """The real PlanQA with the latency of a local LLM added to `ask` (1.5 s), so the stages can be watched."""

    def __init__(self, qa, seconds: float = 1.5):
        self._qa, self._seconds = qa, seconds

    def ask(self, *args, **kwargs):
        time.sleep(self._seconds)
        return self._qa.ask(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._qa, name)


def _serve(qa, stream_delay: float):
    from web.app import build_ui, launch

    ui = build_ui(qa, stream_delay=stream_delay)
    port = free_port()
    launch(ui, port=port, prevent_thread_lock=True, quiet=True)
    return ui, f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def url(hash_qa):
    ui, address = _serve(SlowQA(hash_qa), stream_delay=0.08)
    try:
        yield address
    finally:
        ui.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _page(browser, width: int, height: int):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    return context, page, errors


SNAPSHOT = """() => {
  const msgs = document.querySelectorAll('#pq-chat .message-row, #pq-chat [data-testid="bot"]');
  const active = document.querySelector('#pq-chat .pq-stage.pq-active');
  const answer = document.querySelector('#pq-chat .pq-answer');
  return {active: active ? active.textContent : null, text: answer ? answer.textContent : '',
          done: !!document.querySelector('#pq-chat .pq-meta'), n: msgs.length};
}"""


def _ask_and_watch(page, question: str, timeout: float = 30.0) -> tuple[list[str], list[str]]:
    """Type the question, send it, and record the active stages and the answer text as they change."""
    page.fill("#pq-question textarea", question)
    page.click("#pq-send")
    stages: list[str] = []
    texts: list[str] = []
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        snap = page.evaluate(SNAPSHOT)
        if snap["active"] and (not stages or stages[-1] != snap["active"]):
            stages.append(snap["active"])
        if snap["text"] and (not texts or texts[-1] != snap["text"]):
            texts.append(snap["text"])
        if snap["done"]:
            return stages, texts
        time.sleep(0.03)
    raise AssertionError(f"no answer within {timeout} s; stages seen: {stages}")


def _indicator_rows(page) -> list[list[str]]:
    return page.evaluate(
        """() => [...document.querySelectorAll('#pq-indicators [role=row]')]
              .filter(r => r.offsetParent !== null && !r.querySelector('[role=columnheader]'))
              .map(r => [...r.querySelectorAll('[role=gridcell], td')].map(c => c.innerText.trim()))"""
    )


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_cited_answer_sources_plan_and_indicators_in_a_browser(browser, url, tmp_path, width, height):
    context, page, errors = _page(browser, width, height)
    try:
        page.goto(url)
        page.wait_for_selector("#pq-question textarea", timeout=30_000)
        assert page.locator("#pq-start").get_by_text("工作人员：指标和目标值").is_visible()
        page.screenshot(path=tmp_path / "start.png", full_page=True)

        # stage progress first, then the verified text streamed in pieces
        stages, texts = _ask_and_watch(page, QUESTION)
        assert "2 核对数字与出处" in stages and stages.index("2 核对数字与出处") < stages.index("3 回答")
        assert len(texts) >= 3 and all(texts[-1].startswith(t) for t in texts)
        assert texts[-1].startswith("根据《达州市科技创新规划》：达州市高新技术企业：2025年 400家[1]")
        page.screenshot(path=tmp_path / "answer.png", full_page=True)

        # hover [1]: the quoted sentence
        cite = page.locator("#pq-chat a.pq-cite").first
        cite.hover()
        tooltip = page.locator("#pq-tooltip")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert tooltip.inner_text() == QUOTE

        # click [1]: the sources panel scrolls to the card, the cited sentence highlighted
        cite.click()
        card = page.locator(".pq-card.pq-flash")
        card.wait_for(timeout=5_000)
        assert card.locator(".pq-doc").inner_text() == "达州市“十四五”科技创新规划(2021—2025年)"
        assert card.locator(".pq-path").inner_text() == "第二章 总体要求 › 第三节 发展目标 › “十四五”科技创新主要指标"
        assert " ".join(card.locator("mark").inner_text().split()) == QUOTE
        page.wait_for_timeout(700)  # smooth scrolling
        box = card.bounding_box()
        assert box is not None and 0 <= box["y"] < height and box["y"] + 20 < height
        page.screenshot(path=tmp_path / "sources.png")
        if width > 1000 and os.environ.get("PLANQA_UPDATE_SCREENSHOT"):
            shutil.copy(tmp_path / "sources.png", ROOT / "docs" / "screenshot-chat.png")

        # 在原文中查看: the 规划 tab opens at the section, the quote highlighted, the address a deep link
        card.locator("a.pq-open").click()
        hl = page.locator("#pq-section #pq-hl")
        hl.wait_for(timeout=10_000)
        assert " ".join(hl.inner_text().split()) == "高新技术企业 (家) 94 400"
        assert page.locator("#pq-section h3.pq-path").inner_text() == (
            "第二章 总体要求 › 第三节 发展目标 › “十四五”科技创新主要指标"
        )
        assert "?doc=dazhou-2021-kjcx&section=" in page.url and "&mark=" in page.url
        assert page.get_by_role("tab", name="规划").get_attribute("aria-selected") == "true"
        page.screenshot(path=tmp_path / "plan.png")

        # 指标: 达州 高新技术企业 2025 = 400
        page.get_by_role("tab", name="指标").click()
        page.locator("#pq-indicators [role=row]:visible").nth(1).wait_for(timeout=10_000)
        rows = _indicator_rows(page)
        dazhou = [r for r in rows if r[:2] == ["达州市", "高新技术企业"]]
        assert dazhou and dazhou[0][2:5] == ["家", "94", "400"], rows[:5]
        page.screenshot(path=tmp_path / "indicators.png", full_page=True)

        # the whole page fits the width (nothing forces a sideways scroll)
        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
        assert errors == []
    finally:
        context.close()


def test_a_deep_link_opens_the_section_directly(browser, url, tmp_path):
    from web.render import deep_link

    context, page, errors = _page(browser, 1280, 900)
    try:
        page.goto(url + deep_link("lizhou-2021-kjcx-zscq", ("二、总体要求", "（三）主要目标")))
        page.locator("#pq-section h3.pq-path").get_by_text("二、总体要求 › （三）主要目标").wait_for(timeout=20_000)
        assert page.get_by_role("tab", name="规划").get_attribute("aria-selected") == "true"
        assert page.locator("#pq-outline li.pq-current").inner_text() == "（三）主要目标"
        assert errors == []
    finally:
        context.close()


def test_markup_in_a_plan_shows_as_text_in_the_browser(browser, tmp_path_factory, tmp_path):
    from config import Settings
    from planqa import PlanQA
    from web.render import deep_link

    qa = PlanQA.open(
        Settings(
            data_dir=tmp_path_factory.mktemp("var-xss-browser"),
            corpus_dirs=[ROOT / "corpus", ROOT / "tests" / "data" / "xss"],
            embedder="hash",
            llm="none",
        )
    )
    ui, address = _serve(qa, stream_delay=0)
    context, page, errors = _page(browser, 1280, 900)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(address)
        page.wait_for_selector("#pq-question textarea", timeout=30_000)
        _ask_and_watch(page, f"测试市高新技术企业目标是什么？{XSS}")
        assert XSS in page.locator("#pq-chat .pq-question").inner_text()
        assert page.locator("#pq-chat .pq-answer p").first.inner_text() == f"根据《测试市规划{XSS}》："
        assert f"测试市“十四五”科技创新规划{XSS}" in page.locator("#pq-sources .pq-card .pq-doc").first.inner_text()
        page.locator("#pq-sources a.pq-open").first.click()
        page.locator("#pq-section #pq-hl").wait_for(timeout=10_000)
        assert page.locator("#pq-section .pq-doc").inner_text() == f"测试市“十四五”科技创新规划{XSS}"
        page.goto(address + deep_link("xss-plan", ("第一章 总体要求",)))
        page.locator("#pq-section .pq-doc").get_by_text(XSS).wait_for(timeout=20_000)
        page.wait_for_timeout(500)
        page.screenshot(path=tmp_path / "xss.png", full_page=True)
        assert dialogs == [] and errors == []
        assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    finally:
        context.close()
        ui.close()


def test_waiting_readers_see_their_queue_position_in_chinese(browser, hash_qa):
    """With the local LLM one answer runs at a time; the others wait and see where they are in the queue."""

    class OneAtATime(SlowQA):
        generator = object()  # what build_ui reads to allow one generation at a time

    ui, address = _serve(OneAtATime(hash_qa, seconds=4.0), stream_delay=0)
    pages = []
    try:
        for _ in range(3):
            context, page, _errors = _page(browser, 1280, 900)
            page.goto(address)
            page.wait_for_selector("#pq-question textarea", timeout=30_000)
            pages.append((context, page))
        for _, page in pages:
            page.fill("#pq-question textarea", QUESTION)
            page.click("#pq-send")
        last = pages[-1][1]
        badge = last.locator("[data-testid=status-tracker]").get_by_text("排队中：第 2 位（共 2 位）")
        badge.wait_for(timeout=10_000)
        assert "queue" not in last.locator("#pq-question").inner_text()
    finally:
        for context, _ in pages:
            context.close()
        ui.close()
