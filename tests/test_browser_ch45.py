"""Chapters 4 and 5 in Chromium: the diagram, the worked-example tables and the calculators
show without a kernel, with alt text and no dead controls."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")

from test_book_browser import browser, visit  # noqa: E402,F401 (fixture and helper)


def test_chapter_4_diagram_and_calculators(browser, book_server):  # noqa: F811
    r = visit(browser, f"{book_server}/book/ch4-joint-commissioning.html")
    page = r["page"]
    assert not r["console"] and not r["failed"] and not r["foreign"]
    diagrams = page.locator("svg.guidance-diagram[role='img']")
    assert diagrams.count() == 2
    for i in range(2):
        assert diagrams.nth(i).is_visible()
        assert diagrams.nth(i).locator("title").count() == 1
        assert diagrams.nth(i).locator("desc").count() == 1
    assert page.get_by_text("Numbered flows in the co-commissioning model").is_visible()
    calculators = page.locator(".guidance-calculator")
    assert calculators.count() == 3  # benefit ledger, cashable savings, economic case
    for i in range(3):
        assert calculators.nth(i).locator("img[alt]").first.is_visible()
        assert calculators.nth(i).locator("table").last.is_visible()
    assert calculators.locator("input, select, button").count() == 0
    assert "£0.54m to £3.96m a year" in page.inner_text("main")
    r["context"].close()


def test_chapter_5_tables_figures_and_calculators(browser, book_server):  # noqa: F811
    r = visit(browser, f"{book_server}/book/ch5-payment-by-results.html")
    page = r["page"]
    assert not r["console"] and not r["failed"] and not r["foreign"]
    funnel = page.locator("table", has=page.locator("caption", has_text="The MHEP funnel"))
    assert funnel.locator("tbody tr").count() == 6  # five providers and the total
    last = funnel.locator("tbody tr").last.inner_text()
    assert "1,926" in last and "590" in last and "30.6%" in last and "21.5%" in last
    text = page.inner_text("main")
    assert "£1.3k, £4.4k and £5.4k" in text and "£1.6k, £5.5k and £6.6k" in text
    calculators = page.locator(".guidance-calculator")
    assert calculators.count() == 2
    simulator = calculators.nth(0)
    assert simulator.locator("img[alt^='Bar chart of the provider']").is_visible()
    assert simulator.locator("img[alt^='Line chart of the provider']").is_visible()
    assert calculators.locator("input, select, button").count() == 0
    figure = page.locator("img[alt^='Bar chart of the provider\\'s margin when targets']")
    assert figure.is_visible() and figure.evaluate("img => img.naturalWidth") > 100
    r["context"].close()
