"""Chapter 1 calculators: readiness self-assessment and benchmark your service.

Example
-------
>>> calc = readiness_self_assessment()
>>> calc.result.summary.startswith("Readiness")
True
>>> service_benchmark().result.summary.startswith("£1,329 per person supported")
True
"""

from __future__ import annotations

import html

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from ..benchmarking import (
    MEASURES,
    SERVICE_TYPES,
    SITE_GROUPS,
    ServiceFigures,
    aim_for,
    benchmark_service,
    ndti_ranges,
    outcome_split,
)
from ..conditions import CONDITIONS, MAX_RATING, SCALE, ReadinessResult, assess_readiness
from ..display import table_html
from ..evidence import load_register
from ..formatting import format_value, gbp, pct
from ..livefigure import Plot
from ..plots import PALETTE, HBars, hbar_plot, nice_limit
from .legacy import Calculator, Field, Result

__all__ = [
    "DEFAULT_RATINGS",
    "theory_of_change_figure",
    "readiness_plot",
    "readiness_figure",
    "readiness_result",
    "readiness_self_assessment",
    "benchmark_plot",
    "benchmark_figure",
    "benchmark_result",
    "service_benchmark",
]

DEFAULT_RATINGS = {"priority": 3, "define_work": 1, "plan": 2, "partnership": 2, "check": 0}
"""An illustrative area's ratings (not data): shown until you enter your own."""

_BAND_STYLE = {
    0: (PALETTE[5], "//"),
    1: (PALETTE[5], "//"),
    2: (PALETTE[1], ".."),
    3: (PALETTE[2], ""),
    4: (PALETTE[2], ""),
}


def _source(key: str) -> str:
    return load_register()[key].citation()


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
            f"{c.number}. {_wrap_words(c.name, 14)}",
            ha="center",
            va="top",
            fontsize=8,
            weight="bold",
        )
        ax.text(
            x + width / 2,
            1.75,
            _wrap_words(c.theory_of_change, 16),
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


def _wrap_words(text: str, width: int) -> str:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def readiness_plot(result: ReadinessResult) -> Plot:
    """Horizontal bars of each condition's rating, with the rating and its meaning in words.

    Colour and hatching both mark the band (hatched vermillion: 0-1; dotted orange: 2;
    plain green: 3-4), and every bar is labelled, so colour is never the only cue.
    """
    ratings = [result.ratings[c.key] for c in CONDITIONS]
    return hbar_plot(
        HBars(
            [f"{c.number}. {c.name}" for c in CONDITIONS],
            ratings,
            [f"{r} ({SCALE[r]})" for r in ratings],
            title=(
                f"Readiness: {result.total} of {MAX_RATING * len(CONDITIONS)} ({pct(result.score)})"
            ),
            xlabel=f"rating (0 = not in place, {MAX_RATING} = in place)",
            right=MAX_RATING + 1.6,
            colours=[_BAND_STYLE[r][0] for r in ratings],
            hatches=[_BAND_STYLE[r][1] for r in ratings],
            edgecolour="#333333",
            gap=0.08,
            xticks=range(MAX_RATING + 1),
            width=7.5,
            height=3.4,
        )
    )


def readiness_figure(result: ReadinessResult) -> Figure:
    """The figure of :func:`readiness_plot`, drawn once (for the book and exports)."""
    return readiness_plot(result).figure()


def readiness_result(**values: object) -> Result:
    """Score the self-assessment from calculator values and present it.

    Parameters
    ----------
    **values
        ``rating_<key>`` (0-4) and optionally ``evidence_<key>`` (text) for each condition.

    Examples
    --------
    >>> r = readiness_result(rating_priority=4, rating_define_work=4, rating_plan=4,
    ...                      rating_partnership=4, rating_check=4)
    >>> r.summary
    'Readiness 20 of 20 (100%): every condition is in place. Keep checking it stays so.'
    """
    unknown = [k for k in values if not k.startswith(("rating_", "evidence_"))]
    if unknown:
        raise TypeError(f"unknown input(s): {', '.join(sorted(unknown))}")
    ratings = {k[len("rating_") :]: x for k, x in values.items() if k.startswith("rating_")}
    evidence = {k[len("evidence_") :]: x for k, x in values.items() if k.startswith("evidence_")}
    result = assess_readiness(ratings, evidence)
    top = f"Readiness {result.total} of {MAX_RATING * len(CONDITIONS)} ({pct(result.score)})"
    if result.priorities:
        first = result.priorities[0]
        summary = (
            f"{top}. Start with condition {first.number}, '{first.name}' (rated "
            f"{result.ratings[first.key]}, {SCALE[result.ratings[first.key]]})."
        )
    else:
        summary = f"{top}: every condition is in place. Keep checking it stays so."
    figure = readiness_plot(result)
    alt = (
        "Bar chart of readiness ratings out of 4: "
        + "; ".join(
            f"{c.number}. {c.name} {result.ratings[c.key]} ({SCALE[result.ratings[c.key]]})"
            for c in CONDITIONS
        )
        + f". Total {result.total} of {MAX_RATING * len(CONDITIONS)}."
    )
    actions = result.actions
    table = pd.DataFrame(
        {
            "priority": actions["priority"],
            "condition (your rating)": [
                f"{condition_name} (rated {rating})"
                for condition_name, rating in zip(
                    actions["condition"], actions["rating"], strict=True
                )
            ],
            "action": [
                f"{stage.capitalize()}: {text}"
                for stage, text in zip(actions["stage"], actions["action"], strict=True)
            ],
            "source": actions["source"],
        }
    )
    if table.empty:
        table = pd.DataFrame(
            [
                {
                    "priority": "-",
                    "condition (your rating)": "all five (rated 4)",
                    "action": "Keep: every condition is rated in place; keep the evidence up "
                    "to date and re-assess each year.",
                    "source": "ndti2014",
                }
            ]
        )
    notes = result.unsupported()
    extra = ""
    if notes:
        items = "".join(
            f"<li>{html.escape(c.name)}: rated {result.ratings[c.key]} with no evidence "
            "noted. Note what shows it, or lower the rating.</li>"
            for c in notes
        )
        extra = (
            '<p class="guidance-note"><strong>Ratings to back with evidence</strong></p>'
            f'<ul class="guidance-evidence-flags">{items}</ul>'
        )
    extra += table_html(result.table(), "Your ratings and the evidence behind them")
    return Result(
        summary=summary,
        table=table,
        caption="Prioritised actions, weakest condition first (drawn from the guidance)",
        figure=figure,
        alt=alt,
        extra_html=extra,
    )


def readiness_self_assessment() -> Calculator:
    """The readiness self-assessment: rate each condition, with a prompt for the evidence."""
    options = tuple((f"{n} - {SCALE[n]}", n) for n in range(MAX_RATING + 1))
    fields = []
    for c in CONDITIONS:
        fields.append(
            Field(
                f"rating_{c.key}",
                f"{c.number}. {c.name}",
                "choice",
                DEFAULT_RATINGS[c.key],
                options=options,
                help=c.prompt,
                source="illustrative rating (your own assessment)",
            )
        )
        fields.append(
            Field(
                f"evidence_{c.key}",
                f"Evidence for {c.number}",
                "text",
                "",
                help="Name the document, decision or data that supports the rating.",
            )
        )
    return Calculator(
        "Readiness self-assessment", fields, readiness_result, name="readiness_self_assessment"
    )


# --- benchmark your service --------------------------------------------------------------------

_STATUS_WORDS = {
    "within": "within",
    "below": "below",
    "above": "above",
    "not computed": "not computed",
    "no band": "no band",
}


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
    fig = Figure(figsize=(7.4, 6.6), dpi=100, layout="constrained")
    axes = fig.subplots(2, 2)
    parts: dict = {}
    for ax, (measure, (_label, unit)) in zip(axes.flat[:3], MEASURES.items(), strict=True):
        ax.spines[["top", "right"]].set_visible(False)
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
        panel = {"title": ax.set_title("", fontsize=10, loc="left")}
        if value == value:  # not NaN
            panel["line"] = ax.axvline(value, color="#000000", linestyle="--", linewidth=1.2)
            (panel["marker"],) = ax.plot([value], [len(labels) - 0.35], marker="D", color="#000000")
        parts[measure] = panel
        ax.set_yticks(range(len(labels)), labels, fontsize=8)
        ax.set_ylim(-0.6, len(labels) - 0.1)
        limit = _panel_limit(measure, value)
        ax.set_xlim(0, limit)
        if unit == "share":
            ticks = [t for t in ax.get_xticks() if 0 <= t <= limit]
            ax.set_xticks(ticks, [f"{t * 100:.0f}" for t in ticks])
            ax.set_xlabel("% of people supported")
        else:
            ax.xaxis.set_major_locator(MaxNLocator(4))
            ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"£{x:,.0f}"))
            ax.set_xlabel("£ (GBP)")
    handles = [
        Line2D([], [], color="#000000", linewidth=2, label="NDTi average"),
        Line2D([], [], color="#000000", linestyle="--", marker="D", label="Your service"),
        Patch(facecolor="white", edgecolor=PALETTE[2], hatch="///", label="NDTi 'aim for' band"),
    ]
    fig.legend(handles=handles, loc="outside upper center", ncols=3, frameon=False, fontsize=9)
    ax = axes.flat[3]
    ax.spines[["top", "right"]].set_visible(False)
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
        hatch="..",
        edgecolor="#333333",
        label=f"NDTi: {SERVICE_TYPES[service_type].lower()}",
    )
    for i, b in enumerate(ndti):
        ax.text(i + 0.2, b + 1, f"{b:.0f}%", ha="center", fontsize=8)
    parts["split"] = {
        "bars": list(yours),
        "labels": [ax.text(i - 0.2, 0, "", ha="center", fontsize=8) for i in x],
    }
    ax.set_xticks(
        list(x), [o.replace(" ", "\n").replace("-", "-\n") for o in split["outcome"]], fontsize=8
    )
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of job outcomes")
    ax.set_title("Split of job outcomes", fontsize=10, loc="left")
    ax.legend(frameon=False, fontsize=8)
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


def benchmark_figure(figures: ServiceFigures, service_type: str = "all") -> Figure:
    """The figure of :func:`benchmark_plot`, drawn once (for the book and exports)."""
    return benchmark_plot(figures, service_type).figure()


def benchmark_result(
    annual_cost: float,
    people_supported: int,
    new_jobs: int,
    retained_jobs: int,
    self_employed: int,
    service_type: str = "all",
) -> Result:
    """Benchmark a service from calculator values and present it.

    Examples
    --------
    >>> r = benchmark_result(200_000, 100, 30, 15, 5)
    >>> r.summary.split(".")[0]
    '£2,000 per person supported; 50% job outcome rate; £4,000 per job outcome'
    """
    figures = ServiceFigures(annual_cost, people_supported, new_jobs, retained_jobs, self_employed)
    bench = benchmark_service(figures)
    split = outcome_split(figures, service_type)
    cpj = figures.cost_per_job
    parts = [
        f"{gbp(figures.cost_per_person)} per person supported",
        f"{pct(figures.job_outcome_rate)} job outcome rate",
        (f"{gbp(cpj)} per job outcome" if cpj == cpj else "no job outcomes yet"),
    ]
    aims = bench.set_index("measure")["aim_for_status"]
    verdict = {
        ("within", "within"): "Both cost per job outcome and job outcome rate are within "
        "NDTi's 'aim for' band.",
    }.get(
        (aims["cost_per_job"], aims["job_outcome_rate"]),
        f"Against NDTi's 'aim for' band: cost per job outcome {aims['cost_per_job']}, job "
        f"outcome rate {aims['job_outcome_rate']}.",
    )
    summary = "; ".join(parts) + ". " + verdict

    def fmt(row: pd.Series, column: str) -> str:
        value = row[column]
        return format_value(value, row["unit"]) if value == value else "-"

    bands = aim_for()

    def against(row: pd.Series, group: str) -> str:
        status = _STATUS_WORDS[row[f"{group}_status"]]
        return (
            f"{status}: {fmt(row, f'{group}_lower')} to {fmt(row, f'{group}_upper')}; "
            f"average {fmt(row, f'{group}_average')}"
        )

    def aim(row: pd.Series) -> str:
        if row["measure"] not in bands:
            return "no band given"
        return f"{_STATUS_WORDS[row['aim_for_status']]}: {bands[row['measure']].describe()}"

    table = pd.DataFrame(
        {
            "measure": bench["label"],
            "your service": bench.apply(lambda r: fmt(r, "value"), axis=1),
            "against all sites (typical range)": bench.apply(
                lambda r: against(r, "all_sites"), axis=1
            ),
            "against good-practice sites (typical range)": bench.apply(
                lambda r: against(r, "good_practice"), axis=1
            ),
            "against NDTi 'aim for'": bench.apply(aim, axis=1),
        }
    )
    split_table = pd.DataFrame(
        {
            "outcome": split["outcome"],
            "people": split["people"].map(str),
            "your share": split["share"].map(lambda s: pct(s) if s == s else "-"),
            f"NDTi share ({SERVICE_TYPES[service_type].lower()})": split["ndti_share"].map(pct),
            "difference (percentage points)": split["difference_points"].map(
                lambda d: "-" if d != d else f"{round(d):+d}" if round(d) else "0"
            ),
        }
    )
    figure = benchmark_plot(figures, service_type)
    b = bench.set_index("measure")
    alt = (
        "Four-panel chart. Cost per person supported: yours "
        f"{format_value(figures.cost_per_person, 'GBP')}, "
        f"{b.loc['cost_per_person', 'all_sites_status']} the all-sites typical range and "
        f"{b.loc['cost_per_person', 'good_practice_status']} the good-practice typical range. "
        f"Job outcome rate: yours {pct(figures.job_outcome_rate)}, "
        f"{b.loc['job_outcome_rate', 'aim_for_status']} the aim-for band "
        f"{bands['job_outcome_rate'].describe()}. Cost per job outcome: yours "
        + (gbp(cpj) if cpj == cpj else "not computed")
        + f", {b.loc['cost_per_job', 'aim_for_status']} the aim-for band "
        f"{bands['cost_per_job'].describe()}. Split of job outcomes, yours against NDTi: "
        + "; ".join(
            f"{o} {pct(s) if s == s else '-'} against {pct(n)}"
            for o, s, n in zip(split["outcome"], split["share"], split["ndti_share"], strict=True)
        )
        + "."
    )
    return Result(
        summary=summary,
        table=table,
        caption="Your service against the NDTi ranges (typical range = the slides' lower to "
        "upper range)",
        figure=figure,
        alt=alt,
        extra_html=table_html(split_table, "Split of job outcomes against NDTi averages"),
    )


def service_benchmark() -> Calculator:
    """The benchmark calculator; defaults are NDTi's average service (derived)."""
    d = ServiceFigures.ndti_average()
    derived = "ndti2014, headline figures: people x job outcome rate x share, rounded (derived)"
    fields = [
        Field(
            "annual_cost",
            "Annual cost (£ a year)",
            "number",
            d.annual_cost,
            help="What the service cost in the year, including overheads.",
            source=_source("ndti.all.cost"),
        ),
        Field(
            "people_supported",
            "People supported in the year",
            "integer",
            d.people_supported,
            source=_source("ndti.all.people_supported"),
        ),
        Field("new_jobs", "People who gained a new job", "integer", d.new_jobs, source=derived),
        Field(
            "retained_jobs",
            "People helped to keep a job",
            "integer",
            d.retained_jobs,
            source=derived,
        ),
        Field(
            "self_employed",
            "People who became self-employed",
            "integer",
            d.self_employed,
            source=derived,
        ),
        Field(
            "service_type",
            "Compare the split with",
            "choice",
            "all",
            options=tuple((label, key) for key, label in SERVICE_TYPES.items()),
        ),
    ]
    return Calculator("Benchmark your service", fields, benchmark_result, name="service_benchmark")


CALCULATORS = {
    "readiness_self_assessment": readiness_self_assessment,
    "service_benchmark": service_benchmark,
}
"""This chapter's calculators, found by :func:`guidance.widgets.all_calculators`."""
