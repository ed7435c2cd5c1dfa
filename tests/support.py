"""Helpers shared by the test files that start servers and Chromium (imported as ``support``)."""

from __future__ import annotations

import socket

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Debian Chromium's arguments for the tests: headless in a container, nothing fetched."""


def free_port() -> int:
    """A port free on 127.0.0.1 just now (the system picks it), so no fixed port can clash,
    not even between the workers of a parallel run."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
