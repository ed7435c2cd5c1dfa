"""Chapter 1's benchmark chart: a service's measures against NDTi's ranges, and its split.

Example
-------
>>> plot = benchmark_plot(ServiceFigures(200_000, 100, 30, 15, 5))
>>> plot.figure().axes[0].get_title(loc="left")
'Cost per person supported: yours £2,000'
"""

from __future__ import annotations

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from ..core.benchmarking import (
    MEASURES,
    SERVICE_TYPES,
    SITE_GROUPS,
    ServiceFigures,
    aim_for,
    ndti_ranges,
    outcome_split,
)
from .formatting import format_value
from .livefigure import Plot
from .plots import PALETTE, nice_limit
from .style import TEXT_PT, TITLE_PT, figure, money_axis, style_axes

__all__ = ["benchmark_plot"]


def _panel_limit(measure: str, value: float) -> float:
    """Right end of a measure's panel: past every range, band and the service's value."""
    rng = ndti_ranges()[measure]
    top = max(r.upper for r in rng.values())
    if measure in aim_for():
        top = max(top, aim_for()[measure].high)
    if value == value:  # not NaN
        top = max(top, value)
    return nice_limit(top * 1.12)


def _benchmark_frame(data: tuple[ServiceFigures, str]) -> tuple:
    figures, service_type = data
    values = figures.measures()
    return (
        service_type,
        tuple(_panel_limit(m, values[m]) for m in MEASURES),
        tuple(values[m] != values[m] for m in MEASURES),  # which values are not computed
    )


def _benchmark_draw(data: tuple[ServiceFigures, str]) -> tuple[Figure, dict]:
    figures, service_type = data
    ranges = ndti_ranges()
    bands = aim_for()
    values = figures.measures()
    fig = figure(height=11.0)
    axes = fig.subplots(4, 1, height_ratios=(1, 1, 1, 1.3))
    parts: dict = {}
    for ax, (measure, (_label, unit)) in zip(axes.flat[:3], MEASURES.items(), strict=True):
        style_axes(ax)
        rows = [(SITE_GROUPS[g], ranges[measure][g]) for g in SITE_GROUPS]
        labels = []
        for y, (name, rng) in enumerate(rows):
            ax.barh(
                y,
                rng.upper - rng.lower,
                left=rng.lower,
                height=0.5,
                color=PALETTE[4] if y == 0 else PALETTE[0],
                edgecolor="#333333",
            )
            ax.plot([rng.average] * 2, [y - 0.3, y + 0.3], color="#000000", linewidth=2)
            labels.append(f"{name}\n(typical range)")
        if measure in bands:
            b = bands[measure]
            ax.barh(
                len(rows),
                b.high - b.low,
                left=b.low,
                height=0.5,
                color="white",
                edgecolor=PALETTE[2],
                hatch="///",
                linewidth=1.5,
            )
            labels.append("NDTi 'aim for'")
        value = values[measure]
        panel = {"title": ax.set_title("", fontsize=TITLE_PT, wrap=True, loc="left")}
        if value == value:  # not NaN
            panel["line"] = ax.axvline(value, color="#000000", linestyle="--", linewidth=1.2)
            (panel["marker"],) = ax.plot([value], [len(labels) - 0.35], marker="D", color="#000000")
        parts[measure] = panel
        ax.set_yticks(range(len(labels)), labels, fontsize=TEXT_PT)
        ax.set_ylim(-0.6, len(labels) - 0.1)
        limit = _panel_limit(measure, value)
        ax.set_xlim(0, limit)
        if unit == "share":
            ticks = [t for t in ax.get_xticks() if 0 <= t <= limit]
            ax.set_xticks(ticks, [f"{t * 100:.0f}" for t in ticks])
            ax.set_xlabel("% of people supported")
        else:
            money_axis(ax.xaxis)
            ax.set_xlabel("Pounds (£)")
    handles = [
        Line2D([], [], color="#000000", linewidth=2, label="NDTi average"),
        Line2D([], [], color="#000000", linestyle="--", marker="D", label="Your service"),
        Patch(facecolor="white", edgecolor=PALETTE[2], hatch="///", label="NDTi 'aim for' band"),
    ]
    fig.legend(
        handles=handles, loc="outside upper center", ncols=3, frameon=False, fontsize=TEXT_PT
    )
    ax = style_axes(axes.flat[3])
    split = outcome_split(figures, service_type)
    x = range(len(split))
    ndti = (split["ndti_share"] * 100).tolist()
    yours = ax.bar([i - 0.2 for i in x], [0] * len(split), width=0.4, color=PALETTE[0])
    yours.set_label("Your service")
    ax.bar(
        [i + 0.2 for i in x],
        ndti,
        width=0.4,
        color=PALETTE[1],
        hatch="--",
        edgecolor="#333333",
        label=f"NDTi: {SERVICE_TYPES[service_type].lower()}",
    )
    for i, b in enumerate(ndti):
        ax.text(i + 0.2, b + 1, f"{b:.0f}%", ha="center", fontsize=TEXT_PT)
    parts["split"] = {
        "bars": list(yours),
        "labels": [ax.text(i - 0.2, 0, "", ha="center", fontsize=TEXT_PT) for i in x],
    }
    ax.set_xticks(
        list(x),
        [o.replace(" ", "\n").replace("-", "-\n") for o in split["outcome"]],
        fontsize=TEXT_PT,
    )
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of job outcomes")
    ax.set_title("Split of job outcomes", fontsize=TITLE_PT, wrap=True, loc="left")
    ax.legend(frameon=False, fontsize=TEXT_PT)
    _benchmark_update(parts, data)
    return fig, parts


def _benchmark_update(parts: dict, data: tuple[ServiceFigures, str]) -> None:
    figures, service_type = data
    values = figures.measures()
    for measure, (label, unit) in MEASURES.items():
        value, panel = values[measure], parts[measure]
        shown = format_value(value, unit) if value == value else "not computed"
        panel["title"].set_text(f"{label}: yours {shown}")
        if "line" in panel:
            panel["line"].set_xdata([value, value])
            panel["marker"].set_xdata([value])
    split = outcome_split(figures, service_type)
    yours = (split["share"].fillna(0) * 100).tolist()
    for bar, text, share in zip(
        parts["split"]["bars"], parts["split"]["labels"], yours, strict=True
    ):
        bar.set_height(share)
        text.set_y(share + 1)
        text.set_text(f"{share:.0f}%")


def benchmark_plot(figures: ServiceFigures, service_type: str = "all") -> Plot:
    """Four panels: each measure against NDTi's ranges, and the split of outcomes.

    For each measure, rows show the all-sites and good-practice typical ranges (bars from
    'lower' to 'upper', average marked with a line) and the 'aim for' band (hatched);
    the service's own value is a black diamond and a dashed line, labelled in words.
    Live, only the service's values are redrawn while the panels' scales stay the same.

    Examples
    --------
    >>> plot = benchmark_plot(ServiceFigures(200_000, 100, 30, 15, 5))
    >>> [float(ax.get_xlim()[1]) for ax in plot.figure().axes[:3]]
    [4000.0, 0.8, 25000.0]
    """
    return Plot(_benchmark_draw, _benchmark_update, _benchmark_frame, (figures, service_type))
