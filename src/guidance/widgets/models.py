"""Chapter 2 calculators: the model chooser and expected outcomes.

Example
-------
>>> model_chooser().result.summary.startswith("Mixed cohort")
True
>>> "job entries" in expected_outcomes_calculator().result.summary
True
"""

from __future__ import annotations

import html

import pandas as pd
from matplotlib.figure import Figure

from ..evidence import load_register
from ..formatting import decimal, pct, whole
from ..models import (
    EVIDENCE_BASES,
    GROUPS,
    INTEGRATION,
    SUPPORT_NEEDS,
    choose_models,
    effect_estimates,
    expected_outcomes,
    model_kpis,
)
from ..plots import PALETTE
from .legacy import Calculator, Field, Result

__all__ = [
    "DEFAULT_GROUPS",
    "model_result",
    "model_chooser",
    "outcomes_figure",
    "outcomes_result",
    "expected_outcomes_calculator",
    "evidence_figure",
]

DEFAULT_GROUPS = ("low_moderate", "ld_autism")
"""An illustrative mixed cohort shown until you choose your own groups."""


def _source(key: str) -> str:
    return load_register()[key].citation()


def model_result(integration: str, support_need: str, **groups: str) -> Result:
    """Recommend models from calculator values and present them with the KPI column(s).

    Parameters
    ----------
    integration : {"yes", "no"}
    support_need : {"low", "moderate_high", "complex"}
    **groups
        ``group_<key>`` = "yes" or "no" for each key of :data:`guidance.models.GROUPS`.

    Examples
    --------
    >>> model_result("yes", "moderate_high", group_smi="yes").summary
    'IPS for every group selected (Severe mental illness).'
    """
    unknown = [k for k in groups if not k.startswith("group_") or k[6:] not in GROUPS]
    if unknown:
        raise TypeError(f"unknown input(s): {', '.join(sorted(unknown))}")
    for name, answer in groups.items():
        if answer not in ("yes", "no"):
            raise ValueError(f"{name} must be 'yes' or 'no'; got {answer!r}")
    chosen = [k[6:] for k, answer in groups.items() if answer == "yes"]
    if not chosen:
        raise ValueError("groups: choose at least one population group (answer 'yes')")
    choice = choose_models(chosen, integration, support_need)
    if choice.mixed:
        summary = (
            f"Mixed cohort: IPS for {'; '.join(choice.groups_for('IPS'))}, and SEQF for "
            f"{'; '.join(choice.groups_for('SEQF'))}. Commission separate pathways or lots."
        )
    else:
        model = choice.models[0]
        summary = f"{model} for every group selected ({'; '.join(choice.groups_for(model))})."
    fits = {"clear": "clear fit", "consider": "consider", "weak": "check the need first"}
    items = []
    for r in choice.recommendations:
        reasons = " ".join(html.escape(x) for x in r.reasons)
        cautions = "".join(f"<li>{html.escape(x)}</li>" for x in r.cautions)
        items.append(
            f"<li><strong>{html.escape(r.label)}: {r.model}</strong> ({fits[r.strength]}). "
            f"{reasons}" + (f"<ul>{cautions}</ul>" if cautions else "") + "</li>"
        )
    advice = "".join(f"<p>{html.escape(a)}</p>" for a in choice.advice())
    extra = (
        f'<ul class="guidance-recommendations" aria-label="Recommendation for each group">'
        f"{''.join(items)}</ul>{advice}"
    )
    models = " and ".join("IPS (beyond SMI)" if m == "IPS" else m for m in choice.models)
    return Result(
        summary=summary,
        table=model_kpis(choice.models),
        caption=f"Suggested KPIs for {models} (Whitworth et al. 2024)",
        extra_html=extra,
    )


def model_chooser() -> Calculator:
    """The model chooser: groups (yes/no each), integration and support need."""
    yes_no = (("No", "no"), ("Yes", "yes"))
    fields = [
        Field(
            f"group_{key}",
            f"Includes: {label}",
            "choice",
            "yes" if key in DEFAULT_GROUPS else "no",
            options=yes_no,
            source="illustrative cohort (your own choice)",
        )
        for key, label in GROUPS.items()
    ]
    fields += [
        Field(
            "integration",
            "Clinical or other integration possible?",
            "choice",
            "yes",
            options=tuple((label, key) for key, label in INTEGRATION.items()),
            help="Can employment specialists join the teams that support these people "
            "(e.g. mental health, Talking Therapies, drug and alcohol teams)?",
        ),
        Field(
            "support_need",
            "Level of employment support need",
            "choice",
            "moderate_high",
            options=tuple((label, key) for key, label in SUPPORT_NEEDS.items()),
        ),
    ]
    return Calculator("Model chooser", fields, model_result, name="model_chooser")


# --- expected outcomes -------------------------------------------------------------------------


def outcomes_figure(table: pd.DataFrame, starters: int) -> Figure:
    """Job entries for each scenario: a point for the central value and a bar for the range.

    Business as usual (your own rate) is a square and a dotted line; each evidence row is
    a different marker with a horizontal error bar from low to high, labelled in numbers.
    """
    fig = Figure(figsize=(7, 1.3 + 0.75 * len(table)), dpi=100, layout="constrained")
    ax = fig.add_subplot()
    ax.spines[["top", "right"]].set_visible(False)
    markers = ("s", "o", "^", "D")
    colours = ("#000000", PALETTE[0], PALETTE[5], PALETTE[2])
    positions = list(range(len(table)))[::-1]
    top = max(float(table["jobs_high"].max()), 1.0)
    for n, (y, (_, row)) in enumerate(zip(positions, table.iterrows(), strict=True)):
        central = row["jobs_central"]
        low, high = row["jobs_low"], row["jobs_high"]
        ax.errorbar(
            central,
            y,
            xerr=[[central - low], [high - central]],
            fmt=markers[n % 4],
            color=colours[n % 4],
            ecolor=colours[n % 4],
            elinewidth=3,
            capsize=6,
            markersize=8,
        )
        text = whole(central) if n == 0 else (f"{whole(central)} ({whole(low)} to {whole(high)})")
        ax.text(high + top * 0.02, y, text, va="center", fontsize=9)
    ax.axvline(table["jobs_central"].iloc[0], color="#000000", linestyle=":", linewidth=1)
    ax.set_yticks(positions, [_wrap(s) for s in table["scenario"]], fontsize=8)
    ax.set_xlim(0, top * 1.35)
    ax.set_ylim(-0.6, len(table) - 0.4)
    ax.set_xlabel(f"job entries (people) for {whole(starters)} starters")
    ax.set_title(
        "Expected job entries: business as usual and the evidence range", fontsize=11, loc="left"
    )
    return fig


def _wrap(text: str, width: int = 34) -> str:
    words, lines, line = text.split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def outcomes_result(evidence_base: str, starters: int, bau_rate: float) -> Result:
    """Expected job entries from calculator values, as ranges.

    Examples
    --------
    >>> outcomes_result("ips_beyond_smi", 100, 0.25).summary[:70]
    'For 100 starters, IPS beyond SMI: large and medium studies: 29 to 33 j'
    """
    table = expected_outcomes(starters, bau_rate, evidence_base)
    head = table.iloc[1]
    bau = table.iloc[0]
    if evidence_base == "seqf":
        summary = (
            f"For {whole(starters)} starters, {head['scenario']}: {whole(head['jobs_low'])} "
            f"to {whole(head['jobs_high'])} job entries at NDTi's good-practice rates "
            f"(against {whole(bau['jobs_central'])} at your business-as-usual rate). This is a "
            "benchmark, not a trial effect."
        )
    else:
        summary = (
            f"For {whole(starters)} starters, {head['scenario']}: {whole(head['jobs_low'])} "
            f"to {whole(head['jobs_high'])} job entries (central {whole(head['jobs_central'])}) "
            f"against {whole(bau['jobs_central'])} with business as usual: "
            f"{whole(head['extra_low'])} to {whole(head['extra_high'])} more."
        )
    shown = pd.DataFrame(
        {
            "scenario": table["scenario"],
            "job entry rate": [
                pct(r["rate_central"], 1)
                if i == 0
                else f"{pct(r['rate_central'], 1)} ({pct(r['rate_low'], 1)} to "
                f"{pct(r['rate_high'], 1)})"
                for i, (_, r) in enumerate(table.iterrows())
            ],
            "job entries": [
                whole(r["jobs_central"])
                if i == 0
                else f"{whole(r['jobs_central'])} ({whole(r['jobs_low'])} to "
                f"{whole(r['jobs_high'])})"
                for i, (_, r) in enumerate(table.iterrows())
            ],
            "more than business as usual": [
                "-"
                if i == 0
                else f"{whole(r['extra_central'])} ({whole(r['extra_low'])} to "
                f"{whole(r['extra_high'])})"
                for i, (_, r) in enumerate(table.iterrows())
            ],
            "evidence": table["evidence"],
        }
    )
    alt = (
        f"Chart of expected job entries for {whole(starters)} starters. Business as usual at "
        f"{pct(bau_rate)}: {whole(bau['jobs_central'])}. "
        + " ".join(
            f"{r['scenario']}: {whole(r['jobs_central'])}, range {whole(r['jobs_low'])} to "
            f"{whole(r['jobs_high'])}."
            for _, r in table.iloc[1:].iterrows()
        )
    )
    return Result(
        summary=summary,
        table=shown,
        caption="Expected job entries, central value and 95% range (or benchmark range)",
        figure=lambda: outcomes_figure(table, starters),
        alt=alt,
    )


def expected_outcomes_calculator() -> Calculator:
    """Expected outcomes: N starters, the evidence to apply, and your business-as-usual rate."""
    fields = [
        Field(
            "evidence_base",
            "Model and evidence",
            "choice",
            "ips_beyond_smi",
            options=tuple((label, key) for key, label in EVIDENCE_BASES.items()),
        ),
        Field(
            "starters",
            "Starters",
            "integer",
            100,
            help="People starting on the service (a year, or over the contract).",
            source="illustrative (your own figure)",
        ),
        Field(
            "bau_rate",
            "Job entry rate with business as usual (%)",
            "percent",
            load_register().value("evidence.ips_smi.job_entry_control"),
            help="Your local rate without the service. The default is the control-group "
            "average in the IPS trials for severe mental illness; replace it.",
            source=_source("evidence.ips_smi.job_entry_control"),
        ),
    ]
    return Calculator("Expected outcomes", fields, outcomes_result, name="expected_outcomes")


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
    ax.set_yticks(positions, [_wrap(e.name, 30) for e in rows], fontsize=8)
    ax.set_xlabel("ratio, IPS against comparison (log scale; 95% confidence interval)")
    ax.set_title("IPS job entry effects in meta-analyses", fontsize=11, loc="left")
    alt = (
        "Forest plot on a log scale. "
        + " ".join(f"{e.name}: {e.describe()}." for e in rows)
        + " All intervals lie above 1, meaning IPS did better than the comparison."
    )
    return fig, alt


CALCULATORS = {
    "model_chooser": model_chooser,
    "expected_outcomes": expected_outcomes_calculator,
}
"""This chapter's calculators, found by :func:`guidance.widgets.all_calculators`."""
