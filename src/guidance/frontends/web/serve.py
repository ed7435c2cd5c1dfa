"""Local mode: the calculators' web pages on this computer only (``guidance serve``).

:func:`serve` starts uvicorn on 127.0.0.1 (loopback: nothing else on the network can
reach it), prints the address once the server answers, opens a browser when the computer
has one, and stops cleanly on Ctrl+C. The server answers only to its own ``Host``
(:func:`guidance.frontends.web.app.allowed_hosts`) and writes no access log, so no input
in an address is recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sys
import webbrowser

import uvicorn

from .app import Settings, create_app

__all__ = ["HOST", "DEFAULT_PORT", "ENV_BOOK_URL", "port_free", "serve"]

HOST = "127.0.0.1"
"""Local mode listens on loopback only."""

DEFAULT_PORT = 8866
"""The trainer's usual port."""

ENV_BOOK_URL = "GUIDANCE_BOOK_URL"
"""Environment variable holding the published book's address (calculators link their
chapter there)."""


def port_free(port: int) -> bool:
    """Whether ``port`` can be listened on at 127.0.0.1.

    As uvicorn does on POSIX, a port whose last connections are still closing (TIME_WAIT,
    for a minute after the server stopped) counts as free: a restart just after Ctrl+C
    works.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        if os.name == "posix":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
    return True


def _has_browser() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or sys.platform in ("darwin", "win32")
    )


def _open_browser(url: str) -> None:
    """Open ``url`` in the computer's browser; say nothing when there is none."""
    if not _has_browser():
        return
    with contextlib.suppress(Exception):  # no browser is not an error
        webbrowser.open(url)


async def _run(server: uvicorn.Server, url: str, open_browser: bool) -> None:
    task = asyncio.ensure_future(server.serve())
    while not server.started and not task.done():
        await asyncio.sleep(0.05)
    if server.started:
        print()
        print("The calculators are running on this computer only. Open:")
        print(f"  {url}")
        print("Press Ctrl+C to stop. Nothing you type is kept: each page's address holds it.")
        sys.stdout.flush()
        if open_browser:
            _open_browser(url)
    await task


def serve(port: int = DEFAULT_PORT, open_browser: bool = True, book_url: str | None = None) -> int:
    """Serve the pages on ``http://127.0.0.1:<port>/`` until Ctrl+C; the exit status.

    ``book_url`` is the published book's address, where each calculator links its chapter
    (default: ``$GUIDANCE_BOOK_URL``; none when unset). Returns 2 (with a message) when
    the port is not a port or is in use.
    """
    if book_url is None:
        book_url = os.environ.get(ENV_BOOK_URL, "")
    if isinstance(port, bool) or not isinstance(port, int) or not 1 <= port <= 65535:
        print(f"--port must be a whole number from 1 to 65535; got {port}", file=sys.stderr)
        return 2
    if not port_free(port):
        print(
            f"Port {port} is in use on {HOST} (are the calculators already running?). "
            "Choose another with --port.",
            file=sys.stderr,
        )
        return 2
    app = create_app(Settings(mode="local", port=port, book_url=book_url.strip()))
    config = uvicorn.Config(
        app,
        host=HOST,
        port=port,
        access_log=False,
        log_level="warning",
        server_header=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C stops the server
        asyncio.run(_run(server, f"http://{HOST}:{port}/", open_browser))
    print("Stopped.", flush=True)
    return 0 if server.started else 1
