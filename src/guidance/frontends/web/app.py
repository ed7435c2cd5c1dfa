"""The web application: routes, templates and the one place requests are checked.

:func:`create_app` builds the Starlette application for a :class:`Settings`. Every route
that computes or draws is ``async def``: it runs on the worker's event-loop thread, so
one thread per worker process owns matplotlib (which is not thread-safe); uvicorn's
worker processes give the parallelism.

Requests are checked in one place before a route sees them: the
:class:`~guidance.frontends.web.security.Guard` of the server's mode (:func:`protection`):
``Host`` in every mode; ``Origin`` on POST, request sizes and security headers; the room's
access code; the public site's rate limits.

Example
-------
>>> app = create_app(Settings(port=8866))
>>> sorted(allowed_hosts(Settings(port=8866)))
['127.0.0.1:8866', '[::1]:8866', 'localhost:8866']
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ...calculators import DEFINITIONS
from . import pages
from .security import CODE_PATH, MODES, SECURITY_HEADERS, Guard, Protection, loopback_hosts

__all__ = ["MODES", "Settings", "allowed_hosts", "create_app", "protection"]


@dataclass(frozen=True)
class Settings:
    """How a server runs.

    Parameters
    ----------
    mode : str
        One of :data:`MODES`: ``local`` (this computer only), ``room`` (a room's network,
        with an access code) or ``public`` (a published site).
    port : int
        The port the server listens on (part of every address a local or room server
        answers to).
    book_url : str
        The published book's address; calculator pages link their chapter there when set.
    hosts : tuple of str
        Further ``Host`` values to answer to: ``name:port`` (a room's address) or a bare
        ``name`` on any port (a public site's names).
    code : str
        Room mode's access code (checked by whoever starts the room).
    secret : bytes
        Signs the room's cookie: a new random one each start (the default).
    max_upload_bytes : int
        The largest request (an uploaded file) the room or public server reads.
    rate : str
        Public mode: requests allowed per reader's address (``limits`` notation).
    """

    mode: str = "local"
    port: int = 8866
    book_url: str = ""
    hosts: tuple[str, ...] = field(default=())
    code: str = field(default="", repr=False)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    max_upload_bytes: int = 8_000_000
    rate: str = ""

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}; got {self.mode!r}")
        if isinstance(self.port, bool) or not isinstance(self.port, int):
            raise TypeError(f"port must be a whole number; got {self.port!r}")
        if not 1 <= self.port <= 65535:
            raise ValueError(f"port must be between 1 and 65535; got {self.port}")
        if not isinstance(self.book_url, str):
            raise TypeError(f"book_url must be text; got {self.book_url!r}")


def allowed_hosts(settings: Settings) -> frozenset[str]:
    """Every ``Host`` header value the server answers to (lower case).

    Local mode answers only to its own loopback names, so a web page the trainer visits
    cannot reach it by DNS rebinding (its Host would be the attacker's name); a room adds
    its own address, a public site its names (any port: it sits behind a load balancer).
    """
    port = settings.port
    hosts = set(loopback_hosts(port))
    if port == 80:  # a browser leaves out the default port
        hosts.update(("127.0.0.1", "localhost", "[::1]"))
    hosts.update(h.lower() for h in settings.hosts)
    return frozenset(hosts)


def protection(settings: Settings) -> Protection:
    """The checks of the server's mode (see :mod:`guidance.frontends.web.security`)."""
    served = settings.mode != "local"
    return Protection(
        mode=settings.mode,
        hosts=allowed_hosts(settings),
        code=settings.code,
        secret=settings.secret,
        max_body=settings.max_upload_bytes,
        rate=settings.rate if settings.mode == "public" else "",
        # the code page's own style sheet; nothing else is served without the code
        open_paths=("/static/app.css",) if served else (),
    )


def _templates() -> Jinja2Templates:
    env = Environment(
        loader=PackageLoader("guidance.frontends.web", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=env)


def create_app(settings: Settings | None = None) -> Starlette:
    """The web application for ``settings`` (local mode on port 8866 by default)."""
    settings = settings or Settings()
    if not isinstance(settings, Settings):
        raise TypeError(f"settings must be Settings; got {type(settings).__name__}")
    templates = _templates()

    def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
        context.setdefault("has_errors", False)
        return templates.TemplateResponse(request, name, context, status_code=status)

    def problem(request: Request, heading: str, message: str, status: int) -> Response:
        return render(request, "problem.html", status, heading=heading, message=message)

    def chapter_link(path: str) -> str:
        base = settings.book_url.strip()
        if not base or not path:
            return ""
        return base.rstrip("/") + "/" + path

    async def index(request: Request) -> Response:
        return render(request, "index.html", chapters=pages.catalogue())

    async def calculator(request: Request) -> Response:
        name = request.path_params["name"]
        definition = DEFINITIONS.get(name)
        if definition is None:
            return problem(
                request,
                "Page not found",
                f"There is no calculator called {name[:60]!r}. The calculators are: "
                + ", ".join(DEFINITIONS)
                + ".",
                404,
            )
        page = pages.calculator_page(definition, request.query_params.multi_items())
        return render(
            request,
            "calculator.html",
            has_errors=bool(page.errors),
            page=page,
            d=definition,
            last=pages.last_field(definition, page.reading.values),
            shipped_data=page.reading.reserved.get("data", "") if page.data_name else "",
            inputs_table=pages.inputs_table(page) if page.output else "",
            chapter_link=chapter_link(page.chapter[2]),
            base_url=f"{request.url.scheme}://{request.url.netloc}",
        )

    async def not_found(request: Request, exc: Exception) -> Response:
        return problem(request, "Page not found", "There is no page at this address.", 404)

    async def server_error(request: Request, exc: Exception) -> Response:
        # answered outside the middleware: it carries the security headers itself
        return HTMLResponse(
            "<!DOCTYPE html><html lang='en-GB'><head><title>Sorry, there is a problem"
            "</title></head><body><h1>Sorry, there is a problem</h1><p>The page could not "
            "be made. Go back and try again.</p></body></html>",
            status_code=500,
            headers=SECURITY_HEADERS,
        )

    async def health(request: Request) -> Response:
        return PlainTextResponse("ok")

    def code_page(error: str, next_path: str) -> str:
        return templates.get_template("code.html").render(
            url_for=lambda _name, path: f"/static/{path}",
            has_errors=bool(error),
            error=error,
            next_path=next_path,
            code_path=CODE_PATH,
        )

    routes = [
        Route("/", index),
        Route("/healthz", health),
        Route("/calculators/{name}", calculator),
        Mount(
            "/static",
            StaticFiles(packages=[("guidance.frontends.web", "static")]),
            name="static",
        ),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(Guard, protection=protection(settings), code_page=code_page)],
        exception_handlers={404: not_found, 500: server_error},
    )
