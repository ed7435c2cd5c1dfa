"""Chapters 0, 1 and 2 in Debian's Chromium: figures with alt text, calculators' default
results visible without a kernel, and no dead controls."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")

from test_book_browser import browser, visit  # noqa: E402, F401  (fixture and helper)


def _images_ok(page, selector: str) -> None:
    figure = page.locator(selector).first
    assert figure.is_visible(), selector
    assert figure.evaluate("img => img.naturalWidth") > 100, selector


def test_intro_shows_the_employment_gap(browser, book_server):  # noqa: F811
    r = visit(browser, f"{book_server}/book/intro.html")
    page = r["page"]
    _images_ok(page, "img[alt^='Bar chart of employment rates']")
    text = page.inner_text("main")
    assert "79%" in text and "48%" in text
    assert not r["console"] and not r["failed"] and not r["foreign"]
    r["context"].close()


def test_chapter_1_calculators_and_worked_examples(browser, book_server):  # noqa: F811
    r = visit(browser, f"{book_server}/book/ch1-right-conditions.html")
    page = r["page"]
    _images_ok(page, "img[alt^='Diagram of NDTi']")
    _images_ok(page, "img[alt^='Bar chart: of 100 people through the door']")
    _images_ok(page, "img[alt^='Bar chart of cost per job outcome']")
    calculators = page.locator(".guidance-calculator")
    assert calculators.count() == 2
    for i in range(2):
        assert calculators.nth(i).locator("img").first.is_visible()
        assert calculators.nth(i).locator("table").last.is_visible()
    assert calculators.locator("input, select, button").count() == 0
    text = page.inner_text("main")
    assert "23 would gain a new job" in text and "£4,553" in text and "£8,217" in text
    actions = page.locator("table", has=page.locator("caption", has_text="Prioritised actions"))
    assert actions.locator("tbody tr").count() > 5
    assert not r["console"] and not r["failed"] and not r["foreign"]
    r["context"].close()


def test_chapter_2_calculators_and_evidence(browser, book_server):  # noqa: F811
    r = visit(browser, f"{book_server}/book/ch2-choosing-the-model.html")
    page = r["page"]
    _images_ok(page, "img[alt^='Forest plot on a log scale']")
    calculators = page.locator(".guidance-calculator")
    assert calculators.count() == 2
    assert "Mixed cohort" in calculators.nth(0).inner_text()
    kpis = calculators.nth(0).locator("table").last
    shown = kpis.inner_text()  # SEQF unit cost, from and to, as numbers in their own cells
    assert "£4,500" in shown and "£6,500" in shown
    _images_ok(page, ".guidance-calculator img[alt^='Chart of expected job entries']")
    assert "29 to 33" in calculators.nth(1).inner_text()
    assert calculators.locator("input, select, button").count() == 0
    assert "1.32 (1.20 to 1.46)" in page.inner_text("main")
    assert not r["console"] and not r["failed"] and not r["foreign"]
    r["context"].close()
