"""Chapter 5's charts: the provider's margin, cash position and margin per client.

Each chart is a live :class:`~.livefigure.Plot`: a calculator redraws only the bars,
lines and labels that move when an input changes; ``..._figure`` draws it once for the
book and exports. The payment simulator and creaming calculators name these charts by
their figure kinds (``margin_ranges``, ``cash_positions``, ``creaming_margins``; see
:data:`guidance.presentation.figures.KINDS`).

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"mechanism": ["A"], "margin_easier": [100.0], "margin_harder": [-50.0]})
>>> [float(y) for y in creaming_plot(t).figure().axes[0].get_ylim()]
[-100.0, 200.0]
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..core.payments import ContractSimulation
from .formatting import gbp, pct
from .livefigure import Plot
from .plots import PALETTE, coarse_limit, new_figure
from .style import TEXT_PT, TITLE_PT, money_axis
from .words import wrap_words

__all__ = [
    "MARGIN_TITLE",
    "margin_plot",
    "margin_figure",
    "cash_plot",
    "cash_figure",
    "creaming_plot",
    "creaming_figure",
]

HATCHES = ("", "//", "--", "xx", "\\\\")
"""Patterns that tell the bars apart without colour; lines only (a dotted pattern is
written to SVG as a curve per dot: 67 kB for one bar, most of the page)."""
STYLES = ("-", "--", ":", "-.")

MARGIN_TITLE = "Provider's margin over the contract"


# -- margin ranges -------------------------------------------------------------------------------
def _margin_span(table: pd.DataFrame) -> float:
    """Half-width of the margin axis: a round number past the widest 5th-95th range (in
    coarse steps, so the axis stays while the margins move)."""
    widest = float(np.nanmax(np.abs(table[["margin_p5", "margin_p95"]].to_numpy())))
    return coarse_limit(widest) if widest > 0 else 1.0


def _margin_frame(data: tuple[pd.DataFrame, str]) -> tuple:
    table, title = data
    return (tuple(table["mechanism"]), title, _margin_span(table))


def _margin_draw(data: tuple[pd.DataFrame, str]) -> tuple[Figure, dict]:
    table, title = data
    fig, ax = new_figure(height=max(2.4, 0.75 * len(table) + 1.4))
    positions = list(range(len(table)))[::-1]
    parts: dict = {"bars": [], "medians": [], "labels": []}
    for i, y in enumerate(positions):
        (bar,) = ax.barh(
            y,
            0,
            height=0.5,
            color=PALETTE[i % len(PALETTE)],
            alpha=0.75,
            hatch=HATCHES[i % len(HATCHES)],
            edgecolor="black",
            linewidth=0.6,
        )
        parts["bars"].append(bar)
        parts["medians"] += ax.plot([0], [y], marker="D", color="black", markersize=7)
        parts["labels"].append(ax.text(0, y, "", va="center", fontsize=TEXT_PT))
    ax.axvline(0, color="black", linewidth=1)
    ax.set_yticks(positions, [wrap_words(m, 18) for m in table["mechanism"]])
    span = _margin_span(table)
    ax.set_xlim(-span * 1.1, span * 1.8)  # room for the words right of the widest bar
    ax.set_xlabel("margin over the contract (£; below zero is a loss)")
    ax.set_title(
        title + "\nbar: 5th to 95th percentile of simulated contracts; diamond: median",
        fontsize=TITLE_PT,
        wrap=True,
        loc="left",
    )
    money_axis(ax.xaxis)
    _margin_update(parts, data)
    return fig, parts


def _margin_update(parts: dict, data: tuple[pd.DataFrame, str]) -> None:
    table, _ = data
    span = _margin_span(table)
    columns = ("margin_p5", "median_margin", "margin_p95", "prob_loss")
    rows = zip(*(table[c].tolist() for c in columns), strict=True)
    for bar, median, label, (p5, p50, p95, loss) in zip(
        parts["bars"], parts["medians"], parts["labels"], rows, strict=True
    ):
        bar.set_x(p5)
        bar.set_width(p95 - p5)
        median.set_xdata([p50])
        label.set_x(p95 + span * 0.03)
        label.set_text(f"loss in {pct(loss)}")


def margin_plot(table: pd.DataFrame, title: str = MARGIN_TITLE) -> Plot:
    """Range of the provider's margin per mechanism: 5th to 95th percentile, median marked.

    ``table`` has one row per mechanism with ``mechanism``, ``margin_p5``,
    ``median_margin``, ``margin_p95`` and ``prob_loss`` (a
    :func:`guidance.core.payments.compare` summary). Live, the mechanisms and the scale stay
    while the bars, medians and labels move.

    Examples
    --------
    >>> t = pd.DataFrame({"mechanism": ["A"], "margin_p5": [-10.0], "median_margin": [1.0],
    ...                   "margin_p95": [5.0], "prob_loss": [0.2]})
    >>> margin_plot(t).figure().axes[0].get_xlabel()
    'margin over the contract (£; below zero is a loss)'
    """
    return Plot(_margin_draw, _margin_update, _margin_frame, (table, title))


def margin_figure(table: pd.DataFrame, title: str = MARGIN_TITLE) -> Figure:
    """The figure of :func:`margin_plot`, drawn once (for the book and exports)."""
    return margin_plot(table, title).figure()


# -- cash positions ------------------------------------------------------------------------------
class _CashPositions:
    """Simulations and, worked out when first drawn, their monthly cash percentiles."""

    def __init__(self, sims: Sequence[ContractSimulation]):
        self.sims = list(sims)

    @cached_property
    def bands(self) -> list[pd.DataFrame]:
        # Each mechanism's cash is worked out here first; its monthly percentiles (a partial
        # sort of every month's contracts, in which numpy lets other threads run) are then
        # worked out side by side, one thread per mechanism up to the number of cores: the
        # same numbers, in about half the time on two cores. No matplotlib call is made in
        # these threads.
        for sim in self.sims:
            sim.cash  # noqa: B018 - worked out (and kept) in this thread
        threads = min(len(self.sims), os.cpu_count() or 1)
        if threads < 2:
            return [sim.cash_percentiles((5, 50)) for sim in self.sims]
        with ThreadPoolExecutor(max_workers=threads) as pool:
            return list(pool.map(lambda sim: sim.cash_percentiles((5, 50)), self.sims))


def _cash_limits(bands: list[pd.DataFrame]) -> tuple[float, float]:
    """Round limits past the lowest 5th percentile and the highest median, in coarse
    steps; the axis reaches at least as far above zero as below it, so a surplus and a
    shortfall of the same size look the same size (and the axis stays while the median
    contract's surplus moves, as it does with any payment term)."""
    low = min(float(b["p5"].min()) for b in bands)
    high = max(float(b["p50"].max()) for b in bands)
    below = coarse_limit(max(0.0, -low) * 1.05)
    return -below, max(below, coarse_limit(max(0.0, high) * 1.05))


def _cash_frame(data: _CashPositions) -> tuple:
    names = tuple(sim.mechanism.name for sim in data.sims)
    return (names, tuple(len(b) for b in data.bands), _cash_limits(data.bands))


def _cash_draw(data: _CashPositions) -> tuple[Figure, list]:
    sims, bands = data.sims, data.bands
    fig, ax = new_figure(height=3.6 + 0.3 * len(sims))
    lines = []
    for i, (sim, band) in enumerate(zip(sims, bands, strict=True)):
        colour = PALETTE[i % len(PALETTE)]
        style = STYLES[i % len(STYLES)]
        lines += ax.plot(
            band["month"],
            band["p50"],
            color=colour,
            linestyle=style,
            linewidth=2.4,
            label=f"{sim.mechanism.name}: median",
        )
        lines += ax.plot(
            band["month"],
            band["p5"],
            color=colour,
            linestyle=style,
            linewidth=1.2,
            marker="o",
            markevery=6,
            markersize=4,
            label=f"{sim.mechanism.name}: 5th percentile",
        )
    ax.axhline(0, color="black", linewidth=1)
    ax.set_ylim(*_cash_limits(bands))
    ax.set_xlabel("contract month")
    ax.set_ylabel("provider's cumulative cash position (£)")
    money_axis(ax.yaxis)
    ax.set_title(
        "Provider's cash position month by month\nthick: median contract; thin with dots: "
        "1 contract in 20 does worse",
        fontsize=TITLE_PT,
        wrap=True,
        loc="left",
    )
    # one entry per mechanism (the title says which line is which percentile), below
    fig.legend(
        lines[::2],
        [sim.mechanism.name for sim in sims],
        frameon=False,
        fontsize=TEXT_PT,
        loc="outside lower center",
    )
    return fig, lines


def _cash_update(lines: list, data: _CashPositions) -> None:
    for i, band in enumerate(data.bands):
        lines[2 * i].set_ydata(band["p50"])
        lines[2 * i + 1].set_ydata(band["p5"])


def cash_plot(sims: Sequence[ContractSimulation]) -> Plot:
    """Provider's cumulative cash position by month: median and 5th percentile lines.

    The monthly percentiles are worked out only when the chart is drawn.

    Examples
    --------
    >>> from guidance.core.payments import compare, standard_mechanisms, targets_from
    >>> from guidance.calculators.payment_simulator import delivery_inputs
    >>> d = delivery_inputs()
    >>> _, sims = compare(d, standard_mechanisms(400_000, targets_from(d), (0, 0.3, 0.7)), n=200)
    >>> len(cash_plot(sims).figure().axes[0].lines)
    7
    """
    return Plot(_cash_draw, _cash_update, _cash_frame, _CashPositions(sims))


def cash_figure(sims: Sequence[ContractSimulation]) -> Figure:
    """The figure of :func:`cash_plot`, drawn once (for the book and exports)."""
    return cash_plot(sims).figure()


# -- margin per client (creaming) ----------------------------------------------------------------
def _creaming_limits(t: pd.DataFrame) -> tuple[float, float]:
    """Limits past the lowest and highest margin (with room for the words), in coarse
    steps, so the axis stays while the margins move with the inputs (a figure whose
    axis changes is drawn anew, about 70 ms of the server's time)."""
    values = [*t["margin_easier"], *t["margin_harder"]]
    low, high = min(values), max(values)
    return (
        -coarse_limit(-low * 1.2) if low < 0 else 0.0,
        coarse_limit(high * 1.2) if high > 0 else 1.0,
    )


def _creaming_frame(t: pd.DataFrame) -> tuple:
    return (tuple(t["mechanism"]), _creaming_limits(t))


def _creaming_draw(t: pd.DataFrame) -> tuple[Figure, dict]:
    fig, ax = new_figure(height=3.6)
    x = np.arange(len(t))
    easier = ax.bar(x - 0.2, [0] * len(t), width=0.4, color=PALETTE[0], label="easier to help")
    harder = ax.bar(
        x + 0.2,
        [0] * len(t),
        width=0.4,
        color=PALETTE[1],
        hatch="//",
        edgecolor="black",
        linewidth=0.5,
        label="harder to help",
    )
    parts = {
        "bars": [*easier, *harder],
        "texts": [
            # inside the axes (the limits leave room above the bars): no part of the layout
            ax.text(xi + o, 0, "", ha="center", fontsize=TEXT_PT, in_layout=False)
            for o in (-0.2, 0.2)
            for xi in x
        ],
    }
    ax.axhline(0, color="black", linewidth=1)
    ax.set_ylim(*_creaming_limits(t))
    ax.set_xticks(x, [wrap_words(m, 14) for m in t["mechanism"]])
    ax.set_ylabel("expected margin per client (£)")
    money_axis(ax.yaxis)
    ax.set_title(
        "Expected margin on one client, by group and mechanism",
        fontsize=TITLE_PT,
        wrap=True,
        loc="left",
    )
    # below the chart, where no bar can be: a live update redraws only the bars and words
    fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=TEXT_PT)
    _creaming_update(parts, t)
    return fig, parts


def _creaming_update(parts: dict, t: pd.DataFrame) -> None:
    values = [*t["margin_easier"], *t["margin_harder"]]
    for bar, text, value in zip(parts["bars"], parts["texts"], values, strict=True):
        bar.set_height(value)
        text.set_y(value)
        text.set_text(gbp(round(value)))
        text.set_verticalalignment("bottom" if value >= 0 else "top")


def creaming_plot(t: pd.DataFrame) -> Plot:
    """Expected margin on one client, easier and harder to help, for each mechanism.

    ``t`` has ``mechanism``, ``margin_easier`` and ``margin_harder`` columns (a
    :func:`guidance.core.payments.creaming_table`).

    Examples
    --------
    >>> t = pd.DataFrame({"mechanism": ["A"], "margin_easier": [100.0], "margin_harder": [-50.0]})
    >>> len(creaming_plot(t).figure().axes[0].patches)
    2
    """
    return Plot(_creaming_draw, _creaming_update, _creaming_frame, t)


def creaming_figure(t: pd.DataFrame) -> Figure:
    """The figure of :func:`creaming_plot`, drawn once (for the book and exports)."""
    return creaming_plot(t).figure()
