"""Files offered beside an upload (a template, the SYNTHETIC example) as download links.

A link holds the whole file as a data URI, so the book makes no extra request.

Example
-------
>>> download_link("a.csv", "x,y\\n", "Download")[:9]
'<a class='
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Sequence

__all__ = ["download_link", "downloads_html"]


def download_link(filename: str, text: str, label: str) -> str:
    """A self-contained download link for a CSV file (a data URI).

    Examples
    --------
    >>> 'download="t.csv"' in download_link("t.csv", "a\\n", "Get it")
    True
    """
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return (
        f'<a class="guidance-download" download="{html.escape(filename)}" '
        f'href="data:text/csv;charset=utf-8;base64,{data}">{html.escape(label)}</a>'
    )


def downloads_html(downloads: Sequence[tuple[str, Callable[[], str], str]]) -> str:
    """An :class:`~guidance.calculators.spec.Upload`'s downloads as links, dot-separated.

    Examples
    --------
    >>> downloads_html([("a.csv", lambda: "x\\n", "A"), ("b.csv", lambda: "y\\n", "B")]).count("<a")
    2
    """
    return " &middot; ".join(download_link(name, make(), label) for name, make, label in downloads)
