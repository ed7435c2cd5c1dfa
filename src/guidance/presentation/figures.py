"""Draw a definition's :class:`~guidance.calculators.spec.Figure` from its kind and data.

A definition says *what* to draw (``Figure("bars", {...}, alt=...)``); this module says
*how*. Each kind maps to a function returning a :class:`~.livefigure.Plot` (a
figure a live calculator redraws in place) or a matplotlib Figure. Generic kinds:

* ``"bars"``: vertical bars, data as :func:`~.plots.bar_plot`'s keywords;
* ``"lines"``: lines over x, data as :func:`~.plots.line_plot`'s keywords;
* ``"histogram"``: simulated values, data as :func:`~.plots.histogram_plot`'s keywords;
* ``"tornado"``: one-way sensitivity, data as :func:`~.plots.tornado_plot`'s keywords.

Colours in data may be given as indices into :data:`~.plots.PALETTE`.
Calculator-specific charts live in the chart modules beside this one and are listed in
:data:`KINDS`.

Example
-------
>>> from guidance.calculators.spec import Figure
>>> spec = Figure("bars", {"labels": ["a", "b"], "values": [1, 2], "title": "t",
...                        "unit": "people"}, alt="Two bars")
>>> type(plot(spec)).__name__
'Plot'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matplotlib.figure import Figure as MplFigure

from ..calculators.spec import Figure, Text
from .benchmark_chart import benchmark_plot
from .ledger_charts import cashable_plot, gains_plot
from .livefigure import Plot
from .outcomes_chart import outcomes_plot
from .payment_charts import cash_plot, creaming_plot, margin_plot
from .performance_charts import fidelity_plot, funnel_plot, seqf_plot, trend_figure, wellbeing_plot
from .plots import PALETTE, bar_plot, histogram_plot, line_plot, tornado_plot
from .readiness_chart import readiness_plot
from .render import text

__all__ = ["KINDS", "plot", "static_figure", "colours"]


def colours(values: Any) -> list[str] | None:
    """Palette indices (or colour strings) as colour strings."""
    if values is None:
        return None
    return [PALETTE[c] if isinstance(c, int) else c for c in values]


def _bars(data: dict) -> Plot:
    data = dict(data)
    data["colours"] = colours(data.get("colours"))
    return bar_plot(**data)


def _lines(data: dict) -> Plot:
    return line_plot(**data)


def _histogram(data: dict) -> Plot:
    return histogram_plot(**data)


def _tornado(data: dict) -> Plot:
    return tornado_plot(**data)


KINDS: dict[str, Callable[[Any], Plot | MplFigure]] = {
    "bars": _bars,
    "lines": _lines,
    "readiness": lambda data: readiness_plot(data["ratings"]),
    "cashable_savings": cashable_plot,
    "expected_outcomes": outcomes_plot,
    "ledger_gains": gains_plot,
    "service_benchmark": lambda data: benchmark_plot(data["figures"], data["service_type"]),
    # chapter 5 (presentation/payment_charts.py)
    "margin_ranges": margin_plot,
    "cash_positions": cash_plot,
    "creaming_margins": creaming_plot,
    # chapter 6 (presentation/performance_charts.py)
    "fidelity_items": fidelity_plot,
    "seqf_profile": seqf_plot,
    "wellbeing_scores": wellbeing_plot,
    "funnel": funnel_plot,
    "monthly_trends": trend_figure,
    "histogram": _histogram,
    "tornado": _tornado,
}
"""Figure kind -> the function that draws it from the figure's data."""


def plot(figure: Figure) -> Plot | MplFigure:
    """The Plot (or Figure) for a definition's figure.

    Raises
    ------
    ValueError
        If no function draws this kind.
    """
    if not isinstance(figure, Figure):
        raise TypeError(f"figure must be a Figure; got {type(figure).__name__}")
    try:
        draw = KINDS[figure.kind]
    except KeyError:
        raise ValueError(
            f"no figure of kind {figure.kind!r}; kinds: {', '.join(sorted(KINDS))}"
        ) from None
    data = figure.data
    if isinstance(data, dict):  # captions written as Text get their numbers formatted here
        data = {k: text(v) if isinstance(v, Text) else v for k, v in data.items()}
    return draw(data)


def static_figure(figure: Figure) -> MplFigure:
    """The figure drawn once, for a page, an export or a Word draft."""
    shown = plot(figure)
    return shown.figure() if isinstance(shown, Plot) else shown
