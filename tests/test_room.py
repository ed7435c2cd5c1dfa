"""Room mode: the calculators served to a room through the gate, driven in Chromium.

The room is started the way a trainer does, ``scripts/trainer-app --room``, once for the
module, with a known access code, three places and one preheated calculator kernel, on
127.0.0.1. The tests show that it refuses a request without the code, a forged ``Host``
and a cross-origin websocket; lists no files; keeps each participant's saves to that
participant; opens a calculator from a book link with the link's inputs; shows "the room
is full" at the cap; and stops a closed tab's kernel within a minute. The gate's own
logic (what is due to stop, and why) is tested without a browser at the end.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.parse import urlparse

import pytest
import tornado.httpclient
import tornado.websocket

from guidance.calculators import get
from guidance.files.applink import app_link
from guidance.frontends.widgets import app as trainer
from guidance.frontends.widgets import gate
from guidance.presentation.render import text

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
CODE = "ROOM-TEST"
PLACES = 3
KERNEL_IN_PAGE = r'"kernelId":\s*"([0-9a-f-]{36})"'


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Room:
    def __init__(self, files: Path):
        self.files = files
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.output: list[str] = []

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [
                str(ROOT / "scripts" / "trainer-app"),
                "--room",
                "--port",
                str(self.port),
                "--code",
                CODE,
                "--places",
                str(PLACES),
                "--pool",
                "1",
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
        deadline = time.monotonic() + 600
        while not any("Press Ctrl+C" in line for line in self.output):
            assert self.proc.poll() is None, "the room stopped:\n" + "".join(self.output)
            assert time.monotonic() < deadline, "the room did not open:\n" + "".join(self.output)
            time.sleep(0.25)

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.output.append(line)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # our own session only
                self.proc.wait()

    def opener(self, code: str | None = CODE):
        """A urllib opener (no proxy, no redirects followed) holding the room's cookie."""
        jar = CookieJar()

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar), NoRedirect
        )
        if code is not None:
            status, _ = fetch(opener, f"{self.base}/?code={code}")
            assert status == 302
        opener.jar = jar
        return opener


def fetch(opener, url: str, headers: dict | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with opener.open(request, timeout=300) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8", "replace")


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    running = Room(tmp_path_factory.mktemp("room-files"))
    running.start()
    yield running
    running.stop()


@pytest.fixture(scope="module")
def chromium(room):
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run scripts/setup-env test")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def participant(chromium, room):
    """A participant: a fresh browser context that has joined the room with the code."""
    contexts = []
    foreign: list[str] = []

    def join():
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(180_000)
        context.on(
            "request",
            lambda r: foreign.append(r.url) if urlparse(r.url).hostname != "127.0.0.1" else None,
        )
        page = context.new_page()
        page.goto(f"{room.base}/?code={CODE}")
        contexts.append(context)
        return page

    yield join
    for context in contexts:
        context.close()
    assert foreign == [], f"requests left 127.0.0.1: {foreign}"


def open_calculator(page, room, name="service_sizing", query="") -> str:
    """Open a calculator page; return its kernel id."""
    page.goto(f"{room.base}/voila/render/calculator.ipynb?name={name}{query}", wait_until="commit")
    page.wait_for_selector(".guidance-summary")
    config = page.locator("#jupyter-config-data").text_content()
    return json.loads(config)["kernelId"]


def summary(page) -> str:
    return page.inner_text(".guidance-summary").strip()


def field(page, label: str):
    row = page.locator(".widget-inline-hbox", has=page.locator("label", has_text=label))
    return row.locator("input, select").first


def picker_options(page) -> list[str]:
    options = page.locator(".guidance-trainer-toolbar select").first.locator("option")
    return [o.replace("\xa0", " ") for o in options.all_text_contents()]


def kernel_alive(room, opener, kernel_id: str) -> bool:
    status, _ = fetch(opener, f"{room.base}/api/kernels/{kernel_id}")
    assert status in (200, 404), status
    return status == 200


# -- refusals --------------------------------------------------------------------------------
@pytest.mark.browser
def test_the_terminal_shows_the_join_address_code_and_qr_and_no_warning(room):
    text = "".join(room.output)
    assert f"/?code={CODE}" in text and f"type the access code: {CODE}" in text
    assert "▀" in text or "█" in text  # the QR code, drawn in the terminal
    for alarming in ("WARNING", "Warning", "Traceback", "without encryption", "ERROR"):
        assert alarming not in text


@pytest.mark.browser
def test_a_book_link_opens_the_calculator_with_the_pages_inputs(room, participant):
    page = participant()
    link = app_link(
        "service_sizing",
        {"reach_per_year": 0.3, "in_contact": 20000},
        base=f"{room.base}/voila/render/",
    )
    # it runs before the tests that fill the room's places: after them it timed out, about
    # one run in two, waiting for the summary (see the issue 13 note); any place they still
    # hold is given back within seconds, so wait for one
    deadline = time.monotonic() + 90
    page.goto(link, wait_until="commit")
    while "room is full" in page.content() and time.monotonic() < deadline:
        time.sleep(3)
        page.goto(link, wait_until="commit")
    page.wait_for_selector(".guidance-summary")
    want = text(get("service_sizing").run({"reach_per_year": 0.3, "in_contact": 20000}).summary)
    page.wait_for_function(
        "want => document.querySelector('.guidance-summary').innerText.trim() === want", arg=want
    )
    assert field(page, "Eligible people to reach a year").input_value() == "30"
    assert "Loaded the inputs from the link" in page.inner_text(".guidance-trainer-status")
    # a bad value in a link is named, and the default kept
    page.goto(
        f"{room.base}/voila/render/calculator.ipynb?name=service_sizing&reach_per_year=3"
        "&in_contact=-5.5&nonsense=1",
        wait_until="commit",
    )
    page.wait_for_selector(".guidance-summary")
    message = page.locator(".guidance-trainer-status").inner_text()
    assert "must be a share between 0 and 1; got 3" in message
    assert "nonsense is not an input of this calculator" in message
    assert "Traceback" not in page.inner_text("body")


@pytest.mark.browser
def test_no_code_no_entry(room, participant, chromium):
    context = chromium.new_context()
    page = context.new_page()
    page.goto(f"{room.base}/voila/render/calculator.ipynb?name=service_sizing")
    assert page.get_by_role("heading", name="Enter the room's access code").is_visible()
    assert page.locator(".guidance-summary").count() == 0
    page.fill("#code", "WRONG-CODE")
    page.get_by_role("button", name="Join").click()
    assert page.get_by_text("That code is not right.").is_visible()
    page.fill("#code", CODE.lower())  # typed in small letters is fine
    page.get_by_role("button", name="Join").click()
    page.wait_for_selector(".guidance-summary")  # and back to the calculator asked for
    context.close()
    # without the cookie nothing but the code page answers
    anon = room.opener(code=None)
    for path in (
        "/voila/render/index.ipynb",
        "/api/kernels/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12,
    ):
        status, _ = fetch(anon, room.base + path)
        assert status in (302, 403)


@pytest.mark.browser
def test_a_forged_host_is_refused(room):
    opener = room.opener()
    for host in ("evil.example", f"evil.example:{room.port}", "127.0.0.1.evil.example"):
        status, body = fetch(opener, f"{room.base}/voila/render/index.ipynb", {"Host": host})
        assert status == 400 and "does not answer that name" in body
    status, _ = fetch(opener, f"{room.base}/voila/render/index.ipynb")
    assert status == 200


@pytest.mark.browser
def test_no_listing_no_contents_no_files(room):
    opener = room.opener()
    for path in (
        "/voila/tree",
        "/voila/tree/",
        "/voila/api/contents",
        "/voila/api/contents/index.ipynb",
        "/voila/files/index.ipynb",
        "/voila/render/../../etc/passwd",
        "/api/contents",
        "/api/kernels",
        "/api/sessions",
        "/voila/query/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12,
    ):
        status, body = fetch(opener, room.base + path)
        assert status == 404, path
        assert "index.ipynb" not in body and "calculator.ipynb" not in body


@pytest.mark.browser
def test_a_cross_origin_websocket_is_refused(room, participant):
    page = participant()
    kernel_id = open_calculator(page, room)
    cookie = next(c for c in page.context.cookies() if c["name"] == gate.COOKIE)
    url = f"ws://127.0.0.1:{room.port}/api/kernels/{kernel_id}/channels"

    async def connect(origin: str) -> int:
        request = tornado.httpclient.HTTPRequest(
            url, headers={"Cookie": f"{gate.COOKIE}={cookie['value']}", "Origin": origin}
        )
        try:
            socket_ = await tornado.websocket.websocket_connect(request)
        except tornado.httpclient.HTTPClientError as error:
            return error.code
        socket_.close()
        return 101

    def attempt(origin: str) -> int:  # in its own thread: Playwright holds this one's loop
        with ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, connect(origin)).result()

    assert attempt("http://evil.example") == 403
    assert attempt(f"http://localhost.evil.example:{room.port}") == 403
    assert attempt(room.base) == 101  # the same cookie from the room's own page
    # and from a page on another origin in the browser itself
    other = page.context.new_page()
    other.goto("about:blank")
    result = other.evaluate(
        """url => new Promise(done => { const ws = new WebSocket(url);
             ws.onopen = () => done('open'); ws.onerror = () => done('refused'); })""",
        url,
    )
    assert result == "refused"
    other.close()


# -- what participants see -------------------------------------------------------------------
@pytest.mark.browser
def test_a_participant_never_sees_another_participants_saves(room, participant):
    alice, bob = participant(), participant()
    open_calculator(alice, room, "ramp_up")
    field(alice, "Scenario name").fill("Alice private plan")
    alice.get_by_role("button", name="Save scenario").click()
    alice.locator(".guidance-trainer-status", has_text="Saved 'Alice private plan'").wait_for()
    alice.close()
    open_calculator(bob, room, "ramp_up")
    options = picker_options(bob)
    assert not any("Alice private plan" in o for o in options)
    assert "Evidence defaults" in options, options
    assert "trainer-files" not in bob.content() and str(room.files) not in bob.content()
    # the participant's own save is there for them on a new page
    again = alice.context.new_page()
    open_calculator(again, room, "ramp_up")
    options = picker_options(again)
    assert any("Alice private plan" in o for o in options)
    saved = list((room.files / "room").glob("*/ramp_up-alice-private-plan.json"))
    assert len(saved) == 1  # in Alice's own folder only


@pytest.mark.browser
def test_the_room_full_page_and_a_closed_tabs_kernel_stops_within_a_minute(room, participant):
    opener = room.opener()
    time.sleep(10)  # earlier tests' closed tabs have given their places back
    pages, kernels = [], []
    for _ in range(PLACES):
        page = participant()
        kernels.append(open_calculator(page, room, "ramp_up"))
        pages.append(page)
    late = participant()
    late.goto(f"{room.base}/voila/render/calculator.ipynb?name=ramp_up")
    assert late.get_by_role("heading", name="The room is full").is_visible()
    assert late.locator(".guidance-summary").count() == 0
    # closing a tab frees its place: its kernel is stopped within a minute
    assert kernel_alive(room, opener, kernels[0])
    pages[0].close()
    closed = time.monotonic()
    while kernel_alive(room, opener, kernels[0]):
        assert time.monotonic() - closed < 60, "the closed tab's kernel outlived a minute"
        time.sleep(0.5)
    assert all(kernel_alive(room, opener, k) for k in kernels[1:])  # open tabs keep theirs
    open_calculator(late, room, "ramp_up")  # and the late participant gets in


# -- the gate's bookkeeping (no browser) -----------------------------------------------------
def test_due_kernels_closed_unconnected_and_idle():
    s = gate.GateSettings("127.0.0.1:1", "t", "CODE", frozenset({"127.0.0.1:2"}), 2, 5, 60, 600)
    r = gate.Room(s)
    r.rendered("closed")
    r.connected("closed", "ws1")
    r.disconnected("closed", "ws1")
    r.rendered("never")
    r.connected("open", "ws2")
    now = time.monotonic()
    assert r.due(now) == []
    assert r.full()
    assert dict(r.due(now + 6)) == {"closed": "closed"}
    assert dict(r.due(now + 61)) == {"closed": "closed", "never": "never connected"}
    assert dict(r.due(now + 601))["open"] == "idle"


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"code": ""}, "code must be"),
        ({"max_kernels": 0}, "max_kernels must be 1 or more"),
        ({"max_kernels": 2.5}, "max_kernels must be a whole number"),
        ({"grace": -1}, "grace must be a positive"),
    ],
)
def test_gate_settings_name_what_is_allowed(kwargs, words):
    base = {
        "upstream": "127.0.0.1:1",
        "upstream_token": "t",
        "code": "CODE",
        "hosts": frozenset(),
    }
    with pytest.raises((TypeError, ValueError)) as error:
        gate.GateSettings(**{**base, **kwargs})
    assert words in str(error.value)


def test_room_options_are_checked(capsys):
    assert trainer.main(["--room", "--places", "0", "--app-dir", str(ROOT / "app")]) == 2
    assert "--places must be a whole number from 1 to 500; got 0" in capsys.readouterr().err
    assert trainer.main(["--room", "--code", "<x>", "--app-dir", str(ROOT / "app")]) == 2
    assert "--code must be 4 to 40 letters" in capsys.readouterr().err
