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

import base64
import json
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ...calculators import DEFINITIONS
from ...calculators.spec import Definition, Output
from ...core.monitoring.reader import MAX_BYTES
from ...files import exports, scenarios, workbooks
from ...presentation.svgfigures import SvgFigures
from . import forms, pages
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
        Requests larger than this are refused unread (413). It is above the largest form
        the pages read themselves (:data:`POSTED_BYTES`, about 12 MB), which answer a
        file over the calculators' limit with the loaders' own message.
    rate : str
        Public mode: requests allowed per reader's address (``limits`` notation).
    """

    mode: str = "local"
    port: int = 8866
    book_url: str = ""
    hosts: tuple[str, ...] = field(default=())
    code: str = field(default="", repr=False)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32), repr=False)
    max_upload_bytes: int = 25_000_000
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


_MEDIA = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}

UPLOAD_BYTES = MAX_BYTES
"""The largest file a calculator reads (the loaders' own limit)."""

POSTED_BYTES = UPLOAD_BYTES + (UPLOAD_BYTES * 4) // 3 + 65_536
"""The largest posted form: a new file, the file the page carries (base64) and the inputs."""

_CARRIED = ("file_b64", "file_name")


def _download(content: bytes, filename: str, kind: str) -> Response:
    """A file to save on the person's device (never kept on the server)."""
    return Response(
        content,
        media_type=_MEDIA[kind],
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


def create_app(settings: Settings | None = None) -> Starlette:
    """The web application for ``settings`` (local mode on port 8866 by default)."""
    settings = settings or Settings()
    if not isinstance(settings, Settings):
        raise TypeError(f"settings must be Settings; got {type(settings).__name__}")
    templates = _templates()
    # this worker's figures: what stays the same across requests is kept, and matplotlib
    # is called only from the event-loop thread (the routes that draw are async)
    figures = SvgFigures()

    def result_markup(output: Output) -> str:
        return pages.result_markup(output, figures=figures)

    def calculator_page(*args: Any, **kwargs: Any) -> pages.Page:
        kwargs.setdefault("markup", result_markup)
        return pages.calculator_page(*args, **kwargs)

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

    def definition_of(request: Request) -> Definition | None:
        return DEFINITIONS.get(request.path_params["name"])

    def unknown(request: Request) -> Response:
        name = request.path_params["name"]
        return problem(
            request,
            "Page not found",
            f"There is no calculator called {name[:60]!r}. The calculators are: "
            + ", ".join(DEFINITIONS)
            + ".",
            404,
        )

    def show(
        request: Request, page: pages.Page, status: int = 200, carried: tuple[str, str] = ("", "")
    ) -> Response:
        d = page.definition
        return render(
            request,
            "calculator.html",
            status,
            has_errors=bool(page.errors),
            page=page,
            d=d,
            last=pages.last_field(d, page.reading.values),
            inputs_table=pages.inputs_table(page) if page.output else "",
            chapter_link=chapter_link(page.chapter[2]),
            base_url=f"{request.url.scheme}://{request.url.netloc}",
            carried=carried,
            upload_bytes=UPLOAD_BYTES,
            workbook_href=_workbook_href(page, carried),
            compare_with=[
                (
                    "the evidence defaults",
                    pages.compare_address(d, page.canonical, pages.address(d, {})),
                )
            ]
            + [
                (f"the worked example: {title}", pages.compare_address(d, page.canonical, href))
                for title, href in page.examples
            ],
        )

    def _workbook_href(page: pages.Page, carried: tuple[str, str]) -> str:
        """The address of this page's workbook ("" if the calculator has none, an input is
        in error, or the page shows a file the person uploaded, which the address cannot
        hold)."""
        d = page.definition
        if d.name not in workbooks.SPECS or page.errors or carried != ("", ""):
            return ""
        shown = page.reading.reserved.get("data", "") if page.data_name else ""
        return pages.address(d, page.reading.values, data=shown, page="workbook.xlsx")

    def workbook(request: Request) -> Response:
        """The calculator as an Excel workbook for the inputs in the address (a plain
        ``def``: Starlette runs it in a worker thread while LibreOffice recalculates)."""
        definition = definition_of(request)
        if definition is None:
            return unknown(request)
        if definition.name not in workbooks.SPECS:
            return problem(
                request,
                "Page not found",
                f"{definition.title} has no workbook. Workbooks: "
                + ", ".join(workbooks.SPECS)
                + ".",
                404,
            )
        reading = pages.read_inputs(definition, request.query_params.multi_items())
        if reading.errors or reading.problems:
            return problem(
                request,
                "There is a problem with the inputs",
                " ".join([*reading.errors.values(), *reading.problems]),
                400,
            )
        data = None
        if definition.upload is not None:
            try:
                data = pages.load_data(definition, reading.reserved.get("data", ""))[0]
            except ValueError as error:
                return problem(request, "There is a problem with the file", str(error), 400)
        try:
            content = workbooks.workbook_bytes(definition.name, reading.values, data)
        except ValueError as error:
            return problem(request, "There is a problem with the inputs", str(error), 400)
        return _download(content, f"{definition.name}.xlsx", "xlsx")

    async def posted(
        request: Request, definition: Definition
    ) -> tuple[list[tuple[str, str]], tuple[Any, str, bytes] | None, str, tuple[str, str], bool]:
        """A posted calculator form: (inputs, the file read, a problem, the file to carry,
        whether the file is new)."""
        try:
            body = await forms.read_body(request.stream(), POSTED_BYTES)
            form = forms.parse_form(body, request.headers.get("content-type", ""))
        except forms.TooLarge:
            return [], None, _too_large(definition), ("", ""), False
        except ValueError:
            return [], None, "The form could not be read. Choose the file again.", ("", ""), False
        fields = dict(form.fields)
        params = [(k, v) for k, v in form.fields if k not in _CARRIED]
        new = form.files.get("file")
        if new is not None and (new[0] or new[1]):
            filename, content = new[0] or "the uploaded file", new[1]
            fresh = True
        elif fields.get("file_b64"):
            try:
                content = base64.b64decode(fields["file_b64"], validate=True)
            except ValueError:
                return (
                    params,
                    None,
                    "The file this page held could not be read. Choose it again.",
                    ("", ""),
                    False,
                )
            filename, fresh = fields.get("file_name", "") or "the uploaded file", False
        else:
            return params, None, f"Choose a file: a {definition.upload.label}.", ("", ""), False
        try:
            data = definition.upload.loader(content, name=f"'{filename}'")
        except (ValueError, TypeError) as error:
            return params, None, str(error), ("", ""), False
        except Exception:  # noqa: BLE001 - never a traceback
            return (
                params,
                None,
                f"'{filename}' could not be read as a {definition.upload.label}.",
                ("", ""),
                False,
            )
        carried = (base64.b64encode(content).decode("ascii"), filename)
        return params, (data, filename, content), "", carried, fresh

    async def index(request: Request) -> Response:
        return render(request, "index.html", chapters=pages.catalogue())

    async def calculator(request: Request) -> Response:
        definition = definition_of(request)
        if definition is None:
            return unknown(request)
        if request.method == "GET":
            return show(request, calculator_page(definition, request.query_params.multi_items()))
        if definition.upload is None:
            return problem(request, "Method not allowed", f"{definition.title} reads no file.", 405)
        params, upload, message, carried, fresh = await posted(request, definition)
        if upload is None:
            page = calculator_page(definition, [p for p in params if p[0] != "file"])
            page.more_errors.append(("#upload-file", message))
            return show(request, page, 400)
        if fresh and definition.upload.on_load is not None:
            follow = definition.upload.on_load(upload[0])
            params = [p for p in params if p[0] not in follow]
            params += [(k, pages.typed_value(definition.input(k), v)) for k, v in follow.items()]
        params = [p for p in params if p[0] not in ("data", "file", "example")]
        return show(request, calculator_page(definition, params, upload), carried=carried)

    async def files(request: Request) -> Response:
        definition = definition_of(request)
        if definition is None:
            return unknown(request)
        wanted = request.path_params["file"]
        for file, make, _label in definition.upload.downloads if definition.upload else ():
            if file == wanted:
                return _download(make().encode("utf-8"), file, "csv")
        return problem(request, "Page not found", "There is no file at this address.", 404)

    async def save(request: Request) -> Response:
        definition = definition_of(request)
        if definition is None:
            return unknown(request)
        params = request.query_params.multi_items()
        page = calculator_page(definition, params, markup=lambda o: "")
        if page.errors:
            page.more_errors.append(
                ("#scenario-title", "Fix the inputs first: a scenario holds valid inputs only.")
            )
            return show(request, page, 400)
        title = request.query_params.get("title", "").strip()[:200]
        title = title or page.example_title
        title = title or f"{definition.title}, {datetime.now(timezone.utc):%Y-%m-%d %H.%M}"
        scenario = scenarios.Scenario(
            calculator=definition.name,
            title=title,
            inputs=page.reading.values,
            description=page.example_description,
            evidence=page.evidence,
            saved=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            calculator_version=definition.version,
            data=page.wanted or page.data_file,
        )
        try:
            content = scenarios.dumps(scenario).encode("utf-8")
        except (scenarios.ScenarioError, ValueError, UnicodeError) as error:
            page.more_errors.append(("#scenario-title", f"Could not save the scenario: {error}"))
            return show(request, page, 400)
        return _download(content, f"{definition.name}-{scenarios.slug(title)}.json", "json")

    async def load(request: Request) -> Response:
        definition = definition_of(request)
        if definition is None:
            return unknown(request)
        limit = scenarios.MAX_BYTES + 65_536
        back: list[tuple[str, str]] = []
        try:
            body = await forms.read_body(request.stream(), limit)
            form = forms.parse_form(body, request.headers.get("content-type", ""))
            back = parse_qsl(dict(form.fields).get("back", ""), keep_blank_values=True)
            filename, content = form.files.get("scenario", ("", b""))
            if not filename and not content:
                raise scenarios.ScenarioError("Choose a scenario file (.json) to load.")
            scenario = scenarios.loads(content, expected=definition.name)
        except forms.TooLarge:
            message = _scenario_message(bytes(scenarios.MAX_BYTES + 1))
        except ValueError as error:  # ScenarioError too
            message = str(error)
        else:
            return RedirectResponse(_scenario_address(definition, scenario, content), 303)
        page = calculator_page(definition, back)
        page.more_errors.append(("#scenario-file", f"Could not load the scenario: {message}"))
        return show(request, page, 400)

    async def export(request: Request) -> Response:
        definition = definition_of(request)
        if definition is None:
            return unknown(request)
        kind = request.path_params["kind"]
        if kind not in _WRITERS:
            return problem(request, "Page not found", "Exports are CSV, XLSX or DOCX.", 404)
        carried: tuple[str, str] = ("", "")
        upload = None
        if request.method == "POST":
            if definition.upload is None:
                return problem(
                    request, "Method not allowed", f"{definition.title} reads no file.", 405
                )
            params, upload, message, carried, _fresh = await posted(request, definition)
            if upload is None:
                page = calculator_page(definition, params)
                page.more_errors.append(("#upload-file", message))
                return show(request, page, 400)
            params = [p for p in params if p[0] not in ("data", "file", "example")]
        else:
            params = request.query_params.multi_items()
        page = calculator_page(definition, params, upload, markup=lambda o: "")
        if page.errors or page.output is None:
            page = calculator_page(definition, params, upload)
            page.more_errors.append(
                ("#export", "Fix the inputs first: exports hold the results of valid inputs only.")
            )
            return show(request, page, 400, carried=carried)
        title = dict(params).get("title", "").strip()[:200] or page.example_title
        report = exports.Report(
            definition, page.reading.values, page.output, title, page.evidence, page.data_name
        )
        content = _WRITERS[kind](report)
        stem = f"{definition.name}-{scenarios.slug(title or 'results')}"
        return _download(content, f"{stem}.{kind}", kind)

    async def compare(request: Request) -> Response:
        definition = definition_of(request)
        if definition is None:
            return unknown(request)
        comparison = pages.compare_page(definition, request.query_params.multi_items())
        return render(
            request,
            "compare.html",
            has_errors=bool(comparison.errors),
            c=comparison,
            d=definition,
            lasts=[pages.last_field(definition, p.reading.values) for p in comparison.sides],
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
        Route("/calculators/{name}", calculator, methods=["GET", "POST"]),
        Route("/calculators/{name}/scenario.json", save),
        Route("/calculators/{name}/load", load, methods=["POST"]),
        Route("/calculators/{name}/export.{kind:str}", export, methods=["GET", "POST"]),
        Route("/calculators/{name}/compare", compare),
        Route("/calculators/{name}/workbook.xlsx", workbook),
        Route("/calculators/{name}/files/{file}", files),
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


_WRITERS = {"csv": exports.to_csv, "xlsx": exports.to_xlsx, "docx": exports.to_docx}


def _too_large(definition: Definition) -> str:
    """The loader's own message for a file over its limit, when the form was too large to
    read whole (it is given one byte past its limit)."""
    try:
        definition.upload.loader(bytes(UPLOAD_BYTES + 1), name="'the file'")
    except (ValueError, TypeError) as error:
        return str(error)
    return f"The file is larger than {UPLOAD_BYTES:,} bytes."


def _scenario_message(content: bytes) -> str:
    """The scenario loader's own message for these bytes."""
    try:
        scenarios.loads(content)
    except ValueError as error:
        return str(error)
    return "This file is not a scenario."


def _scenario_address(definition: Definition, scenario: scenarios.Scenario, content: bytes) -> str:
    """Where a loaded scenario opens: its inputs (those it gave, with the version it was
    saved with, so inputs added since are named on the page), and its file."""
    raw = json.loads(content.decode("utf-8-sig"))
    version = raw.get("calculator_version", 1) if isinstance(raw, dict) else 1
    given = raw.get("inputs", {}) if isinstance(raw, dict) else {}
    values = {k: v for k, v in scenario.inputs.items() if k in given}
    shipped = scenarios.shipped_file(scenario)
    data = shipped[1] if shipped else ""
    wanted = ""
    if not shipped and scenario.data.get("sha256"):
        wanted = f"{scenario.data['sha256']}:{scenario.data.get('name', '')}"
    example = next(
        (
            n
            for n, s in pages.examples(definition).items()
            if s.inputs == scenario.inputs and s.data == scenario.data
        ),
        "",
    )
    where = pages.address(definition, values, example=example, data=data, file=wanted)
    return where.replace(f"v={definition.version}", f"v={version}", 1)
