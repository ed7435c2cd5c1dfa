"""The room, as participants meet it: a real room server on 127.0.0.1, over HTTP and in Chromium.

The server is started as ``scripts/trainer-app --room`` starts it (``guidance serve --room``),
with ``--address 127.0.0.1`` so that it listens on loopback only. The checks themselves are
pinned in ``test_web_security.py``; these show them on the real pages.
"""

from __future__ import annotations

import http.client
import os
import select
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from playwright.sync_api import sync_playwright
from support import CHROMIUM_ARGS as ARGS
from support import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CODE = "TEST7-Q3ZK9"
CHROMIUM = "/usr/bin/chromium"


def _start(port: int, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "guidance"), "serve", "--room", "--address", "127.0.0.1", "--port", str(port),
         *extra],
        cwd=ROOT,
        env={**os.environ, "MPLBACKEND": "Agg"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )  # fmt: skip


def _stop(process: subprocess.Popen) -> tuple[str, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            return process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # our own session only
    return process.communicate()


@pytest.fixture(scope="module")
def room():
    port = free_port()
    process = _start(port, "--code", CODE)
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, process.communicate()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            assert time.monotonic() < deadline, "the room did not start"
            time.sleep(0.2)
    yield port, process
    out, _ = _stop(process)
    assert "Traceback" not in out


def request(port, method, path, headers=None, body=None):
    """One HTTP request to the room on 127.0.0.1; (status, headers, text)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": f"127.0.0.1:{port}",
                                                             **(headers or {})})  # fmt: skip
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def joined(port) -> dict[str, str]:
    """A participant's cookie header after the join address."""
    status, headers, _ = request(port, "GET", f"/code?code={CODE}")
    assert status == 303
    return {"Cookie": headers["set-cookie"].split(";")[0]}


def test_the_room_prints_its_join_address_code_and_qr(room):
    port, process = room
    # the announcement is printed once the server answers
    # read the pipe's bytes with select (a text stream's read() on a non-blocking pipe can
    # fail half-way through a line)
    fd = process.stdout.fileno()
    data = b""
    deadline = time.monotonic() + 20
    while b"Press Ctrl+C" not in data and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            data += chunk
    text = data.decode("utf-8", "replace")
    assert f"http://127.0.0.1:{port}/code?code={CODE}" in text
    assert "█" in text  # the QR code
    assert "Nothing participants type or upload is kept on this computer" in text


def test_without_the_code_only_the_code_page_is_served(room):
    port, _ = room
    for path in ("/", "/calculators/ramp_up", "/calculators/ramp_up?annual_starters=400",
                 "/healthz", "/static/", "/nothing"):  # fmt: skip
        status, headers, body = request(port, "GET", path)
        assert status == 303 and headers["location"].startswith("/code?next="), path
        assert "Year 1 target" not in body
    status, _, body = request(port, "GET", "/code")
    assert status == 200 and "Enter the room" in body and "Year 1 target" not in body


def test_a_forged_host_is_refused(room):
    port, _ = room
    for host in ("evil.example", f"evil.example:{port}", f"127.0.0.1:{port + 1}"):
        status, _, body = request(port, "GET", "/", headers={"Host": host})
        assert status == 400, host
    status, _, _ = request(port, "GET", "/", headers={"Host": f"localhost:{port}"})
    assert status == 303  # its own name: on to the code page


def test_a_cross_origin_post_is_refused(room):
    port, _ = room
    cookie = joined(port)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    status, _, _ = request(port, "POST", "/code", {**form, "Origin": "http://evil.example"},
                           urlencode({"code": CODE}))  # fmt: skip
    assert status == 403
    status, _, _ = request(port, "POST", "/calculators/monitoring_dashboard",
                           {**cookie, **form, "Origin": "http://evil.example"}, "x=1")  # fmt: skip
    assert status == 403


def test_every_response_carries_the_security_headers(room):
    port, _ = room
    cookie = joined(port)
    for path, headers in (("/", {}), ("/code", {}), ("/calculators/ramp_up", cookie),
                          ("/nothing", cookie), ("/static/app.css", {})):  # fmt: skip
        _, h, _ = request(port, "GET", path, headers)
        assert "default-src 'self'" in h["content-security-policy"], path
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "same-origin"


def test_no_directory_is_listed(room):
    port, _ = room
    cookie = joined(port)
    status, headers, _ = request(port, "GET", "/static", cookie)
    assert status == 307 and headers["location"].endswith("/static/")
    for path in ("/static/", "/calculators/", "/templates/"):
        status, _, body = request(port, "GET", path, cookie)
        assert status == 404 and "There is no page at this address" in body, path
        assert "Index of" not in body and 'href="app.css"' not in body


def test_the_right_code_lets_a_participant_in_with_a_signed_http_only_cookie(room):
    port, _ = room
    status, headers, _ = request(port, "GET", f"/code?code={CODE}&next=/calculators/ramp_up")
    assert status == 303 and headers["location"] == "/calculators/ramp_up"
    cookie = headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and CODE not in cookie
    status, _, body = request(port, "GET", "/calculators/ramp_up",
                              {"Cookie": cookie.split(";")[0]})  # fmt: skip
    assert status == 200 and "Year 1 target" in body


def test_wrong_codes_are_refused_slowed_and_then_limited(room):
    """Its own server: the wrong codes here must not lock the other tests out."""
    port = free_port()
    process = _start(port, "--code", CODE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        times = []
        for _ in range(5):
            began = time.monotonic()
            status, headers, body = request(port, "GET", "/code?code=WRONG-CODE-1")
            times.append(time.monotonic() - began)
            assert status == 403 and "That code is not right" in body
            assert "set-cookie" not in {k.lower() for k in headers}
        assert min(times) >= 1.0  # each wrong code waits a second
        status, headers, body = request(port, "GET", f"/code?code={CODE}")
        assert status == 429 and "Too many wrong codes" in body  # even the right one, now
        assert int(headers["retry-after"]) > 0
    finally:
        _stop(process)


@pytest.mark.parametrize("code", ["----", "ROOM", "ROOMROOM", "12345678"])
def test_a_trainers_guessable_code_is_refused_at_start(code):
    done = subprocess.run(
        [str(BIN / "guidance"), "serve", "--room", "--address", "127.0.0.1", "--port",
         str(free_port()), f"--code={code}"],
        capture_output=True, text=True, timeout=60, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 2
    assert "access code" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.browser
def test_a_participant_in_chromium_sees_only_the_code_page_then_the_calculator(room):
    port, _ = room
    base = f"http://127.0.0.1:{port}"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            page = browser.new_page()
            refused = []
            page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text
                    else None)  # fmt: skip
            page.goto(f"{base}/calculators/ramp_up?annual_starters=400")
            assert page.url.startswith(f"{base}/code?next=")
            assert page.locator("h1").inner_text() == "Enter the room's access code"
            assert page.locator(".guidance-summary").count() == 0
            page.fill("#code", "WRONG-CODE-1")
            with page.expect_navigation():
                page.click("text=Join the room")
            assert page.title().startswith("Error: ")
            assert "That code is not right" in page.locator(".govuk-error-summary").inner_text()
            page.fill("#code", CODE.lower())
            page.click("text=Join the room")
            page.wait_for_url(f"{base}/calculators/ramp_up?annual_starters=400")
            assert "Year 1 target" in page.locator(".guidance-summary").first.inner_text()
            cookies = page.context.cookies()
            assert [c["httpOnly"] for c in cookies] == [True]
            # the figures' colours (style attributes of inline SVG) are not blocked
            assert page.locator(".guidance-figure svg").count() >= 1
            pairs = page.evaluate(
                """() => [...document.querySelectorAll('.guidance-figure svg [style*="fill: #"]')]
                  .slice(0, 20).map(e => [e.getAttribute('style').match(/fill: (#[0-9a-f]{6})/)[1],
                                          getComputedStyle(e).fill])"""
            )
            assert pairs
            for hex_colour, computed in pairs:
                r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
                assert computed == f"rgb({r}, {g}, {b})", (hex_colour, computed)
            assert refused == []
        finally:
            browser.close()


def test_a_participants_upload_leaves_no_file_on_the_server(monkeypatch, tmp_path):
    """Every way Python writes a file is closed off while a participant uploads a return;
    the room answers with the file's result, and nothing is left in the server's folders."""
    import builtins
    import tempfile

    from starlette.testclient import TestClient

    from guidance.calculators import get
    from guidance.frontends.web import Settings, create_app

    written: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def no_write_open(file, mode="r", *args, **kwargs):
        if any(m in mode for m in "wax+"):
            written.append(f"open({file!r}, {mode!r})")
            raise AssertionError(f"the server wrote {file!r}")
        return real_open(file, mode, *args, **kwargs)

    def no_create(path, flags, *args, **kwargs):
        if flags & (os.O_CREAT | os.O_WRONLY | os.O_RDWR | getattr(os, "O_TMPFILE", 0)):
            written.append(f"os.open({path!r})")
            raise AssertionError(f"the server created {path!r}")
        return real_os_open(path, flags, *args, **kwargs)

    def refuse(name):
        def call(*args, **kwargs):
            written.append(name)
            raise AssertionError(f"the server asked for a temporary file ({name})")

        return call

    folder = tmp_path / "server"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    port = 8736
    app = create_app(Settings(mode="room", port=port, code=CODE))
    client = TestClient(app, base_url=f"http://127.0.0.1:{port}")
    client.get(f"/code?code={CODE}")
    d = get("monitoring_dashboard")
    example = next(make for name, make, _ in d.upload.downloads if name.endswith(".csv"))
    content = example().encode("utf-8")
    big = content + b"\n" * (2 * 2**20)  # over Starlette's 1 MB spooling threshold
    with monkeypatch.context() as m:
        m.setattr(builtins, "open", no_write_open)
        m.setattr(os, "open", no_create)
        for name in ("TemporaryFile", "NamedTemporaryFile", "mkstemp", "mkdtemp"):
            m.setattr(tempfile, name, refuse(name))
        m.setattr(tempfile.SpooledTemporaryFile, "rollover", refuse("rollover"))
        origin = {"origin": f"http://127.0.0.1:{port}"}
        for body in (content, big):
            response = client.post(
                "/calculators/monitoring_dashboard",
                files={"file": ("our-return.csv", body, "text/csv")},
                data={"v": "1"},
                headers=origin,
            )
            assert response.status_code in (200, 400), response.text[:500]
            assert "Traceback" not in response.text
    assert written == []
    assert list(folder.iterdir()) == []
    assert "our-return.csv" in response.text  # it was read
