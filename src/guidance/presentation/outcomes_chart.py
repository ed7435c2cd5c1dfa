"""Chapter 2's expected-outcomes chart: job entries for each scenario, as a point and a range.

A live :class:`~.livefigure.Plot`: while the scenarios and the axis stay the same, a
changed input redraws only the points, ranges, labels and the business-as-usual line.

Example
-------
>>> plot = outcomes_plot({"scenarios": ["Business as usual", "IPS"], "central": [25, 31],
...                       "low": [25, 29], "high": [25, 33], "starters": 100})
>>> plot.figure().axes[0].get_title(loc="left")
'Expected job entries for 100 starters, with the evidence range'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from .formatting import whole
from .livefigure import Plot
from .plots import PALETTE, nice_limit
from .style import TEXT_PT, TITLE_PT, figure, style_axes
from .words import wrap_words

__all__ = ["outcomes_plot"]

_MARKERS = ("s", "o", "^", "D")
_COLOURS = ("#000000", PALETTE[0], PALETTE[5], PALETTE[2])


def _numbers(data: Mapping[str, Any]) -> tuple[list[float], list[float], list[float]]:
    return (
        [float(x) for x in data["central"]],
        [float(x) for x in data["low"]],
        [float(x) for x in data["high"]],
    )


def _frame(data: Mapping[str, Any]) -> tuple:
    # everything but what a live update changes: the scenarios and the axis
    _central, _low, high = _numbers(data)
    return tuple(data["scenarios"]), nice_limit(max(max(high), 1.0) * 1.7)


def _draw(data: Mapping[str, Any]) -> tuple[Figure, dict]:
    names, limit = _frame(data)
    fig = figure(height=1.3 + 0.75 * len(names))
    ax = style_axes(fig.add_subplot())
    positions = list(range(len(names)))[::-1]
    rows = []
    for n, y in enumerate(positions):
        colour = _COLOURS[n % 4]
        (span,) = ax.plot([0, 0], [y, y], color=colour, linewidth=3, solid_capstyle="butt")
        (caps,) = ax.plot(
            [0, 0],
            [y, y],
            linestyle="none",
            marker="|",
            markersize=12,
            markeredgewidth=2,
            color=colour,
        )
        (point,) = ax.plot([0], [y], marker=_MARKERS[n % 4], markersize=8, color=colour)
        label = ax.text(0, y, "", va="center", fontsize=TEXT_PT)
        rows.append({"span": span, "caps": caps, "point": point, "label": label})
    parts = {
        "rows": rows,
        "bau": ax.axvline(0, color="#000000", linestyle=":", linewidth=1),
        "title": ax.set_title("", fontsize=TITLE_PT, wrap=True, loc="left"),
    }
    ax.set_yticks(positions, [wrap_words(s, 24) for s in names], fontsize=TEXT_PT)
    ax.set_xlim(0, limit)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.set_xlabel("job entries (people)")
    _update(parts, data)
    return fig, parts


def _update(parts: dict, data: Mapping[str, Any]) -> None:
    central, low, high = _numbers(data)
    _names, limit = _frame(data)
    for n, row in enumerate(parts["rows"]):
        y = row["point"].get_ydata()[0]
        row["span"].set_xdata([low[n], high[n]])
        row["caps"].set_xdata([low[n], high[n]])
        row["point"].set_xdata([central[n]])
        row["label"].set_x(high[n] + limit * 0.015)
        row["label"].set_y(y)
        row["label"].set_text(
            whole(central[n])
            if n == 0
            else f"{whole(central[n])} ({whole(low[n])} to {whole(high[n])})"
        )
    parts["bau"].set_xdata([central[0], central[0]])
    parts["title"].set_text(
        f"Expected job entries for {whole(data['starters'])} starters, with the evidence range"
    )


def outcomes_plot(data: Mapping[str, Any]) -> Plot:
    """Job entries for each scenario: a point for the central value and a bar for the range.

    Business as usual (the first scenario, your own rate) is a black square and a dotted
    line; each evidence row has its own marker and colour, with a bar from low to high,
    labelled in numbers, so neither colour nor shape is the only cue.

    Parameters
    ----------
    data : mapping
        ``scenarios`` (names), ``central``, ``low`` and ``high`` (job entries, one per
        scenario) and ``starters`` (the people starting).
    """
    return Plot(_draw, _update, _frame, data)
