"""The web application: routes, templates and the one place requests are checked.

:func:`create_app` builds the Starlette application for a :class:`Settings`. Every route
that computes or draws is ``async def``: it runs on the worker's event-loop thread, so
one thread per worker process owns matplotlib (which is not thread-safe); uvicorn's
worker processes give the parallelism.

:func:`middleware` is the one place requests are checked before a route sees them (for
now the ``Host`` check of local mode; room and public modes add theirs there).

Example
-------
>>> app = create_app(Settings(port=8866))
>>> sorted(allowed_hosts(Settings(port=8866)))
['127.0.0.1:8866', '[::1]:8866', 'localhost:8866']
"""

from __future__ import annotations

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
from starlette.types import ASGIApp, Receive, Scope, Send

from ...calculators import DEFINITIONS
from . import pages

__all__ = ["MODES", "Settings", "allowed_hosts", "middleware", "create_app", "HostCheck"]

MODES = ("local",)
"""The modes a server runs in: ``local`` answers only on this computer's loopback."""


@dataclass(frozen=True)
class Settings:
    """How a server runs.

    Parameters
    ----------
    mode : str
        One of :data:`MODES`.
    port : int
        The port the server listens on (part of every address it answers to).
    book_url : str
        The published book's address; calculator pages link their chapter there when set.
    hosts : tuple of str
        Further ``Host`` values to answer to (``name:port``), beyond the mode's own.
    """

    mode: str = "local"
    port: int = 8866
    book_url: str = ""
    hosts: tuple[str, ...] = field(default=())

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
    """Every ``Host`` header value the server answers to (lower case, with the port).

    Local mode answers only to its own loopback names, so a web page the trainer visits
    cannot reach it by DNS rebinding (its Host would be the attacker's name).
    """
    port = settings.port
    names = ("127.0.0.1", "localhost", "[::1]")
    hosts = {f"{name}:{port}" for name in names}
    if port == 80:  # a browser leaves out the default port
        hosts.update(names)
    hosts.update(h.lower() for h in settings.hosts)
    return frozenset(hosts)


class HostCheck:
    """Refuse (400) any HTTP request whose ``Host`` is not one of ``hosts`` (exact match,
    port included, so ``[::1]:8866`` needs no splitting on ``:``)."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]):
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = ""
            for key, value in scope.get("headers", ()):
                if key == b"host":
                    host = value.decode("latin-1").strip().lower()
                    break
            if host not in self.hosts:
                response = PlainTextResponse(
                    "This server answers only to its own address.", status_code=400
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def middleware(settings: Settings) -> list[Middleware]:
    """What checks every request, outermost first (the one place to add checks)."""
    return [Middleware(HostCheck, hosts=allowed_hosts(settings))]


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
        return HTMLResponse(
            "<!DOCTYPE html><html lang='en-GB'><head><title>Sorry, there is a problem"
            "</title></head><body><h1>Sorry, there is a problem</h1><p>The page could not "
            "be made. Go back and try again.</p></body></html>",
            status_code=500,
        )

    routes = [
        Route("/", index),
        Route("/calculators/{name}", calculator),
        Mount(
            "/static",
            StaticFiles(packages=[("guidance.frontends.web", "static")]),
            name="static",
        ),
    ]
    return Starlette(
        routes=routes,
        middleware=middleware(settings),
        exception_handlers={404: not_found, 500: server_error},
    )
