"""Chapter 6's charts: fidelity items, the SEQF profile, wellbeing and the monitoring funnel.

Each chart but the monthly trends is a live :class:`guidance.presentation.livefigure.Plot` (a
calculator redraws only what moves); ``..._figure`` draws it once for the book and
exports. The chapter's calculators name them by figure kind (``fidelity_items``,
``seqf_profile``, ``wellbeing_scores``, ``funnel``, ``monthly_trends``; see
:data:`guidance.presentation.figures.KINDS`).

Example
-------
>>> from guidance.core.fidelity import example_review, score_review
>>> len(fidelity_plot(score_review(example_review())).figure().axes[0].patches)
25
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..core.evidence import load_register
from ..core.fidelity import FidelityReview
from ..core.wellbeing import WellbeingChange
from .formatting import pct, whole
from .livefigure import Plot
from .plots import PALETTE, HBars, hbar_plot, new_figure, nice_limit
from .style import TEXT_PT, TITLE_PT
from .words import wrap_words

__all__ = [
    "SECTION_COLOURS",
    "fidelity_plot",
    "fidelity_figure",
    "seqf_plot",
    "wellbeing_plot",
    "wellbeing_figure",
    "funnel_plot",
    "funnel_figure",
    "trend_figure",
]

SECTION_COLOURS = {"Staffing": PALETTE[0], "Organisation": PALETTE[4], "Services": PALETTE[2]}


# -- fidelity review -----------------------------------------------------------------------------
def _fidelity_frame(review: FidelityReview) -> tuple:
    items = review.items
    return (tuple(items["key"]), tuple(items["section"]), review.max_total)


def _fidelity_draw(review: FidelityReview) -> tuple[Figure, dict]:
    items = review.items
    names = [wrap_words(f"{r.number}. {r.name}", 40) for r in items.itertuples()]
    lines = max(name.count("\n") + 1 for name in names)  # every row has room for the most
    fig, ax = new_figure(height=1.8 + len(names) * (0.06 + 0.2 * lines))
    positions = list(range(len(items)))[::-1]
    bars = ax.barh(
        positions, [0] * len(items), color=[SECTION_COLOURS[s] for s in items["section"]]
    )
    parts = {
        "bars": list(bars),
        "labels": [ax.text(0, y, "", va="center", fontsize=TEXT_PT) for y in positions],
        "title": ax.set_title("", loc="left", fontsize=TITLE_PT, wrap=True),
    }
    ax.set_yticks(positions, names, fontsize=TEXT_PT)
    ax.set_ylim(-0.6, len(names) - 0.4)
    top = int(load_register().value("fidelity.ips.item_max"))
    ax.set_xlim(0, top + 1.6)
    ax.set_xlabel(f"item score (1 = lowest, {top} = highest)")
    handles = [Patch(color=c, label=s) for s, c in SECTION_COLOURS.items()]
    handles.append(Patch(facecolor="white", edgecolor="#333333", hatch="//", label="weakest items"))
    fig.legend(
        handles=handles, frameon=False, fontsize=TEXT_PT, ncols=2, loc="outside lower center"
    )
    _fidelity_update(parts, review)
    return fig, parts


def _fidelity_update(parts: dict, review: FidelityReview) -> None:
    weak = set(review.weakest["key"])
    for bar, label, row in zip(
        parts["bars"], parts["labels"], review.items.itertuples(), strict=True
    ):
        is_weak = row.key in weak
        bar.set_width(row.score)
        bar.set_hatch("//" if is_weak else None)
        bar.set_edgecolor("#333333" if is_weak else "none")
        label.set_x(row.score + 0.05)
        label.set_text(f"{row.score}" + ("  weakest" if is_weak else ""))
    parts["title"].set_text(
        f"Fidelity review: {review.total} of {review.max_total} ({review.band})"
    )


def fidelity_plot(review: FidelityReview) -> Plot:
    """Bars of each item's score, by section; the weakest items hatched and marked.

    Live, the item names and scale stay and only the bars, their labels and the title
    are redrawn.
    """
    return Plot(_fidelity_draw, _fidelity_update, _fidelity_frame, review)


def fidelity_figure(review: FidelityReview) -> Figure:
    """The figure of :func:`fidelity_plot`, drawn once (for the book and exports)."""
    return fidelity_plot(review).figure()


# -- SEQF profile --------------------------------------------------------------------------------
def seqf_plot(data: tuple[pd.DataFrame, float]) -> Plot:
    """SEQF element scores as a share of the highest possible score, weakest at the top.

    ``data`` is a :func:`guidance.core.fidelity.seqf_profile` table and the highest score.

    Examples
    --------
    >>> from guidance.core.fidelity import example_seqf_scores, seqf_profile
    >>> p = seqf_profile(example_seqf_scores(), 5)
    >>> seqf_plot((p, 5.0)).figure().axes[0].get_title(loc="left")
    'SEQF element profile (no thresholds applied)'
    """
    profile, max_score = data
    order = profile.sort_values("rank", kind="stable")  # weakest at the top
    return hbar_plot(
        HBars(
            list(order["element"]),
            [x * 100 for x in order["share_of_max"]],
            [f"{x:g} of {max_score:g}" for x in order["score"]],
            title="SEQF element profile (no thresholds applied)",
            xlabel="score as % of the highest possible score",
            right=118,
            colours=[PALETTE[0]] * len(order),
            gap=1,
            height=3.2,
        )
    )


# -- SWEMWBS -------------------------------------------------------------------------------------
def wellbeing_plot(change: WellbeingChange) -> Plot:
    """Average metric scores: start for everyone, for those with and without an end score, end."""
    values = [
        change.mean_start_all,
        change.mean_start_paired,
        change.mean_start_unpaired,
        change.mean_end,
    ]
    return hbar_plot(
        HBars(
            [
                "Start: everyone",
                "Start: with an end score",
                "Start: no end score",
                "End: with an end score",
            ],
            values,
            [f"{value:.2f}" for value in values],
            title="Wellbeing at start and end",
            xlabel="average SWEMWBS metric score (7 to 35)",
            right=40,
            colours=[PALETTE[0], PALETTE[0], PALETTE[1], PALETTE[2]],
            hatches=["", "", "//", "--"],
            edgecolour="#333333",
            gap=0.3,
            height=2.9,
        )
    )


def wellbeing_figure(change: WellbeingChange) -> Figure:
    """The figure of :func:`wellbeing_plot`, drawn once (for the book and exports)."""
    return wellbeing_plot(change).figure()


# -- monitoring dashboard ------------------------------------------------------------------------
def funnel_plot(data: tuple[pd.DataFrame, str]) -> Plot:
    """Horizontal funnel bars with the conversion from the stage before.

    ``data`` is a :func:`guidance.core.monitoring.funnel` table and the chart's title.
    """
    funnel, title = data
    top = max(1, int(funnel["people"].max()))
    texts = []
    for row in funnel.itertuples():
        text = whole(row.people)
        if not math.isnan(row.share_of_previous):
            text += f" ({pct(row.share_of_previous)} of the stage before)"
        texts.append(text)
    return hbar_plot(
        HBars(
            list(funnel["stage"]),
            [float(x) for x in funnel["people"]],
            texts,
            title=title,
            xlabel="people",
            right=nice_limit(top * 1.7),
            colours=[PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[1]],
            hatches=["", "--", "//", "xx"],
            edgecolour="#333333",
            gap=top * 0.01,
            height=2.8,
        )
    )


def funnel_figure(funnel: pd.DataFrame, title: str = "People at each stage") -> Figure:
    """The figure of :func:`funnel_plot`, drawn once (for the book and exports)."""
    return funnel_plot((funnel, title)).figure()


def trend_figure(trends: pd.DataFrame) -> Any:
    """Referrals, starts, job entries and sustained jobs by month (colour, style and marker).

    ``trends`` is a :func:`guidance.core.monitoring.monthly_trends` table.
    """
    fig, ax = new_figure(height=3.4)
    x = list(range(len(trends)))
    styles = (
        ("referrals", "Referrals", "-", "o"),
        ("starts", "Starts", "--", "s"),
        ("job_entries", "Job entries", ":", "^"),
        ("sustained", "Sustained jobs", "-.", "D"),
    )
    for n, (column, label, style, marker) in enumerate(styles):
        ax.plot(
            x,
            trends[column],
            label=label,
            color=PALETTE[[0, 4, 2, 1][n]],
            linestyle=style,
            marker=marker,
            markersize=3,
            linewidth=1.8,
        )
    step = max(1, len(x) // 8)
    ax.set_xticks(x[::step], [p.strftime("%b %y") for p in trends["month"]][::step])
    ax.set_xlabel("month")
    ax.set_ylabel("people a month")
    ax.set_title("The funnel month by month", loc="left", fontsize=TITLE_PT, wrap=True)
    ax.legend(frameon=False, fontsize=TEXT_PT, ncols=2, loc="upper left")
    ax.set_ylim(0, max(1, trends[["referrals", "starts"]].to_numpy().max()) * 1.5)
    return fig
