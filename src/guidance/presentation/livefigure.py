"""Live figures: a calculator's figure redrawn in place as its inputs change.

In the book a figure is drawn once (:func:`guidance.presentation.display.figure_html`). In a running
kernel it is redrawn on every input change, and a trainer's slider needs that within a
tenth of a second. Profiling (``benchmarks/run.py``) showed where the time went and what
this module does about it:

* **Building the figure and solving its layout**: a :class:`Plot` is drawn once and then
  *updated* - only the artists that depend on the inputs change, and they are redrawn
  over a saved copy of everything else (blitting). Where the frame (axis limits, tick
  labels, categories) changes, the figure is drawn anew.
* **Solving the layout** of a figure drawn anew: the constrained layout is kept per
  :class:`LiveFigure` and reused while the text around the axes keeps its shape.

Example
-------
>>> from guidance.presentation.plots import bar_figure
>>> live = LiveFigure()
>>> 'alt="Bars"' in live.html(bar_figure(["a"], [1], title="t", unit="u"), "Bars")
True
"""

from __future__ import annotations

import base64
import html
import struct
import zlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["Plot", "LiveFigure", "layout_signature"]

_DIGITS = str.maketrans("123456789", "000000000")


def _shape(text: str) -> str:
    """Text with every digit written as 0: the same width, since the digits of the book's
    font (DejaVu Sans) all have the same advance, so "£2,631" and "£1,984" need the same room."""
    return text.translate(_DIGITS)


def layout_signature(fig: Figure) -> tuple:
    """What fixes a figure's layout: its size and the shape of the text around each axes.

    Numbers in titles and tick labels change on every input change but not the room they
    take, so they enter the signature by shape (see :func:`_shape`); words placed with
    ``in_layout=False`` (a bar's value inside the axes) take no room and are left out;
    where a tick label sits matters too when it is at the end of an axis and overhangs it,
    so the first and last ticks' places are kept to a tenth of the axis.
    """
    parts: list = [tuple(fig.get_size_inches()), fig.dpi]
    for ax in fig.axes:
        legend = ax.get_legend()
        ticks = []
        for axis in (ax.xaxis, ax.yaxis):
            # the ticks as the axis will make them (asking the axis for its tick labels
            # would make the tick artists too, which drawing does again)
            low, high = sorted(axis.get_view_interval())
            every = list(axis.get_major_locator()())
            shown = [low <= x <= high for x in every]
            formatted = axis.get_major_formatter().format_ticks(every)
            labels = tuple(_shape(t) for t, keep in zip(formatted, shown, strict=True) if keep)
            locs = [x for x, keep in zip(every, shown, strict=True) if keep]
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
                tuple(_shape(t.get_text()) for t in ax.texts if t.get_in_layout()),
            )
        )
    for legend in fig.legends:
        parts.append(tuple(_shape(t.get_text()) for t in legend.get_texts()))
    return tuple(parts)


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(rgba: np.ndarray) -> bytes:
    """A PNG file of an 8-bit RGBA image (height x width x 4), for a live figure.

    Each row is stored unfiltered and the whole compressed at zlib level 1: a chart's
    large flat areas compress about as well as with PNG's row filters, and it is written
    about three times as fast as Pillow's PNG encoder at its fastest level, which tries
    the filters on every row (``benchmarks/run.py`` times the redraw it is part of).

    Examples
    --------
    >>> import io
    >>> from PIL import Image
    >>> pixels = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    >>> bool((np.asarray(Image.open(io.BytesIO(_png(pixels)))) == pixels).all())
    True
    """
    if not (isinstance(rgba, np.ndarray) and rgba.dtype == np.uint8 and rgba.ndim == 3):
        raise TypeError("rgba must be a height x width x 4 array of 8-bit values")
    height, width, channels = rgba.shape
    if channels != 4 or not height or not width:
        raise ValueError(f"rgba must be a height x width x 4 array; got shape {rgba.shape}")
    rows = np.zeros((height, 1 + 4 * width), dtype=np.uint8)  # filter byte 0: none
    rows[:, 1:] = rgba.reshape(height, -1)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(rows, 1))
        + _chunk(b"IEND", b"")
    )


def _check_alt(alt: object) -> str:
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    return alt


def _check_callable(name: str, value: object) -> None:
    if not callable(value):
        raise TypeError(f"{name} must be a function; got {type(value).__name__}")


@dataclass(frozen=True)
class Plot:
    """A figure that a live calculator updates in place instead of drawing it anew.

    Parameters
    ----------
    draw : callable
        ``draw(data) -> (Figure, parts)``: the whole figure for ``data`` and the artists
        that change with the data (one artist, or a list or dict of them, nested as you
        like).
    update : callable
        ``update(parts, data)``: set those artists for new ``data``.
    frame : callable
        ``frame(data) -> hashable``: everything else the picture depends on (axis
        limits, tick labels, categories). While it is unchanged a live figure keeps its
        background and redraws only the parts; when it changes the figure is drawn anew.
    data : object
        What to draw.

    Updating a figure drawn for other data gives the same picture as drawing this data
    anew (``tests/test_livefigure.py`` checks this for every Plot the calculators make).

    Examples
    --------
    >>> from guidance.presentation.plots import new_figure
    >>> def draw(x):
    ...     fig, ax = new_figure()
    ...     (bar,) = ax.bar([0], [x])
    ...     ax.set_ylim(0, 10)
    ...     return fig, bar
    >>> plot = Plot(draw, lambda bar, x: bar.set_height(x), lambda x: None, 3.0)
    >>> float(plot.figure().axes[0].patches[0].get_height())
    3.0
    """

    draw: Callable[[Any], tuple[Figure, Any]]
    update: Callable[[Any, Any], None]
    frame: Callable[[Any], Hashable]
    data: Any

    def __post_init__(self) -> None:
        for name in ("draw", "update", "frame"):
            _check_callable(name, getattr(self, name))

    def figure(self) -> Figure:
        """The whole figure for ``data``, drawn anew (for the book and exports)."""
        fig, _ = self.draw(self.data)
        if not isinstance(fig, Figure):
            raise TypeError(f"draw must return (Figure, parts); got {type(fig).__name__}")
        return fig


def _artists(parts: object) -> list[Artist]:
    """Every artist in ``parts`` (an artist, or lists, tuples and dicts of them)."""
    if isinstance(parts, Artist):
        return [parts]
    if isinstance(parts, dict):
        parts = list(parts.values())
    if isinstance(parts, (list, tuple)):
        return [a for p in parts for a in _artists(p)]
    raise TypeError(f"parts must be artists, or lists or dicts of them; got {parts!r}")


_LAYOUTS_PER_FIGURE = 16


class LiveFigure:
    """One figure of a live calculator, redrawn as fast as its kind allows.

    :meth:`html` takes a :class:`Plot` or a matplotlib Figure and returns an ``<img>``
    with alt text. A Plot whose frame is unchanged since the last call is updated in
    place and only its parts are redrawn; anything else is drawn in full, reusing a
    constrained layout computed before for text of the same shape.
    """

    def __init__(self) -> None:
        self.last_redraw = ""
        """How the last :meth:`html` call drew: "in place" or "anew" (for tests and benchmarks)."""
        self._plot: Plot | None = None
        self._frame: object = None
        self._fig: Figure | None = None
        self._parts: object = None
        self._artists: list[Artist] = []
        self._background = None
        self._layouts: dict[tuple, list] = {}

    def html(self, figure: Plot | Figure, alt: str) -> str:
        """The figure (updated or drawn) as an inline PNG ``<img>`` with ``alt`` text."""
        _check_alt(alt)
        if isinstance(figure, Plot):
            fig = self._show_plot(figure)
        elif isinstance(figure, Figure):
            self._plot = self._fig = None
            self.last_redraw = "anew"
            fig = figure
            FigureCanvasAgg(fig)
            self._layout(fig)
            fig.canvas.draw()
        else:
            raise TypeError(f"figure must be a Plot or a Figure; got {type(figure).__name__}")
        rgba = np.asarray(fig.canvas.buffer_rgba())
        data = base64.b64encode(_png(rgba)).decode("ascii")
        height, width = rgba.shape[:2]
        return (
            f'<figure class="guidance-figure"><img src="data:image/png;base64,{data}" '
            f'alt="{html.escape(alt)}" width="{width}" height="{height}" '
            'style="max-width:100%;height:auto"></figure>'
        )

    def _show_plot(self, plot: Plot) -> Figure:
        frame = plot.frame(plot.data)
        same = self._plot is not None and self._plot.draw is plot.draw
        if same and self._plot.update is plot.update and frame == self._frame:
            plot.update(self._parts, plot.data)
            fig = self._fig
            fig.canvas.restore_region(self._background)
            self.last_redraw = "in place"
        else:
            fig, parts = plot.draw(plot.data)
            self._artists = sorted(_artists(parts), key=lambda a: a.get_zorder())
            for artist in self._artists:
                artist.set_animated(True)
            FigureCanvasAgg(fig)
            self._layout(fig)
            fig.canvas.draw()  # everything but the parts
            self._background = fig.canvas.copy_from_bbox(fig.bbox)
            self._plot, self._frame, self._fig, self._parts = plot, frame, fig, parts
            self.last_redraw = "anew"
        for artist in self._artists:
            fig.draw_artist(artist)
        return fig

    def _layout(self, fig: Figure) -> None:
        """Run the figure's layout engine once, or reuse a layout for text of this shape."""
        engine = fig.get_layout_engine()
        if engine is None:
            return
        signature = layout_signature(fig)
        positions = self._layouts.get(signature)
        # A figure-level legend outside the axes is placed by the layout too, and only the
        # axes' places are kept: such a figure always gets its layout solved.
        if positions is not None and len(positions) == len(fig.axes) and not fig.legends:
            for ax, position in zip(fig.axes, positions, strict=True):
                ax.set_position(position)
        else:
            engine.execute(fig)
            if len(self._layouts) >= _LAYOUTS_PER_FIGURE:
                self._layouts.pop(next(iter(self._layouts)))
            self._layouts[signature] = [ax.get_position() for ax in fig.axes]
        fig.set_layout_engine(None)
