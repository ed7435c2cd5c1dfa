"""Sources a reader can follow, in Chromium at 1280x720.

* The evidence register's source column is on screen without scrolling sideways: the page
  is no wider than the window and the column's header ends inside it.
* The register filters by chapter and by source (its form appears with JavaScript; without
  it every row shows).
* Every citation on a chapter page and in the register is a link to an entry of the
  reference list that exists; no source shows as its raw key.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright import sync_api as playwright
from support import CHROMIUM_ARGS as ARGS

from guidance.core.evidence import bibliography

CHROMIUM = "/usr/bin/chromium"
WINDOW = {"width": 1280, "height": 720}
PAGES = ["book/appendix-evidence.html", "book/ch3-contract-parameters.html"]


@pytest.fixture(scope="module")
def page(book_server):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run scripts/setup-env test")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(viewport=WINDOW)
        yield context.new_page()
        browser.close()


def test_register_source_column_is_visible_without_scrolling(page, book_server):
    page.goto(f"{book_server}/book/appendix-evidence.html", wait_until="load")
    header = page.locator("table.guidance-register th", has_text="Source")
    header.scroll_into_view_if_needed()
    box = header.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= WINDOW["width"]
    wide = page.evaluate("document.scrollingElement.scrollWidth")
    assert wide <= WINDOW["width"], f"the page is {wide}px wide at 1280"
    table = page.evaluate(
        "(() => { const t = document.querySelector('table.guidance-register');"
        " let e = t; while (e) { if (e.scrollWidth > e.clientWidth + 1 &&"
        " getComputedStyle(e).overflowX !== 'visible') return e.scrollWidth - e.clientWidth;"
        " e = e.parentElement; } return 0; })()"
    )
    assert table == 0, f"the register scrolls sideways by {table}px"
    page.screenshot(path="/tmp/print-register-1280.png")


def test_register_filters_by_chapter_and_source(page, book_server):
    page.goto(f"{book_server}/book/appendix-evidence.html", wait_until="load")
    rows = page.locator("table.guidance-register tbody tr")
    total = rows.count()
    page.select_option("#register-chapter", "3")
    shown = page.locator("table.guidance-register tbody tr:not([hidden])").count()
    assert 0 < shown < total
    assert f"{shown} of {total} figures shown" in page.inner_text("#register-count")
    page.select_option("#register-chapter", "")
    page.select_option("#register-source", "gadenne2020")
    sources = page.eval_on_selector_all(
        "table.guidance-register tbody tr:not([hidden])", "rs => rs.map(r => r.dataset.source)"
    )
    assert sources and set(sources) == {"gadenne2020"}


@pytest.mark.parametrize("name", PAGES)
def test_every_citation_links_to_its_reference(page, book_server, name):
    page.goto(f"{book_server}/{name}", wait_until="load")
    links = page.eval_on_selector_all(
        "a.guidance-cite", "as => as.map(a => [a.getAttribute('href'), a.textContent])"
    )
    assert links, f"{name} shows no citation"
    page.goto(f"{book_server}/book/references.html", wait_until="load")
    ids = set(page.eval_on_selector_all("[id]", "es => es.map(e => e.id)"))
    for href, text in links:
        assert href.startswith("references.html#ref-"), (href, text)
        assert href.split("#", 1)[1] in ids, f"{text} links to a missing entry {href}"
    page.goto(f"{book_server}/{name}", wait_until="load")
    seen = page.inner_text("article")
    keys = [k for k in bibliography() if re.search(rf"(?<![\w.]){k}(?![\w])", seen)]
    assert not keys, f"{name} shows sources as raw keys: {keys}"
