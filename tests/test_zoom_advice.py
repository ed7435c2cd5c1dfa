"""The facilitator notes' zoom advice, checked on the web pages a trainer opens.

``scripts/trainer-app`` serves every calculator as a web page (``guidance serve``). This
starts that server on 127.0.0.1, opens calculators with wide results in Debian's Chromium
on each projected screen the notes name (``PROJECTOR_SCREENS``) at each zoom they advise
(``PROJECTOR_ZOOM``), and checks that nothing is drawn over anything else and that the page
does not scroll sideways (``layout_check.OVERLAPS``).
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from layout_check import OVERLAPS
from playwright import sync_api as playwright
from support import CHROMIUM_ARGS as ARGS
from support import free_port

from guidance.frontends.web.pages import PROJECTOR_SCREENS, PROJECTOR_ZOOM

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CALCULATORS = ["service_sizing", "payment_simulator", "service_benchmark", "benefit_ledger"]


@pytest.fixture(scope="module")
def web_pages():
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "guidance", "serve", "--port", str(port), "--no-browser"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    deadline = time.monotonic() + 120
    try:
        while True:
            assert proc.poll() is None, "guidance serve stopped: " + proc.stdout.read()
            try:
                with opener.open(base + "/", timeout=10):
                    break
            except OSError:
                assert time.monotonic() < deadline, "the web pages did not start"
                time.sleep(0.25)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian chromium is not installed: run scripts/setup-env test")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.mark.parametrize("screen", PROJECTOR_SCREENS)
def test_zoom_advice_fits_projector_screens(chromium, web_pages, screen):
    width, height = screen
    for zoom in PROJECTOR_ZOOM:
        context = chromium.new_context(
            viewport={"width": round(width / zoom), "height": round(height / zoom)},
            device_scale_factor=zoom,
        )
        page = context.new_page()
        try:
            for name in CALCULATORS:
                page.goto(f"{web_pages}/calculators/{name}", wait_until="load")
                found = page.evaluate(OVERLAPS)
                where = f"{name} at {zoom:.0%} on {width}x{height}"
                if found["sideways"] or found["overlaps"]:
                    shot = Path(f"/tmp/zoom-{name}-{width}-{round(zoom * 100)}.png")
                    page.screenshot(path=str(shot), full_page=True)
                    where += f" (screenshot {shot})"
                assert not found["sideways"], f"{where} scrolls sideways"
                assert not found["overlaps"], f"{where}: {found['overlaps'][:3]}"
        finally:
            context.close()
