"""The calculators in front of a person (issue 17), in Debian's Chromium at 1280x720.

One trainer app (Voila on 127.0.0.1) and one browser serve every test here. For every
calculator: a decimal in a whole-number box, text, an empty box and a value out of range
each show a message inside the window next to the box, for the first number boxes and the
last one, each put at the very bottom edge of the window first; the results shown stay
those of the last valid inputs; after a change far down the inputs the results are still
in view; the smallest text of labels, inputs, buttons and tables is at least 16 px, and
the figures are shown at a scale at which their smallest text is at least 16 px too. Two
shipped scenarios compared side by side show both headline figures.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text

from guidance.calculators import DEFINITIONS, get
from guidance.calculators.spec import InputError
from guidance.calculators.typed import read
from guidance.files import scenarios as sc
from guidance.presentation import style
from guidance.presentation.figures import static_figure
from guidance.presentation.render import text

pytest.importorskip("playwright.sync_api")

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
WIDTH, HEIGHT = 1280, 720
NUMBER_KINDS = ("number", "integer", "percent")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The trainer app on 127.0.0.1 (the launcher scripts/trainer-app runs), once."""
    port = _free_port()
    files = tmp_path_factory.mktemp("trainer-files")
    proc = subprocess.Popen(
        [sys.executable, "-m", "guidance.frontends.widgets.app", "--app-dir", "app", "--files",
         str(files), "--port", str(port), "--no-browser"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 300
    while True:
        assert proc.poll() is None, "the trainer app stopped while starting"
        try:
            with opener.open(f"{base}/voila/render/index.ipynb", timeout=120):
                break
        except OSError:
            assert time.monotonic() < deadline, "the trainer app did not start"
            time.sleep(0.5)
    yield base
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the session this fixture started
        proc.wait()


@pytest.fixture(scope="module")
def browser(app):
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run scripts/setup-env test")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(120_000)
    foreign: list[str] = []
    context.on(
        "request",
        lambda r: (
            urlparse(r.url).hostname not in (None, "127.0.0.1")
            and urlparse(r.url).scheme in ("http", "https", "ws", "wss")
            and foreign.append(r.url)
        ),
    )
    page = context.new_page()
    yield page
    context.close()
    assert not foreign, foreign


def open_calculator(page, base: str, name: str) -> None:
    page.goto(f"{base}/voila/render/calculator.ipynb?name={name}", wait_until="commit")
    page.wait_for_selector(".guidance-summary")


def summary(page) -> str:
    return page.inner_text(".guidance-live .guidance-summary").strip()


def in_view(box) -> bool:
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= HEIGHT


def _bad_values(item) -> list[str]:
    top = item.maximum * (100 if item.kind == "percent" else 1)
    bad = ["lots", "", f"{top * 10 + 10:.0f}"]
    return (["2.5"] if item.kind == "integer" else []) + bad


def _targets(name: str) -> list[int]:
    """Which inputs to try: the first whole-number one, the first other number and the
    last number box of all (the one furthest down the page)."""
    inputs = DEFINITIONS[name].inputs
    picks = []
    for kinds in (("integer",), ("number", "percent")):
        found = next((i for i, item in enumerate(inputs) if item.kind in kinds), None)
        if found is not None:
            picks.append(found)
    numbers = [i for i, item in enumerate(inputs) if item.kind in NUMBER_KINDS]
    if numbers and numbers[-1] not in picks:
        picks.append(numbers[-1])
    return picks


def _smallest_points(spec) -> float:
    """The smallest text in a definition's figure, in points, as drawn."""
    fig = static_figure(spec)
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    return min(t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip())


FRAMES = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"

FIGURE_SIZES = """() => [...document.querySelectorAll('.guidance-live .guidance-results-col img')]
  .map(i => [i.getBoundingClientRect().width, i.naturalWidth])"""


SMALLEST_TEXT = """() => {
  const nodes = document.querySelectorAll(
    '.guidance-live label, .guidance-live input, .guidance-live select,'
    + ' .guidance-live button, .guidance-live table th, .guidance-live table td,'
    + ' .guidance-live table caption');
  let smallest = 1000, which = '';
  for (const n of nodes) {
    if (!n.offsetParent || !n.textContent.trim() && n.tagName !== 'INPUT') continue;
    const size = parseFloat(getComputedStyle(n).fontSize);
    if (size < smallest) { smallest = size; which = n.tagName + ' ' + n.className; }
  }
  return [smallest, nodes.length, which];
}"""


@pytest.mark.browser
@pytest.mark.parametrize("name", list(DEFINITIONS))
def test_messages_at_the_box_results_kept_and_in_view_16px(app, page, name):
    d = DEFINITIONS[name]
    open_calculator(page, app, name)
    smallest, count, which = page.evaluate(SMALLEST_TEXT)
    assert count > 0 and smallest >= 16, (name, smallest, which)
    before = summary(page)
    result = get(name).run()
    assert before == text(result.summary)
    # the figures: shown at a scale at which their smallest text is at least 16 px
    sizes = page.evaluate(FIGURE_SIZES)
    assert len(sizes) == len(result.figures), (name, sizes)
    for (shown, natural), spec in zip(sizes, result.figures, strict=True):
        scale = shown / natural
        px = style.text_px(_smallest_points(spec), style.DPI, scale)
        assert px >= style.MIN_TEXT_PX, (name, spec.kind, shown, natural, px)
        assert shown >= style.PRESENTER_COLUMN_PX - 0.5, (name, spec.kind, shown)
    rows = page.locator(".guidance-live .guidance-input-row")
    assert rows.count() == len(d.inputs)
    for index in _targets(name):
        item = d.inputs[index]
        box = rows.nth(index).locator("input").first
        for typed in _bad_values(item):
            # the box at the very bottom edge of the window: its message must still show
            box.evaluate("e => e.scrollIntoView({block: 'end'})")
            box.fill(typed)
            box.press("Tab")
            with pytest.raises(InputError) as refused:
                read(item, typed)
            message = page.locator(
                ".guidance-live .guidance-input-message", has_text=str(refused.value)
            )
            message.wait_for(state="visible")
            page.evaluate(FRAMES)  # measured as shown: after the next frames are painted
            where, at = message.bounding_box(), box.bounding_box()
            assert in_view(where), (name, item.name, typed, where)
            assert where["x"] >= 0 and where["x"] + where["width"] <= WIDTH, (name, where)
            assert 0 <= where["y"] - at["y"] < 200, (name, item.name, typed, where, at)
            stale = page.locator(".guidance-live .guidance-message")
            stale.wait_for(state="visible")
            assert "last valid inputs" in stale.inner_text()
            assert summary(page) == before  # never computed from what was not typed
        box.fill(shown(item, d.defaults()[item.name]))
        box.press("Tab")
        page.locator(".guidance-live .guidance-input-message").first.wait_for(state="hidden")
    # a change to the last number box, far down: the results are still in view
    numbers = [i for i, item in enumerate(d.inputs) if item.kind in NUMBER_KINDS]
    last = numbers[-1] if numbers else None
    if last is not None:
        item = d.inputs[last]
        box = rows.nth(last).locator("input").first
        box.fill(shown(item, item.minimum))
        box.press("Tab")
        page.wait_for_timeout(500)
        page.wait_for_function("() => !document.querySelector('.guidance-live .guidance-busy')")
        at = box.bounding_box()
        assert at["y"] < HEIGHT and at["y"] + at["height"] > 0  # the box typed in is on screen
        head = page.locator(".guidance-live .guidance-summary, .guidance-live .guidance-message")
        assert any(in_view(head.nth(i).bounding_box()) for i in range(head.count())), name


@pytest.mark.browser
def test_two_shipped_scenarios_side_by_side_show_both_headlines(app, page):
    open_calculator(page, app, "service_sizing")
    shipped = sc.shipped_scenarios("service_sizing")
    a = shipped["service_sizing-fss-glasgow-and-clyde.json"]
    b = shipped["service_sizing-nhs-england-50-reach.json"]
    view = page.locator(".guidance-compare-view")
    view.locator("select").nth(0).select_option(label=f"Worked example: {a.title}")
    view.locator("select").nth(1).select_option(label=f"Worked example: {b.title}")
    view.get_by_role("button", name="Compare side by side").click()
    heads = view.locator(".guidance-compare-headline")
    heads.nth(1).wait_for()
    d = get("service_sizing")
    assert text(d.run(a.inputs).summary) in heads.nth(0).inner_text()
    assert text(d.run(b.inputs).summary) in heads.nth(1).inner_text()
    assert heads.nth(0).is_visible() and heads.nth(1).is_visible()
    assert view.locator("tr.guidance-differs").count() >= 2  # people in contact, reach
    one, two = (heads.nth(i).bounding_box() for i in range(2))
    assert abs(one["y"] - two["y"]) < 5 and two["x"] > one["x"]  # side by side
