"""Trainer mode: the panel around each calculator, the pages, and the app itself in Chromium.

The browser tests start the Voila app (``python -m guidance.frontends.widgets.app --port N
--no-browser --files DIR``; ``scripts/trainer-app`` now starts the web pages), once for
the module, and drive
it in Debian's Chromium: change an input and see the result change, type a bad value and
see a message (never a traceback), save a scenario and load it again, and check that no
request leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

import pytest

from guidance.calculators import get
from guidance.files import scenarios as sc
from guidance.frontends.widgets import all_calculators, calculator
from guidance.frontends.widgets import app as trainer
from guidance.presentation.render import text

ROOT = Path(__file__).resolve().parents[1]
BAD = Path(__file__).parent / "data" / "bad_scenarios"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HALF = "service_sizing-nhs-england-50-reach.json"


def service_sizing():
    return calculator("service_sizing")


def sizing_summary(**values) -> str:
    """The sizing summary as the page shows it."""
    return text(get("service_sizing").run(values).summary)


# -- the panel (no browser) ------------------------------------------------------------------
@pytest.fixture
def panel(tmp_path):
    return trainer.TrainerPanel(service_sizing(), folder=tmp_path)


def test_picker_lists_defaults_worked_examples_and_saved(panel):
    labels = [label for label, _ in panel.picker.options]
    assert labels[:2] == [trainer.TrainerPanel.PLACEHOLDER, "Evidence defaults"]
    assert "Worked example: NHS England reach target" in labels
    assert "Worked example: Fair Start Scotland review: Greater Glasgow and Clyde" in labels
    assert not any(label.startswith("Worked example: New service") for label in labels)
    panel.title.value = "Our area"
    panel.save()
    assert "Saved: Our area (service_sizing-our-area.json)" in [
        label for label, _ in panel.picker.options
    ]


def test_choosing_a_worked_example_switches_live(panel):
    default = panel.calc.result.summary
    panel.picker.value = f"shipped:{HALF}"
    assert panel.calc.values()["reach_per_year"] == 0.5
    assert text(panel.calc.result.summary) == sizing_summary(reach_per_year=0.5)
    assert panel.status_text.startswith("Loaded 'NHS England reach target'.")
    assert panel.picker.value == ""  # ready for the next choice
    assert panel.title.value == "NHS England reach target"
    panel.picker.value = "defaults"
    assert panel.calc.result.summary == default


def test_every_calculator_with_a_worked_example_lists_it_and_loads_it(tmp_path):
    """The model chooser's NDTi example, like every shipped example, is in its picker."""
    shipped = sc.shipped_scenarios()
    assert "model_chooser-ndti-right-model.json" in shipped
    for file, s in shipped.items():
        p = trainer.TrainerPanel(calculator(s.calculator), folder=tmp_path)
        assert (f"Worked example: {s.title}", f"shipped:{file}") in p.picker.options, file
        if s.calculator == "model_chooser":
            p.picker.value = f"shipped:{file}"
            assert p.calc.values() == s.inputs
            assert p.calc.result.summary == get("model_chooser").run(s.inputs).summary
            assert p.status_text.startswith(f"Loaded '{s.title}'.")
        if s.data:  # made with a file the guide ships: choosing it loads that file too
            p.picker.value = f"shipped:{file}"
            assert p.calc.data_name == s.data["name"] != "example_swemwbs_SYNTHETIC.csv"
            assert p.calc.data_file == s.data
            assert "No results are shown" not in p.calc.message
            assert p.status_text.startswith(f"Loaded '{s.title}'.")


def test_save_writes_a_file_that_reloads_the_same_results(panel, tmp_path):
    panel.calc.set_values({"reach_per_year": 0.5, "in_contact": 20000})
    summary = panel.calc.result.summary
    panel.title.value = "Twenty thousand"
    path = panel.save()
    assert path == tmp_path / "service_sizing-twenty-thousand.json"
    assert "Saved 'Twenty thousand'" in panel.status_text and str(path) in panel.status_text
    assert 'download="service_sizing-twenty-thousand.json"' in panel.links.value
    assert "data:application/json;base64," in panel.links.value
    panel.picker.value = "defaults"
    assert panel.calc.result.summary != summary
    panel.picker.value = f"saved:{path.name}"
    assert panel.calc.result.summary == summary
    # a restarted app (a new panel on the same folder) still has it
    again = trainer.TrainerPanel(service_sizing(), folder=tmp_path)
    again.choose(f"saved:{path.name}")
    assert again.calc.result.summary == summary


def test_save_without_a_name_uses_the_calculator_and_time(panel):
    path = panel.save()
    assert path.name.startswith("service_sizing-service-sizing-")


def test_invalid_input_blocks_save_and_export_with_a_message(panel, tmp_path):
    panel.calc.type_value("share_interested", "140")
    assert panel.save() is None
    assert panel.status_text.startswith("Fix the input first, then save: Not in work but")
    assert "Problem:" in panel.status.value
    assert panel.export("csv") is None
    assert "Could not export: Fix the input first" in panel.status_text
    assert list(tmp_path.iterdir()) == []


def _upload(panel, data: bytes, name: str) -> None:
    panel.upload.value = (
        {
            "name": name,
            "type": "application/json",
            "size": len(data),
            "content": memoryview(data),
            "last_modified": datetime.now(timezone.utc),
        },
    )


def test_upload_loads_a_scenario_and_resets(panel, tmp_path):
    other = service_sizing()
    other.set_values({"in_contact": 30000})
    data = sc.dumps(sc.from_calculator(other, "Uploaded")).encode("utf-8")
    _upload(panel, data, "mine.json")
    assert panel.calc.values()["in_contact"] == 30000
    assert panel.status_text.startswith("Loaded 'Uploaded'.")
    assert panel.upload.value == ()


@pytest.mark.parametrize(
    "name, words",
    [
        ("newer_version.json", "newer version of the guide"),
        ("pickle.json", "not UTF-8 text"),
        ("missing_input.json", "missing input(s) of Service sizing: caseload"),
    ],
)
def test_bad_upload_gives_a_message_and_keeps_the_inputs(panel, name, words):
    before = panel.calc.values()
    _upload(panel, (BAD / name).read_bytes(), name)
    assert panel.status_text.startswith(f"Could not load {name}: ")
    assert words in panel.status_text
    assert "Problem:" in panel.status.value and "Traceback" not in panel.status.value
    assert panel.calc.values() == before


def test_scenario_for_another_calculator_is_refused(panel):
    ramp = sc.shipped_scenarios("ramp_up")["ramp_up-fast-ramp.json"]
    _upload(panel, sc.dumps(ramp).encode("utf-8"), "ramp.json")
    assert "This scenario is for the ramp_up calculator, not Service sizing" in panel.status_text


def test_exports_cite_the_scenarios_evidence_while_its_value_stands(panel):
    panel.choose(f"shipped:{HALF}")
    path = panel.export("csv")
    assert path.exists() and path.suffix == ".csv"
    assert "socialfinance2020" in path.read_text(encoding="utf-8-sig")
    assert panel._evidence() == {"reach_per_year": "nhse.reach_per_year"}
    panel.calc.set_values({"reach_per_year": 0.4})
    assert panel._evidence() == {}
    for kind in ("xlsx", "docx"):
        out = panel.export(kind)
        assert out.suffix == f".{kind}" and out.stat().st_size > 1000
        assert panel.status_text == f"Exported {kind.upper()} to {out}."
        assert f'download="{out.name}"' in panel.links.value


def test_unknown_picker_choice_is_a_message(panel, tmp_path):
    panel.choose("saved:../../etc/passwd")
    assert panel.status_text.startswith("passwd: cannot read the file")
    panel.choose("nonsense")
    assert panel.status_text == "Unknown choice 'nonsense'."


# -- pages -----------------------------------------------------------------------------------
def test_catalogue_finds_every_calculator_with_its_chapter():
    entries = trainer.catalogue()
    assert [e.name for e in entries] == list(all_calculators())
    by_name = {e.name: e for e in entries}
    assert by_name["service_sizing"].chapter == 3 and by_name["ramp_up"].chapter == 3
    assert by_name["service_sizing"].label == "Service sizing"
    for e in entries:
        assert e.chapter is None or e.chapter in trainer.CHAPTER_TITLES
        assert e.about


def test_landing_links_every_calculator(tmp_path, monkeypatch):
    monkeypatch.setenv(trainer.ENV_FOLDER, str(tmp_path / "files"))
    (tmp_path / "chapter-3.ipynb").write_text("{}", encoding="utf-8")
    page = trainer.landing(tmp_path)
    for name in all_calculators():
        assert f'href="calculator.ipynb?name={name}" target="_blank"' in page.html
    assert (
        '<a href="chapter-3.ipynb" target="_blank" rel="noopener">Chapter 3: Contract '
        "parameters</a>"
    ) in page.html
    assert str(tmp_path / "files") in page.html
    assert "Chapter 3: Contract parameters: Service sizing, Ramp-up" in repr(page)


def test_calculator_page_from_the_address(monkeypatch, tmp_path):
    monkeypatch.setenv("QUERY_STRING", "name=ramp_up")
    page = trainer.calculator_page(folder=tmp_path)
    assert "Chapter 3" in page.children[0].value
    monkeypatch.setenv("QUERY_STRING", "name=%3Cscript%3E")
    page = trainer.calculator_page(folder=tmp_path)
    assert "There is no calculator called <code>&lt;script&gt;</code>" in page.children[0].value


def test_chapter_pages(tmp_path):
    assert len(trainer.chapter_page(3, folder=tmp_path).children) == 3  # heading + 2 panels
    assert "no calculators yet" in trainer.chapter_page(99, folder=tmp_path).children[1].value


def test_app_notebooks_are_tiny_and_have_no_outputs():
    import nbformat

    notebooks = sorted((ROOT / "app").glob("*.ipynb"))
    names = {p.name for p in notebooks}
    assert {"index.ipynb", "calculator.ipynb"} <= names
    assert {f"chapter-{n}.ipynb" for n in trainer.CHAPTER_TITLES} <= names
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        assert len(nb.cells) == 1 and nb.cells[0].outputs == []
        assert len(nb.cells[0].source.splitlines()) <= 3


def test_launcher_refuses_a_busy_port_and_a_missing_app(tmp_path, capsys):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert (
            trainer.main(
                ["--port", str(port), "--app-dir", str(ROOT / "app"), "--files", str(tmp_path)]
            )
            == 2
        )
    assert f"Port {port} is in use" in capsys.readouterr().err
    assert trainer.main(["--app-dir", str(tmp_path)]) == 2
    assert "index.ipynb is missing" in capsys.readouterr().err


# -- the app in Chromium ---------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    def __init__(self, files: Path):
        self.files = files
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.landing = f"{self.base}/voila/render/index.ipynb"
        self.output: list[str] = []
        self.timings: dict[str, float] = {}
        self.foreign: list[str] = []

    def start(self) -> None:
        began = time.monotonic()
        self.proc = subprocess.Popen(
            [  # the Voila app (scripts/trainer-app now starts the web pages)
                sys.executable,
                "-m",
                "guidance.frontends.widgets.app",
                "--app-dir",
                "app",
                "--port",
                str(self.port),
                "--no-browser",
                "--files",
                str(self.files),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = began + 600
        while True:
            assert self.proc.poll() is None, "trainer-app stopped:\n" + "".join(self.output)
            try:
                with opener.open(self.landing, timeout=120) as response:
                    page = response.read().decode("utf-8")
                if "calculator.ipynb?name=service_sizing" in page:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "no landing page:\n" + "".join(self.output)
            time.sleep(0.25)
        self.timings["start to landing page served (s)"] = time.monotonic() - began

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line)

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own session only
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    running = App(tmp_path_factory.mktemp("trainer-files"))
    running.start()
    yield running
    running.stop()
    print("\nTrainer app timings:", {k: round(v, 2) for k, v in running.timings.items()})


@pytest.fixture(scope="module")
def chromium(app):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run scripts/setup-env test")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, app):
    """A page in a fresh context; every request of every tab it opens is recorded."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(120_000)

    def record(url: str) -> None:
        if urlparse(url).scheme in ("http", "https", "ws", "wss") and (
            urlparse(url).hostname != "127.0.0.1"
        ):
            app.foreign.append(url)

    context.on("request", lambda r: record(r.url))
    context.on("page", lambda p: p.on("websocket", lambda ws: record(ws.url)))
    page = context.new_page()
    yield page
    context.close()


def open_calculator(page, app, name: str = "service_sizing") -> None:
    page.goto(f"{app.base}/voila/render/calculator.ipynb?name={name}", wait_until="commit")
    page.wait_for_selector(".guidance-summary")


def field(page, label: str):
    row = page.locator(".widget-inline-hbox", has=page.locator("label", has_text=label))
    return row.locator("input, select").first


def summary(page) -> str:
    return page.inner_text(".guidance-summary").strip()


def change(page, label: str, value: str) -> float:
    """Type a value and press Enter; return seconds until the result changed."""
    before = summary(page)
    box = field(page, label)
    began = time.monotonic()
    box.fill(value)
    box.press("Enter")
    page.wait_for_function(
        "before => { const s = document.querySelector('.guidance-summary');"
        " const m = document.querySelector('.guidance-message');"
        " return (s && s.innerText.trim() !== before) || (m && m.innerText.trim() !== ''); }",
        arg=before,
    )
    return time.monotonic() - began


def status(page, words: str) -> str:
    """Wait until the panel's message contains ``words``; return it."""
    message = page.locator(".guidance-trainer-status", has_text=words)
    message.wait_for()
    return message.inner_text()


def no_traceback(page) -> None:
    text = page.inner_text("body")
    assert "Traceback" not in text and 'File "' not in text


@pytest.mark.browser
def test_one_command_serves_the_landing_page_on_localhost_only(app, page):
    assert any(app.landing in line for line in app.output)  # the address is printed
    page.goto(app.landing, wait_until="networkidle")
    for name in all_calculators():
        assert page.locator(f"a[href='calculator.ipynb?name={name}']").count() == 1
    assert page.get_by_role("heading", name="Chapter 3: Contract parameters").is_visible()
    assert page.locator(".jp-InputArea").count() == 0  # no code on screen
    assert "from guidance" not in page.content()
    # bound to the loopback interface only
    here = socket.gethostbyname(socket.gethostname())
    if not here.startswith("127."):
        with socket.socket() as s, pytest.raises(OSError):
            s.settimeout(2)
            s.connect((here, app.port))
    assert app.timings["start to landing page served (s)"] < 600


@pytest.mark.browser
def test_changing_an_input_changes_the_result(app, page):
    page.goto(app.landing, wait_until="networkidle")
    with page.expect_popup() as tab:  # each calculator opens in its own tab
        page.click("a[href='calculator.ipynb?name=service_sizing']")
    page = tab.value
    page.wait_for_selector(".guidance-summary")
    assert summary(page) == sizing_summary()
    times = []
    for reach in ("30", "35", "40", "45", "50"):
        times.append(change(page, "Eligible people to reach a year", reach))
        share = int(reach) / 100
        page.wait_for_function(
            "want => document.querySelector('.guidance-summary').innerText.trim() === want",
            arg=sizing_summary(reach_per_year=share),
        )
    assert summary(page) == sizing_summary(reach_per_year=0.5)
    table = page.locator(".guidance-calculator, .widget-html").filter(has_text="203.9")
    assert table.count() >= 1
    app.timings["calculator response, median of 5 (s)"] = statistics.median(times)
    app.timings["calculator response, max of 5 (s)"] = max(times)
    assert statistics.median(times) < 10


@pytest.mark.browser
def test_an_invalid_value_shows_a_message_not_a_traceback(app, page):
    open_calculator(page, app)
    change(page, "Not in work but interested", "140")
    alert = page.locator(".guidance-input-message[role=alert]")
    alert.wait_for()
    assert "Not in work but interested must be a number between 0% and 100%; you typed '140'." in (
        alert.inner_text()
    )
    assert "last valid inputs" in page.locator(".guidance-message[role=alert]").inner_text()
    no_traceback(page)
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Load scenario file").click()
    chooser.value.set_files(str(BAD / "newer_version.json"))
    assert "Problem: Could not load newer_version.json: " in status(
        page, "newer version of the guide"
    )
    no_traceback(page)


@pytest.mark.browser
def test_save_a_scenario_and_load_it_again(app, page):
    open_calculator(page, app)
    change(page, "Eligible people to reach a year", "50")
    change(page, "People in contact with services", "20000")
    want = sizing_summary(reach_per_year=0.5, in_contact=20000)
    page.wait_for_function(
        "want => document.querySelector('.guidance-summary').innerText.trim() === want", arg=want
    )
    field(page, "Scenario name").fill("Browser half reach")
    page.get_by_role("button", name="Save scenario").click()
    assert "Done: Saved 'Browser half reach' as " in status(page, "Saved 'Browser half reach'")
    saved = app.files / "service_sizing-browser-half-reach.json"
    assert saved.exists()
    assert page.locator("a[download='service_sizing-browser-half-reach.json']").count() == 1

    # a fresh page (a new kernel) starts from the defaults; the picker brings it back
    open_calculator(page, app)
    assert summary(page) == sizing_summary()
    page.locator("select").first.select_option(
        value="Saved: Browser half reach (service_sizing-browser-half-reach.json)"
    )
    page.wait_for_function(
        "want => document.querySelector('.guidance-summary').innerText.trim() === want", arg=want
    )
    assert field(page, "Eligible people to reach a year").input_value() == "50"

    # and so does loading the file
    page.locator("select").first.select_option(value="Evidence defaults")
    page.wait_for_function(
        "want => document.querySelector('.guidance-summary').innerText.trim() === want",
        arg=sizing_summary(),
    )
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Load scenario file").click()
    chooser.value.set_files(str(saved))
    page.wait_for_function(
        "want => document.querySelector('.guidance-summary').innerText.trim() === want", arg=want
    )

    # the take-away holds the on-screen numbers
    page.get_by_role("button", name="Export CSV").click()
    assert str(app.files) in status(page, "Exported CSV to")
    exported = list(app.files.glob("service_sizing-browser-half-reach-*.csv"))
    assert len(exported) == 1
    assert summary(page) in exported[0].read_text(encoding="utf-8-sig")
    no_traceback(page)


@pytest.mark.browser
def test_worked_examples_switch_live_on_the_chapter_page(app, page):
    page.goto(f"{app.base}/voila/render/chapter-3.ipynb", wait_until="commit")
    page.wait_for_selector(".guidance-summary")
    assert page.locator(".guidance-trainer-panel").count() == 2
    sizing = page.locator(".guidance-trainer-panel").first
    sizing.locator("select").first.select_option(value="Worked example: NHS England reach target")
    page.wait_for_function(
        "want => document.querySelector('.guidance-summary').innerText.trim() === want",
        arg=sizing_summary(reach_per_year=0.5),
    )
    status(page, "Loaded 'NHS England reach target'")


@pytest.mark.browser
def test_the_loading_page_says_which_step_it_is_at(app, page):
    """Starting a kernel takes seconds: the page names each step, never a blank screen."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    url = f"{app.base}/voila/render/calculator.ipynb?name=ramp_up"
    with opener.open(url, timeout=300) as response:
        first = response.read(64 * 1024).decode("utf-8", "replace")
    assert "Starting your calculator" in first  # sent before the kernel runs the page
    assert "first results" in first and "Loading the calculator" in first
    steps = []
    page.expose_function("guidanceSaw", lambda words: steps.append(words))
    page.add_init_script(
        "new MutationObserver(() => { const el = document.getElementById('loading_text');"
        " if (el && el.innerText !== window.__last) { window.__last = el.innerText;"
        " window.guidanceSaw(el.innerText); } }).observe(document, {subtree: true,"
        " childList: true, characterData: true});"
    )
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".guidance-summary")
    assert any("Starting your calculator" in s for s in steps), steps
    assert page.locator("#loading").count() == 0  # the loading screen has gone
    placeholder = page.evaluate(
        "() => getComputedStyle(document.getElementById('rendered_cells'), '::before').content"
    )
    assert "Loading" not in placeholder  # and so has the controls' placeholder


@pytest.mark.browser
def test_no_request_left_127_0_0_1(app, page):
    page.goto(app.landing, wait_until="networkidle")
    assert app.foreign == []


@pytest.mark.browser
def test_stopping_the_app_loses_nothing_saved(app):
    saved = app.files / "service_sizing-browser-half-reach.json"
    if not saved.exists():  # this test run alone: save one the way the app does
        panel = trainer.TrainerPanel(service_sizing(), folder=app.files)
        panel.title.value = "Browser half reach"
        saved = panel.save()
    before = saved.read_bytes()
    app.stop()
    with socket.socket() as s, pytest.raises(OSError):
        s.settimeout(2)
        s.connect(("127.0.0.1", app.port))
    assert saved.read_bytes() == before
    found, bad = sc.saved_scenarios(app.files, "service_sizing")
    assert saved in found and not bad


def test_a_broken_shipped_scenario_is_a_message_in_the_panel(tmp_path, monkeypatch):
    folder = tmp_path / "data" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "service_sizing-stale.json").write_text("{}", encoding="utf-8")

    class Files:
        @staticmethod
        def files(_package):
            return tmp_path

    monkeypatch.setattr(sc, "resources", Files)
    panel = trainer.TrainerPanel(service_sizing(), folder=tmp_path / "files")
    assert panel.status_text.startswith("shipped scenario service_sizing-stale.json: ")
    assert [label for label, _ in panel.picker.options] == [
        trainer.TrainerPanel.PLACEHOLDER,
        "Evidence defaults",
    ]


@pytest.mark.parametrize(
    "module",
    ["guidance.files.scenarios", "guidance.files.exports", "guidance.frontends.widgets.app"],
)
def test_docstring_examples(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize(
    "name, call",
    [
        ("calc", lambda: trainer.TrainerPanel("service_sizing")),
        ("folder", lambda: trainer.trainer_folder(3)),
        ("folder", lambda: trainer.TrainerPanel(service_sizing(), folder=True)),
        ("app_dir", lambda: trainer.landing(5)),
        ("chapter", lambda: trainer.chapter_page("3")),
        ("name", lambda: trainer.calculator_page(3)),
    ],
)
def test_bad_arguments_name_the_parameter(name, call):
    with pytest.raises((TypeError, ValueError)) as error:
        call()
    assert name in str(error.value)
