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
import math

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag
from matplotlib.figure import Figure

__all__ = [
    "figure_png",
    "figure_html",
    "live_figure_html",
    "table_html",
    "Shown",
    "show_figure",
    "show_table",
]

# One Agg renderer per (width, height, dpi), shared by every live redraw: matplotlib caches
# text metrics per renderer, so a fresh renderer for every figure would measure every label
# again. Redraws happen one at a time in the kernel, and each draw clears the renderer first.
_RENDERERS: dict[tuple, RendererAgg] = {}
# Axes positions from the first (constrained) layout of each live figure slot, reused while
# the figure's shape and labels stay the same, so a redraw skips the layout solver.
# A layout depends only on the signature (size, titles, labels, tick labels), so a few are
# kept per slot: going back to an earlier input reuses its layout.
_LAYOUTS: dict[object, dict[tuple, list]] = {}
_LAYOUTS_PER_SLOT = 16


_TEXT_IMAGES_PER_RENDERER = 4000


class _TextCachingRenderer(RendererAgg):
    """An Agg renderer that keeps each label's rendered bitmap for the next redraw.

    Matplotlib 3.11 renders text one glyph at a time in Python, which profiling showed to
    be most of a live redraw (a 25-label axis took about 200 ms). A live figure redraws
    mostly the same labels, so each (text, font, size) is rendered once with FreeType's
    whole-string path and its bitmap reused; only the colour and position change per draw.
    Mathtext and anything the fast path cannot do fall back to matplotlib's own drawing.
    """

    def __init__(self, width: int, height: int, dpi: float):
        super().__init__(width, height, dpi)
        self._text_images: dict[tuple, tuple] = {}

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        antialiased = bool(gc.get_antialiased())
        key = (s, hash(prop), prop.get_size_in_points(), antialiased, self.dpi)
        cached = self._text_images.get(key)
        if cached is None:
            try:
                font = self._prepare_font(prop)
                font.set_text(s, 0, flags=get_hinting_flag())
                font.draw_glyphs_to_bitmap(antialiased=antialiased)
                image = np.array(font.get_image(), dtype=np.uint8)
                xo, yo = (v / 64.0 for v in font.get_bitmap_offset())
                cached = (image, xo, yo, font.get_descent() / 64.0)
            except (AttributeError, TypeError):  # a matplotlib without the whole-string path
                return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            if len(self._text_images) >= _TEXT_IMAGES_PER_RENDERER:
                self._text_images.clear()
            self._text_images[key] = cached
        image, xo, yo, descent = cached
        if not image.size:
            return None
        x = round(x + xo + descent * math.sin(math.radians(angle)))
        y = round(y + yo + descent * math.cos(math.radians(angle)))
        self._renderer.draw_text_image(image, x, y + 1, angle, gc)
        return None


class _SharedCanvas(FigureCanvasAgg):
    """An Agg canvas drawing into a renderer shared between figures of the same size."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = (w, h, self.figure.dpi)
        renderer = _RENDERERS.get(key)
        if renderer is None:
            renderer = _RENDERERS[key] = _TextCachingRenderer(w, h, self.figure.dpi)
        self.renderer = renderer
        self._lastKey = key
        return renderer


def figure_png(fig: Figure) -> bytes:
    """Render a figure to PNG bytes (deterministic: no timestamp metadata).

    Examples
    --------
    >>> from guidance.plots import bar_figure
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
    >>> from guidance.plots import bar_figure
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


_DIGITS = str.maketrans("123456789", "000000000")


def _shape(text: str) -> str:
    """Text with every digit written as 0: the same width, since the digits of the book's
    font (DejaVu Sans) all have the same advance, so "£2,631" and "£1,984" need the same room."""
    return text.translate(_DIGITS)


def _layout_signature(fig: Figure) -> tuple:
    """What fixes a figure's layout: its size and the shape of the text around each axes.

    Numbers in titles and tick labels change on every input change but not the room they
    take, so they enter the signature by shape (see :func:`_shape`); where a tick label
    sits matters too when it is at the end of an axis and overhangs it, so the first and
    last ticks' places are kept to a tenth of the axis.
    """
    parts: list = [tuple(fig.get_size_inches()), fig.dpi]
    for ax in fig.axes:
        legend = ax.get_legend()
        ticks = []
        for axis in (ax.xaxis, ax.yaxis):
            labels = tuple(_shape(t.get_text()) for t in axis.get_ticklabels())
            low, high = sorted(axis.get_view_interval())
            locs = [x for x in axis.get_ticklocs() if low <= x <= high]
            ends = (
                tuple(round(10 * (x - low) / (high - low)) for x in (locs[0], locs[-1]))
                if locs and high > low
                else ()
            )
            ticks.append((labels, ends))
        parts.append(
            (
                _shape(ax.get_title(loc="left")),
                _shape(ax.get_title()),
                _shape(ax.get_xlabel()),
                _shape(ax.get_ylabel()),
                *ticks,
                None if legend is None else tuple(_shape(t.get_text()) for t in legend.get_texts()),
            )
        )
    for legend in fig.legends:
        parts.append(tuple(_shape(t.get_text()) for t in legend.get_texts()))
    return tuple(parts)


def live_figure_html(fig: Figure, alt: str, slot: object = None) -> str:
    """Like :func:`figure_html`, drawn faster for a live redraw in a kernel.

    The picture is the same figure; the PNG is compressed less, text metrics are reused
    between redraws and, for a ``slot`` (e.g. a calculator and figure number) whose figure
    keeps the same size, labels and tick labels, the constrained layout computed on the
    first draw is reused instead of being solved again.

    Examples
    --------
    >>> from guidance.plots import bar_figure
    >>> 'alt="Bars"' in live_figure_html(bar_figure(["a"], [1], title="t", unit="u"), "Bars")
    True
    """
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    try:
        hash(slot)
    except TypeError:
        raise TypeError(f"slot must be hashable (e.g. a name or a tuple); got {slot!r}") from None
    _SharedCanvas(fig)
    fig._guidance_live = True  # drawn with the shortcuts below (see widgets.base.Result)
    if slot is not None:
        engine = fig.get_layout_engine()
        signature = _layout_signature(fig)
        known = _LAYOUTS.setdefault(slot, {})
        positions = known.get(signature)
        if positions is not None and len(positions) == len(fig.axes):
            fig.set_layout_engine(None)
            for ax, position in zip(fig.axes, positions, strict=True):
                ax.set_position(position)
        elif engine is not None:
            engine.execute(fig)
            fig.set_layout_engine(None)
            if len(known) >= _LAYOUTS_PER_SLOT:
                known.pop(next(iter(known)))
            known[signature] = [ax.get_position() for ax in fig.axes]
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 1})
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    width, height = (int(round(x)) for x in fig.get_size_inches() * fig.dpi)
    return (
        f'<figure class="guidance-figure"><img src="data:image/png;base64,{data}" '
        f'alt="{html.escape(alt)}" width="{width}" height="{height}" '
        'style="max-width:100%;height:auto"></figure>'
    )


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
    body = []
    for _, row in df.iterrows():
        cells = []
        for column in df.columns:
            value = row[column]
            text = formatters[column](value) if column in formatters else value
            cells.append(f"<td>{html.escape(str(text))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
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
    >>> from guidance.plots import bar_figure
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
