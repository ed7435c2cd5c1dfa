"""Chapter 5 calculators: the payment-mechanism simulator and creaming and parking.

Example
-------
>>> calc = creaming_parking()
>>> calc.result.summary.startswith("Under 100% outcomes")
True
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import cached_property

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import validation as v
from ..display import table_html
from ..evidence import load_register
from ..formatting import gbp, pct, whole
from ..livefigure import Plot
from ..payments import (
    ClientGroup,
    ContractSimulation,
    Delivery,
    PaymentMechanism,
    Targets,
    compare,
    creaming_table,
    expected_outcomes,
    mhep_providers,
    standard_mechanisms,
    targets_from,
)
from ..plots import PALETTE, new_figure, nice_limit
from .base import Calculator, Field, Result

__all__ = [
    "SIMULATIONS",
    "SEED",
    "money",
    "sim_money",
    "default_contract_value",
    "margin_plot",
    "margin_figure",
    "cash_plot",
    "creaming_plot",
    "cash_figure",
    "simulator_setup",
    "simulator_result",
    "summary_table",
    "payment_simulator",
    "creaming_result",
    "creaming_parking",
]

SIMULATIONS = 10_000
"""Simulated contracts behind every simulator result."""

SEED = 2020
"""Fixed seed, so the book and the live calculator show the same numbers."""

COST_REIMBURSED = "costs reimbursed quarterly in arrears"
"""The fourth mechanism the simulator shows: a grant paying back evidenced costs (as
Connect to Work does), capped at the contract value when payments are capped."""

HATCHES = ("", "//", "..", "xx", "\\\\")
STYLES = ("-", "--", ":", "-.")


def money(value: float, nearest: float = 1) -> str:
    """GBP rounded to the ``nearest`` pound (1, 100, ...), or 'not computed' for NaN.

    Simulated figures are shown to the nearest £100: more digits would be false precision.

    Examples
    --------
    >>> money(-1234.4), money(187_210, 100), money(float("nan"))
    ('-£1,234', '£187,200', 'not computed')
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "not computed"
    return gbp(round(float(value) / nearest) * nearest)


def sim_money(value: float) -> str:
    """A simulated amount: GBP to the nearest £100.

    Examples
    --------
    >>> sim_money(29_317)
    '£29,300'
    """
    return money(value, 100)


def _source(key: str) -> str:
    return load_register()[key].citation()


def default_contract_value(delivery: Delivery | None = None) -> float:
    """Contract value for the default delivery: expected engagements x the FSS unit cost.

    Examples
    --------
    >>> round(default_contract_value())
    508333
    """
    d = delivery or Delivery.defaults()
    return expected_outcomes(d).engagements * load_register().value("fss.cost_per_engagement")


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------
MARGIN_TITLE = "Provider's margin over the contract"


def _margin_span(table: pd.DataFrame) -> float:
    """Half-width of the margin axis: a round number past the widest 5th-95th range."""
    widest = float(np.nanmax(np.abs(table[["margin_p5", "margin_p95"]].to_numpy())))
    return nice_limit(widest) if widest > 0 else 1.0


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
        parts["labels"].append(ax.text(0, y, "", va="center", fontsize=9))
    ax.axvline(0, color="black", linewidth=1)
    ax.set_yticks(positions, list(table["mechanism"]))
    span = _margin_span(table)
    ax.set_xlim(-span * 1.1, span * 1.45)
    ax.set_xlabel("margin over the contract (£; below zero is a loss)")
    ax.set_title(
        title + "\nbar: 5th to 95th percentile of simulated contracts; diamond: median",
        fontsize=10,
        loc="left",
    )
    ax.xaxis.set_major_formatter(lambda x, _pos: gbp(x))
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

    Live, the mechanisms and the scale stay while the bars, medians and labels move.

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


class _CashPositions:
    """Simulations and, worked out when first drawn, their monthly cash percentiles."""

    def __init__(self, sims: Sequence[ContractSimulation]):
        self.sims = list(sims)

    @cached_property
    def bands(self) -> list[pd.DataFrame]:
        return [sim.cash_percentiles((5, 50)) for sim in self.sims]


def _cash_limits(bands: list[pd.DataFrame]) -> tuple[float, float]:
    low = min(float(b["p5"].min()) for b in bands)
    high = max(float(b["p50"].max()) for b in bands)
    return -nice_limit(max(0.0, -low) * 1.05), nice_limit(max(0.0, high) * 1.05)


def _cash_frame(data: _CashPositions) -> tuple:
    names = tuple(sim.mechanism.name for sim in data.sims)
    return (names, tuple(len(b) for b in data.bands), _cash_limits(data.bands))


def _cash_draw(data: _CashPositions) -> tuple[Figure, list]:
    sims, bands = data.sims, data.bands
    fig, ax = new_figure(height=4.2)
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
    ax.yaxis.set_major_formatter(lambda x, _pos: gbp(x))
    ax.set_title(
        "Provider's cash position month by month\nthick: median contract; thin with dots: "
        "1 contract in 20 does worse",
        fontsize=10,
        loc="left",
    )
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    return fig, lines


def _cash_update(lines: list, data: _CashPositions) -> None:
    for i, band in enumerate(data.bands):
        lines[2 * i].set_ydata(band["p50"])
        lines[2 * i + 1].set_ydata(band["p5"])


def cash_plot(sims: Sequence[ContractSimulation]) -> Plot:
    """Provider's cumulative cash position by month: median and 5th percentile lines.

    Examples
    --------
    >>> d = Delivery.defaults()
    >>> _, sims = compare(d, standard_mechanisms(400_000, targets_from(d)), n=200)
    >>> len(cash_plot(sims).figure().axes[0].lines)
    7
    """
    return Plot(_cash_draw, _cash_update, _cash_frame, _CashPositions(sims))


def cash_figure(sims: Sequence[ContractSimulation]) -> Figure:
    """The figure of :func:`cash_plot`, drawn once (for the book and exports)."""
    return cash_plot(sims).figure()


# --------------------------------------------------------------------------------------------
# The payment-mechanism simulator
# --------------------------------------------------------------------------------------------
def summary_table(summary: pd.DataFrame) -> pd.DataFrame:
    """A :func:`guidance.payments.compare` summary as readable text, one row per mechanism.

    Amounts are rounded to the nearest £100.
    """
    return _summary_table(summary.to_dict("records"))


def _summary_table(rows: list[dict]) -> pd.DataFrame:
    m = sim_money
    return pd.DataFrame(
        {
            "mechanism": [r["mechanism"] for r in rows],
            "provider: chance of a loss": [pct(r["prob_loss"]) for r in rows],
            "provider: median margin": [m(r["median_margin"]) for r in rows],
            "provider: bad case (5th percentile margin)": [m(r["margin_p5"]) for r in rows],
            "provider: cash it must find (95th percentile)": [
                m(r["working_capital_p95"]) for r in rows
            ],
            "commissioner: spend, average (5th to 95th percentile)": [
                f"{m(r['mean_spend'])} ({m(r['spend_p5'])} to {m(r['spend_p95'])})" for r in rows
            ],
            "commissioner: cost per job start (5th to 95th percentile)": [
                f"{m(r['cost_per_job_start_p5'])} to {m(r['cost_per_job_start_p95'])}" for r in rows
            ],
        }
    )


def _reimbursed(mechanism: PaymentMechanism) -> str:
    if not mechanism.cost_share:
        return "none"
    return f"{pct(mechanism.cost_share)}, claimed every {mechanism.claim_months} months"


def _tariffs_html(mechanisms: Sequence[PaymentMechanism], targets: Targets) -> str:
    table = pd.DataFrame(
        {
            "mechanism": [m.name for m in mechanisms],
            "block over the contract": [money(m.block_amount) for m in mechanisms],
            "per engagement": [money(m.tariff_engagement) for m in mechanisms],
            "per job start": [money(m.tariff_job_start) for m in mechanisms],
            "per sustainment": [money(m.tariff_sustainment) for m in mechanisms],
            "costs reimbursed": [_reimbursed(m) for m in mechanisms],
        }
    )
    caption = (
        "Payments in each mechanism, set so that meeting the targets "
        f"({whole(targets.engagements)} engagements, {whole(targets.job_starts)} job starts, "
        f"{whole(targets.sustainments)} sustainments) pays the contract value; reimbursed "
        "costs are paid after each claim period ends (in arrears)"
    )
    return table_html(table, caption)


def simulator_setup(
    contract_value: float,
    block_share_a: float,
    block_share_b: float,
    block_share_c: float,
    weight_engagement: float,
    weight_job_start: float,
    weight_sustainment: float,
    target_ratio: float,
    cap: str = "yes",
    **delivery: object,
) -> tuple[Delivery, list[PaymentMechanism], Targets]:
    """The delivery assumptions, four mechanisms (the three outcome-based ones and a grant
    reimbursing costs quarterly in arrears) and targets for simulator values.

    ``delivery`` takes any :class:`guidance.payments.Delivery` field; the rest default
    from the register.

    Examples
    --------
    >>> d, mechanisms, targets = simulator_setup(400_000, 0, 0.3, 0.7, 1, 1, 1, 1.0)
    >>> [round(m.block_amount) for m in mechanisms]
    [0, 120000, 280000, 0]
    >>> mechanisms[-1].cost_share, mechanisms[-1].claim_months
    (1.0, 3)
    """
    complete = set(delivery) == set(Delivery.__dataclass_fields__)
    # the calculator gives every assumption: no need to look up the defaults first
    d = Delivery(**delivery) if complete else Delivery.defaults().with_changes(**delivery)
    targets = targets_from(d, target_ratio)
    capped = v.choice("cap", cap, ("yes", "no")) == "yes"
    mechanisms = standard_mechanisms(
        contract_value,
        targets,
        block_shares=(block_share_a, block_share_b, block_share_c),
        weights=(weight_engagement, weight_job_start, weight_sustainment),
        cap=capped,
    )
    mechanisms.append(
        PaymentMechanism.reimbursing_costs(
            COST_REIMBURSED,
            contract_value if capped else None,
            claim_months=int(load_register().value("ctw.claim_months")),
        )
    )
    return d, mechanisms, targets


def simulator_result(**values: object) -> Result:
    """Simulate three payment mechanisms side by side on the same simulated contracts.

    Takes the arguments of :func:`simulator_setup`.

    Examples
    --------
    >>> r = simulator_result(contract_value=400_000, block_share_a=0, block_share_b=0.3,
    ...     block_share_c=0.7, weight_engagement=1, weight_job_start=1, weight_sustainment=1,
    ...     target_ratio=1.0)
    >>> list(r.table["mechanism"])  # doctest: +NORMALIZE_WHITESPACE
    ['100% outcomes', '30% block, 70% outcomes', '70% block, 30% outcomes',
     'costs reimbursed quarterly in arrears']
    """
    d, mechanisms, targets = simulator_setup(**values)
    target_ratio = values["target_ratio"]
    summary, sims = compare(d, mechanisms, n=SIMULATIONS, seed=SEED)
    figure = margin_plot(summary)
    rows = [{"mechanism": sim.mechanism.name, **sim.summary()} for sim in sims]
    losses = "; ".join(
        f"{row['mechanism']}: loss in {pct(row['prob_loss'])}, 5th percentile "
        f"{sim_money(row['margin_p5'])}, median {sim_money(row['median_margin'])}, "
        f"95th percentile {sim_money(row['margin_p95'])}"
        for row in rows
    )
    alt = f"Bar chart of the provider's margin over {SIMULATIONS:,} simulated contracts. " + losses
    cash_alt = "Line chart of the provider's cumulative cash position by month. " + (
        "; ".join(
            f"{row['mechanism']}: the most cash the provider must find is "
            f"{sim_money(row['working_capital_median'])} on the median contract and "
            f"{sim_money(row['working_capital_p95'])} at the 95th percentile"
            for row in rows
        )
    )
    worst = max(rows, key=lambda row: row["prob_loss"])  # the first, if several tie
    best = min(rows, key=lambda row: row["prob_loss"])
    summary_text = (
        f"The provider loses money on {pct(worst['prob_loss'])} of simulated contracts under "
        f"{worst['mechanism']} and on {pct(best['prob_loss'])} under {best['mechanism']}; "
        f"targets are {pct(target_ratio)} of the expected delivery."
    )
    return Result(
        summary=summary_text,
        table=_summary_table(rows),
        caption=f"Provider and commissioner outcomes over {SIMULATIONS:,} simulated contracts",
        figure=figure,
        alt=alt,
        extra_html=_tariffs_html(mechanisms, targets),
        extra_figures=[(cash_plot(sims), cash_alt)],
    )


def payment_simulator() -> Calculator:
    """The payment-mechanism simulator with defaults from the evidence register."""
    r = load_register()
    d = Delivery.defaults(r)
    providers_note = "derived from the spread between the five MHEP providers (gadenne2020)"
    fields = [
        Field(
            "contract_value",
            "Contract value (£)",
            "number",
            float(round(default_contract_value(d))),
            help=f"Default: expected engagements x {gbp(r.value('fss.cost_per_engagement'))} "
            "per engagement.",
            source="fss.cost_per_engagement x expected engagements (calculated)",
        ),
        Field(
            "months",
            "Contract length (months)",
            "integer",
            d.months,
            source=_source("whitworth.contract_years.min"),
        ),
        Field(
            "block_share_a",
            "Mechanism A: block share (%)",
            "percent",
            1 - r.value("mhep.commissioner_outcome_share"),
            source=_source("mhep.commissioner_outcome_share") + " (100% on outcomes)",
        ),
        Field(
            "block_share_b",
            "Mechanism B: block share (%)",
            "percent",
            r.value("payments.base_poc.service_fee_share"),
            source=_source("payments.base_poc.service_fee_share"),
        ),
        Field(
            "block_share_c",
            "Mechanism C: block share (%)",
            "percent",
            1 - r.value("mhep.nhs_outcome_share_typical.max"),
            source=_source("mhep.nhs_outcome_share_typical.max") + " (30% on outcomes)",
        ),
        Field(
            "weight_engagement",
            "Weight of engagement payments",
            "number",
            1.0,
            help="Relative weights split the outcome payments; they need not add up to 1.",
        ),
        Field("weight_job_start", "Weight of job-start payments", "number", 1.0),
        Field("weight_sustainment", "Weight of sustainment payments", "number", 1.0),
        Field(
            "target_ratio",
            "Targets as a multiple of expected delivery",
            "number",
            1.0,
            help="1 means realistic targets; above 1 means targets (and so tariffs) were set "
            "from optimistic forecasts the service then misses.",
        ),
        Field(
            "cap",
            "Payments capped at the contract value",
            "choice",
            "yes",
            options=(("yes", "yes"), ("no", "no")),
        ),
        Field(
            "engagements_per_month",
            "Engagements a month at full performance",
            "number",
            round(d.engagements_per_month, 2),
            source="fss.lot_clients_per_year / 12, socialfinance2020 (derived)",
        ),
        Field(
            "ramp_months",
            "Months to full performance",
            "integer",
            d.ramp_months,
            source="midpoint of whitworth.ramp_months, whitworth2024guide (derived)",
        ),
        Field(
            "job_start_rate",
            "Engagements that start a job (%)",
            "percent",
            d.job_start_rate,
            source=_source("mhep.job_start_rate_published"),
        ),
        Field(
            "job_start_rate_sd",
            "Uncertainty in that rate (sd, % points)",
            "percent",
            round(d.job_start_rate_sd, 3),
            source=providers_note + ", Table 4.1",
        ),
        Field(
            "sustain_rate",
            "Job starts sustained (%)",
            "percent",
            d.sustain_rate,
            source=_source("mhep.six_week_of_starts_published"),
        ),
        Field(
            "sustain_rate_sd",
            "Uncertainty in that rate (sd, % points)",
            "percent",
            round(d.sustain_rate_sd, 3),
            source=providers_note + ", Table 4.1",
        ),
        Field(
            "volume_sd",
            "Uncertainty in volumes (relative sd, %)",
            "percent",
            round(d.volume_sd, 3),
            help="How far engagements may fall short of or exceed the forecast.",
            source="actual vs target engagements of MHEP providers, gadenne2020 Table 6.1 "
            "(derived)",
        ),
        Field(
            "months_to_job_start",
            "Months from engagement to job start",
            "integer",
            d.months_to_job_start,
            source=_source("mhep.months_to_job.typical"),
        ),
        Field(
            "months_to_sustainment",
            "Months from job start to sustainment",
            "integer",
            d.months_to_sustainment,
            source="mhep.sustainment_weeks (6 weeks), gadenne2020, rounded up (derived)",
        ),
        Field(
            "cost_per_month",
            "Provider's fixed costs a month (£)",
            "number",
            float(round(d.cost_per_month)),
            help="Default: 2 specialists and a third of a team leader, with on-costs and "
            "overheads.",
            source="fss.lot_es and ipsgrow salaries, on-costs and overheads (derived)",
        ),
        Field("cost_per_engagement", "Extra cost per engagement (£)", "number", 0.0),
        Field("payment_lag_months", "Months from outcome to payment", "integer", 0),
    ]
    return Calculator(
        "Payment mechanism simulator", fields, simulator_result, name="payment_simulator"
    )


# --------------------------------------------------------------------------------------------
# Creaming and parking
# --------------------------------------------------------------------------------------------
def _creaming_limits(t: pd.DataFrame) -> tuple[float, float]:
    values = [*t["margin_easier"], *t["margin_harder"]]
    low, high = min(values), max(values)
    return (
        -nice_limit(-low * 1.2) if low < 0 else 0.0,
        nice_limit(high * 1.2) if high > 0 else 1.0,
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
        "texts": [ax.text(xi + o, 0, "", ha="center", fontsize=8) for o in (-0.2, 0.2) for xi in x],
    }
    ax.axhline(0, color="black", linewidth=1)
    ax.set_ylim(*_creaming_limits(t))
    ax.set_xticks(x, list(t["mechanism"]))
    ax.set_ylabel("expected margin per client (£)")
    ax.yaxis.set_major_formatter(lambda y, _pos: gbp(y))
    ax.set_title("Expected margin on one client, by group and mechanism", fontsize=10, loc="left")
    # below the chart, where no bar can be: a live update redraws only the bars and words
    fig.legend(loc="outside lower center", ncols=2, frameon=False, fontsize=9)
    _creaming_update(parts, t)
    return fig, parts


def _creaming_update(parts: dict, t: pd.DataFrame) -> None:
    values = [*t["margin_easier"], *t["margin_harder"]]
    for bar, text, value in zip(parts["bars"], parts["texts"], values, strict=True):
        bar.set_height(value)
        text.set_y(value)
        text.set_text(money(value))
        text.set_verticalalignment("bottom" if value >= 0 else "top")


def creaming_plot(t: pd.DataFrame) -> Plot:
    """Expected margin on one client, easier and harder to help, for each mechanism.

    Examples
    --------
    >>> t = pd.DataFrame({"mechanism": ["A"], "margin_easier": [100.0], "margin_harder": [-50.0]})
    >>> [float(y) for y in creaming_plot(t).figure().axes[0].get_ylim()]
    [-60.0, 120.0]
    """
    return Plot(_creaming_draw, _creaming_update, _creaming_frame, t)


def creaming_result(
    contract_value: float,
    planned_clients: float,
    target_job_starts: float,
    target_sustainments: float,
    easier_job_rate: float,
    harder_job_rate: float,
    sustain_rate: float,
    easier_cost: float,
    harder_cost: float,
) -> Result:
    """Margin per client for an easier and a harder group under the three mechanisms.

    Examples
    --------
    >>> r = creaming_result(400_000, 200, 60, 40, 0.44, 0.22, 0.7, 2000, 2500)
    >>> r.table.shape[0]
    3
    """
    targets = Targets(planned_clients, target_job_starts, target_sustainments)
    mechanisms = standard_mechanisms(contract_value, targets)
    easier = ClientGroup("easier to help", easier_job_rate, sustain_rate, easier_cost)
    harder = ClientGroup("harder to help", harder_job_rate, sustain_rate, harder_cost)
    t = creaming_table(mechanisms, easier, harder, planned_clients)

    figure = creaming_plot(t)

    alt = "Grouped bar chart of expected margin per client. " + "; ".join(
        f"{row['mechanism']}: easier {money(row['margin_easier'])}, harder "
        f"{money(row['margin_harder'])}"
        for _, row in t.iterrows()
    )
    table = pd.DataFrame(
        {
            "mechanism": t["mechanism"],
            "margin per easier client": t["margin_easier"].map(money),
            "margin per harder client": t["margin_harder"].map(money),
            "incentive to cream (difference)": t["gap"].map(money),
            "graduated tariff: multiply harder group's tariffs by": t["multiplier"].map(
                lambda g: "no tariffs to graduate" if not math.isfinite(g) else f"{g:.2f}"
            ),
            "or a supplement per harder client of": t["supplement"].map(money),
        }
    )
    first = t.iloc[0]
    summary = (
        f"Under {first['mechanism']} an easier client is worth {money(first['gap'])} more to "
        f"the provider than a harder one; multiplying the harder group's tariffs by "
        f"{first['multiplier']:.2f} removes the difference."
        if math.isfinite(first["multiplier"])
        else f"Under {first['mechanism']} an easier client is worth {money(first['gap'])} more."
    )
    return Result(
        summary=summary,
        table=table,
        caption="Margin per client and the graduated tariff that removes the incentive to cream",
        figure=figure,
        alt=alt,
    )


def creaming_parking() -> Calculator:
    """The creaming and parking calculator, priced from the default simulator contract."""
    r = load_register()
    d = Delivery.defaults(r)
    targets = targets_from(d)
    providers = mhep_providers(r)
    rates = providers["job_starts"] / providers["engagements"]
    hi, lo = providers.loc[rates.idxmax()], providers.loc[rates.idxmin()]
    fields = [
        Field(
            "contract_value",
            "Contract value (£)",
            "number",
            float(round(default_contract_value(d))),
            source="as the payment simulator (calculated)",
        ),
        Field(
            "planned_clients",
            "Planned clients (engagement target)",
            "number",
            float(round(targets.engagements)),
            source="expected engagements of the default contract (calculated)",
        ),
        Field(
            "target_job_starts",
            "Job-start target",
            "number",
            float(round(targets.job_starts)),
            source="expected job starts of the default contract (calculated)",
        ),
        Field(
            "target_sustainments",
            "Sustainment target",
            "number",
            float(round(targets.sustainments)),
            source="expected sustainments of the default contract (calculated)",
        ),
        Field(
            "easier_job_rate",
            "Easier group: chance of a job start (%)",
            "percent",
            round(float(rates.max()), 3),
            help="Default: the highest job-start rate among MHEP providers, as an illustration.",
            source=f"{hi['provider']}, gadenne2020 Table 4.1 (derived)",
        ),
        Field(
            "harder_job_rate",
            "Harder group: chance of a job start (%)",
            "percent",
            round(float(rates.min()), 3),
            help="Default: the lowest job-start rate among MHEP providers, as an illustration.",
            source=f"{lo['provider']}, gadenne2020 Table 4.1 (derived)",
        ),
        Field(
            "sustain_rate",
            "Job starts sustained, both groups (%)",
            "percent",
            r.value("mhep.six_week_of_starts_published"),
            source=_source("mhep.six_week_of_starts_published"),
        ),
        Field(
            "easier_cost",
            "Easier group: support cost per client (£)",
            "number",
            r.value("kpi.ips.unit_cost.min"),
            source=_source("kpi.ips.unit_cost.min"),
        ),
        Field(
            "harder_cost",
            "Harder group: support cost per client (£)",
            "number",
            r.value("kpi.ips.unit_cost.max"),
            source=_source("kpi.ips.unit_cost.max"),
        ),
    ]
    return Calculator("Creaming and parking", fields, creaming_result, name="creaming_parking")


CALCULATORS = {"payment_simulator": payment_simulator, "creaming_parking": creaming_parking}
"""This chapter's calculators, found by :func:`guidance.widgets.all_calculators`."""
