"""A calculator box's form, submitted in Chromium, opens the calculator's page with the inputs.

Each calculator's box is made as the book makes it (the ``text/html`` the built book shows,
with ``GUIDANCE_APP_URL`` pointing at a server of the pages on 127.0.0.1), put in a page
served from another port, and submitted in Chromium with "Calculate with your numbers":
the calculator's page must open with the box's values in its inputs and the same result
as the page's own address for them.
"""

from __future__ import annotations

import functools
import http.server
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from playwright.sync_api import sync_playwright
from support import CHROMIUM_ARGS as ARGS
from support import free_port

from guidance.calculators import DEFINITIONS
from guidance.files import applink
from guidance.frontends.widgets import all_calculators

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def pages():
    """The pages' server (local mode, as ``guidance serve`` starts it) on 127.0.0.1."""
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "guidance"), "serve", "--no-browser", "--port", str(port)],
        cwd=ROOT,
        env={**os.environ, "MPLBACKEND": "Agg"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, process.stderr.read()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert time.monotonic() < deadline, "the pages did not start"
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/"
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # our own session only
        process.wait()


@pytest.fixture(scope="module")
def book(pages, tmp_path_factory):
    """One page per calculator box, made with the pages' address, served on 127.0.0.1."""
    folder = tmp_path_factory.mktemp("book")
    saved = os.environ.get(applink.ENV_APP_URL)
    os.environ[applink.ENV_APP_URL] = pages
    try:
        for name, make in all_calculators().items():
            box = make()._repr_mimebundle_()["text/html"]
            (folder / f"{name}.html").write_text(
                f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{name}'
                f"</title></head><body><main>{box}</main></body></html>",
                encoding="utf-8",
            )
    finally:
        if saved is None:
            os.environ.pop(applink.ENV_APP_URL, None)
        else:
            os.environ[applink.ENV_APP_URL] = saved
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.browser
def test_every_box_form_opens_its_calculator_with_the_page_inputs(pages, book):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            asked: list[str] = []
            page.on("request", lambda r: asked.append(r.url))
            for name, definition in DEFINITIONS.items():
                asked.clear()
                page.goto(f"{book}{name}.html")
                assert not [u for u in asked if u.startswith(pages)], "sent before submitting"
                form = page.locator("form.guidance-app-form")
                assert form.count() == 1, name
                with page.expect_navigation():
                    form.get_by_role("button", name="Calculate with your numbers").click()
                assert page.url.startswith(f"{pages}calculators/{name}?"), page.url
                sent = dict(parse_qsl(urlsplit(page.url).query, keep_blank_values=True))
                defaults = definition.defaults()
                assert sent == {
                    **{
                        i.name: applink.encode_value(defaults[i.name], i) for i in definition.inputs
                    },
                    "v": str(definition.version),
                }, name
                for item in definition.inputs:  # the page opened with the box's values
                    shown = page.locator(f"[name='{item.name}']").first
                    assert shown.input_value() == sent[item.name], (name, item.name)
                assert page.locator(".govuk-error-summary").count() == 0, name
                assert page.locator(".guidance-summary").count() >= 1, name
        finally:
            browser.close()


@pytest.mark.slow
@pytest.mark.browser
def test_a_book_built_with_an_address_has_a_working_form_in_every_box(pages, tmp_path):
    """The whole book, built with the pages' address, in Chromium: every calculator box has
    a form, and each opens its calculator's page with the page's inputs."""
    done = subprocess.run(
        [str(BIN / "jupyter-book"), "build", str(ROOT), "--warningiserror", "--nitpick",
         "--keep-going", "--path-output", str(tmp_path)],
        capture_output=True, text=True, cwd=ROOT, timeout=1800,
        env={**os.environ, applink.ENV_APP_URL: pages, "GUIDANCE_PDF": "0"},
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    html = tmp_path / "_build" / "html"
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(html))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    book_url = f"http://127.0.0.1:{server.server_address[1]}/"
    opened = set()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            for chapter in sorted((html / "book").glob("ch*.html")):
                address = f"{book_url}book/{chapter.name}"
                page.goto(address)
                boxes = page.locator(".guidance-calculator").count()
                assert page.locator("form.guidance-app-form").count() == boxes, chapter.name
                for i in range(boxes):
                    page.goto(address)
                    with page.expect_navigation():
                        page.locator("form.guidance-app-form").nth(i).get_by_role(
                            "button", name="Calculate with your numbers"
                        ).click()
                    name = urlsplit(page.url).path.rsplit("/", 1)[-1]
                    d = DEFINITIONS[name]
                    sent = dict(parse_qsl(urlsplit(page.url).query, keep_blank_values=True))
                    defaults = d.defaults()
                    for item in d.inputs:
                        assert sent[item.name] == applink.encode_value(defaults[item.name], item)
                    assert page.locator(".govuk-error-summary").count() == 0, name
                    assert page.locator(".guidance-summary").count() >= 1, name
                    opened.add(name)
            browser.close()
    finally:
        server.shutdown()
    assert opened == set(DEFINITIONS)
