"""Shared fixtures: the built book (built once per session) and a local web server for it."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def book_output_root() -> Path:
    """Where the book is built: the repository, or $BOOK_OUTPUT for a private build."""
    return Path(os.environ.get("BOOK_OUTPUT", ROOT))


@pytest.fixture(scope="session")
def book_build() -> subprocess.CompletedProcess:
    """Build the book with warnings as errors (execution is cached between runs)."""
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
    return subprocess.run(args, capture_output=True, text=True, cwd=ROOT, timeout=1800)


@pytest.fixture(scope="session")
def built_html(book_build) -> Path:
    """The built HTML folder; fails the requesting test if the build failed."""
    if book_build.returncode != 0:
        pytest.fail("book build failed:\n" + book_build.stdout[-4000:] + book_build.stderr[-4000:])
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
