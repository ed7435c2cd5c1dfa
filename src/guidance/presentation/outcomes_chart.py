"""Chapter 2's expected-outcomes chart: job entries for each scenario, as a point and a range.

Example
-------
>>> fig = outcomes_figure({"scenarios": ["Business as usual", "IPS"], "central": [25, 31],
...                        "low": [25, 29], "high": [25, 33], "starters": 100})
>>> fig.axes[0].get_xlabel()
'job entries (people) for 100 starters'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matplotlib.figure import Figure

from ..formatting import whole
from ..plots import PALETTE
from .words import wrap_words

__all__ = ["outcomes_figure"]


def outcomes_figure(data: Mapping[str, Any]) -> Figure:
    """Job entries for each scenario: a point for the central value and a bar for the range.

    Business as usual (the first scenario, your own rate) is a square and a dotted line;
    each evidence row is a different marker with a horizontal error bar from low to high,
    labelled in numbers.

    Parameters
    ----------
    data : mapping
        ``scenarios`` (names), ``central``, ``low`` and ``high`` (job entries, one per
        scenario) and ``starters`` (the people starting).
    """
    names, central = list(data["scenarios"]), [float(x) for x in data["central"]]
    low, high = [float(x) for x in data["low"]], [float(x) for x in data["high"]]
    fig = Figure(figsize=(7, 1.3 + 0.75 * len(names)), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    markers = ("s", "o", "^", "D")
    colours = ("#000000", PALETTE[0], PALETTE[5], PALETTE[2])
    positions = list(range(len(names)))[::-1]
    top = max(max(high), 1.0)
    for n, y in enumerate(positions):
        c, lo, hi = central[n], low[n], high[n]
        ax.errorbar(
            c,
            y,
            xerr=[[c - lo], [hi - c]],
            fmt=markers[n % 4],
            color=colours[n % 4],
            ecolor=colours[n % 4],
            elinewidth=3,
            capsize=6,
            markersize=8,
        )
        label = whole(c) if n == 0 else f"{whole(c)} ({whole(lo)} to {whole(hi)})"
        ax.text(hi + top * 0.02, y, label, va="center", fontsize=9)
    ax.axvline(central[0], color="#000000", linestyle=":", linewidth=1)
    ax.set_yticks(positions, [wrap_words(s, 34) for s in names], fontsize=8)
    ax.set_xlim(0, top * 1.35)
    ax.set_ylim(-0.6, len(names) - 0.4)
    ax.set_xlabel(f"job entries (people) for {whole(data['starters'])} starters")
    ax.set_title(
        "Expected job entries: business as usual and the evidence range", fontsize=11, loc="left"
    )
    return fig
