"""Chapter 1's readiness chart: each condition's rating as a labelled horizontal bar.

Example
-------
>>> plot = readiness_plot({"priority": 3, "define_work": 1, "plan": 2, "partnership": 2,
...                        "check": 0})
>>> plot.figure().axes[0].get_title(loc="left")
'Readiness: 8 of 20 (40%)'
"""

from __future__ import annotations

from collections.abc import Mapping

from ..core.conditions import CONDITIONS, MAX_RATING, SCALE, validate_ratings
from .formatting import pct
from .livefigure import Plot
from .plots import PALETTE, HBars, hbar_plot

__all__ = ["readiness_plot"]

_BAND_STYLE = {
    0: (PALETTE[5], "//"),
    1: (PALETTE[5], "//"),
    2: (PALETTE[1], "--"),
    3: (PALETTE[2], ""),
    4: (PALETTE[2], ""),
}


def readiness_plot(ratings: Mapping[str, int]) -> Plot:
    """Horizontal bars of each condition's rating, with the rating and its meaning in words.

    Colour and hatching both mark the band (diagonal lines on vermillion: 0-1; level
    lines on orange: 2; plain green: 3-4), and every bar is labelled, so colour is never
    the only cue. The title gives the total out of ``MAX_RATING`` x 5 and as a share.

    Parameters
    ----------
    ratings : mapping of str to int
        Condition key -> rating from 0 to 4, for all five conditions.
    """
    checked = validate_ratings(ratings)
    values = [checked[c.key] for c in CONDITIONS]
    top = MAX_RATING * len(CONDITIONS)
    return hbar_plot(
        HBars(
            [f"{c.number}. {c.name}" for c in CONDITIONS],
            values,
            [f"{r} ({SCALE[r]})" for r in values],
            title=f"Readiness: {sum(values)} of {top} ({pct(sum(values) / top)})",
            xlabel=f"rating (0 = not in place, {MAX_RATING} = in place)",
            right=MAX_RATING + 2.8,
            colours=[_BAND_STYLE[r][0] for r in values],
            hatches=[_BAND_STYLE[r][1] for r in values],
            edgecolour="#333333",
            gap=0.08,
            xticks=range(MAX_RATING + 1),
            height=3.4,
        )
    )
