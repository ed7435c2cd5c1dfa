"""The calculators' web pages in Debian's Chromium, with JavaScript on and off (issue 23).

One server (``guidance serve`` on 127.0.0.1) and one browser serve every test here. With
JavaScript off, Calculate opens the page of the new inputs; with it on, a change updates
the result in place, the address follows, the focus stays where it was and the new summary
is said politely to screen readers. Every page passes axe with no serious or critical
finding; the form and its result are usable with the keyboard alone; at 1280x720 and on a
390x844 phone no text overlaps other text, nothing runs off the side (nor at 320 px wide,
nor at 200% zoom), page text is at least 16 px at 1280x720 and so is the text in figures.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from support import CHROMIUM_ARGS as ARGS
from support import free_port

from guidance.calculators import DEFINITIONS, get
from guidance.files.applink import encode_value
from guidance.presentation.render import text

sync_api = pytest.importorskip("playwright.sync_api")
axe_sync = pytest.importorskip("axe_playwright_python.sync_playwright")

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]


PORT = free_port()  # each test process (xdist worker) serves on its own port
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM = "/usr/bin/chromium"
DESKTOP = {"width": 1280, "height": 720}
PHONE = {"width": 390, "height": 844}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
BLOCKING = ("serious", "critical")
NAMES = list(DEFINITIONS)
FIGURE_SLACK = 4.0  # px: a fifth of the height of a figure's 16.7 px text box


@pytest.fixture(scope="module")
def server():
    """The web pages on 127.0.0.1, as ``guidance serve`` starts them, once."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "guidance", "serve", "--port", str(PORT), "--no-browser"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 120
    while True:
        assert proc.poll() is None, f"the server stopped while starting (is port {PORT} free?)"
        try:
            with opener.open(f"{BASE}/", timeout=30):
                break
        except OSError:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
    yield BASE
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the session this fixture started
        proc.wait()


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(params=[True, False], ids=["javascript", "no-javascript"])
def javascript(request) -> bool:
    return request.param


def open_page(browser, url: str, viewport=DESKTOP, javascript: bool = True, **options):
    """A new context and page at ``url``; the page records console errors and failed or
    foreign requests (nothing may come from anywhere but the server)."""
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript, **options)
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"script error: {e}"))
    page.on(
        "requestfailed",
        # given up on purpose: a request for a change that a newer change overtook, and a
        # navigation that turned into a download (Save, Export)
        lambda r: (
            (r.resource_type in ("fetch", "document") and r.failure == "net::ERR_ABORTED")
            or page.problems.append(f"failed: {r.url} {r.failure}")
        ),
    )
    page.on(
        "request",
        lambda r: (
            r.url.startswith((BASE, "data:")) or page.problems.append(f"foreign request: {r.url}")
        ),
    )
    page.goto(url)
    return page


def summary(page) -> str:
    return " ".join(page.locator("#result .guidance-summary").inner_text().split())


def first_number(name: str):
    """The first number input whose default is not zero, and a new value for it."""
    d = get(name)
    values = d.defaults()
    for item in d.inputs:
        value = values[item.name]
        if item.kind in ("number", "integer", "percent") and value:
            new = value - 1 if item.kind == "integer" else value * 0.9
            if new >= item.minimum:
                return item, new
    return None, None


def typed(item, value) -> str:
    """The value as a person types it (and as the page's address writes it)."""
    return encode_value(int(value) if item.kind == "integer" else round(value, 6))


# -- the result follows the inputs -----------------------------------------------------------
@pytest.mark.parametrize("name", ["service_sizing", "payment_simulator", "cashable_savings"])
def test_the_result_and_the_address_follow_a_change(server, browser, javascript, name):
    item, value = first_number(name)
    page = open_page(browser, f"{server}/calculators/{name}", javascript=javascript)
    try:
        before = summary(page)
        assert before == text(get(name).run().summary)
        box = page.locator(f"#in-{item.name}")
        if javascript:
            box.fill(typed(item, value))  # typing: the page updates after a pause
            page.wait_for_function(
                "value => new URLSearchParams(location.search).get(value[0]) === value[1]",
                arg=[item.name, typed(item, value)],
            )
            page.wait_for_function(
                "before => document.querySelector('#result .guidance-summary')"
                ".innerText.replace(/\\s+/g, ' ').trim() !== before",
                arg=before,
            )
            assert page.evaluate("document.activeElement.id") == f"in-{item.name}"
            said = page.locator("#app-announce").inner_text()
            assert " ".join(said.split()) == summary(page)
        else:
            box.fill(typed(item, value))
            with page.expect_navigation():
                page.get_by_role("button", name="Calculate").click()
            assert "Error" not in page.title()
        after = summary(page)
        expected = get(name).run({item.name: float(typed(item, value))}).summary
        assert after == text(expected) != before
        query = parse_qs(urlparse(page.url).query)
        assert query[item.name] == [typed(item, value)]
        # the address alone gives the same page: open it afresh
        again = open_page(browser, page.url, javascript=False)
        assert summary(again) == after
        again.context.close()
        assert page.problems == []
    finally:
        page.context.close()


def test_a_bad_value_shows_the_error_pattern_in_place_without_moving_the_focus(server, browser):
    page = open_page(browser, f"{server}/calculators/ramp_up")
    try:
        before = summary(page)
        box = page.locator("#in-annual_starters")
        box.fill("lots")
        page.wait_for_selector(".govuk-error-summary")
        assert page.title().startswith("Error: ")
        assert page.evaluate("document.activeElement.id") == "in-annual_starters"
        assert box.input_value() == "lots"  # nothing typed is lost
        message = page.locator("#in-annual_starters-error").inner_text()
        assert "Annual starters" in message or "must be" in message
        link = page.locator(".govuk-error-summary a").first
        assert link.get_attribute("href") == "#in-annual_starters"
        assert summary(page) == before  # the last valid inputs' result, marked as such
        assert page.locator("#result .app-stale").count() == 1
        assert "lots" in page.url
        box.fill("400")
        page.wait_for_function("() => !document.querySelector('.govuk-error-summary')")
        assert not page.title().startswith("Error")
        assert page.locator("#in-annual_starters-error").count() == 0
        assert "govuk-input--error" not in (box.get_attribute("class") or "")
        assert page.problems == []
    finally:
        page.context.close()


def test_enter_updates_in_place_and_the_latest_change_wins(server, browser):
    page = open_page(browser, f"{server}/calculators/service_sizing")
    try:
        box = page.locator("#in-in_contact")
        for value in ("50000", "51000", "52000"):  # quicker than the server: only the last
            box.fill(value)
        box.press("Enter")
        page.wait_for_function("() => location.search.includes('in_contact=52000')")
        page.wait_for_timeout(500)  # any answer to an earlier change would have come by now
        assert summary(page) == text(get("service_sizing").run({"in_contact": 52000}).summary)
        assert page.evaluate("document.activeElement.id") == "in-in_contact"
        assert page.problems == []
    finally:
        page.context.close()


# -- accessibility ---------------------------------------------------------------------------
def axe_findings(page) -> list[tuple[str, str, list[str]]]:
    response = axe_sync.Axe().run(page, options=AXE_OPTIONS).response
    return [
        (v["id"], v.get("impact") or "minor", [n["html"][:120] for n in v["nodes"][:3]])
        for v in response["violations"]
    ]


def axe_pages() -> list[str]:
    return ["/", *(f"/calculators/{n}" for n in NAMES), "/calculators/ramp_up?annual_starters=x"]


@pytest.mark.parametrize("path", axe_pages())
def test_axe_finds_nothing_serious(server, browser, path):
    page = open_page(browser, server + path)
    try:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        blocking = [f for f in axe_findings(page) if f[1] in BLOCKING]
        assert blocking == []
        assert page.problems == []
    finally:
        page.context.close()


def test_a_page_updated_in_place_passes_axe_too(server, browser):
    page = open_page(browser, f"{server}/calculators/expected_outcomes")
    try:
        item, value = first_number("expected_outcomes")
        page.locator(f"#in-{item.name}").fill(typed(item, value))
        page.wait_for_function(
            "value => location.search.includes(value)", arg=f"{item.name}={typed(item, value)}"
        )
        assert [f for f in axe_findings(page) if f[1] in BLOCKING] == []
    finally:
        page.context.close()


FOCUS_JS = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return {id: e.id, tag: e.tagName, text: (e.innerText || e.value || '').trim().slice(0, 40),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
          shadow: s.boxShadow !== 'none', background: s.backgroundColor}; }"""


def test_keyboard_alone_reaches_every_control_and_calculates(server, browser, javascript):
    page = open_page(browser, f"{server}/calculators/ramp_up", javascript=javascript)
    try:
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUS_JS)
        assert first["text"] == "Skip to main content"
        page.keyboard.press("Enter")  # the skip link takes the focus to the main content
        seen = []
        for _ in range(200):
            page.keyboard.press("Tab")
            if not seen:
                assert page.evaluate("document.activeElement.closest('main') !== null")
            focus = page.evaluate(FOCUS_JS)
            if focus["tag"] == "BODY" or (seen and focus == seen[0]):
                break
            # every control shows where the focus is (GOV.UK's yellow focus state)
            assert (
                focus["outline"]
                or focus["shadow"]
                or focus["background"]
                not in (
                    "rgba(0, 0, 0, 0)",
                    "transparent",
                )
            ), focus
            seen.append(focus)
        ids = {f["id"] for f in seen}
        for item in get("ramp_up").inputs:  # every input is reached
            assert f"in-{item.name}" in ids
        assert any(f["text"] == "Calculate" for f in seen)
        # change a value and calculate with the keyboard alone
        page.locator("#in-annual_starters").focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("450")
        if javascript:
            page.keyboard.press("Enter")
            page.wait_for_function("() => location.search.includes('annual_starters=450')")
            assert page.evaluate("document.activeElement.id") == "in-annual_starters"
        else:
            with page.expect_navigation():
                page.keyboard.press("Enter")
        assert summary(page) == text(get("ramp_up").run({"annual_starters": 450}).summary)
    finally:
        page.context.close()


# -- layout ----------------------------------------------------------------------------------
LAYOUT_JS = """() => {
  const W = document.documentElement.clientWidth;
  const hidden = e => { for (let a = e; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.display === 'none' || s.visibility === 'hidden'
          || (s.clipPath && s.clipPath !== 'none') || (s.clip && s.clip !== 'auto')
          || a.classList.contains('govuk-visually-hidden')
          || (a.tagName === 'DETAILS' && !a.open && e !== a
              && !a.querySelector('summary').contains(e))) return true; }
    return false; };
  const boxes = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let node = 0;
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    node += 1;
    if (!n.textContent.trim() || n.parentElement.closest('svg, script, style')
        || hidden(n.parentElement)) continue;
    const range = document.createRange(); range.selectNodeContents(n);
    const size = parseFloat(getComputedStyle(n.parentElement).fontSize);
    for (const r of range.getClientRects()) if (r.width > 1 && r.height > 1)
      boxes.push({l: r.left, r: r.right, t: r.top + scrollY, b: r.bottom + scrollY, size, node,
                  text: n.textContent.trim().slice(0, 30)});
  }
  const figures = [...document.querySelectorAll('svg.guidance-svg-figure')].map(svg => {
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => {
      const r = t.getBoundingClientRect();
      return {l: r.left, r: r.right, t: r.top, b: r.bottom, text: t.textContent.trim().slice(0, 30),
              px: parseFloat(t.style.fontSize) * scale}; });
    return {l: box.left, r: box.right, t: box.top, b: box.bottom, texts};
  });
  return {width: W, scrollWidth: document.documentElement.scrollWidth, boxes, figures};
}"""


def overlaps(boxes: list[dict], slack: float = 2.0) -> list[tuple[str, str]]:
    """Pairs of text boxes that overlap by more than ``slack`` px both ways (the lines of
    one text may: a line's box is taller than the line's height in large headings)."""
    out = []
    ordered = sorted(boxes, key=lambda b: b["t"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["t"] > a["b"] - slack:
                break
            if "node" in a and a["node"] == b.get("node"):
                continue
            if min(a["r"], b["r"]) - max(a["l"], b["l"]) > slack and (
                min(a["b"], b["b"]) - max(a["t"], b["t"]) > slack
            ):
                out.append((a["text"], b["text"]))
    return out


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280x720", "390x844"])
@pytest.mark.parametrize("name", NAMES)
def test_nothing_overlaps_and_text_is_large_enough(server, browser, name, viewport):
    page = open_page(browser, f"{server}/calculators/{name}", viewport=viewport)
    try:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        facts = page.evaluate(LAYOUT_JS)
        assert facts["scrollWidth"] <= facts["width"], "the page runs off the side"
        assert overlaps(facts["boxes"]) == []
        for figure in facts["figures"]:
            # a text's box is its font's full height, ascent and descent; tick labels of two
            # axes meeting at a corner can overlap by a fifth of it with no letters touching
            assert overlaps(figure["texts"], slack=FIGURE_SLACK) == []
            for t in figure["texts"]:  # inside the figure (nothing cut off)
                assert figure["l"] - 1 <= t["l"] and t["r"] <= figure["r"] + 1, t["text"]
                assert figure["t"] - 1 <= t["t"] and t["b"] <= figure["b"] + 1, t["text"]
        if viewport == DESKTOP:
            small = {b["text"]: b["size"] for b in facts["boxes"] if b["size"] < 16}
            assert small == {}
            for figure in facts["figures"]:
                assert min(t["px"] for t in figure["texts"]) >= 16
    finally:
        page.context.close()


@pytest.mark.parametrize(
    "viewport, scale",
    [({"width": 320, "height": 640}, 1), ({"width": 640, "height": 360}, 2)],
    ids=["reflow-320px", "zoom-200%"],
)
@pytest.mark.parametrize("name", ["service_sizing", "payment_simulator", "monitoring_dashboard"])
def test_the_page_reflows_without_sideways_scrolling(server, browser, name, viewport, scale):
    """320 px wide (WCAG reflow) and a 1280x720 window zoomed to 200% (640x360 CSS px)."""
    page = open_page(
        browser, f"{server}/calculators/{name}", viewport=viewport, device_scale_factor=scale
    )
    try:
        page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
        facts = page.evaluate(LAYOUT_JS)
        assert facts["scrollWidth"] <= facts["width"]
        assert overlaps(facts["boxes"]) == []
        for figure in facts["figures"]:
            assert figure["r"] <= facts["width"] + 1
    finally:
        page.context.close()


def test_the_pages_load_nothing_from_elsewhere_and_name_no_government_service(server, browser):
    page = open_page(browser, f"{server}/calculators/service_sizing")
    try:
        css = page.evaluate(
            "() => [...document.styleSheets].flatMap(s => [...s.cssRules].map(r => r.cssText))"
            ".join('\\n')"
        )
        assert "GDS Transport" not in css and "crest" not in css and "crown" not in css
        fonts = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "GDS Transport" not in fonts
        assert re.search(r"\bGOV\.UK\b", page.content()) is None
        assert page.problems == []
    finally:
        page.context.close()


# -- keep, share and take away ---------------------------------------------------------------
def test_save_then_load_round_trips_the_inputs(server, browser, javascript, tmp_path):
    page = open_page(
        browser, f"{server}/calculators/ramp_up?annual_starters=430", javascript=javascript
    )
    try:
        if javascript:  # a change made in place is what Save keeps
            page.locator("#in-ramp_months").fill("7")
            page.wait_for_function("() => location.search.includes('ramp_months=7')")
        expected = summary(page)
        with page.expect_download() as download:
            page.get_by_role("button", name="Save scenario").click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        assert saved.suffix == ".json" and '"annual_starters"' in saved.read_text()
        fresh = open_page(browser, f"{server}/calculators/ramp_up", javascript=javascript)
        assert summary(fresh) != expected
        fresh.locator("#scenario-file").set_input_files(saved)
        with fresh.expect_navigation():
            fresh.get_by_role("button", name="Load scenario").click()
        assert summary(fresh) == expected
        assert fresh.locator("#in-annual_starters").input_value() == "430"
        if javascript:
            assert fresh.locator("#in-ramp_months").input_value() == "7"
        assert parse_qs(urlparse(fresh.url).query)["annual_starters"] == ["430"]
        assert fresh.problems == [] and page.problems == []
        fresh.context.close()
    finally:
        page.context.close()


def libreoffice_text(path: Path, target: str, profile: Path) -> str:
    """The file converted by LibreOffice headless (a throwaway profile) to ``target``."""
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         target, "--outdir", str(path.parent), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    return path.with_suffix("." + target.split(":")[0]).read_text(errors="replace")


def test_exports_download_and_open(server, browser, javascript, tmp_path):
    page = open_page(
        browser, f"{server}/calculators/service_sizing?in_contact=50000", javascript=javascript
    )
    try:
        if javascript:  # the links follow a change made in place
            page.locator("#in-in_contact").fill("52000")
            page.wait_for_function("() => location.search.includes('in_contact=52000')")
        people = "52000" if javascript else "50000"
        output = get("service_sizing").run({"in_contact": int(people)})
        files = {}
        for kind, link in (("csv", "as CSV"), ("xlsx", r"as Excel \(XLSX\)"), ("docx", "as Word")):
            with page.expect_download() as download:
                page.get_by_role("link", name=re.compile(link)).click()
            files[kind] = tmp_path / f"export.{kind}"
            download.value.save_as(files[kind])
        profile = tmp_path / "libreoffice-profile"
        shown = {
            "csv": files["csv"].read_text(),
            "xlsx": libreoffice_text(files["xlsx"], "html:HTML (StarCalc)", profile),  # every sheet
            "docx": libreoffice_text(files["docx"], "txt:Text", profile),
        }
        for kind, words in shown.items():  # the inputs in the address, and the results
            assert people in words.replace(",", ""), kind
            assert text(output.tables[0].caption) in words, kind
        assert page.problems == []
    finally:
        page.context.close()
