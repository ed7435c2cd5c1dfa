"""Every page of the built book in Debian's Chromium: the gates that keep the published
book accessible (WCAG 2.2 AA), private and unbroken.

The pages checked are the book's table of contents (``_toc.yml``) plus the pages Sphinx
adds (``index``, ``search``; the general index is off), so a new chapter is checked as
soon as it is in the table of contents; a test fails if the build produces a page that is
not checked.

For every page:

* **loads cleanly** - no console errors, no failed requests (404s included) and no
  request to any host but the book's own (privacy: a reader's visit is nobody else's
  business);
* **axe-core** (the copy bundled with axe-playwright-python, injected from a local file:
  no network) finds no violation of *serious* or *critical* impact against WCAG 2.0, 2.1
  and 2.2 A/AA and axe's best practices: every rule in light mode, the colour rules again
  in dark mode, the layout rules again on a 320px-wide phone screen; moderate and minor
  findings are reported as warnings;
* **images** have meaningful alt text (not empty, not a file name, not "image");
* **headings** are in order: one ``h1``, first, and no skipped levels;
* **reflow** (WCAG 1.4.10): nothing scrolls sideways on a 320px-wide screen.

Book-wide: the skip link, the colour-mode switch and the search dialog work without
console errors. The built book must work for a commissioner with no kernel: each
calculator shows its default result as a figure and a table.

Other test files may reuse ``browser``, ``visit`` and ``pages`` from here.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from urllib.parse import urlparse

import pytest
from support import CHROMIUM_ARGS as ARGS
from test_gate_integrity import BOOK_PAGES

playwright = pytest.importorskip("playwright.sync_api")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

CHROMIUM = "/usr/bin/chromium"

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
# Dark mode changes colours only, so only the colour rules run again there (the contrast
# rule is by far the slowest); a phone screen changes the layout, so everything but
# contrast runs again there.
AXE_COLOUR_ONLY = {
    "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
    "resultTypes": ["violations"],
}
AXE_LAYOUT = {**AXE_OPTIONS, "rules": {"color-contrast": {"enabled": False}}}
NO_TRANSITIONS = (
    "*, *::before, *::after { transition: none !important; animation: none !important; }"
)
BLOCKING = ("serious", "critical")
PHONE = {"width": 320, "height": 640}
# Each page's checks run on one worker (``--dist loadgroup``: they share one inspection of
# the page), the largest pages first so that they do not end the run on their own.
LARGEST = (
    "book/appendix-api-core.html",
    "book/appendix-evidence.html",
    "book/appendix-api-calculators.html",
    "book/appendix-api-presentation.html",
)
PAGES = [
    pytest.param(name, marks=pytest.mark.xdist_group(name))
    for name in sorted(BOOK_PAGES, key=lambda n: LARGEST.index(n) if n in LARGEST else 99)
]


def pages(built_html: Path) -> list[str]:
    """Every HTML page the build wrote (not the theme's static files)."""
    return sorted(
        str(p.relative_to(built_html))
        for p in built_html.rglob("*.html")
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


def visit(browser, url: str, **context_options) -> dict:
    """Open ``url`` and record console errors, failed requests and foreign hosts."""
    own = urlparse(url).netloc
    record = {"console": [], "failed": [], "foreign": []}
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.on("console", lambda m: record["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: record["console"].append(str(e)))
    page.on("requestfailed", lambda r: record["failed"].append(r.url))
    page.on(
        "response",
        lambda r: record["failed"].append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )

    def request(r):
        host = urlparse(r.url).netloc
        if r.url.startswith(("http://", "https://", "ws://", "wss://")) and host != own:
            record["foreign"].append(r.url)

    page.on("request", request)
    page.goto(url, wait_until="networkidle")
    record["page"] = page
    record["context"] = context
    return record


# -- what a page shows, gathered once per page ----------------------------------------------

FACTS_JS = """() => {
  const article = document.querySelector("article.bd-article") || document.querySelector("main")
    || document.body;
  const shown = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const images = [...document.querySelectorAll("img")].map(img => ({
    src: (img.getAttribute("src") || "").slice(0, 80),
    alt: img.getAttribute("alt"),
    role: img.getAttribute("role") || "",
    hidden: img.closest("[aria-hidden='true']") !== null,
    inArticle: article.contains(img),
  }));
  const headings = [...article.querySelectorAll("h1,h2,h3,h4,h5,h6,[role='heading']")]
    .filter(shown)
    .map(h => ({
      level: h.getAttribute("role") === "heading" ? Number(h.getAttribute("aria-level") || 2)
                                                   : Number(h.tagName[1]),
      text: h.textContent.replace(/#\\s*$/, "").trim().slice(0, 80),
    }));
  return {images, headings};
}"""

OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const clipped = e => {
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.position === "fixed" || !["visible", "clip"].includes(style.overflowX)
          || style.display === "none" || style.visibility === "hidden") return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll("*")].filter(e => {
    const box = e.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && getComputedStyle(e).position !== "fixed"
      && !clipped(e);
  });
  const deepest = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
  return {
    scrollWidth: document.documentElement.scrollWidth,
    width,
    culprits: deepest.slice(0, 5).map(e => `<${e.tagName.toLowerCase()}`
      + ` class="${e.getAttribute("class") || ""}"> ${(e.textContent || "").trim().slice(0, 60)}`),
  };
}"""


def axe_findings(page, options: dict = AXE_OPTIONS) -> list[dict]:
    """axe-core violations on the page as it is now, in a compact form."""
    results = axe_sync.Axe().run(page, options=options).response
    return [
        {
            "id": v["id"],
            "impact": v.get("impact") or "minor",
            "help": v["help"],
            "nodes": [(", ".join(map(str, n["target"])), n["html"][:160]) for n in v["nodes"]],
        }
        for v in results["violations"]
    ]


def inspect_page(browser, url: str) -> dict:
    """Load a page once and gather everything the per-page gates check."""
    r = visit(browser, url)
    page = r["page"]
    # The load record is taken before axe runs: axe re-fetches style sheets itself to
    # check them and resolves the theme's '@import "../basic.css"' against the page
    # instead of the style sheet, which would show up as a 404 that no reader gets.
    report = {k: list(r[k]) for k in ("console", "failed", "foreign")}
    report.update(page.evaluate(FACTS_JS))
    # Colours are measured with transitions off, so that none is caught half-way.
    page.add_style_tag(content=NO_TRANSITIONS)
    report["axe"] = {"light mode": axe_findings(page)}
    page.evaluate(
        "document.documentElement.dataset.theme = 'dark';"
        "document.documentElement.dataset.mode = 'dark'"
    )
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    report["axe"]["dark mode"] = axe_findings(page, AXE_COLOUR_ONLY)
    r["context"].close()

    phone = visit(browser, url, viewport=PHONE)
    report["overflow"] = phone["page"].evaluate(OVERFLOW_JS)
    report["axe"]["320px phone screen"] = axe_findings(phone["page"], AXE_LAYOUT)
    phone["context"].close()
    return report


@pytest.fixture(scope="module")
def inspected(browser, book_server):
    """``inspected(name)``: the gathered facts for one page (each page is loaded once)."""
    cache: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in cache:
            cache[name] = inspect_page(browser, f"{book_server}/{name}")
        return cache[name]

    return get


# -- the gates --------------------------------------------------------------------------------


def test_every_built_page_is_checked(built_html):
    built = set(pages(built_html))
    unchecked = sorted(built - set(BOOK_PAGES))
    missing = sorted(set(BOOK_PAGES) - built)
    assert not unchecked, (
        f"built but not in _toc.yml, so not checked: {unchecked}. Add the file to _toc.yml "
        "(or delete it); pages outside the table of contents are not published on purpose."
    )
    assert not missing, f"in _toc.yml but not built: {missing}"
    assert len(built) >= 9, built


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_cleanly(inspected, name):
    report = inspected(name)
    problems = {k: report[k] for k in ("console", "failed", "foreign") if report[k]}
    assert not problems, (
        f"{name}: "
        + "; ".join(f"{k}: {v}" for k, v in problems.items())
        + "\n(console = JavaScript errors, failed = missing files or requests that failed, "
        "foreign = requests to another host: the book must load everything from itself)"
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_serious_accessibility_violations(inspected, name):
    report = inspected(name)
    blocking, advisory = [], []
    for where, findings in report["axe"].items():
        for v in findings:
            nodes = "\n".join(f"      {target}: {snippet}" for target, snippet in v["nodes"][:5])
            line = f"  [{where}] {v['id']} ({v['impact']}): {v['help']}\n{nodes}"
            (blocking if v["impact"] in BLOCKING else advisory).append(line)
    if advisory:
        warnings.warn(f"{name}: axe-core (not blocking):\n" + "\n".join(advisory), stacklevel=1)
    assert not blocking, (
        f"{name}: axe-core found accessibility problems (WCAG 2.2 AA):\n"
        + "\n".join(blocking)
        + "\nSee https://dequeuniversity.com/rules/axe/ + the rule id for how to fix each."
    )


PLACEHOLDER_ALT = {
    "image",
    "img",
    "picture",
    "figure",
    "fig",
    "graph",
    "chart",
    "plot",
    "photo",
    "alt",
    "alt text",
    "untitled",
    "screenshot",
    "logo",
    "icon",
}
FILE_NAME = re.compile(r"[\w\-. ]+\.(png|jpe?g|gif|svg|webp|bmp|tiff?)", re.IGNORECASE)


def alt_problem(img: dict) -> str | None:
    """Why an image's alt text is not meaningful, or None if it is fine.

    Theme images outside the article may be decorative (``alt=""``); every image in the
    article - figures and calculator results - must say what it shows.

    >>> alt_problem({"alt": "Bar chart of staff needed by region: 104 in total",
    ...              "src": "x.png", "role": "", "hidden": False, "inArticle": True}) is None
    True
    >>> alt_problem({"alt": "figure1.png", "src": "figure1.png", "role": "", "hidden": False,
    ...              "inArticle": True})
    'alt text is a file name'
    """
    if img["role"] in ("presentation", "none") or img["hidden"]:
        return None
    alt = img["alt"]
    if alt is None:
        return "no alt attribute"
    if not img["inArticle"]:
        return None
    text = alt.strip().lower()
    if not text:
        return "empty alt text"
    if text in PLACEHOLDER_ALT:
        return f"alt text {alt!r} says nothing about the figure"
    if FILE_NAME.fullmatch(text) or text == img["src"].rsplit("/", 1)[-1].lower():
        return "alt text is a file name"
    if len(text.split()) < 3:
        return f"alt text {alt!r} is too short to describe a figure (fewer than 3 words)"
    return None


@pytest.mark.parametrize("name", PAGES)
def test_images_have_meaningful_alt_text(inspected, name):
    images = inspected(name)["images"]
    bad = [f"  {img['src'] or '(no src)'}: {why}" for img in images if (why := alt_problem(img))]
    assert not bad, (
        f"{name}: images without meaningful alt text:\n"
        + "\n".join(bad)
        + "\nShow figures with guidance.presentation.display.show_figure(fig, alt=...) "
        "and say what the figure shows, with its numbers."
    )


def heading_problems(headings: list[dict]) -> list[str]:
    """Problems with the outline: one h1, first, and no skipped levels.

    >>> heading_problems([{"level": 1, "text": "a"}, {"level": 3, "text": "b"}])
    ["'b' is h3 straight after h1 (skips a level)"]
    """
    problems = []
    ones = [h["text"] for h in headings if h["level"] == 1]
    if len(ones) != 1:
        problems.append(f"{len(ones)} h1 headings {ones} (a page needs exactly one title)")
    if headings and headings[0]["level"] != 1:
        problems.append(f"the first heading {headings[0]['text']!r} is not the page title (h1)")
    for before, after in zip(headings, headings[1:], strict=False):
        if after["level"] > before["level"] + 1:
            problems.append(
                f"{after['text']!r} is h{after['level']} straight after h{before['level']} "
                "(skips a level)"
            )
    return problems


@pytest.mark.parametrize("name", PAGES)
def test_headings_are_in_order(inspected, name):
    problems = heading_problems(inspected(name)["headings"])
    assert not problems, (
        f"{name}: heading levels: "
        + "; ".join(problems)
        + "\nIn a chapter use one '# Title', then '##' sections and '###' subsections."
    )


@pytest.mark.parametrize("name", PAGES)
def test_page_reflows_on_a_phone_screen(inspected, name):
    overflow = inspected(name)["overflow"]
    assert overflow["scrollWidth"] <= overflow["width"] + 1, (
        f"{name}: on a {overflow['width']}px-wide screen the page is {overflow['scrollWidth']}px "
        f"wide and scrolls sideways (WCAG 1.4.10). Widest parts: {overflow['culprits']}"
    )


def test_skip_link_colour_modes_and_search_work(browser, book_server):
    r = visit(browser, f"{book_server}/book/intro.html")
    page = r["page"]
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content", f"first Tab stop is {focused!r}, not the skip link"
    page.evaluate("document.activeElement.blur()")  # a focused skip link covers the top bar

    switch = page.locator(".theme-switch-button")
    assert switch.count() == 1, "the colour-mode switch is missing"
    modes = []
    for _ in range(3):
        switch.click()
        page.wait_for_timeout(100)
        modes.append(page.evaluate("document.documentElement.dataset.theme"))
    assert "dark" in modes and "light" in modes, modes

    page.keyboard.press("Control+k")
    page.wait_for_timeout(200)
    assert page.evaluate("document.getElementById('pst-search-dialog').open"), (
        "Ctrl+K did not open the search dialog"
    )
    page.keyboard.type("caseload")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=caseload")
    page.locator("#search-results li").first.wait_for(timeout=15000)
    assert page.locator("#search-results li").count() >= 1, "search found nothing"
    problems = {k: r[k] for k in ("console", "failed", "foreign") if r[k]}
    assert not problems, problems
    r["context"].close()


def test_search_dialog_is_accessible(browser, book_server):
    r = visit(browser, f"{book_server}/book/intro.html")
    page = r["page"]
    page.locator("button.search-button__button:visible").first.click()
    page.wait_for_timeout(200)
    assert page.evaluate("document.getElementById('pst-search-dialog').open")
    blocking = [v for v in axe_findings(page) if v["impact"] in BLOCKING]
    assert not blocking, f"search dialog: {blocking}"
    r["context"].close()


# -- the gates' own checks (no browser) --------------------------------------------------------


@pytest.mark.parametrize(
    ("alt", "src", "in_article", "expected"),
    [
        ("Bar chart of staff needed by region: 104 in total", "data:image/png", True, None),
        (None, "x.png", True, "no alt attribute"),
        ("", "x.png", True, "empty alt text"),
        ("", "logo.png", False, None),
        ("Image", "x.png", True, "says nothing"),
        ("figure-1.png", "figure-1.png", True, "file name"),
        ("Staff chart", "x.png", True, "too short"),
    ],
)
def test_alt_text_rule(alt, src, in_article, expected):
    img = {"alt": alt, "src": src, "role": "", "hidden": False, "inArticle": in_article}
    problem = alt_problem(img)
    if expected is None:
        assert problem is None
    else:
        assert expected in problem


def test_heading_rule():
    h = [
        {"level": 1, "text": "Title"},
        {"level": 2, "text": "A"},
        {"level": 3, "text": "B"},
        {"level": 2, "text": "C"},
    ]
    assert heading_problems(h) == []
    assert "skips a level" in heading_problems([h[0], {"level": 3, "text": "B"}])[0]
    assert "exactly one title" in heading_problems(h + [{"level": 1, "text": "Again"}])[0]
    assert "not the page title" in heading_problems(h[1:] + [h[0]])[-1]


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
