"""Chapter 5: four payment mechanisms side by side on the same simulated contracts.

The provider's chance of a loss, its margin and the cash it must find, and the
commissioner's spend, over :data:`SIMULATIONS` simulated contracts (fixed :data:`SEED`,
so the book and the live calculator show the same numbers). Simulated amounts are shown
to the nearest £100 (:func:`to_nearest_100`): more digits would be false precision.

Example
-------
>>> from guidance.presentation.render import text
>>> text(PAYMENT_SIMULATOR.run().summary)[:52]
'The provider loses money on 27% of simulated contrac'
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import lru_cache

from ..core import validation as v
from ..core.evidence import Register, load_register
from ..core.payments import (
    Delivery,
    PaymentMechanism,
    Targets,
    between_provider_sd,
    compare,
    expected_outcomes,
    mhep_providers,
    standard_mechanisms,
    targets_from,
    volume_forecast_sd,
)
from ..core.sizing import loaded_salary
from .spec import (
    Column,
    Default,
    Definition,
    Figure,
    Input,
    Note,
    Output,
    Q,
    Table,
    Text,
    check_fields,
)

__all__ = [
    "COST_REIMBURSED",
    "SIMULATIONS",
    "SEED",
    "PAYMENT_SIMULATOR",
    "to_nearest_100",
    "default_contract_value",
    "delivery_inputs",
    "standard_block_shares",
    "simulator_setup",
    "outcomes_table",
    "tariffs_table",
    "simulator_output",
]

SIMULATIONS = 10_000
"""Simulated contracts behind every simulator result."""

COST_REIMBURSED = "costs reimbursed quarterly in arrears"
"""The fourth mechanism: a grant paying back evidenced costs (as one Connect to Work
accountable body told its bidders it would pay), capped at the contract value when payments
are capped."""

SEED = 2020
"""Fixed seed, so the book and the live calculator show the same numbers."""


def to_nearest_100(value: float) -> float:
    """A simulated amount rounded to the nearest £100.

    Examples
    --------
    >>> to_nearest_100(29_317), to_nearest_100(-1_250.0)
    (29300.0, -1200.0)
    """
    return float(round(v.number("value", value) / 100) * 100)


def _weeks_to_months(weeks: float) -> int:
    """Whole months in which an outcome measured ``weeks`` after its start falls (rounded up)."""
    return int(math.ceil(weeks * 12 / 52 - 1e-9))


@lru_cache(maxsize=8)
def _calculated(r: Register) -> dict[str, float]:
    """The delivery defaults calculated from register ``r`` (unrounded; kept, as a register
    is read-only and a changed file loads as a new one).

    * ramp-up: the midpoint of the Whitworth guide's 6 to 18 months for a new service;
    * volume: the about 100 clients a year the Fair Start Scotland review expects from its
      suggested team per lot (2 specialists and a part-time team leader, caseload 20;
      recommendation 2c). The review's team leader "may also have a caseload", so about
      2.5 caseload posts at the review's 40 a year each make 100 (our reading; see the
      register's note on ``fss.lot_clients_total_published``);
    * spreads: between the five MHEP providers (Table 4.1) and from how far each
      provider's engagements fell short of or beat its target (Table 6.1, see
      :func:`guidance.core.payments.volume_forecast_sd`); six weeks to the sustainment
      outcome (rounded up to 2 months);
    * costs: 2 specialists and 2/6 of a team leader at IPS Grow salaries, on-costs and
      overheads (derived).
    """
    es = r.value("fss.lot_es")
    ni, thr, pen = (
        r.value("ipsgrow.employer_ni.rate"),
        r.value("ipsgrow.employer_ni.threshold_monthly"),
        r.value("ipsgrow.pension.rate"),
    )
    staff = es * loaded_salary(r.value("ipsgrow.salary.es"), ni, thr, pen) + (
        es / r.value("ipsgrow.es_per_team_leader")
    ) * loaded_salary(r.value("ipsgrow.salary.team_leader"), ni, thr, pen)
    providers = mhep_providers(r)
    return {
        "engagements_per_month": r.value("fss.lot_clients_per_year") / 12,
        "ramp_months": int(
            round((r.value("whitworth.ramp_months.min") + r.value("whitworth.ramp_months.max")) / 2)
        ),
        "job_start_rate_sd": between_provider_sd(providers["job_starts"], providers["engagements"]),
        "sustain_rate_sd": between_provider_sd(providers["six_week"], providers["job_starts"]),
        "volume_sd": volume_forecast_sd(r),
        "months_to_sustainment": _weeks_to_months(r.value("mhep.sustainment_weeks")),
        "cost_per_month": staff * (1 + r.value("ipsgrow.overheads.rate")) / 12,
    }


def delivery_inputs(**values: object) -> Delivery:
    """The delivery assumptions for these values, every other one at its default in
    :data:`PAYMENT_SIMULATOR` (calculated ones unrounded): the one place they are declared.

    Examples
    --------
    >>> d = delivery_inputs()
    >>> d.months, d.ramp_months, round(d.engagements_per_month, 2)
    (36, 12, 8.33)
    >>> delivery_inputs(months=12).months
    12
    >>> delivery_inputs(people=3)
    Traceback (most recent call last):
    ...
    TypeError: unknown delivery assumption(s): people
    """
    check_fields(Delivery, values, "delivery assumption")
    calculated = _calculated(load_register())
    declared = {
        item.name: PAYMENT_SIMULATOR.default(item, {})
        for item in PAYMENT_SIMULATOR.inputs
        if item.name in Delivery.__dataclass_fields__
        and item.name not in calculated
        and item.name not in values
    }
    return Delivery(**{**declared, **calculated, **values})


def standard_block_shares() -> tuple[float, float, float]:
    """The block shares of the three mechanisms the book compares: the defaults of
    mechanisms A, B and C in :data:`PAYMENT_SIMULATOR`.

    100% on outcomes (MHEP commissioners' payments after their contracts were amended), a
    30% block (the BASE/DWP Supported Employment proof of concept's service fee, as in the
    Work and Health Programme's delivery fee) and a 70% block (30% on outcomes, the top of
    the 5% to 30% a commissioner called typical in NHS mental health contracts)
    :cite:`gadenne2020`.

    Examples
    --------
    >>> [round(x, 2) for x in standard_block_shares()]
    [0.0, 0.3, 0.7]
    """
    d = PAYMENT_SIMULATOR
    a, b, c = (d.default(d.input(f"block_share_{m}"), {}) for m in "abc")
    return a, b, c


def default_contract_value(delivery: Delivery | None = None) -> float:
    """Contract value for a delivery: expected engagements x the FSS cost per engagement.

    ``value = expected_outcomes(delivery).engagements x fss.cost_per_engagement``

    Examples
    --------
    >>> round(default_contract_value())
    508333
    """
    d = delivery or delivery_inputs()
    return expected_outcomes(d).engagements * load_register().value("fss.cost_per_engagement")


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
    reimbursing costs quarterly in arrears, as one Connect to Work area pays) and targets.

    Targets are ``target_ratio`` x the expected delivery; each mechanism's tariffs are
    its outcome pot split by the weights and divided by the targets (see
    :func:`guidance.core.payments.standard_mechanisms`). ``delivery`` takes any
    :class:`guidance.core.payments.Delivery` field; the rest default from the register.

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
    d = Delivery(**delivery) if complete else delivery_inputs(**delivery)
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


_NO_STARTS = "none: no simulated contract had a job start"


def outcomes_table(rows: Sequence[Mapping[str, float]], caption: str | Text) -> Table:
    """Provider and commissioner outcomes, one row per mechanism, to the nearest £100.

    ``rows`` are :meth:`guidance.core.payments.ContractSimulation.summary` dictionaries with a
    ``mechanism`` name (the rows of a :func:`guidance.core.payments.compare` summary). Where no
    simulated contract had a job start, the cost per job start says so in words.

    Examples
    --------
    >>> row = {"mechanism": "A", "prob_loss": 0.5, "median_margin": 1234.0,
    ...        "margin_p5": -5000.0, "working_capital_p95": 9000.0, "mean_spend": 1e5,
    ...        "spend_p5": 9e4, "spend_p95": 1.1e5, "cost_per_job_start_p5": math.nan,
    ...        "cost_per_job_start_p95": math.nan}
    >>> outcomes_table([row], "c").rows[0][2], outcomes_table([row], "c").rows[0][-1]
    (1200.0, 'none: no simulated contract had a job start')
    """
    n = to_nearest_100

    def per_start(x: float) -> float | str:
        return _NO_STARTS if not math.isfinite(x) else n(x)

    return Table(
        caption,
        (
            Column("mechanism"),
            Column("provider: chance of a loss", "share"),
            Column("provider: median margin (£)", "GBP"),
            Column("provider: bad case, 5th percentile margin (£)", "GBP"),
            Column("provider: cash it must find, 95th percentile (£)", "GBP"),
            Column("commissioner: average spend (£)", "GBP"),
            Column("commissioner: spend, 5th percentile (£)", "GBP"),
            Column("commissioner: spend, 95th percentile (£)", "GBP"),
            Column("commissioner: cost per job start, 5th percentile (£)", "GBP"),
            Column("commissioner: cost per job start, 95th percentile (£)", "GBP"),
        ),
        [
            (
                str(r["mechanism"]),
                float(r["prob_loss"]),
                n(r["median_margin"]),
                n(r["margin_p5"]),
                n(r["working_capital_p95"]),
                n(r["mean_spend"]),
                n(r["spend_p5"]),
                n(r["spend_p95"]),
                per_start(r["cost_per_job_start_p5"]),
                per_start(r["cost_per_job_start_p95"]),
            )
            for r in rows
        ],
    )


def tariffs_table(mechanisms: Sequence[PaymentMechanism], targets: Targets) -> Table:
    """What each mechanism pays: its block and its tariff per outcome (£)."""
    caption = Text(
        "Payments in each mechanism, set so that meeting the targets (",
        Q(targets.engagements, "count"),
        " engagements, ",
        Q(targets.job_starts, "count"),
        " job starts, ",
        Q(targets.sustainments, "count"),
        " sustainments) pays the contract value; reimbursed costs are paid after each claim "
        "period ends (in arrears)",
    )
    return Table(
        caption,
        (
            Column("mechanism"),
            Column("block over the contract (£)", "GBP"),
            Column("per engagement (£)", "GBP"),
            Column("per job start (£)", "GBP"),
            Column("per sustainment (£)", "GBP"),
            Column("share of costs reimbursed", "share"),
            Column("claimed every (months)", "number"),
        ),
        [
            (
                m.name,
                float(m.block_amount),
                float(m.tariff_engagement),
                float(m.tariff_job_start),
                float(m.tariff_sustainment),
                float(m.cost_share),
                Q(float(m.claim_months), "number", 0) if m.cost_share else "not applicable",
            )
            for m in mechanisms
        ],
    )


def _money(value: float) -> Q:
    """A simulated amount to the nearest £100, as money."""
    return Q(to_nearest_100(value), "GBP")


def _joined(items) -> list:
    """The parts of several items, separated by semicolons (for alt text)."""
    parts: list = []
    for n, item in enumerate(items):
        parts += (["; "] if n else []) + list(item)
    return parts


def simulator_output(**values: object) -> Output:
    """Simulate four payment mechanisms side by side on the same simulated contracts.

    Takes the arguments of :func:`simulator_setup`. Each contract's margin is its
    income (block plus tariffs x outcomes, capped at the contract value if chosen) minus
    the provider's costs; the chance of a loss is the share of contracts with a negative
    margin.

    Examples
    --------
    >>> out = simulator_output(contract_value=400_000, block_share_a=0, block_share_b=0.3,
    ...     block_share_c=0.7, weight_engagement=1, weight_job_start=1, weight_sustainment=1,
    ...     target_ratio=1.0)
    >>> [row[0] for row in out.tables[0].rows]  # doctest: +NORMALIZE_WHITESPACE
    ['100% outcomes', '30% block, 70% outcomes', '70% block, 30% outcomes',
     'costs reimbursed quarterly in arrears']
    """
    d, mechanisms, targets = simulator_setup(**values)
    target_ratio = float(values["target_ratio"])
    summary, sims = compare(d, mechanisms, n=SIMULATIONS, seed=SEED)
    rows = [{"mechanism": sim.mechanism.name, **sim.summary()} for sim in sims]
    margin_alt = Text(
        "Bar chart of the provider's margin over ",
        Q(SIMULATIONS, "count"),
        " simulated contracts. ",
        *_joined(
            (
                f"{row['mechanism']}: loss in ",
                Q(row["prob_loss"], "share"),
                ", 5th percentile ",
                _money(row["margin_p5"]),
                ", median ",
                _money(row["median_margin"]),
                ", 95th percentile ",
                _money(row["margin_p95"]),
            )
            for row in rows
        ),
    )
    cash_alt = Text(
        "Line chart of the provider's cumulative cash position by month. ",
        *_joined(
            (
                f"{row['mechanism']}: the most cash the provider must find is ",
                _money(row["working_capital_median"]),
                " on the median contract and ",
                _money(row["working_capital_p95"]),
                " at the 95th percentile",
            )
            for row in rows
        ),
    )
    worst = max(rows, key=lambda row: row["prob_loss"])  # the first, if several tie
    best = min(rows, key=lambda row: row["prob_loss"])
    text = Text(
        "The provider loses money on ",
        Q(worst["prob_loss"], "share"),
        " of simulated contracts under ",
        worst["mechanism"],
        " and on ",
        Q(best["prob_loss"], "share"),
        " under ",
        best["mechanism"],
        "; targets are ",
        Q(target_ratio, "share"),
        " of the expected delivery.",
    )
    notes = []
    if not all(math.isfinite(r["cost_per_job_start_p5"]) for r in rows):
        notes.append(
            Note(
                "No cost per job start",
                (
                    Text(
                        "No simulated contract had a job start (",
                        Q(d.job_start_rate, "share"),
                        " of engagements start a job), so there is no cost per job start to show.",
                    ),
                ),
            )
        )
    return Output(
        summary=text,
        tables=(
            outcomes_table(
                rows,
                Text(
                    "Provider and commissioner outcomes over ",
                    Q(SIMULATIONS, "count"),
                    " simulated contracts",
                ),
            ),
            tariffs_table(mechanisms, targets),
        ),
        notes=tuple(notes),
        figures=(
            Figure("margin_ranges", summary, alt=margin_alt),
            Figure("cash_positions", sims, alt=cash_alt),
        ),
    )


# -- defaults from the register ------------------------------------------------------------------
def _delivery(name: str, digits: int | None = None) -> Default:
    """A default calculated from the register (:func:`_calculated`), rounded to ``digits``."""
    notes = {
        "engagements_per_month": "fss.lot_es x fss.clients_per_es_per_year / 12 "
        "(socialfinance2020)",
        "ramp_months": "midpoint of whitworth.ramp_months.min and .max (whitworth2024guide)",
        "job_start_rate_sd": "the spread of job-start rates between the five MHEP providers "
        "(gadenne2020, Table 4.1)",
        "sustain_rate_sd": "the spread of six-week sustainment rates between the five MHEP "
        "providers (gadenne2020, Table 4.1)",
        "volume_sd": "actual against target engagements of the MHEP providers "
        "(gadenne2020, Table 6.1)",
        "months_to_sustainment": "mhep.sustainment_weeks (6 weeks, gadenne2020) rounded up "
        "to whole months",
        "cost_per_month": "fss.lot_es specialists and their share of a team leader "
        "(ipsgrow.es_per_team_leader) at IPS Grow salaries, on-costs and overheads",
    }

    def value(_values: object) -> float:
        x = _calculated(load_register())[name]
        return round(x, digits) if digits is not None else x

    return Default.calculated(value, notes[name])


def _one_minus(key: str) -> Default:
    return Default.calculated(lambda _v: 1 - load_register().value(key), f"1 - {key}")


_SAME = "the same weight for every outcome"

PAYMENT_SIMULATOR = Definition(
    name="payment_simulator",
    chapter=5,
    title="Payment mechanism simulator",
    description="Provider's risk and commissioner's spend under four ways of paying.",
    compute=simulator_output,
    inputs=(
        Input(
            "contract_value",
            "Contract value",
            "number",
            Default.calculated(
                lambda _v: float(round(default_contract_value())),
                "expected engagements x fss.cost_per_engagement (socialfinance2020)",
            ),
            unit="£",
            minimum=1,
            maximum=100_000_000,
            help="Default: expected engagements times the Fair Start Scotland cost per engagement.",
        ),
        Input(
            "months",
            "Contract length",
            "integer",
            Default.evidence("whitworth.contract_years.min", scale=12),
            unit="months",
            minimum=3,
            maximum=240,
        ),
        Input(
            "block_share_a",
            "Mechanism A: block share",
            "percent",
            _one_minus("mhep.commissioner_outcome_share"),
        ),
        Input(
            "block_share_b",
            "Mechanism B: block share",
            "percent",
            Default.evidence("payments.base_poc.service_fee_share"),
        ),
        Input(
            "block_share_c",
            "Mechanism C: block share",
            "percent",
            _one_minus("mhep.nhs_outcome_share_typical.max"),
        ),
        Input(
            "weight_engagement",
            "Weight of engagement payments",
            "number",
            Default.illustrative(1.0, _SAME),
            minimum=0,
            maximum=100,
            help="Relative weights split the outcome payments; they need not add up to 1.",
        ),
        Input(
            "weight_job_start",
            "Weight of job-start payments",
            "number",
            Default.illustrative(1.0, _SAME),
            minimum=0,
            maximum=100,
        ),
        Input(
            "weight_sustainment",
            "Weight of sustainment payments",
            "number",
            Default.illustrative(1.0, _SAME),
            minimum=0,
            maximum=100,
        ),
        Input(
            "target_ratio",
            "Targets as a multiple of expected delivery",
            "number",
            Default.illustrative(1.0, "realistic targets"),
            unit="times",
            minimum=0.1,
            maximum=5,
            help="1 means realistic targets; above 1 means targets (and so tariffs) were set "
            "from optimistic forecasts the service then misses.",
        ),
        Input(
            "cap",
            "Payments capped at the contract value",
            "choice",
            Default.illustrative("yes", "contracts usually cap what they pay"),
            options=(("yes", "yes"), ("no", "no")),
        ),
        Input(
            "engagements_per_month",
            "Engagements a month at full performance",
            "number",
            _delivery("engagements_per_month", 2),
            unit="people",
            minimum=0.1,
            maximum=10_000,
        ),
        Input(
            "ramp_months",
            "Months to full performance",
            "integer",
            _delivery("ramp_months"),
            unit="months",
            minimum=1,
            maximum=120,
        ),
        Input(
            "job_start_rate",
            "Engagements that start a job",
            "percent",
            Default.evidence("mhep.job_start_rate_published"),
        ),
        Input(
            "job_start_rate_sd",
            "Uncertainty in that rate (standard deviation)",
            "percent",
            _delivery("job_start_rate_sd", 3),
            maximum=0.5,
        ),
        Input(
            "sustain_rate",
            "Job starts sustained",
            "percent",
            Default.evidence("mhep.six_week_of_starts_published"),
        ),
        Input(
            "sustain_rate_sd",
            "Uncertainty in that rate (standard deviation)",
            "percent",
            _delivery("sustain_rate_sd", 3),
            maximum=0.5,
        ),
        Input(
            "volume_sd",
            "Uncertainty in volumes (relative standard deviation)",
            "percent",
            _delivery("volume_sd", 3),
            help="How far engagements may fall short of or exceed the forecast.",
        ),
        Input(
            "months_to_job_start",
            "Months from engagement to job start",
            "integer",
            Default.evidence("mhep.months_to_job.typical"),
            unit="months",
            minimum=0,
            maximum=120,
        ),
        Input(
            "months_to_sustainment",
            "Months from job start to sustainment",
            "integer",
            _delivery("months_to_sustainment"),
            unit="months",
            minimum=0,
            maximum=120,
        ),
        Input(
            "cost_per_month",
            "Provider's fixed costs a month",
            "number",
            _delivery("cost_per_month", 0),
            unit="£",
            minimum=1,
            maximum=10_000_000,
            help="Default: the Fair Start Scotland team per lot and its share of a team leader, "
            "with on-costs and overheads.",
        ),
        Input(
            "cost_per_engagement",
            "Extra cost per engagement",
            "number",
            Default.illustrative(0.0, "none: the fixed costs cover the team's work"),
            unit="£",
            minimum=0,
            maximum=100_000,
        ),
        Input(
            "payment_lag_months",
            "Months from outcome to payment",
            "integer",
            Default.illustrative(0, "paid in the month of the outcome"),
            unit="months",
            minimum=0,
            maximum=120,
        ),
    ),
)
"""The payment-mechanism simulator."""
