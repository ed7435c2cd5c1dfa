"""Protection for the web pages wherever they are served: this computer, a room, a public site.

:class:`Guard` is one ASGI middleware around the Starlette app. A request meets its checks in
this order:

1. **Host**: the ``Host`` header must name one of the server's own addresses
   (:func:`host_allowed`), so a web page elsewhere cannot reach the server by DNS
   rebinding. A public site's health check (:attr:`Protection.health_path`) is exempt:
   a platform's probe asks by the container's own address and gets only "ok".
2. **Rate** (public): more than :attr:`Protection.rate` requests from one address are
   refused with 429 and ``Retry-After``; a busy morning of commissioners stays far below it.
3. **Origin**: a POST (or any method other than GET, HEAD and OPTIONS) must come from a
   page of this server (:func:`same_origin`); other web sites are refused with 403.
4. **Size**: a request body larger than :attr:`Protection.max_body`, or of unknown length,
   is refused before it is read (413, 411).
5. **Access code** (room): without the room's cookie only the code page (``/code``) is
   served; the right code, typed once or in the join address, sets a signed HTTP-only
   cookie. Wrong codes are answered slowly and limited per address
   (:attr:`Protection.code_attempts`).
6. **Headers** on every response (:data:`SECURITY_HEADERS`): a Content-Security-Policy
   that allows only the server's own origin and no framing by other sites, ``nosniff``,
   no referrer to other sites.

Nothing here stores or logs what a person types or uploads.

Rate limits use the `limits` library and signed cookies `itsdangerous`; the Host and Origin
checks are a few lines of our own, because Starlette's ``TrustedHostMiddleware`` drops the
port and misreads IPv6 addresses such as ``[::1]:8730``, and a same-origin check on
``Origin`` needs no token in the pages.

Example
-------
>>> p = Protection(mode="room", hosts=frozenset({"127.0.0.1:8730"}), code="K7QM-X3PD-4R")
>>> host_allowed("127.0.0.1:8730", p.hosts), host_allowed("evil.example:8730", p.hosts)
(True, False)
>>> check_code("ROOM")
Traceback (most recent call last):
...
ValueError: The access code must have at least 8 letters or digits; got 4.
"""

from __future__ import annotations

import asyncio
import hmac
import html
import secrets
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from itsdangerous import BadSignature, URLSafeTimedSerializer
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter, SlidingWindowCounterRateLimiter
from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

__all__ = [
    "CODE_ALPHABET",
    "CODE_PATH",
    "COOKIE",
    "MODES",
    "SECURITY_HEADERS",
    "Guard",
    "Protection",
    "check_code",
    "host_allowed",
    "loopback_hosts",
    "new_code",
    "normalise_code",
    "same_origin",
]

MODES = ("local", "room", "public")
"""Where the pages are served: this computer only, a room's network, or a public site."""

CODE_PATH = "/code"
"""The room's code page: the only page served without the room's cookie."""

COOKIE = "guidance_room"
"""The signed cookie that says this browser has entered the room's code."""

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Letters and digits of a generated code: no I, O, 0 or 1, which are easily misread."""

SECURITY_HEADERS: dict[str, str] = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; object-src 'none'"
    ),
    "x-content-type-options": "nosniff",
    # nothing to other sites (an address holds a person's inputs); "no-referrer" would also
    # make browsers send "Origin: null" with the pages' own forms, which the Origin check
    # must refuse
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}
"""Sent with every response (a header the app set itself is kept).

Styles may also be inline: the figures are inline SVG drawn by matplotlib, whose colours
are ``style`` attributes. Scripts may not: only the app's own script files run.
"""

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_CODE_WORDS = [
    "room", "trainer", "training", "session", "workshop", "guidance", "calculator", "code",
    "supported", "employment", "commissioning", "ips", "seqf", "access", "password",
]  # fmt: skip


def new_code(length: int = 10) -> str:
    """A fresh access code: ``length`` letters and digits in groups of five.

    50 bits for the default length: far beyond guessing at a few tries a minute.

    >>> code = new_code()
    >>> len(code), code[5], set(code) <= set(CODE_ALPHABET + "-")
    (11, '-', True)
    """
    chars = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
    return "-".join(chars[i : i + 5] for i in range(0, length, 5))


def normalise_code(typed: str) -> str:
    """A code as compared: capitals, without spaces or dashes.

    >>> normalise_code(" k7qm-x3pd 4r ")
    'K7QMX3PD4R'
    """
    return "".join(ch for ch in typed.upper() if ch not in " -\t")


def check_code(code: str) -> str:
    """A trainer's own access code, checked: at least 8 letters or digits, not guessable.

    Guessability is judged by zxcvbn (score 2 or more: over a million guesses), which
    knows common words, keyboard runs, repeats and sequences, and here also the room's
    own words (room, trainer, session...).

    Returns
    -------
    str
        The code as given (stripped).

    Raises
    ------
    ValueError
        With a plain message saying what is allowed.

    Examples
    --------
    >>> check_code("K7QM-X3PD")
    'K7QM-X3PD'
    >>> check_code("ROOMROOM")
    Traceback (most recent call last):
    ...
    ValueError: The access code 'ROOMROOM' is too easy to guess (a word, a run of keys, a \
repeat or a sequence); use a new one of random letters and digits, or leave out --code to \
get one.
    """
    code = str(code).strip()
    plain = normalise_code(code)
    if not plain.isascii() or not plain.isalnum():
        raise ValueError(
            f"The access code may have only letters, digits, spaces and dashes; got {code[:40]!r}."
        )
    if len(plain) < 8:
        raise ValueError(
            f"The access code must have at least 8 letters or digits; got {len(plain)}."
        )
    if len(plain) > 40:
        raise ValueError("The access code must have at most 40 letters or digits.")
    # imported here: its word lists take about 10 MB in every worker, and only a room's
    # start judges a code
    from zxcvbn import zxcvbn

    if zxcvbn(plain.lower(), user_inputs=_CODE_WORDS)["score"] < 2:
        raise ValueError(
            f"The access code {code!r} is too easy to guess (a word, a run of keys, a repeat "
            "or a sequence); use a new one of random letters and digits, or leave out --code "
            "to get one."
        )
    return code


def _split_host(value: str) -> tuple[str, str]:
    """(name, port) of a Host header or an allowed entry; the port is '' when absent.

    >>> _split_host("[::1]:8730"), _split_host("Guide.Example."), _split_host("a:1")
    (('[::1]', '8730'), ('guide.example', ''), ('a', '1'))
    """
    value = value.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        if end < 0:
            return "", ""
        name, rest = value[: end + 1], value[end + 1 :]
        port = rest[1:] if rest.startswith(":") else ""
        if rest and not rest.startswith(":"):
            return "", ""
    else:
        name, _, port = value.partition(":")
    return name.rstrip("."), port


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    """Whether a ``Host`` header names one of the allowed addresses.

    An allowed entry ``name:port`` matches that port only; a bare ``name`` any port (a
    public site behind a load balancer).

    >>> host_allowed("127.0.0.1:8730", {"127.0.0.1:8730"})
    True
    >>> host_allowed("127.0.0.1:9999", {"127.0.0.1:8730"}), host_allowed("", {"a"})
    (False, False)
    >>> host_allowed("GUIDE.example.org", {"guide.example.org"})
    True
    >>> host_allowed("[::1]:8730", {"[::1]:8730"}), host_allowed("evil.example", {"[::1]"})
    (True, False)
    """
    name, port = _split_host(host)
    if not name or (port and not port.isdigit()):
        return False
    for entry in allowed:
        want_name, want_port = _split_host(entry)
        if name == want_name and (not want_port or want_port == port):
            return True
    return False


def loopback_hosts(port: int) -> frozenset[str]:
    """This computer's own names for a server on ``port``.

    >>> sorted(loopback_hosts(8730))
    ['127.0.0.1:8730', '[::1]:8730', 'localhost:8730']
    """
    return frozenset(f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]"))


def _without_default_port(netloc: str) -> str:
    netloc = netloc.lower().rstrip(".")
    for suffix in (":80", ":443"):
        if netloc.endswith(suffix):
            return netloc[: -len(suffix)]
    return netloc


def same_origin(headers: Headers) -> bool:
    """Whether a request that changes something comes from a page of this server.

    ``Origin`` (sent by browsers with every POST) must name the host the request was
    sent to; ``null`` (a sandboxed or redirected page) is refused. Without ``Origin``,
    ``Sec-Fetch-Site`` must say same-origin, and a ``Referer`` must be of this host; a
    request with none of them is not from a browser (a script with its own
    address: nothing to forge).

    >>> h = lambda **kw: Headers({k.replace("_", "-"): v for k, v in kw.items()})
    >>> same_origin(h(host="127.0.0.1:8730", origin="http://127.0.0.1:8730"))
    True
    >>> same_origin(h(host="guide.example", origin="https://guide.example"))
    True
    >>> same_origin(h(host="127.0.0.1:8730", origin="http://evil.example"))
    False
    >>> same_origin(h(host="127.0.0.1:8730", origin="null"))
    False
    >>> same_origin(h(host="127.0.0.1:8730", sec_fetch_site="cross-site"))
    False
    >>> same_origin(h(host="127.0.0.1:8730"))
    True
    """
    host = _without_default_port(headers.get("host", ""))
    origin = headers.get("origin")
    if origin is not None:
        parts = urlsplit(origin.strip())
        return parts.scheme in ("http", "https") and _without_default_port(parts.netloc) == host
    site = headers.get("sec-fetch-site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    referer = headers.get("referer")
    if referer is not None:
        return _without_default_port(urlsplit(referer).netloc) == host
    return True


def _local_path(target: str) -> str:
    """A path on this server to go to after the code page; '/' for anything else.

    >>> _local_path("/calculators/ramp_up?months=6"), _local_path("//evil.example/")
    ('/calculators/ramp_up?months=6', '/')
    >>> _local_path("https://evil.example/"), _local_path("/\\\\evil.example")
    ('/', '/')
    """
    if not target.startswith("/") or target.startswith(("//", "/\\")) or "\\" in target:
        return "/"
    if any(ord(ch) < 32 for ch in target):
        return "/"
    return target


@dataclass(frozen=True)
class Protection:
    """How the pages are protected in one mode.

    Parameters
    ----------
    mode : {"local", "room", "public"}
        This computer only, a room's network (with an access code), or a public site.
    hosts : frozenset of str
        The addresses the server answers to (``name`` or ``name:port``); 127.0.0.1
        belongs among them so that tests can reach every mode.
    code : str
        Room mode's access code (checked with :func:`check_code` by whoever starts the
        room); unused in the other modes.
    secret : bytes
        Signs the room's cookies; a new random one for each start (so a cookie is good
        only until the room closes). Workers of one server must share it.
    max_body : int
        The largest request body in bytes (uploads): larger ones are refused unread.
    rate : str
        Requests allowed per client address (``limits`` notation, ``"20/second;600/minute"``);
        empty: no limit. Static files and the health check do not count.
    code_attempts : str
        Wrong codes allowed per address before further tries wait (``limits`` notation).
    wrong_code_delay : float
        Seconds before a wrong code is answered.
    open_paths : tuple of str
        Path prefixes served without the room's cookie (the code page's style sheet).
    health_path : str
        The health check: answered without the Host check in public mode.
    cookie_hours : float
        How long the room's cookie lasts (the room's secret also ends with the server).
    csp : str
        The Content-Security-Policy (default in :data:`SECURITY_HEADERS`).
    """

    mode: str
    hosts: frozenset[str]
    code: str = ""
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    max_body: int = 8_000_000
    rate: str = ""
    code_attempts: str = "5/minute;30/hour"
    wrong_code_delay: float = 1.0
    open_paths: tuple[str, ...] = ()
    health_path: str = "/healthz"
    cookie_hours: float = 12.0
    csp: str = SECURITY_HEADERS["content-security-policy"]

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}; got {self.mode!r}")
        if not self.hosts:
            raise ValueError("hosts must name at least one address the server answers to")
        if self.mode == "room" and not normalise_code(self.code):
            raise ValueError("room mode needs an access code")
        if len(self.secret) < 16:
            raise ValueError("secret must be at least 16 random bytes")
        if not 0 < self.max_body <= 1_000_000_000:
            raise ValueError(f"max_body must be 1 to 1,000,000,000 bytes; got {self.max_body}")
        for text in (self.rate, self.code_attempts):
            if text:
                parse_many(text)  # a bad rate stops the start, with the library's message


CodePage = Callable[[str, str], str]
"""Renders the code page's HTML from (error message or '', path to go to afterwards)."""


def plain_code_page(error: str, next_path: str) -> str:
    """The room's code page, following the GOV.UK error pattern; no script, no style.

    >>> "Error: " in plain_code_page("That code is not right.", "/")
    True
    """
    title = ("Error: " if error else "") + "Enter the room's access code"
    summary = note = ""
    invalid = ""
    if error:
        summary = (
            '<div class="govuk-error-summary" role="alert" tabindex="-1">'
            '<h2 class="govuk-error-summary__title">There is a problem</h2>'
            f'<ul class="govuk-error-summary__list"><li><a href="#code">{html.escape(error)}'
            "</a></li></ul></div>"
        )
        note = f'<p id="code-error" class="govuk-error-message">Error: {html.escape(error)}</p>'
        invalid = ' aria-invalid="true" aria-describedby="code-error"'
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title></head><body><main>{summary}"
        "<h1>Enter the room's access code</h1>"
        "<p>This is a trainer's calculator room. Type the access code the trainer showed "
        "you, or scan the QR code on the trainer's screen.</p>"
        f'<form method="post" action="{CODE_PATH}" novalidate>'
        f'<input type="hidden" name="next" value="{html.escape(next_path)}">'
        f'<label for="code">Access code</label>{note}'
        f'<input id="code" name="code" autocomplete="off" autocapitalize="characters"'
        f' spellcheck="false"{invalid}> <button type="submit">Join the room</button>'
        "</form></main></body></html>"
    )


class Guard:
    """ASGI middleware: the checks of :class:`Protection` around ``app`` (see the module).

    Parameters
    ----------
    app : ASGI application
    protection : Protection
    code_page : callable, optional
        Renders the room's code page (:data:`CodePage`); default :func:`plain_code_page`.
    """

    def __init__(self, app, protection: Protection, code_page: CodePage | None = None):
        self.app = app
        self.protection = protection
        self.code_page = code_page or plain_code_page
        self._serializer = URLSafeTimedSerializer(protection.secret, salt="guidance-room")
        self._code = normalise_code(protection.code).encode()
        # in-process counters: one server process per container, and a room has one
        self._rate = parse_many(protection.rate) if protection.rate else []
        self._rate_limiter = SlidingWindowCounterRateLimiter(MemoryStorage())
        self._attempts = parse_many(protection.code_attempts) if protection.code_attempts else []
        self._attempt_limiter = MovingWindowRateLimiter(MemoryStorage())

    # -- the ASGI entry point --------------------------------------------------------------
    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # the pages use no websockets
            if scope["type"] == "websocket":
                await send({"type": "websocket.close", "code": 1008})
            return
        send = self._with_headers(send, scope)
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        if self.protection.mode == "room":
            await self._room(scope, receive, send)
            return
        await self.app(scope, receive, send)

    def _with_headers(self, send, scope):
        """``send`` that adds the security headers to the response's start."""
        extra = dict(SECURITY_HEADERS)
        extra["content-security-policy"] = self.protection.csp
        if _scheme(scope) == "https":
            extra["strict-transport-security"] = "max-age=31536000"

        async def sending(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [
                    (name.encode("latin-1"), value.encode("latin-1"))
                    for name, value in extra.items()
                    if name.encode("latin-1") not in present
                ]
                message = {**message, "headers": headers}
            await send(message)

        return sending

    # -- checks 1 to 4 ---------------------------------------------------------------------
    def _refusal(self, scope) -> Response | None:
        p = self.protection
        headers = Headers(scope=scope)
        path, method = scope["path"], scope["method"]
        health = p.mode == "public" and path == p.health_path and method in ("GET", "HEAD")
        if not health and not host_allowed(headers.get("host", ""), p.hosts):
            return _refuse(400, "This server does not answer to that address.")
        if self._rate and not self._counted_out(path):
            key = _client(scope)
            if not all(self._rate_limiter.hit(item, "rate", key) for item in self._rate):
                return _too_many(self._rate_limiter, self._rate, "rate", key, "requests")
        if method not in _SAFE_METHODS:
            if not same_origin(headers):
                return _refuse(403, "This server accepts forms only from its own pages.")
            length = headers.get("content-length")
            if length is None:
                if headers.get("transfer-encoding"):
                    return _refuse(411, "Send the file with its length.")
            elif not length.isdigit() or int(length) > p.max_body:
                return _refuse(
                    413,
                    f"That is too large: the server takes at most {p.max_body / 1e6:g} MB "
                    "at a time.",
                )
        return None

    def _counted_out(self, path: str) -> bool:
        return path == self.protection.health_path or path.startswith("/static/")

    # -- check 5: the room's access code ----------------------------------------------------
    def has_cookie(self, scope) -> bool:
        """Whether the request carries this room's valid, unexpired cookie."""
        value = _cookies(scope).get(COOKIE)
        if not value:
            return False
        try:
            self._serializer.loads(value, max_age=self.protection.cookie_hours * 3600)
        except BadSignature:  # wrong secret, tampered or expired
            return False
        return True

    async def _room(self, scope, receive, send) -> None:
        path = scope["path"]
        if path == CODE_PATH:
            response = await self._code_page(scope, receive)
        elif self.has_cookie(scope) or any(path.startswith(o) for o in self.protection.open_paths):
            await self.app(scope, receive, send)
            return
        elif scope["method"] in ("GET", "HEAD"):
            target = scope["path"] + (
                "?" + scope["query_string"].decode("latin-1") if scope["query_string"] else ""
            )
            response = RedirectResponse(f"{CODE_PATH}?next={quote(target, safe='')}", 303)
        else:
            response = self._code_response("", "/", 403)
        response.headers["cache-control"] = "no-store"
        await response(scope, receive, send)

    async def _code_page(self, scope, receive) -> Response:
        """``/code``: the form, or a code typed in it (POST) or given in the join address."""
        query = parse_qs(scope["query_string"].decode("latin-1"))
        fields = query
        if scope["method"] == "POST":
            body = await _read_body(receive, limit=4096)
            fields = parse_qs(body.decode("utf-8", "replace")) if body is not None else {}
        elif scope["method"] not in ("GET", "HEAD"):
            return _refuse(405, "The code page takes GET and POST only.")
        next_path = _local_path((fields.get("next") or query.get("next") or ["/"])[-1])
        typed = fields.get("code")
        if typed is None:
            if self.has_cookie(scope):
                return RedirectResponse(next_path, 303)
            return self._code_response("", next_path, 200)
        key = _client(scope)
        if not all(self._attempt_limiter.test(i, "code", key) for i in self._attempts):
            return _too_many(self._attempt_limiter, self._attempts, "code", key, "wrong codes")
        if hmac.compare_digest(normalise_code(typed[-1]).encode(), self._code):
            response = RedirectResponse(next_path, 303)
            response.set_cookie(
                COOKIE,
                self._serializer.dumps("in"),
                max_age=int(self.protection.cookie_hours * 3600),
                httponly=True,
                samesite="strict",
                secure=_scheme(scope) == "https",
            )
            return response
        for item in self._attempts:
            self._attempt_limiter.hit(item, "code", key)
        await asyncio.sleep(self.protection.wrong_code_delay)
        error = (
            "That code is not right. Check it with the trainer and type it again."
            if typed[-1].strip()
            else "Type the access code the trainer showed you."
        )
        return self._code_response(error, next_path, 403)

    def _code_response(self, error: str, next_path: str, status: int) -> Response:
        return HTMLResponse(self.code_page(error, next_path), status_code=status)


def _scheme(scope) -> str:
    return scope.get("scheme", "http")


def _client(scope) -> str:
    client = scope.get("client")
    return client[0] if client else "unknown"


def _cookies(scope) -> dict[str, str]:
    return HTTPConnection(scope).cookies


def _refuse(status: int, message: str) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


def _too_many(limiter, items: list[RateLimitItem], space: str, key: str, what: str) -> Response:
    resets = [limiter.get_window_stats(item, space, key) for item in items]
    blocked = [s.reset_time for s in resets if s.remaining <= 0] or [time.time() + 1]
    wait = max(1, int(max(blocked) - time.time() + 0.999))
    after = f"{wait} seconds" if wait <= 90 else f"{(wait + 59) // 60} minutes"
    response = _refuse(429, f"Too many {what} from this address: try again in {after}.")
    response.headers["retry-after"] = str(wait)
    return response


async def _read_body(receive: Callable[[], Awaitable[dict[str, Any]]], limit: int) -> bytes | None:
    """The request body, or None when it is longer than ``limit`` bytes."""
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        if len(body) > limit:
            return None
        if not message.get("more_body", False):
            return body
