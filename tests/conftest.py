"""Shared fixtures (the built book, a local server for it, LibreOffice) and the quick check.

Markers are applied here, from what a test uses, never by hand:

- ``book``: the test uses the built book (a fixture that needs ``book_build``);
- ``browser``: the test, or a fixture it uses, starts Chromium (Playwright), or it uses
  ``chromium_program`` (the code under test starts it);
- ``debian``: it needs a Debian program (the ``libreoffice`` fixture, or one of them by name);
- ``slow``: it executes chapters or builds an environment (set by hand on the few that do).

``pytest --quick`` (``bash scripts/run-tests --quick``) deselects all four and, as a safety
net, fails any test that still starts Chromium, LibreOffice or a book build, naming the fixture
to use so the marker follows.

Both runs use every core (pytest-xdist). The book is built once for all the workers: the
first worker that needs it builds it while the others wait on a lock (the recipe in
pytest-xdist's documentation). The full run orders the work long first, short last (see
``pytest_collection_modifyitems``) so that the book build overlaps other slow tests and the
workers finish together.
"""

from __future__ import annotations

import functools
import http.server
import inspect
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

# What a fixture's (or a test's) own code does, read from its source: the words that say it.
_STARTS_BROWSER = ("sync_playwright", "async_playwright", ".chromium.launch", "chromium.launch(")
_NEEDS_DEBIAN = ("soffice", "libreoffice", "pdftotext", "pdftoppm", "/usr/bin/chromium")
_FULL_ONLY = ("book", "browser", "debian", "slow")
_PROGRAMS = ("chromium", "soffice", "libreoffice", "soffice.bin", "jupyter-book", "pdftotext")


def pytest_addoption(parser):
    parser.addoption(
        "--quick",
        action="store_true",
        help="the quick check: no book build, no browser, no Debian programs, no slow tests",
    )


def pytest_configure(config):
    # Hypothesis: the profile sets every property test's example count (tests set none).
    settings.register_profile("full", max_examples=40, deadline=None)
    settings.register_profile("quick", max_examples=8, deadline=None)
    settings.load_profile("quick" if config.getoption("--quick") else "full")
    config.addinivalue_line("markers", "book: uses the built book (set from its fixtures)")
    config.addinivalue_line("markers", "debian: needs a Debian program such as LibreOffice")


@functools.cache
def _source(func) -> str:
    try:
        return inspect.getsource(func)
    except (OSError, TypeError):
        return ""


def _needs(item) -> set[str]:
    """The full-run markers a test needs, from the fixtures it uses and its own code."""
    needs = {m for m in _FULL_ONLY if item.get_closest_marker(m)}
    info = getattr(item, "_fixtureinfo", None)
    names = set(getattr(item, "fixturenames", ()))
    if "book_build" in names:
        needs.add("book")
    if "libreoffice" in names:
        needs.add("debian")
    if "chromium_program" in names:
        needs.add("browser")
    funcs = [getattr(item, "function", None)]
    if info is not None:
        for name in names - {"_quick_guard"}:
            funcs += [d.func for d in info.name2fixturedefs.get(name, ())]
    for func in funcs:
        code = _source(func) if func is not None else ""
        if any(word in code for word in _STARTS_BROWSER):
            needs.add("browser")
        if any(word in code.lower() for word in _NEEDS_DEBIAN):
            needs.add("debian")
    return needs


def pytest_collection_modifyitems(config, items):
    quick = config.getoption("--quick")
    book, heavy, light = [], [], []
    for item in items:
        needs = _needs(item)
        for name in needs:
            item.add_marker(name)
        if "book" in needs:
            book.append(item)
        else:
            (heavy if needs else light).append(item)
    if quick:
        if book or heavy:
            config.hook.pytest_deselected(items=book + heavy)
        items[:] = light
    else:
        # Long work first, short last, so that the workers finish together: one test that
        # needs the book (its worker builds it) while the others take the tests that start
        # Chromium, LibreOffice or a build; then the book's tests; the many quick tests of
        # calculations and files last. Within each, the collection order is kept.
        items[:] = book[:1] + heavy + book[1:] + light


@pytest.fixture(autouse=True)
def _quick_guard(request, monkeypatch):
    """In the quick check, a test that starts a browser, LibreOffice or a book build fails."""
    if not request.config.getoption("--quick"):
        return

    def refuse(what: str):
        pytest.fail(
            f"{request.node.nodeid} starts {what} in the quick check: use the `libreoffice`, "
            "`built_html` or a Chromium-launching fixture so it is marked for the full run",
            pytrace=False,
        )

    real = subprocess.Popen.__init__

    def popen(self, args, *a, **k):
        first = args if isinstance(args, (str, os.PathLike)) else (args[0] if args else "")
        if Path(str(first).split()[0] if first else "").name in _PROGRAMS:
            refuse(Path(str(first)).name)
        real(self, args, *a, **k)

    monkeypatch.setattr(subprocess.Popen, "__init__", popen)
    try:
        from playwright.sync_api import BrowserType
    except ImportError:  # pragma: no cover - playwright is in the test extra
        return
    monkeypatch.setattr(BrowserType, "launch", lambda *a, **k: refuse("Chromium"))


@pytest.fixture(scope="session")
def libreoffice() -> str:
    """LibreOffice's program (Debian's ``libreoffice``); tests using it run in the full run."""
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        pytest.fail("LibreOffice is not installed: run scripts/setup-env test")
    return found


def book_output_root() -> Path:
    """Where the book is built: the repository, or $BOOK_OUTPUT for a private build."""
    return Path(os.environ.get("BOOK_OUTPUT", ROOT))


def _build_book() -> dict:
    out = book_output_root()
    args = [
        str(BIN / "jupyter-book"),
        "build",
        str(ROOT),
        "--warningiserror",
        "--nitpick",
        "--keep-going",
    ]
    if out != ROOT:
        args += ["--path-output", str(out)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=1800)
    return {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}


@pytest.fixture(scope="session")
def book_build(tmp_path_factory) -> dict:
    """Build the book with warnings as errors, once for all workers (execution is cached
    between runs): ``returncode``, ``stdout`` and ``stderr`` of ``jupyter-book build``."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):  # not distributed
        return _build_book()
    record = tmp_path_factory.getbasetemp().parent / "book-build.json"
    with FileLock(str(record) + ".lock"):
        if not record.is_file():
            record.write_text(json.dumps(_build_book()), encoding="utf-8")
        return json.loads(record.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def built_html(book_build) -> Path:
    """The built HTML folder; fails the requesting test if the build failed."""
    if book_build["returncode"] != 0:
        pytest.fail(
            "book build failed:\n" + book_build["stdout"][-4000:] + book_build["stderr"][-4000:]
        )
    return book_output_root() / "_build" / "html"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


@pytest.fixture(scope="session")
def book_server(built_html):
    """Serve the built book on a free localhost port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(built_html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="session")
def chromium_program() -> str:
    """Debian's Chromium, for a test whose code under test starts it (the print edition)."""
    program = os.environ.get("GUIDANCE_CHROMIUM", "/usr/bin/chromium")
    if not Path(program).exists():
        pytest.fail("Debian chromium is not installed: run scripts/setup-env test")
    return program
