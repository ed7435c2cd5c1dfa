"""The room's gate: the one door between participants' browsers and the app's Voila server.

In room mode (``scripts/trainer-app --room``) Voila listens on a private loopback port
with a secret token only this gate knows; the gate listens on every address of the
machine (the room's network and 127.0.0.1) and, for every request and websocket:

* answers only the ``Host`` names it serves (the machine's address, its name, loopback);
* refuses any ``Origin`` that is not one of those addresses (no other web page can drive
  a kernel or read a scenario through a participant's or the trainer's browser);
* asks for the room's access code once, then knows the browser by a signed cookie that
  also names the participant's own folder (passed to the kernel as a header Voila hands
  on: ``X-Guidance-Participant``);
* forwards only the app's pages and what they load: no folder listing, no contents API,
  no file server;
* caps the kernels: when the room is full a new page gets a clear "the room is full" page;
* stops a kernel a few seconds after its tab closes, one whose page never connected, and
  one left idle (no message either way) for longer than the idle limit.

Only the standard library and tornado (Voila's own web server) are used.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import re
import secrets
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import tornado.httpclient
import tornado.web
import tornado.websocket

__all__ = ["GateSettings", "Room", "make_app", "access_code"]

COOKIE = "guidance_room"
PARTICIPANT_HEADER = "X-Guidance-Participant"
_KERNEL = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_KERNEL_IN_PAGE = re.compile(rb'"kernelId":\s*"(' + _KERNEL.encode() + rb')"')
_PAGES = r"/voila/render/(?:index|calculator|chapter-\d{1,2})\.ipynb"
_ASSETS = r"/voila/(?:static|templates|labextensions|api/themes)/[^?#]*"
_CACHED = ("/voila/static/", "/voila/templates/", "/voila/labextensions/")
_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "content-length",
}
_DROP_IN = _HOP | {"host", "cookie", "authorization", "origin", PARTICIPANT_HEADER.lower()}


def access_code(nbytes: int = 4) -> str:
    """A short access code to read out or type: groups of 4 capitals and digits.

    >>> len(access_code()), access_code()[4]
    (9, '-')
    """
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
    chars = "".join(secrets.choice(alphabet) for _ in range(nbytes * 2))
    return "-".join(chars[i : i + 4] for i in range(0, len(chars), 4))


@dataclass(frozen=True)
class GateSettings:
    """How the gate runs.

    Parameters
    ----------
    upstream : str
        ``127.0.0.1:<port>`` of the Voila server behind the gate.
    upstream_token : str
        Voila's secret token (sent by the gate, never shown).
    code : str
        The room's access code (typed by participants, or in the join address).
    hosts : frozenset of str
        ``host:port`` names the gate answers (the ``Host`` header), lower case.
    max_kernels : int
        The most pages (kernels) open at once; more get "the room is full".
    grace : float
        Seconds after a tab closes before its kernel is stopped (a reload reconnects).
    unconnected : float
        Seconds a page may take to connect, once sent, before its kernel is stopped.
    idle : float
        Seconds without any message before an open page's kernel is stopped.
    """

    upstream: str
    upstream_token: str
    code: str
    hosts: frozenset
    max_kernels: int = 40
    grace: float = 5.0
    unconnected: float = 120.0
    idle: float = 1800.0
    landing: str = ""

    def __post_init__(self):
        if not self.code or not isinstance(self.code, str):
            raise ValueError("code must be a non-empty access code")
        if isinstance(self.max_kernels, bool) or not isinstance(self.max_kernels, int):
            raise TypeError(f"max_kernels must be a whole number; got {self.max_kernels!r}")
        if self.max_kernels < 1:
            raise ValueError(f"max_kernels must be 1 or more; got {self.max_kernels}")
        for name in ("grace", "unconnected", "idle"):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be a positive number of seconds")


@dataclass
class _Kernel:
    rendered: float
    connections: int = 0
    connected_once: bool = False
    last: float = 0.0
    closed_at: float | None = None
    sockets: set = field(default_factory=set)


class Room:
    """The kernels the gate has handed out, and when each was last used."""

    def __init__(self, settings: GateSettings):
        self.settings = settings
        self.kernels: dict[str, _Kernel] = {}
        self.rendering = 0
        self.stopped: list[tuple[str, float]] = []  # (kernel id, seconds after tab close)
        self.refused_full = 0

    def load(self) -> int:
        """Kernels in use now: pages being rendered and kernels not yet stopped."""
        return self.rendering + len(self.kernels)

    def full(self) -> bool:
        return self.load() >= self.settings.max_kernels

    def rendered(self, kernel_id: str) -> None:
        """A page with this kernel is being sent (or has been sent: the clock restarts)."""
        k = self.kernels.setdefault(kernel_id, _Kernel(rendered=time.monotonic()))
        k.rendered = time.monotonic()

    def connected(self, kernel_id: str, socket) -> None:
        k = self.kernels.setdefault(kernel_id, _Kernel(rendered=time.monotonic()))
        k.connections += 1
        k.connected_once = True
        k.closed_at = None
        k.last = time.monotonic()
        k.sockets.add(socket)

    def used(self, kernel_id: str) -> None:
        k = self.kernels.get(kernel_id)
        if k is not None:
            k.last = time.monotonic()

    def disconnected(self, kernel_id: str, socket) -> None:
        k = self.kernels.get(kernel_id)
        if k is None:
            return
        k.sockets.discard(socket)
        k.connections = max(0, k.connections - 1)
        if k.connections == 0:
            k.closed_at = time.monotonic()

    def due(self, now: float | None = None) -> list[tuple[str, str]]:
        """Kernels to stop now, with why: closed tab, never connected, or idle."""
        now = time.monotonic() if now is None else now
        s = self.settings
        out = []
        for kid, k in self.kernels.items():
            if k.connections == 0 and k.closed_at is not None and now - k.closed_at >= s.grace:
                out.append((kid, "closed"))
            elif not k.connected_once and now - k.rendered >= s.unconnected:
                out.append((kid, "never connected"))
            elif k.connections and now - k.last >= s.idle:
                out.append((kid, "idle"))
        return out


# -- pages the gate writes itself ------------------------------------------------------------
_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>body{{font:17px/1.5 system-ui,sans-serif;max-width:40em;
margin:3em auto;padding:0 1em;color:#1a1a1a}} input,button{{font-size:1em;padding:.3em}}
h1{{font-size:1.5em}}</style></head><body><main>{heading}{body}</main></body></html>"""


def _page(title: str, body: str, heading: bool = True) -> str:
    title = html.escape(title)
    return _PAGE.format(title=title, body=body, heading=f"<h1>{title}</h1>" if heading else "")


def _ask_code(wrong: bool, next_path: str) -> str:
    note = (
        '<p role="alert"><strong>That code is not right.</strong> Check it with the trainer.</p>'
        if wrong
        else ""
    )
    return _page(
        "Enter the room's access code",
        f"{note}<p>This is the trainer's calculator room. Type the access code the trainer "
        "showed you (or scan the QR code on the trainer's screen).</p>"
        '<form method="get" action="/"><label for="code">Access code</label> '
        '<input id="code" name="code" autocomplete="off" autocapitalize="characters" required>'
        f'<input type="hidden" name="next" value="{html.escape(next_path)}"> '
        "<button>Join</button></form>",
    )


ROOM_FULL_TITLE = "The room is full"


def _full_body(cap: int) -> str:
    return (
        f"<p>All {cap} places in the calculator room are in use, so this page cannot open "
        "a calculator just now.</p><p>Close a calculator tab you no longer need, or wait a "
        "minute and reload this page. The trainer can also start the room with more "
        "places.</p>",
    )


# -- handlers --------------------------------------------------------------------------------
class _Checked:
    """Host, Origin and access-code checks shared by every handler."""

    room: Room

    def initialize(self, room: Room) -> None:
        self.room = room

    @property
    def gate(self) -> GateSettings:
        return self.room.settings

    def _host_ok(self) -> bool:
        return self.request.host.lower() in self.gate.hosts

    def _origin_ok(self) -> bool:
        origin = self.request.headers.get("Origin")
        if origin is None:
            return True
        parts = urlsplit(origin)
        return parts.scheme == "http" and parts.netloc.lower() in self.gate.hosts

    def participant(self) -> str | None:
        value = self.get_signed_cookie(COOKIE, max_age_days=2)
        if value is None:
            return None
        text = value.decode("ascii", "replace")
        return text if re.fullmatch(r"[0-9a-f]{32}", text) else None

    def refuse(self, status: int, title: str, body: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(_page(title, body))

    def checks_pass(self) -> bool:
        if not self._host_ok():
            self.refuse(400, "Unknown address", "<p>This server does not answer that name.</p>")
            return False
        if not self._origin_ok():
            self.refuse(403, "Refused", "<p>Requests from other web sites are refused.</p>")
            return False
        return True

    def upstream_headers(self) -> dict[str, str]:
        headers = {
            k: v
            for k, v in self.request.headers.get_all()
            if k.lower() not in _DROP_IN and not k.lower().startswith("sec-websocket")
        }
        headers["Authorization"] = f"token {self.gate.upstream_token}"
        participant = self.participant()
        if participant:
            headers[PARTICIPANT_HEADER] = participant
        return headers

    def set_default_headers(self) -> None:
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Referrer-Policy", "same-origin")
        self.set_header("X-Frame-Options", "SAMEORIGIN")


class JoinHandler(_Checked, tornado.web.RequestHandler):
    """``/``: check the code (typed or in the join address), set the cookie, go on."""

    def get(self) -> None:
        if not self.checks_pass():
            return
        code = self.get_query_argument("code", "")
        target = self.get_query_argument("next", "/voila/render/index.ipynb")
        if not re.fullmatch(_PAGES + r"(?:\?[\w=&%.-]*)?", target):
            target = "/voila/render/index.ipynb"
        if code:
            typed = code.strip().upper().encode()
            if hmac.compare_digest(typed, self.gate.code.upper().encode()):
                if self.participant() is None:
                    self.set_signed_cookie(
                        COOKIE,
                        secrets.token_hex(16),
                        expires_days=2,
                        httponly=True,
                        samesite="Strict",
                    )
                self.redirect(target)
                return
            self.set_status(403)
            self.finish(_ask_code(True, target))
            return
        if self.participant() is not None:
            self.redirect(target)
            return
        self.set_status(403)
        self.finish(_ask_code(False, target))


class LandingHandler(_Checked, tornado.web.RequestHandler):
    """The start page, written once when the room opens: no kernel per visit."""

    def get(self) -> None:
        if not self.checks_pass():
            return
        if self.participant() is None:
            self.redirect("/")
            return
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(_page("Trainer app", self.gate.landing, heading=False))


class ProxyHandler(_Checked, tornado.web.RequestHandler):
    """Pages and their assets, forwarded to Voila with its token; nothing else."""

    SUPPORTED_METHODS = ("GET", "HEAD", "POST", "DELETE")

    def initialize(self, room: Room) -> None:
        super().initialize(room)
        self._status_line = True
        self._out_headers: list[tuple[str, str]] = []
        self._kernel_seen = False
        self._counted = False
        self._kernel_id = ""

    async def prepare(self) -> None:
        if not self.checks_pass():
            return
        if self.participant() is None:
            query = f"?{urlencode({'next': self.request.uri})}" if self._is_page() else ""
            self.redirect(f"/{query}" if query else "/")
            return

    def _is_page(self) -> bool:
        return re.fullmatch(_PAGES, self.request.path) is not None

    async def get(self, *_args) -> None:
        await self._forward()

    async def head(self, *_args) -> None:
        await self._forward()

    async def post(self, *_args) -> None:
        await self._forward()

    async def delete(self, *_args) -> None:
        await self._forward()

    def _on_header(self, line: str) -> None:
        if self._status_line:
            self._status_line = False
            parts = line.split(" ", 2)
            self._status = int(parts[1])
            return
        if line.strip():
            name, _, value = line.partition(":")
            if name.strip().lower() not in _HOP:
                self._out_headers.append((name.strip(), value.strip()))
            return
        self.set_status(self._status)
        asset = self.request.path.startswith(_CACHED) and self._status == 200
        if asset:  # the app's scripts and styles: kept by the browser for an hour
            self._out_headers = [
                (n, v) for n, v in self._out_headers if n.lower() != "cache-control"
            ]
            self._out_headers.append(("Cache-Control", "private, max-age=3600"))
        for name, value in self._out_headers:
            if name.lower() == "location" and value.startswith(f"http://{self.gate.upstream}"):
                value = value[len(f"http://{self.gate.upstream}") :]
            if name.lower() == "set-cookie":
                continue  # Voila's own cookies stay between the gate and Voila
            self.add_header(name, value)

    def _on_chunk(self, chunk: bytes) -> None:
        if self._is_page() and not self._kernel_seen:
            match = _KERNEL_IN_PAGE.search(chunk)
            if match:
                self._kernel_seen = True
                self._kernel_id = match.group(1).decode()
                self.room.rendered(self._kernel_id)
                if self._counted:
                    self._counted = False
                    self.room.rendering -= 1
        self.write(chunk)
        self.flush()

    async def _forward(self) -> None:
        page = self._is_page() and self.request.method == "GET"
        if page and self.room.full():
            self.room.refused_full += 1
            self.set_header("Retry-After", "60")
            self.refuse(503, ROOM_FULL_TITLE, _full_body(self.gate.max_kernels))
            return
        if page:
            self.room.rendering += 1
            self._counted = True
        body = self.request.body if self.request.method == "POST" else None
        request = tornado.httpclient.HTTPRequest(
            f"http://{self.gate.upstream}{self.request.uri}",
            method=self.request.method,
            headers=self.upstream_headers(),
            body=body,
            follow_redirects=False,
            decompress_response=False,
            request_timeout=600,
            header_callback=self._on_header,
            streaming_callback=self._on_chunk,
            allow_nonstandard_methods=True,
        )
        client = tornado.httpclient.AsyncHTTPClient()
        try:
            response = await client.fetch(request, raise_error=False)
            if response.code == 599 and self._status_line:
                self.refuse(502, "The app is not answering", "<p>Try again in a moment.</p>")
                return
        finally:
            if self._kernel_id:  # the page is out: its connection clock starts now
                self.room.rendered(self._kernel_id)
            if self._counted:
                self._counted = False
                self.room.rendering -= 1
        if not self._finished:
            self.finish()


class KernelSocket(_Checked, tornado.websocket.WebSocketHandler):
    """A kernel's websocket, forwarded to Voila; closing it starts the kernel's stop clock."""

    upstream: tornado.websocket.WebSocketClientConnection | None = None
    kernel_id = ""

    PROTOCOL = "v1.kernel.websocket.jupyter.org"  # Jupyter Server 2's kernel protocol
    protocol: str | None = None

    def check_origin(self, origin: str) -> bool:
        return self._origin_ok()

    def select_subprotocol(self, subprotocols: list[str]) -> str | None:
        self.protocol = self.PROTOCOL if self.PROTOCOL in subprotocols else None
        return self.protocol

    async def get(self, *args, **kwargs):
        if not self.checks_pass():
            return
        if self.participant() is None:
            self.refuse(403, "Refused", "<p>Join the room with its access code first.</p>")
            return
        await super().get(*args, **kwargs)

    async def open(self, kernel_id: str) -> None:
        self.kernel_id = kernel_id
        url = f"ws://{self.gate.upstream}{self.request.uri}"
        request = tornado.httpclient.HTTPRequest(url, headers=self.upstream_headers())
        try:
            self.upstream = await tornado.websocket.websocket_connect(
                request,
                on_message_callback=self._from_upstream,
                max_message_size=64 << 20,
                subprotocols=[self.protocol] if self.protocol else None,
            )
        except Exception:  # noqa: BLE001 - any failure to reach the kernel closes the page's socket
            self.close(1011, "The calculator's kernel is not available.")
            return
        self.room.connected(kernel_id, self)

    def _from_upstream(self, message) -> None:
        if message is None:  # Voila closed the kernel's socket
            self.close()
            return
        self.room.used(self.kernel_id)
        with contextlib.suppress(tornado.websocket.WebSocketClosedError):
            self.write_message(message, binary=isinstance(message, bytes))

    def on_message(self, message) -> None:
        self.room.used(self.kernel_id)
        if self.upstream is not None:
            self.upstream.write_message(message, binary=isinstance(message, bytes))

    def on_close(self) -> None:
        if self.upstream is not None:
            self.upstream.close()
            self.upstream = None
        if self.kernel_id:
            self.room.disconnected(self.kernel_id, self)


class NotFound(_Checked, tornado.web.RequestHandler):
    """Everything else: a plain 404 (no listing, no contents, no files)."""

    def prepare(self) -> None:
        if not self.checks_pass():
            return
        self.refuse(404, "Not here", '<p>Go to <a href="/">the room\'s start page</a>.</p>')


async def stop_kernel(settings: GateSettings, kernel_id: str) -> None:
    """Ask Voila to shut a kernel down (its own API, with its token)."""
    client = tornado.httpclient.AsyncHTTPClient()
    request = tornado.httpclient.HTTPRequest(
        f"http://{settings.upstream}/api/kernels/{kernel_id}",
        method="DELETE",
        headers={"Authorization": f"token {settings.upstream_token}"},
        request_timeout=30,
    )
    await client.fetch(request, raise_error=False)


async def sweep(room: Room) -> list[tuple[str, str]]:
    """Stop every kernel that is due (closed tab, never connected, idle); return them."""
    done = []
    now = time.monotonic()
    for kernel_id, why in room.due(now):
        k = room.kernels.pop(kernel_id)
        for socket in list(k.sockets):
            socket.close(1001, "Closed after a long time without use.")
        await stop_kernel(room.settings, kernel_id)
        if k.closed_at is not None:
            room.stopped.append((kernel_id, time.monotonic() - k.closed_at))
        done.append((kernel_id, why))
    return done


def make_app(settings: GateSettings, cookie_secret: bytes | None = None) -> tornado.web.Application:
    """The gate's web application (listen on it with ``app.listen(port, address)``)."""
    room = Room(settings)
    kw = {"room": room}
    # pages stream while their kernel runs: allow many fetches to Voila at once
    tornado.httpclient.AsyncHTTPClient.configure(
        None, max_clients=max(64, 4 * settings.max_kernels)
    )
    app = tornado.web.Application(
        [
            (r"/", JoinHandler, kw),
            (r"/api/kernels/(" + _KERNEL + r")/channels", KernelSocket, kw),
            (r"/api/kernels/(" + _KERNEL + r")", ProxyHandler, kw),
            (r"/voila/api/shutdown/(" + _KERNEL + r")", ProxyHandler, kw),
            *([(r"/voila/render/index\.ipynb", LandingHandler, kw)] if settings.landing else []),
            (_PAGES, ProxyHandler, kw),
            (_ASSETS, ProxyHandler, kw),
            (r".*", NotFound, kw),
        ],
        cookie_secret=cookie_secret or secrets.token_bytes(32),
        xsrf_cookies=False,
        websocket_ping_interval=20,
    )
    app.settings["room"] = room
    return app


async def run_sweeper(room: Room, every: float = 2.0) -> None:
    """Sweep for kernels to stop every ``every`` seconds, for ever."""
    while True:
        await asyncio.sleep(every)
        with contextlib.suppress(Exception):  # the next sweep tries again
            await sweep(room)
