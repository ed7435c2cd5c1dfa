"""Chapter 4 calculators: the benefit ledger and cashable savings; the SIB money-flow diagram.

Example
-------
>>> calc = benefit_ledger_calculator()
>>> calc.result.summary.startswith("Public bodies gain")
True
>>> "<title" in sib_flow_svg("co-commissioning")
True
"""

from __future__ import annotations

import html
import math

import pandas as pd

from ..display import Shown
from ..evidence import load_register
from ..formatting import decimal, gbp, pct, whole
from ..ledger import (
    AGENCIES,
    FUNDERS,
    SIB_ACTORS,
    SIB_FLOWS,
    LedgerInputs,
    benefit_ledger,
    cashable_savings,
)
from ..plots import PALETTE, HBars, hbar_plot, nice_limit
from .legacy import Calculator, Field, Result

__all__ = [
    "ledger_result",
    "benefit_ledger_calculator",
    "cashable_result",
    "cashable_savings_calculator",
    "sib_flow_svg",
    "sib_flows_text",
    "show_sib_flows",
]


def _money(value: float) -> str:
    return "not applicable" if not math.isfinite(value) else gbp(value)


def _pence(value: float) -> str:
    return "not applicable" if not math.isfinite(value) else f"{value * 100:.0f}p"


def _source(key: str) -> str:
    return load_register()[key].citation()


# --------------------------------------------------------------------------------------------
# Benefit ledger
# --------------------------------------------------------------------------------------------
def ledger_result(**values: float) -> Result:
    """The benefit ledger for calculator values (missing ones default from the register).

    Examples
    --------
    >>> ledger_result(job_outcomes=100, months_in_work=12).table.iloc[1, 0]
    'DWP'
    """
    inputs = LedgerInputs.defaults().with_changes(**values)
    result = benefit_ledger(inputs)
    table = result.table()

    gains = [float(x) for x in table["gain"]]
    public = [a in FUNDERS for a in AGENCIES]
    figure = hbar_plot(
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

    alt = (
        f"Bar chart of gains from {whole(inputs.job_outcomes)} people in work for "
        f"{decimal(inputs.months_in_work)} months each: "
        + "; ".join(f"{row['agency']} {gbp(row['gain'])}" for _, row in table.iterrows())
        + "."
    )
    shown = pd.DataFrame(
        {
            "agency": table["agency"],
            "gain (£)": table["gain"].map(gbp),
            "share of public gains": table["share_of_public_gains"].map(
                lambda x: "not applicable" if not math.isfinite(x) else pct(x)
            ),
            "contribution in proportion (£)": table["contribution"].map(_money),
            "return per £1 contributed": table["return_per_pound_shared"].map(_pence),
            "return per £1 if it paid alone": table["return_per_pound_alone"].map(_pence),
        }
    )
    if result.public_gains > 0:
        split = ", ".join(
            f"{a} {pct(result.gains[a] / result.public_gains)}"
            for a in FUNDERS
            if result.gains[a] > 0
        )
        summary = (
            f"Public bodies gain {gbp(result.public_gains)} "
            f"({_pence(result.public_return_per_pound)} per £1 of the "
            f"{gbp(inputs.programme_cost)} cost); in proportion to their gains they would pay: "
            f"{split}."
        )
    else:
        summary = (
            "No public body gains with these inputs, so there is nothing to split the cost by."
        )
    return Result(
        summary=summary,
        table=shown,
        caption="Gains by agency and a contribution split in proportion to gains",
        figure=figure,
        alt=alt,
    )


def benefit_ledger_calculator() -> Calculator:
    """The benefit-ledger calculator: job outcomes and gains per outcome by agency."""
    d = LedgerInputs.defaults()
    ipsmod = "morris2024ipsmod, UKMOD tax-benefit profiles, mental health (derived)"
    fields = [
        Field(
            "job_outcomes",
            "People moving into work",
            "number",
            d.job_outcomes,
            help="Default: job entries a year from the service-sizing calculator (chapter 3).",
            source="service sizing default (calculated)",
        ),
        Field(
            "months_in_work",
            "Average months in work each",
            "number",
            d.months_in_work,
            help="Default: the 13-week IPS sustainment point, a floor. Use your own tracking "
            "data where you have it.",
            source="kpi.ips.sustain.weeks, whitworth2024guide (derived: 13 weeks = 3 months)",
        ),
        Field(
            "programme_cost",
            "Programme cost to share (£)",
            "number",
            d.programme_cost,
            source="service sizing default budget (calculated)",
        ),
        Field(
            "nhs_saving_per_job",
            "NHS: saving per person in work (£, once)",
            "number",
            d.nhs_saving_per_job,
            help="The source gives it per service user of a Scottish IPS service.",
            source=_source("fss.nhs_saving_per_service_user"),
        ),
        Field(
            "dwp_saving_per_month",
            "DWP: benefits saved a month (£)",
            "number",
            d.dwp_saving_per_month,
            source=ipsmod,
        ),
        Field(
            "hmrc_gain_per_month",
            "HMRC: tax and National Insurance a month (£)",
            "number",
            d.hmrc_gain_per_month,
            source=ipsmod,
        ),
        Field(
            "la_saving_per_month",
            "Local authority: savings a month (£)",
            "number",
            d.la_saving_per_month,
            help="No published default: use a local value, e.g. from the GMCA Unit Cost Database.",
        ),
        Field(
            "person_gain_per_month",
            "The person: net income gain a month (£)",
            "number",
            d.person_gain_per_month,
            source=ipsmod,
        ),
        Field(
            "swemwbs_gain",
            "Wellbeing gain while in work (SWEMWBS points)",
            "number",
            d.swemwbs_gain,
            help="Measure it at the start and end of support (chapter 6).",
        ),
        Field(
            "ls_per_swemwbs_point",
            "Life satisfaction points per SWEMWBS point",
            "number",
            d.ls_per_swemwbs_point,
            source=_source("wellby.ls_per_swemwbs_point"),
        ),
        Field(
            "wellby_value",
            "Value of one WELLBY (£, 2019 prices)",
            "number",
            d.wellby_value,
            source=_source("wellby.value_2019"),
        ),
    ]
    return Calculator("Benefit ledger", fields, ledger_result, name="benefit_ledger")


# --------------------------------------------------------------------------------------------
# Cashable savings range
# --------------------------------------------------------------------------------------------
def cashable_result(budget: float, pence_low: float, pence_high: float) -> Result:
    """Cashable savings range for a budget.

    Examples
    --------
    >>> cashable_result(6_000_000, 9, 66).table["cashable savings"].tolist()
    ['£540,000', '£3,960,000']
    """
    low, high = cashable_savings(budget, pence_low, pence_high)

    figure = hbar_plot(
        HBars(
            [f"low ({decimal(pence_low, 0)}p per £1)", f"high ({decimal(pence_high, 0)}p per £1)"],
            [low, high],
            [" " + gbp(low), " " + gbp(high)],
            title=f"Cashable savings on a {gbp(budget)} budget",
            xlabel="cashable tax and benefit savings (£)",
            right=nice_limit(max(high, 1.0) * 1.3),
            colours=[PALETTE[4], PALETTE[0]],
            hatches=["//", ""],
            edgecolour="black",
            money=True,
            height=2.4,
        )
    )

    alt = (
        f"Bar chart: a budget of {gbp(budget)} gives cashable savings of {gbp(low)} at "
        f"{decimal(pence_low, 0)}p per £1 and {gbp(high)} at {decimal(pence_high, 0)}p per £1."
    )
    table = pd.DataFrame(
        {
            "estimate": ["low", "high"],
            "pence saved per £1": [f"{decimal(pence_low, 0)}p", f"{decimal(pence_high, 0)}p"],
            "cashable savings": [gbp(low), gbp(high)],
            "net cost after savings": [gbp(budget - low), gbp(budget - high)],
        }
    )
    return Result(
        summary=f"Cashable savings of {gbp(low)} to {gbp(high)} on a {gbp(budget)} budget.",
        table=table,
        caption="Cashable savings range (tax and benefits only; health savings excluded)",
        figure=figure,
        alt=alt,
    )


def cashable_savings_calculator() -> Calculator:
    """Cashable savings: the Sheffield range applied to a budget (default: FSS GBP 6m)."""
    r = load_register()
    fields = [
        Field(
            "budget",
            "Programme budget (£)",
            "number",
            r.value("fss.annual_cost_published"),
            source=_source("fss.annual_cost_published"),
        ),
        Field(
            "pence_low",
            "Savings per £1, low (pence)",
            "number",
            r.value("fss.sheffield_saving_pence.min"),
            source=_source("fss.sheffield_saving_pence.min"),
        ),
        Field(
            "pence_high",
            "Savings per £1, high (pence)",
            "number",
            r.value("fss.sheffield_saving_pence.max"),
            source=_source("fss.sheffield_saving_pence.max"),
        ),
    ]
    return Calculator("Cashable savings", fields, cashable_result, name="cashable_savings")


# --------------------------------------------------------------------------------------------
# The MHEP SIB money flows: an accessible inline SVG
# --------------------------------------------------------------------------------------------
_POSITIONS = {
    "investors": (100, 45),
    "mhep": (350, 45),
    "payer": (600, 45),
    "commissioner": (130, 215),
    "provider": (450, 320),
}
_BOX = (170, 54)
_KIND_STYLE = {
    "block": (PALETTE[0], "", "block payment (solid blue)"),
    "outcome": ("#D55E00", "9 5", "outcome-based payment (dashed vermillion)"),
    "investment": ("#000000", "2 4", "investment or return (dotted black)"),
    "return": ("#000000", "2 4", "investment or return (dotted black)"),
}
_LABELS = {
    "investors": ("Social investors",),
    "mhep": ("MHEP", "(special purpose vehicle)"),
    "payer": ("National", "outcome payer"),
    "commissioner": ("Commissioner", "(local authority or CCG)"),
    "provider": ("IPS provider",),
}


def _edge(centre: tuple[float, float], towards: tuple[float, float]) -> tuple[float, float]:
    (cx, cy), (tx, ty) = centre, towards
    dx, dy = tx - cx, ty - cy
    hw, hh = _BOX[0] / 2 + 4, _BOX[1] / 2 + 4
    scale = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return cx + dx * scale, cy + dy * scale


def sib_flow_svg(model: str, description: str | None = None) -> str:
    """The money flows of one MHEP SIB model as an inline SVG with a title and description.

    Each arrow is numbered; line style and colour both show the kind of payment, and the
    same flows are listed in words by :func:`sib_flows_text` (the default ``description``).

    Examples
    --------
    >>> svg = sib_flow_svg("single commissioning")
    >>> svg.count("<line") == len(SIB_FLOWS["single commissioning"])
    True
    """
    if model not in SIB_FLOWS:
        raise ValueError(f"model must be one of {', '.join(map(repr, SIB_FLOWS))}; got {model!r}")
    slug = model.replace(" ", "-")
    flows = SIB_FLOWS[model]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 355" role="img" '
        f'aria-labelledby="{slug}-title {slug}-desc" class="guidance-diagram" '
        'style="max-width:100%;height:auto" width="700" height="355">',
        f'<title id="{slug}-title">MHEP social impact bond: {html.escape(model)} model</title>',
        f'<desc id="{slug}-desc">{html.escape(description or sib_flows_text(model))}</desc>',
        "<defs>",
    ]
    for kind, (colour, _dash, _label) in _KIND_STYLE.items():
        parts.append(
            f'<marker id="{slug}-arrow-{kind}" viewBox="0 0 10 10" refX="9" refY="5" '
            'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
            f'<path d="M 0 0 L 10 5 L 0 10 z" fill="{colour}"/></marker>'
        )
    parts.append("</defs>")
    for actor, (x, y) in _POSITIONS.items():
        w, h = _BOX
        parts.append(
            f'<rect x="{x - w / 2}" y="{y - h / 2}" width="{w}" height="{h}" rx="6" '
            'fill="#ffffff" stroke="#333333" stroke-width="1.5"/>'
        )
        lines = _LABELS[actor]
        for i, text in enumerate(lines):
            dy = (i - (len(lines) - 1) / 2) * 16 + 5
            weight, size = ("bold", 14) if i == 0 else ("normal", 12)
            parts.append(
                f'<text x="{x}" y="{y + dy}" text-anchor="middle" font-size="{size}" '
                f'font-weight="{weight}" fill="#111111">{html.escape(text)}</text>'
            )
    # parallel flows between the same pair of actors are drawn side by side
    counts: dict[frozenset, int] = {}
    for f in flows:
        counts[frozenset((f.source, f.target))] = counts.get(frozenset((f.source, f.target)), 0) + 1
    seen: dict[frozenset, int] = {}
    for number, flow in enumerate(flows, start=1):
        pair = frozenset((flow.source, flow.target))
        index = seen.get(pair, 0)
        seen[pair] = index + 1
        first, second = sorted(pair)  # one orientation per pair, so offsets never collide
        (ax_, ay_), (bx_, by_) = _POSITIONS[first], _POSITIONS[second]
        length = math.hypot(bx_ - ax_, by_ - ay_)
        nx, ny = -(by_ - ay_) / length, (bx_ - ax_) / length
        shift = (index - (counts[pair] - 1) / 2) * 18
        (sx, sy), (tx, ty) = _POSITIONS[flow.source], _POSITIONS[flow.target]
        sx, sy, tx, ty = sx + nx * shift, sy + ny * shift, tx + nx * shift, ty + ny * shift
        x1, y1 = _edge((sx, sy), (tx, ty))
        x2, y2 = _edge((tx, ty), (sx, sy))
        colour, dash, _label = _KIND_STYLE[flow.kind]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="{colour}" stroke-width="2.5"{dash_attr} '
            f'marker-end="url(#{slug}-arrow-{flow.kind})"/>'
        )
        where = 0.38 + 0.24 * index / max(1, counts[pair] - 1)  # stagger parallel badges
        if flow.source != first:  # measure along the pair's one orientation
            where = 1 - where
        mx, my = x1 + (x2 - x1) * where, y1 + (y2 - y1) * where
        parts.append(
            f'<circle cx="{mx:.1f}" cy="{my:.1f}" r="10" fill="#ffffff" stroke="{colour}" '
            'stroke-width="1.5"/>'
            f'<text x="{mx:.1f}" y="{my + 4.5:.1f}" text-anchor="middle" font-size="12" '
            f'font-weight="bold" fill="#111111">{number}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def sib_flows_text(model: str) -> str:
    """The flows of one model in words, numbered as in the diagram.

    Examples
    --------
    >>> sib_flows_text("co-commissioning").split(": ")[1]
    '1, Social investors to MHEP (special purpose vehicle)'
    """
    if model not in SIB_FLOWS:
        raise ValueError(f"model must be one of {', '.join(map(repr, SIB_FLOWS))}; got {model!r}")
    items = [
        f"{n}, {SIB_ACTORS[f.source]} to {SIB_ACTORS[f.target]}: {f.description} "
        f"({_KIND_STYLE[f.kind][2].split(' (')[0]})"
        for n, f in enumerate(SIB_FLOWS[model], start=1)
    ]
    return f"In the {model} model: " + "; ".join(items) + "."


def show_sib_flows() -> Shown:
    """Both MHEP models side by side: SVG diagrams, a key and the flows listed in words.

    Examples
    --------
    >>> "co-commissioning" in repr(show_sib_flows())
    True
    """
    key = "".join(
        f'<li><svg width="46" height="12" aria-hidden="true" focusable="false">'
        f'<line x1="2" y1="6" x2="44" y2="6" stroke="{colour}" stroke-width="2.5"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + f"/></svg> {html.escape(label)}</li>"
        for kind, (colour, dash, label) in _KIND_STYLE.items()
        if kind != "return"
    )
    panels = []
    for model, flows in SIB_FLOWS.items():
        items = "".join(
            f"<li>{html.escape(SIB_ACTORS[f.source])} to {html.escape(SIB_ACTORS[f.target])}: "
            f"{html.escape(f.description)} ({html.escape(_KIND_STYLE[f.kind][2].split(' (')[0])})"
            "</li>"
            for f in flows
        )
        panels.append(
            '<figure class="guidance-figure guidance-sib">'
            + sib_flow_svg(
                model,
                "Diagram of the money flows between the five parties; each numbered flow is "
                "listed in words below the diagram.",
            )
            + f"<figcaption>The {html.escape(model)} model</figcaption></figure>"
            + f"<p>Numbered flows in the {html.escape(model)} model:</p><ol>{items}</ol>"
        )
    body = (
        '<div class="guidance-sib-flows">'
        f'<p><strong>Key</strong></p><ul class="guidance-key">{key}</ul>'
        + "".join(panels)
        + "</div>"
    )
    text = " ".join(sib_flows_text(m) for m in SIB_FLOWS)
    return Shown(body, text)


CALCULATORS = {
    "benefit_ledger": benefit_ledger_calculator,
    "cashable_savings": cashable_savings_calculator,
}
"""This chapter's calculators, found by :func:`guidance.widgets.all_calculators`."""
