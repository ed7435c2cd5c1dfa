"""Chapter 6 in Chromium: the default results from the SYNTHETIC example are visible."""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api")

from test_book_browser import browser, visit  # noqa: E402, F401  (fixture and helper)

PAGE = "book/ch6-managing-performance.html"


@pytest.mark.browser
def test_chapter_6_shows_calculators_and_synthetic_results(browser, book_server):  # noqa: F811
    r = visit(browser, f"{book_server}/{PAGE}")
    page = r["page"]
    assert not r["console"] and not r["failed"] and not r["foreign"]
    calculators = page.locator(".guidance-calculator")
    assert calculators.count() == 4
    for i in range(4):
        image = calculators.nth(i).locator("img").first
        assert image.is_visible()
        assert image.evaluate("img => img.naturalWidth") > 100
        assert calculators.nth(i).locator("table").last.is_visible()
    assert calculators.locator("input, select, button").count() == 0  # no dead controls
    dashboard = page.locator(".guidance-calculator[data-calculator='monitoring_dashboard']")
    assert dashboard.get_by_text("SYNTHETIC example data: 24 months").first.is_visible()
    for word in ("On target", "Near target", "Off target"):
        kpis = dashboard.locator("table", has=page.locator("caption", has_text="KPIs over"))
        assert kpis.locator("td", has_text=word).first.is_visible()
    assert dashboard.locator("img[alt^='Funnel bar chart']").is_visible()
    assert dashboard.locator("img[alt^='Line chart of referrals']").is_visible()
    link = dashboard.locator("a[download='monthly_return_template.csv']")
    assert link.get_attribute("href").startswith("data:text/csv")
    mhep = page.locator("table", has=page.locator("caption", has_text="MHEP evaluation"))
    assert mhep.locator("tbody tr").count() == 7  # five providers, published and calculated
    assert "45.8" in mhep.locator("tbody tr").last.inner_text()
    swemwbs = page.locator("table", has=page.locator("caption", has_text="SWEMWBS raw score"))
    assert "19.25" in swemwbs.inner_text()
    assert page.get_by_text("not directly confirmed").first.is_visible()
    r["context"].close()
