"""Chapter 1's diagram of NDTi's theory of change: five linked conditions.

Example
-------
>>> fig, alt = theory_of_change_figure()
>>> alt.startswith("Diagram of NDTi's theory of change")
True
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.patches import FancyBboxPatch

from ..core.conditions import CONDITIONS
from .plots import PALETTE
from .words import wrap_words

__all__ = ["theory_of_change_figure"]


def theory_of_change_figure() -> tuple[Figure, str]:
    """NDTi's theory of change as five linked boxes, with its alt text.

    Conditions 1 to 3 set the direction, condition 4 builds the relationships and market
    that deliver them, and condition 5 checks them and feeds back.

    Returns
    -------
    (Figure, str)
    """
    fig = Figure(figsize=(7.2, 3.4), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4.15)
    colours = (PALETTE[0], PALETTE[0], PALETTE[0], PALETTE[2], PALETTE[1])
    width, gap = 1.72, 0.3
    centres = []
    for n, c in enumerate(CONDITIONS):
        x = 0.05 + n * (width + gap)
        centres.append(x + width / 2)
        ax.add_patch(
            FancyBboxPatch(
                (x, 1.6),
                width,
                1.9,
                boxstyle="round,pad=0.02",
                facecolor="white",
                edgecolor=colours[n],
                linewidth=2,
            )
        )
        ax.text(
            x + width / 2,
            3.1,
            f"{c.number}. {wrap_words(c.name, 14)}",
            ha="center",
            va="top",
            fontsize=8,
            weight="bold",
        )
        ax.text(
            x + width / 2,
            1.75,
            wrap_words(c.theory_of_change, 16),
            ha="center",
            va="bottom",
            fontsize=7.5,
            style="italic",
        )
        if n < len(CONDITIONS) - 1:
            ax.annotate(
                "",
                xy=(x + width + gap - 0.02, 2.55),
                xytext=(x + width + 0.02, 2.55),
                arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1.5},
            )
    ax.annotate(
        "",
        xy=(centres[1], 1.55),
        xytext=(centres[4], 1.55),
        arrowprops={
            "arrowstyle": "->",
            "color": PALETTE[1],
            "lw": 1.8,
            "linestyle": "--",
            "connectionstyle": "arc3,rad=-0.25",
        },
    )
    ax.text(
        centres[2],
        0.3,
        "5 checks whether 1 to 3 are achieved and feeds back (dashed arrow)",
        ha="center",
        fontsize=8.5,
    )
    left, right = centres[0] - width / 2, centres[2] + width / 2
    ax.plot([left, left, right, right], [3.6, 3.7, 3.7, 3.6], color=PALETTE[0], linewidth=1.5)
    ax.text((left + right) / 2, 3.8, "1 to 3 set the direction", ha="center", fontsize=8.5)
    ax.text(centres[3], 3.8, "4 delivers 1 to 3", ha="center", fontsize=8.5)
    alt = (
        "Diagram of NDTi's theory of change as five boxes in a row, linked by arrows: "
        + "; ".join(f"{c.number}. {c.name} ({c.theory_of_change})" for c in CONDITIONS)
        + ". Condition 4 develops the market that delivers conditions 1 to 3, and a dashed "
        "arrow runs from condition 5 back to the earlier conditions: checking whether they "
        "are achieved and feeding back."
    )
    return fig, alt
