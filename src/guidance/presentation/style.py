"""One style for every figure: lettering that can be read from the back of a room.

The rule, measured: every piece of text in a figure (titles, axis labels, tick labels,
legends, the words beside bars) is at least :data:`MIN_TEXT_PX` CSS pixels at the size
the figure is shown in the presenter layout of a 1280x720 window. Text of ``s`` points
in a figure of ``dpi`` dots per inch, shown at ``scale`` (displayed width over the
image's own width), is

    s x dpi / 72 x scale   CSS pixels.

Figures are :data:`WIDTH` inches at :data:`DPI`, 600 pixels, no wider than the results
column of the presenter layout at 1280x720 (:data:`PRESENTER_COLUMN_PX`), so they are
shown at their own size (scale 1) and :data:`TEXT_PT` text is 16.7 px, titles
:data:`TITLE_PT`. ``tests/test_figure_style.py`` checks every figure kind against the
rule, and ``tests/test_browser_presenter.py`` measures the displayed width in Chromium.

Every chart draws through :func:`new_figure` (one axes) or :func:`figure` and
:func:`style_axes` (several), and gives text the sizes named here; money on an axis is
written short by :data:`money_ticks` (``£1.2m``, ``£250k``) so tick labels do not crowd.

Example
-------
>>> round(text_px(TEXT_PT), 1), text_px(TEXT_PT) >= MIN_TEXT_PX
(16.7, True)
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..core import validation as v

__all__ = [
    "DPI",
    "WIDTH",
    "MAX_INCHES",
    "MIN_TEXT_PX",
    "PRESENTER_COLUMN_PX",
    "TEXT_PT",
    "TITLE_PT",
    "text_px",
    "figure",
    "style_axes",
    "short_gbp",
    "money_ticks",
    "money_axis",
]

DPI = 100
"""Dots per inch of every figure (one figure pixel is one CSS pixel at scale 1)."""

WIDTH = 6.0
"""Width of a figure in inches: 600 pixels, shown at its own size in the presenter layout."""

MAX_INCHES = 50.0
"""The largest figure side in inches."""

MIN_TEXT_PX = 16.0
"""The smallest text a figure may show, in CSS pixels (the calculators' text rule)."""

PRESENTER_COLUMN_PX = 600
"""The least width a figure is given in the presenter layout at 1280x720, in CSS pixels
(the results column is about 625 px; the browser test measures it)."""

TEXT_PT = 12.0
"""Size of every text but titles, in points: tick labels, axis labels, legends, labels."""

TITLE_PT = 14.0
"""Size of chart and panel titles, in points."""


def text_px(points: float, dpi: float = DPI, scale: float = 1.0) -> float:
    """How tall text of ``points`` is on screen, in CSS pixels: ``points * dpi / 72 * scale``.

    Examples
    --------
    >>> text_px(12), text_px(12, scale=0.5)
    (16.666666666666668, 8.333333333333334)
    """
    return v.positive("points", points) * v.positive("dpi", dpi) / 72 * v.positive("scale", scale)


def figure(width: float = WIDTH, height: float = 3.8) -> Figure:
    """An empty figure in the book's style: :data:`DPI`, constrained layout.

    Examples
    --------
    >>> figure(height=2).get_size_inches().tolist()
    [6.0, 2.0]
    """
    for name, size in (("width", width), ("height", height)):
        if v.positive(name, size) > MAX_INCHES:
            raise ValueError(f"{name} must be at most {MAX_INCHES:g} inches; got {size!r}")
    return Figure(figsize=(width, height), dpi=DPI, layout="constrained")


def style_axes(ax: Axes) -> Axes:
    """Give an axes the style: no top or right spine, and the text sizes named here.

    Tick labels and axis labels keep these sizes whatever text they are given later; a
    title's size is given where it is set (``ax.set_title(..., fontsize=TITLE_PT,
    wrap=True)``: matplotlib resets it then), and wrapping keeps a long title inside the
    figure.

    Examples
    --------
    >>> ax = style_axes(figure().add_subplot())
    >>> ax.xaxis.label.get_fontsize() == TEXT_PT
    True
    """
    if not isinstance(ax, Axes):
        raise TypeError(f"ax must be a matplotlib Axes; got {type(ax).__name__}")
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=TEXT_PT)
    for label in (ax.xaxis.label, ax.yaxis.label):
        label.set_fontsize(TEXT_PT)
        label.set_wrap(True)  # a long axis label is broken onto lines, never cut off
    return ax


def short_gbp(value: float) -> str:
    """Money for a tick label, short: ``£1.25m``, ``£2.5k``, ``£900``, ``-£40k``.

    Examples
    --------
    >>> [short_gbp(x) for x in (1_250_000, 2_000_000, 250_000, 12_500, 2_500, -40_000, 900, 0)]
    ['£1.25m', '£2m', '£250k', '£12.5k', '£2.5k', '-£40k', '£900', '£0']
    """
    value = v.number("value", value)
    size = abs(value)
    if size >= 1_000_000:
        text = f"{size / 1_000_000:.2f}".rstrip("0").rstrip(".") + "m"
    elif size >= 1_000:
        text = f"{size / 1_000:.1f}".rstrip("0").rstrip(".") + "k"
    else:
        text = f"{size:,.0f}"
    return ("-£" if value < 0 and text != "0" else "£") + text


money_ticks = FuncFormatter(lambda x, _pos=None: short_gbp(x))
"""Tick formatter writing money short (:func:`short_gbp`)."""


def money_axis(axis: Axis) -> Axis:
    """An axis in pounds: short tick labels (:func:`short_gbp`) and at most six ticks, so
    the labels never run into each other.

    Examples
    --------
    >>> ax = figure().add_subplot()
    >>> money_axis(ax.xaxis).get_major_formatter()(1_500_000)
    '£1.5m'
    """
    if not isinstance(axis, Axis):
        raise TypeError(f"axis must be a matplotlib Axis; got {type(axis).__name__}")
    axis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    axis.set_major_formatter(money_ticks)
    return axis
