"""Helpers shared by the test files that start servers and Chromium (imported as ``support``)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "book" / "_ext"))
from guidance_print import ARGS as CHROMIUM_ARGS  # noqa: E402  (the book's own extension)

__all__ = ["CHROMIUM_ARGS", "free_port"]
# CHROMIUM_ARGS: Debian Chromium's arguments, the print edition's own (headless in a
# container, nothing fetched in the background)


def free_port() -> int:
    """A port free on 127.0.0.1 just now (the system picks it), so no fixed port can clash,
    not even between the workers of a parallel run."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
