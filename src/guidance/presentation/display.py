"""Accessible HTML for figures and tables, shown the same way in the book and in a kernel.

Matplotlib's own notebook output has no alt text and pandas' tables have no caption, so the
book shows every figure and table through these helpers instead: a figure becomes an
``<img>`` with alt text (and a caption), a table gets a ``<caption>`` and no index column.

Example
-------
>>> import pandas as pd
>>> html = table_html(pd.DataFrame({"a": [1]}), caption="One row")
>>> "<caption>One row</caption>" in html
True
"""

from __future__ import annotations

import base64
import html
import io

import pandas as pd
from matplotlib.figure import Figure

__all__ = [
    "figure_png",
    "figure_html",
    "table_html",
    "Shown",
    "show_figure",
    "show_table",
]


def figure_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes (deterministic: no timestamp metadata).

    Examples
    --------
    >>> from guidance.presentation.plots import bar_figure
    >>> figure_png(bar_figure(["a"], [1], title="t", unit="u"))[:4]
    b'\\x89PNG'
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def figure_html(fig: Figure, alt: str, caption: str | None = None) -> str:
    """An ``<img>`` holding the figure inline, with alt text and an optional caption.

    Examples
    --------
    >>> from guidance.presentation.plots import bar_figure
    >>> 'alt="Two bars"' in figure_html(bar_figure(["a"], [1], title="t", unit="u"), "Two bars")
    True
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    if caption is not None and not isinstance(caption, str):
        raise TypeError(f"caption must be text or None; got {type(caption).__name__}")
    data = base64.b64encode(figure_png(fig)).decode("ascii")
    width, height = (int(round(x)) for x in fig.get_size_inches() * fig.dpi)
    img = (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
        f'width="{width}" height="{height}" style="max-width:100%;height:auto">'
    )
    figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return f'<figure class="guidance-figure">{img}{figcaption}</figure>'


def table_html(df: pd.DataFrame, caption: str, formatters: dict | None = None) -> str:
    """A table with a caption, column headers with ``scope="col"`` and no index.

    The table sits in a keyboard-scrollable region named by the caption, so a table wider
    than the page can be read without a mouse.

    Parameters
    ----------
    df : pandas.DataFrame
        The table; values are shown as given unless a formatter is set for the column.
    caption : str
        What the table shows (read out first by screen readers).
    formatters : dict, optional
        Column name -> function turning a value into text.

    Examples
    --------
    >>> "scope=\\"col\\"" in table_html(pd.DataFrame({"a": [1]}), "c")
    True
    """
    _check_table(df, caption, formatters)
    formatters = formatters or {}
    head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in df.columns)
    columns = [
        [formatters[c](x) for x in df[c]] if c in formatters else df[c].tolist() for c in df.columns
    ]
    body = [
        "<tr>" + "".join(f"<td>{html.escape(str(text))}</td>" for text in row) + "</tr>"
        for row in zip(*columns, strict=True)
    ]
    # A wide table scrolls sideways inside its box; tabindex lets keyboard users scroll it
    # and the region is named by the caption (WCAG 2.1.1, axe "scrollable-region-focusable").
    label = html.escape(caption, quote=True)
    return (
        f'<div class="guidance-table" role="region" aria-label="{label}" tabindex="0"><table>'
        f"<caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def _check_table(df: object, caption: object, formatters: object) -> None:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"df must be a pandas DataFrame; got {type(df).__name__}")
    if not isinstance(caption, str) or not caption.strip():
        raise ValueError(f"caption must be a non-empty description of the table; got {caption!r}")
    if formatters is None:
        return
    if not isinstance(formatters, dict):
        raise TypeError(f"formatters must be a dict of column -> function; got {formatters!r}")
    for column, fmt in formatters.items():
        if column not in df.columns:
            raise ValueError(f"formatters[{column!r}] names a column the table does not have")
        if not callable(fmt):
            raise TypeError(f"formatters[{column!r}] must be a function; got {fmt!r}")


class Shown:
    """Something to display: HTML for the page, plain text for tests and terminals.

    Jupyter and the book pick ``text/html``; nbval and a terminal see ``text/plain``.

    Examples
    --------
    >>> Shown("<b>x</b>", "x")
    x
    """

    def __init__(self, html_text: str, text: str):
        for name, value in (("html_text", html_text), ("text", text)):
            if not isinstance(value, str):
                raise TypeError(f"{name} must be text; got {type(value).__name__}")
        self.html = html_text
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def show_figure(fig: Figure, alt: str, caption: str | None = None) -> Shown:
    """Display a figure with alt text; its plain-text form is the alt text.

    Examples
    --------
    >>> from guidance.presentation.plots import bar_figure
    >>> show_figure(bar_figure(["a"], [1], title="t", unit="u"), "One bar")
    One bar
    """
    return Shown(figure_html(fig, alt, caption), alt)


def show_table(df: pd.DataFrame, caption: str, formatters: dict | None = None) -> Shown:
    """Display a table with a caption; its plain-text form is the formatted table.

    Examples
    --------
    >>> show_table(pd.DataFrame({"a": [1]}), "c")
    c
     a
     1
    """
    _check_table(df, caption, formatters)
    shown = df.copy()
    for column, fmt in (formatters or {}).items():
        shown[column] = shown[column].map(fmt)
    return Shown(table_html(df, caption, formatters), caption + "\n" + shown.to_string(index=False))
