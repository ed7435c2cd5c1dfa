"""Chapter 4's charts: gains by agency (the benefit ledger) and the cashable savings range.

Both are live :class:`~.livefigure.Plot` bars, so a changed input redraws in place.

Example
-------
>>> plot = cashable_plot({"budget": 6_000_000, "pence_low": 9, "pence_high": 66,
...                       "low": 540_000, "high": 3_960_000})
>>> plot.figure().axes[0].get_title(loc="left")
'Cashable savings on a £6m budget'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.ledger import AGENCIES, FUNDERS
from .formatting import decimal, gbp
from .livefigure import Plot
from .plots import PALETTE, HBars, hbar_plot, nice_limit

__all__ = ["gains_plot", "cashable_plot"]


def gains_plot(data: Mapping[str, Any]) -> Plot:
    """Horizontal bars of each agency's gain over the period, public bodies marked.

    Public bodies are plain blue and named "(public)"; the others are hatched green, so
    colour is never the only cue.

    Parameters
    ----------
    data : mapping
        ``gains``: one gain (GBP) per agency of :data:`guidance.core.ledger.AGENCIES`.

    Examples
    --------
    >>> plot = gains_plot({"gains": [1, 2, 3, 0, 5, 0]})
    >>> plot.figure().axes[0].get_title(loc="left")
    'Gains by agency over the period'
    """
    gains = [float(x) for x in data["gains"]]
    public = [a in FUNDERS for a in AGENCIES]
    return hbar_plot(
        HBars(
            [f"{a} (public)" if a in FUNDERS else a for a in AGENCIES],
            gains,
            [" " + gbp(x) for x in gains],
            title="Gains by agency over the period",
            xlabel="gain over the period (£)",
            right=nice_limit(max(gains + [1.0]) * 1.3),
            colours=[PALETTE[0] if p else PALETTE[2] for p in public],
            hatches=["" if p else "//" for p in public],
            edgecolour="black",
            money=True,
            height=3.6,
        )
    )


def cashable_plot(data: Mapping[str, Any]) -> Plot:
    """Two bars: cashable savings at the low and the high pence per pound.

    Parameters
    ----------
    data : mapping
        ``budget``, ``low`` and ``high`` (GBP) and ``pence_low``, ``pence_high``.
    """
    low, high = float(data["low"]), float(data["high"])
    return hbar_plot(
        HBars(
            [
                f"low ({decimal(data['pence_low'], 0)}p per £1)",
                f"high ({decimal(data['pence_high'], 0)}p per £1)",
            ],
            [low, high],
            [" " + gbp(low), " " + gbp(high)],
            title=f"Cashable savings on a {gbp(data['budget'])} budget",
            xlabel="cashable tax and benefit savings (£)",
            right=nice_limit(max(high, 1.0) * 1.3),
            colours=[PALETTE[4], PALETTE[0]],
            hatches=["//", ""],
            edgecolour="black",
            money=True,
            height=2.4,
        )
    )
