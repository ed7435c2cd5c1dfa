"""Chapter 2's forest plot of the IPS job entry effects in the meta-analyses.

Example
-------
>>> fig, alt = evidence_figure()
>>> fig.axes[0].get_xscale()
'log'
"""

from __future__ import annotations

from matplotlib.figure import Figure

from ..core.models import effect_estimates
from .formatting import decimal
from .plots import PALETTE
from .words import effect_words, wrap_words

__all__ = ["evidence_figure"]


def evidence_figure() -> tuple[Figure, str]:
    """A forest plot of the effect estimates on a ratio scale, with its alt text.

    Returns
    -------
    (Figure, str)
        The figure and alt text stating every estimate.
    """
    rows = [*effect_estimates("ips_smi"), *effect_estimates("ips_beyond_smi")]
    fig = Figure(figsize=(7.5, 2.8), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    markers = ("D", "o", "s")
    colours = (PALETTE[5], PALETTE[1], PALETTE[0])
    positions = list(range(len(rows)))[::-1]
    for n, (y, e) in enumerate(zip(positions, rows, strict=True)):
        ax.errorbar(
            e.central,
            y,
            xerr=[[e.central - e.low], [e.high - e.central]],
            fmt=markers[n],
            color=colours[n],
            elinewidth=3,
            capsize=6,
            markersize=8,
        )
        ax.text(
            e.high * 1.04,
            y,
            f"{e.measure} {decimal(e.central, 2)} ({decimal(e.low, 2)} to {decimal(e.high, 2)})",
            va="center",
            fontsize=9,
        )
    ax.axvline(1, color="#000000", linestyle=":", linewidth=1)
    ax.text(1.02, len(rows) - 0.45, "1 = no difference", fontsize=8)
    ax.set_xscale("log")
    ticks = [1, 1.5, 2, 3, 4]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.minorticks_off()
    ax.set_xlim(0.9, 6)
    ax.set_ylim(-0.6, len(rows) - 0.2)
    ax.set_yticks(positions, [wrap_words(e.name, 30) for e in rows], fontsize=8)
    ax.set_xlabel("ratio, IPS against comparison (log scale; 95% confidence interval)")
    ax.set_title("IPS job entry effects in meta-analyses", fontsize=11, loc="left")
    alt = (
        "Forest plot on a log scale. "
        + " ".join(f"{e.name}: {effect_words(e.measure, e.central, e.low, e.high)}." for e in rows)
        + " All intervals lie above 1, meaning IPS did better than the comparison."
    )
    return fig, alt
