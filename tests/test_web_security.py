"""The protection of the served pages (``guidance.frontends.web.security``), over HTTP.

Each mode's :class:`Guard` wraps a minimal Starlette app here, so these tests pin the
checks themselves; ``test_web_room.py`` drives the same checks on the real pages, over
a real server on 127.0.0.1.
"""

from __future__ import annotations

import time

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from guidance.frontends.web import security as s

PORT = 8731
BASE = f"http://127.0.0.1:{PORT}"
CODE = "K7QMX-3PD4R"


async def _hello(request):
    return PlainTextResponse(f"inside {request.method}")


async def _upload(request):
    body = await request.body()
    return PlainTextResponse(f"got {len(body)} bytes")


INNER = Starlette(
    routes=[
        Route("/", _hello, methods=["GET", "POST"]),
        Route("/calculators/{name}", _hello),
        Route("/upload", _upload, methods=["POST"]),
        Route("/static/app.css", _hello),
        Route("/healthz", _hello),
    ]
)


def client(mode: str = "local", **settings) -> TestClient:
    hosts = settings.pop("hosts", s.loopback_hosts(PORT) | {f"192.0.2.10:{PORT}"})
    code = CODE if mode == "room" else ""
    protection = s.Protection(mode=mode, hosts=hosts, code=code, **settings)
    return TestClient(s.Guard(INNER, protection), base_url=BASE, follow_redirects=False)


def join(c: TestClient, code: str = CODE):
    return c.post("/code", data={"code": code, "next": "/"}, headers={"origin": BASE})


# -- Host ------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", s.MODES)
def test_a_forged_host_is_refused_in_every_mode(mode):
    c = client(mode, hosts=s.loopback_hosts(PORT))
    for host in ("evil.example", f"evil.example:{PORT}", "127.0.0.1:1", "", "[::1"):
        response = c.get("/", headers={"host": host})
        assert response.status_code == 400, host
        assert "does not answer to that address" in response.text
        assert "inside" not in response.text


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "LOCALHOST"])
def test_the_servers_own_names_are_answered(host):
    response = client().get("/", headers={"host": f"{host}:{PORT}"})
    assert response.status_code == 200 and response.text == "inside GET"


def test_a_public_site_answers_its_names_on_any_port_and_probes_by_any_address():
    c = client("public", hosts=frozenset({"guide.example.org", "127.0.0.1"}))
    assert c.get("/", headers={"host": "guide.example.org"}).status_code == 200
    assert c.get("/", headers={"host": "10.1.2.3:8080"}).status_code == 400
    # a platform's probe asks by the container's own address: only the health check answers
    assert c.get("/healthz", headers={"host": "10.1.2.3:8080"}).status_code == 200
    assert c.get("/calculators/x", headers={"host": "10.1.2.3:8080"}).status_code == 400


# -- security headers ------------------------------------------------------------------------
@pytest.mark.parametrize("mode", s.MODES)
def test_every_response_carries_the_security_headers(mode):
    c = client(mode)
    responses = [
        c.get("/"),
        c.get("/missing"),
        c.get("/", headers={"host": "evil.example"}),
        c.post("/", headers={"origin": "http://evil.example"}),
        c.get("/code"),
    ]
    for response in responses:
        h = response.headers
        assert h["x-content-type-options"] == "nosniff"
        assert h["referrer-policy"] == "same-origin"
        csp = h["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp and "*" not in csp and "http" not in csp
        assert h["x-frame-options"] == "DENY"


# -- Origin on POST --------------------------------------------------------------------------
@pytest.mark.parametrize("mode", s.MODES)
def test_a_post_from_another_site_is_refused(mode):
    c = client(mode)
    if mode == "room":
        assert join(c).status_code == 303
    for headers in (
        {"origin": "http://evil.example"},
        {"origin": f"http://evil.example:{PORT}"},
        {"origin": "null"},
        {"sec-fetch-site": "cross-site"},
        {"referer": "http://evil.example/page"},
    ):
        response = c.post("/", headers=headers)
        assert response.status_code == 403, headers
        assert "inside" not in response.text
    assert c.post("/", headers={"origin": BASE}).text == "inside POST"
    assert c.post("/", headers={"sec-fetch-site": "same-origin"}).text == "inside POST"


# -- size ------------------------------------------------------------------------------------
def test_a_body_over_the_limit_is_refused_unread():
    c = client("public", max_body=1000)
    ok = c.post("/upload", content=b"x" * 1000, headers={"origin": BASE})
    assert ok.text == "got 1000 bytes"
    big = c.post("/upload", content=b"x" * 1001, headers={"origin": BASE})
    assert big.status_code == 413 and "at most 0.001 MB" in big.text

    def chunks():
        yield b"x" * 10

    unknown = c.post("/upload", content=chunks(), headers={"origin": BASE})
    assert unknown.status_code == 411


# -- rate (public) ---------------------------------------------------------------------------
def test_a_hammering_client_is_limited_but_static_files_and_health_are_not():
    c = client("public", rate="10/minute")
    for _ in range(10):
        assert c.get("/calculators/x").status_code == 200
    refused = c.get("/calculators/x")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "try again in" in refused.text
    for _ in range(20):
        assert c.get("/static/app.css").status_code == 200
        assert c.get("/healthz").status_code == 200


# -- the room's access code ------------------------------------------------------------------
def test_without_the_code_only_the_code_page_is_served():
    c = client("room")
    for path in ("/", "/calculators/ramp_up?months=6", "/static/app.css", "/healthz", "/x"):
        response = c.get(path)
        assert response.status_code == 303, path
        assert response.headers["location"].startswith("/code?next=")
        assert "inside" not in response.text
    page = c.get(c.get("/calculators/ramp_up?months=6").headers["location"])
    assert page.status_code == 200 and "Enter the room&#x27;s access code" in page.text
    assert 'value="/calculators/ramp_up?months=6"' in page.text
    for method in ("post", "put", "delete"):
        response = getattr(c, method)("/", headers={"origin": BASE})
        assert response.status_code == 403 and "inside" not in response.text


def test_the_right_code_sets_a_signed_http_only_cookie_and_goes_on():
    c = client("room")
    response = c.post(
        "/code",
        data={"code": " k7qmx 3pd4r ", "next": "/calculators/ramp_up?months=6"},
        headers={"origin": BASE},
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/calculators/ramp_up?months=6"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(s.COOKIE + "=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and CODE not in cookie
    assert c.get("/calculators/ramp_up").text == "inside GET"
    assert c.post("/", headers={"origin": BASE}).text == "inside POST"


def test_the_join_address_lets_a_participant_in_once():
    c = client("room")
    response = c.get(f"/code?code={CODE}")
    assert response.status_code == 303 and response.headers["location"] == "/"
    assert c.get("/").text == "inside GET"
    assert c.get("/code").status_code == 303  # already in: on to the pages


def test_a_cookie_from_another_room_or_forged_is_refused():
    other = client("room")
    join(other)
    stolen = other.cookies[s.COOKIE]
    c = client("room")  # a new start: a new secret
    for value in (stolen, "in", stolen[:-2] + "xx", ""):
        c.cookies.set(s.COOKIE, value)
        assert c.get("/").status_code == 303, value


def test_the_code_page_sends_nobody_to_another_site():
    c = client("room")
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = c.post("/code", data={"code": CODE, "next": target}, headers={"origin": BASE})
        assert response.headers["location"] == "/"


def test_a_code_typed_on_another_site_is_refused():
    c = client("room")
    response = c.post("/code", data={"code": CODE}, headers={"origin": "http://evil.example"})
    assert response.status_code == 403 and s.COOKIE not in response.headers.get("set-cookie", "")


def test_a_wrong_code_is_refused_slowly_with_the_error_pattern():
    c = client("room")
    began = time.monotonic()
    response = join(c, "WRONG-CODE1")
    waited = time.monotonic() - began
    assert response.status_code == 403
    assert waited >= 1.0  # the default delay
    assert "<title>Error: " in response.text and 'href="#code"' in response.text
    assert "That code is not right" in response.text
    assert "set-cookie" not in response.headers
    assert c.get("/").status_code == 303


def test_repeated_wrong_codes_are_limited_per_address_even_when_the_next_is_right():
    c = client("room", wrong_code_delay=0.0)
    for _ in range(5):
        assert join(c, "WRONG-CODE1").status_code == 403
    limited = join(c)
    assert limited.status_code == 429
    assert "Too many wrong codes" in limited.text
    assert 1 <= int(limited.headers["retry-after"]) <= 60
    assert c.get(f"/code?code={CODE}").status_code == 429  # the join address too
    assert c.get("/").status_code == 303


def test_another_address_is_not_held_up_by_a_guesser():
    protection = s.Protection(
        mode="room", hosts=s.loopback_hosts(PORT), code=CODE, wrong_code_delay=0.0
    )
    guard = s.Guard(INNER, protection)
    guesser = TestClient(guard, base_url=BASE, client=("192.0.2.66", 5000))
    for _ in range(6):
        guesser.post("/code", data={"code": "NOPE-NOPE1"}, headers={"origin": BASE})
    participant = TestClient(guard, base_url=BASE, client=("192.0.2.7", 5000))
    assert join(participant).status_code == 200  # followed the redirect inside
    assert participant.get("/").text == "inside GET"


def test_websockets_are_closed():
    c = client("local")
    with pytest.raises(Exception), c.websocket_connect("/"):  # noqa: B017 - closed at once
        pass


# -- the trainer's own code ------------------------------------------------------------------
@pytest.mark.parametrize(
    "code",
    ["----", "ROOM", "ABC1234", "ROOMROOM", "PASSWORD", "12345678", "AAAAAAAA", "ABCDEFGH",
     "QWERTYUIOP", "TRAINING", "ROOM-1234", "TRAINER1", "SESSION2026", "café-code-1"],
)  # fmt: skip
def test_a_short_or_guessable_code_is_refused_at_start(code):
    with pytest.raises(ValueError, match="access code"):
        s.check_code(code)


@pytest.mark.parametrize("code", ["K7QM-X3PD", "hj4k 9plx", "SE-ROOM-7Q3Z"])
def test_a_random_looking_code_is_accepted(code):
    assert s.check_code(code) == code


def test_generated_codes_pass_the_same_check():
    for _ in range(50):
        assert s.check_code(s.new_code())


def test_room_mode_without_a_code_does_not_start():
    with pytest.raises(ValueError, match="needs an access code"):
        s.Protection(mode="room", hosts=s.loopback_hosts(PORT), code=" - ")
    with pytest.raises(ValueError, match="mode must be one of"):
        s.Protection(mode="open", hosts=s.loopback_hosts(PORT))
