"""Every built page in Debian's Chromium: no console errors, no failed requests, no
requests to any host but the book's own, and figures and tables visible.

The built book must work for a commissioner with no kernel: each calculator shows its
default result as a figure and a table.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pages(built_html: Path) -> list[str]:
    return sorted(
        str(p.relative_to(built_html)) for p in built_html.rglob("*.html")
        if "_static" not in p.parts and "_sources" not in p.parts
    )


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run scripts/setup-env test")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()


def visit(browser, url: str) -> dict:
    """Open ``url`` and record console errors, failed requests and foreign hosts."""
    own = urlparse(url).netloc
    record = {"console": [], "failed": [], "foreign": []}
    context = browser.new_context()
    page = context.new_page()
    page.on("console", lambda m: record["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: record["console"].append(str(e)))
    page.on("requestfailed", lambda r: record["failed"].append(r.url))
    page.on("response", lambda r: record["failed"].append(f"{r.status} {r.url}")
            if r.status >= 400 else None)

    def request(r):
        host = urlparse(r.url).netloc
        if r.url.startswith(("http://", "https://")) and host != own:
            record["foreign"].append(r.url)

    page.on("request", request)
    page.goto(url, wait_until="networkidle")
    record["page"] = page
    record["context"] = context
    return record


def test_every_page_loads_cleanly(browser, book_server, built_html):
    found = pages(built_html)
    assert len(found) >= 9, found
    problems = {}
    for name in found:
        r = visit(browser, f"{book_server}/{name}")
        bad = {k: r[k] for k in ("console", "failed", "foreign") if r[k]}
        if bad:
            problems[name] = bad
        r["context"].close()
    assert not problems, "\n".join(f"{k}: {v}" for k, v in problems.items())


def test_chapter_3_shows_region_table_figure_and_calculators(browser, book_server):
    r = visit(browser, f"{book_server}/book/ch3-contract-parameters.html")
    page = r["page"]
    caption = page.get_by_text("Employment specialists needed by NHS Scotland region")
    assert caption.is_visible()
    table = page.locator("table", has=page.locator("caption", has_text="NHS Scotland region"))
    assert table.locator("tbody tr").count() == 15  # 14 regions and the total
    assert "104" in table.locator("tbody tr").last.inner_text()
    figure = page.locator("img[alt^='Bar chart of employment specialists needed']")
    assert figure.is_visible()
    assert figure.evaluate("img => img.naturalWidth") > 100
    calculators = page.locator(".guidance-calculator")
    assert calculators.count() == 2
    for i in range(2):
        assert calculators.nth(i).locator("img").first.is_visible()
        assert calculators.nth(i).locator("table").last.is_visible()
    assert calculators.locator("input, select, button").count() == 0  # no dead controls
    r["context"].close()
