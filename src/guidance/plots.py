"""Matplotlib figures in one accessible style.

Figures are built with :class:`matplotlib.figure.Figure` directly (no pyplot state), use
the Okabe-Ito colour-blind-safe palette, label their units, and come with alt text made
from the same numbers.

Example
-------
>>> fig = bar_figure(["A", "B"], [3, 1], title="Example", unit="people")
>>> fig.axes[0].get_xlabel()
'people'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from . import validation as v  # noqa: E402

__all__ = ["PALETTE", "bar_figure", "line_figure", "new_figure", "nice_limit"]

PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
"""Okabe-Ito palette: distinguishable with the common colour-vision deficiencies."""

MAX_INCHES = 50.0


def _text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be text; got {value!r}")
    return value


def _sequence(name: str, values: object) -> list:
    if isinstance(values, (str, bytes, Mapping)) or not hasattr(values, "__iter__"):
        raise TypeError(f"{name} must be a list; got {type(values).__name__}")
    out = list(values)
    if not out:
        raise ValueError(f"{name} must not be empty")
    return out


def _numbers(
    name: str, values: object, length: int | None, per: str = "", allow_nan: bool = False
) -> list:
    out = _sequence(name, values)
    if length is not None and len(out) != length:
        raise ValueError(f"{name} must hold one value per {per}; got {len(out)} and {length}")
    checked = []
    for i, x in enumerate(out):
        if allow_nan and isinstance(x, float) and math.isnan(x):
            checked.append(math.nan)
        else:
            checked.append(v.number(f"{name}[{i}]", x))
    return checked


def _thousands(x: float, _pos: object = None) -> str:
    if abs(x) >= 10 or float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:,.1f}"


thousands = FuncFormatter(_thousands)
"""Tick formatter writing numbers with a thousands comma (10,000), as GOV.UK style asks."""


_NICE_STEPS = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_limit(x: float) -> float:
    """The smallest round axis limit at least ``x``: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8
    times a power of ten (1 for zero).

    An axis that ends at a round number reads better, and it stays put while a value
    moves a little, so a live figure can redraw only the value (see :mod:`guidance.livefigure`).

    Examples
    --------
    >>> nice_limit(263_132), nice_limit(0.47), nice_limit(1_000), nice_limit(0)
    (300000.0, 0.5, 1000.0, 1.0)
    """
    x = v.non_negative("x", x)
    if x == 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(x))
    return next(step * power for step in _NICE_STEPS if step * power >= x * (1 - 1e-12))


def new_figure(width: float = 7.0, height: float = 3.8) -> tuple[Figure, object]:
    """A figure and one axes in the book's style.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> len(fig.axes)
    1
    """
    for name, size in (("width", width), ("height", height)):
        if v.positive(name, size) > MAX_INCHES:
            raise ValueError(f"{name} must be at most {MAX_INCHES:g} inches; got {size!r}")
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=9)
    return fig, ax


def bar_figure(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    title: str,
    unit: str,
    colours: Sequence[str] | None = None,
    value_format: str = "{:,.0f}",
) -> Figure:
    """Horizontal bars, largest stage at the top, each bar labelled with its value.

    Examples
    --------
    >>> bar_figure(["x"], [1.0], title="t", unit="u").axes[0].get_title(loc="left")
    't'
    """
    labels = _sequence("labels", labels)
    for i, label in enumerate(labels):
        _text(f"labels[{i}]", label)
    values = _numbers("values", values, len(labels), "label in labels")
    _text("title", title)
    _text("unit", unit)
    if colours is not None:
        colours = _sequence("colours", colours)
        if len(colours) != len(labels):
            raise ValueError(f"colours must hold one colour per label ({len(labels)})")
        for i, colour in enumerate(colours):
            _text(f"colours[{i}]", colour)
    _text("value_format", value_format)
    try:
        value_format.format(1.0)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise ValueError(
            f"value_format must format one number, e.g. '{{:,.0f}}'; got {value_format!r} ({error})"
        ) from None
    fig, ax = new_figure(height=max(2.2, 0.45 * len(labels) + 1.2))
    colours = list(colours) if colours else [PALETTE[0]] * len(labels)
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=colours)
    ax.set_yticks(positions, labels)
    top = max([float(x) for x in values] + [1.0])
    for y, value in zip(positions, values, strict=False):
        ax.text(float(value) + top * 0.01, y, value_format.format(value), va="center", fontsize=9)
    ax.set_xlim(0, top * 1.18)
    ax.xaxis.set_major_formatter(thousands)
    ax.set_xlabel(unit)
    ax.set_title(title, fontsize=11, loc="left")
    return fig


def line_figure(
    x: Sequence[float],
    series: dict[str, Sequence[float]],
    *,
    title: str,
    xlabel: str,
    ylabel: str,
) -> Figure:
    """Lines sharing an x axis, distinguished by colour and line style.

    Examples
    --------
    >>> len(line_figure([1, 2], {"a": [1, 2]}, title="t", xlabel="x", ylabel="y").axes[0].lines)
    1
    """
    x = _numbers("x", x, None)
    if not isinstance(series, Mapping) or not series:
        raise TypeError(f"series must be a non-empty dict of line name -> values; got {series!r}")
    series = {
        _text(f"series key {name!r}", name): _numbers(
            f"series[{name!r}]", ys, len(x), "x value", True
        )
        for name, ys in series.items()
    }
    _text("title", title)
    _text("xlabel", xlabel)
    _text("ylabel", ylabel)
    fig, ax = new_figure()
    styles = ("-", "--", ":", "-.")
    for n, (name, ys) in enumerate(series.items()):
        ax.plot(
            list(x),
            list(ys),
            label=name,
            color=PALETTE[n % len(PALETTE)],
            linestyle=styles[n % len(styles)],
            linewidth=2,
        )
    ax.yaxis.set_major_formatter(thousands)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=11, loc="left")
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=9)
    return fig
