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

from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
from matplotlib.figure import Figure  # noqa: E402

__all__ = ["PALETTE", "STATUS_COLOURS", "bar_figure", "line_figure", "new_figure"]

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

STATUS_COLOURS = {"within": "#009E73", "below": "#D55E00", "above": "#E69F00"}
"""Traffic-light colours that stay distinct for colour-blind readers (always with a label)."""


def new_figure(width: float = 7.0, height: float = 3.8) -> tuple[Figure, object]:
    """A figure and one axes in the book's style.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> len(fig.axes)
    1
    """
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
    >>> bar_figure(["x"], [1.0], title="t", unit="u").axes[0].get_title()
    't'
    """
    fig, ax = new_figure(height=max(2.2, 0.45 * len(labels) + 1.2))
    colours = list(colours) if colours else [PALETTE[0]] * len(labels)
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, values, color=colours)
    ax.set_yticks(positions, labels)
    top = max([float(x) for x in values] + [1.0])
    for y, value in zip(positions, values, strict=False):
        ax.text(float(value) + top * 0.01, y, value_format.format(value), va="center", fontsize=9)
    ax.set_xlim(0, top * 1.18)
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
    fig, ax = new_figure()
    styles = ("-", "--", ":", "-.")
    for n, (name, ys) in enumerate(series.items()):
        ax.plot(list(x), list(ys), label=name, color=PALETTE[n % len(PALETTE)],
                linestyle=styles[n % len(styles)], linewidth=2)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title, fontsize=11, loc="left")
    if len(series) > 1:
        ax.legend(frameon=False, fontsize=9)
    return fig
