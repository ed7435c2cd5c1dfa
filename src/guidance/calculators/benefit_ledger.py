"""Chapter 4: who gains when people move into work, and a cost split in proportion to gains.

Example
-------
>>> from guidance.presentation.render import text
>>> text(BENEFIT_LEDGER.run().summary)[:40]
'Public bodies gain £4,372,809 (54p per £'
"""

from __future__ import annotations

import math

from ..core.evidence import load_register
from ..core.ledger import AGENCIES, FUNDERS, LedgerInputs, benefit_ledger, ipsmod_monthly_gains
from ..core.sizing import size_service
from .service_sizing import sizing_inputs
from .spec import Column, Default, Definition, Figure, Input, Output, Q, Table, Text, check_fields

__all__ = ["BENEFIT_LEDGER", "ledger_inputs", "ledger_output"]


_NOT_APPLICABLE = "not applicable"


def _q(value: float, unit: str, decimals: int | None = None) -> Q | str:
    """A number as a Q; NaN (it does not apply to this agency) in words."""
    return _NOT_APPLICABLE if math.isnan(value) else Q(float(value), unit, decimals)


def _pence(value: float) -> Q | str:
    """Pounds per £1 as pence (0.54 -> 54)."""
    return _q(value * 100, "number", 0)


def ledger_inputs(**values: float) -> LedgerInputs:
    """The calculation's inputs for these values, every other one at its default in
    :data:`BENEFIT_LEDGER` (the one place the ledger's defaults are declared).

    Examples
    --------
    >>> d = ledger_inputs()
    >>> d.months_in_work, d.la_saving_per_month, d.nhs_saving_per_job
    (3.0, 0.0, 374.0)
    >>> ledger_inputs(people=3)
    Traceback (most recent call last):
    ...
    TypeError: unknown ledger input(s): people
    """
    check_fields(LedgerInputs, values, "ledger input")
    return LedgerInputs(**BENEFIT_LEDGER.defaults(values))


def ledger_output(**values: float) -> Output:
    """Gains by agency over the period, and each public body's share of the cost.

    Gains: NHS = people x saving per person; DWP, HMRC, local authority and the person =
    people x months in work x the monthly amount; wellbeing = people x months / 12 x
    SWEMWBS gain x life satisfaction per SWEMWBS point x the WELLBY value. Each public
    body's contribution = cost x its gain / all public gains (see
    :func:`guidance.core.ledger.benefit_ledger`).

    Examples
    --------
    >>> out = ledger_output(job_outcomes=100, months_in_work=12)
    >>> out.tables[0].rows[1][0], round(out.tables[0].rows[1][1])
    ('DWP', 572328)
    """
    inputs = ledger_inputs(**values)
    result = benefit_ledger(inputs)
    rows = result.table().to_dict("records")
    table = Table(
        "Gains by agency and a contribution split in proportion to gains",
        (
            Column("agency"),
            Column("gain (£)", "GBP"),
            Column("share of public gains", "share"),
            Column("contribution in proportion (£)", "GBP"),
            Column("return per £1 contributed (pence)", "number"),
            Column("return per £1 if it paid alone (pence)", "number"),
        ),
        [
            (
                r["agency"],
                float(r["gain"]),
                _q(r["share_of_public_gains"], "share"),
                _q(r["contribution"], "GBP"),
                _pence(r["return_per_pound_shared"]),
                _pence(r["return_per_pound_alone"]),
            )
            for r in rows
        ],
    )
    if result.public_gains > 0:
        split: list[str | Q] = []
        for agency in FUNDERS:
            if result.gains[agency] > 0:
                split += [
                    ", " if split else "",
                    agency + " ",
                    Q(result.gains[agency] / result.public_gains, "share"),
                ]
        per_pound: tuple[str | Q, ...] = ()
        if inputs.programme_cost:
            per_pound = (
                " (",
                _pence(result.public_return_per_pound),
                "p per £1 of the ",
                Q(inputs.programme_cost, "GBP"),
                " cost)",
            )
        summary = Text(
            "Public bodies gain ",
            Q(result.public_gains, "GBP"),
            *per_pound,
            "; in proportion to their gains they would pay: ",
            *split,
            ".",
        )
    else:
        summary = Text(
            "No public body gains with these inputs, so there is nothing to split the cost by."
        )
    parts: list[str | Q] = [
        "Bar chart of gains from ",
        Q(inputs.job_outcomes, "count"),
        " people in work for ",
        Q(inputs.months_in_work, "number", 1),
        " months each: ",
    ]
    for n, agency in enumerate(AGENCIES):
        parts += [("; " if n else "") + f"{agency} ", Q(result.gains[agency], "GBP")]
    alt = Text(*parts, ".")
    figure = Figure("ledger_gains", {"gains": [result.gains[a] for a in AGENCIES]}, alt=alt)
    return Output(summary=summary, tables=(table,), figures=(figure,))


def _sized(what: str) -> Default:
    def value(_values: object) -> float:
        sized = size_service(sizing_inputs())
        return float(round(getattr(sized, what)))

    words = {"job_entries": "job entries a year", "budget": "budget"}[what]
    return Default.calculated(value, f"the service-sizing default {words} (chapter 3)")


def _ipsmod(who: str) -> Default:
    return Default.calculated(
        lambda _values: round(ipsmod_monthly_gains()[who], 2),
        "morris2024ipsmod, UKMOD tax-benefit profiles, mental health: in work less out of "
        "work (derived)",
    )


def _money(
    name: str,
    label: str,
    default: Default,
    unit: str,
    maximum: float,
    help: str = "",
    minimum: float = 0,
) -> Input:
    return Input(
        name, label, "number", default, unit=unit, minimum=minimum, maximum=maximum, help=help
    )


def _widest_swemwbs_change() -> float:
    """The largest possible SWEMWBS change: the highest raw total less the lowest."""
    r = load_register()
    return r.value("swemwbs.raw_max") - r.value("swemwbs.raw_min")


def _sustainment_help() -> str:
    weeks = load_register().value("kpi.ips.sustain.weeks")
    return (
        f"Default: the {weeks:g}-week IPS sustainment point, a floor. Use your own tracking "
        "data where you have it."
    )


BENEFIT_LEDGER = Definition(
    name="benefit_ledger",
    chapter=4,
    title="Benefit ledger",
    description="Gains to each agency from people moving into work, and a fair cost split.",
    compute=ledger_output,
    inputs=(
        Input(
            "job_outcomes",
            "People moving into work",
            "integer",
            _sized("job_entries"),
            unit="people",
            minimum=0,
            maximum=10_000_000,
            help="Default: job entries a year from the service-sizing calculator (chapter 3).",
        ),
        Input(
            "months_in_work",
            "Average months in work each",
            "number",
            Default.evidence("kpi.ips.sustain.weeks", scale=12 / 52),
            unit="months",
            minimum=0,
            maximum=120,
            help=_sustainment_help(),
        ),
        _money(  # divides the gains (pence per £1): at least £1
            "programme_cost",
            "Programme cost to share",
            _sized("budget"),
            "£",
            1_000_000_000,
            minimum=1,
        ),
        _money(
            "nhs_saving_per_job",
            "NHS: saving per person in work, once",
            Default.evidence("fss.nhs_saving_per_service_user"),
            "£",
            100_000,
            help="The source gives it per service user of a Scottish IPS service.",
        ),
        _money(
            "dwp_saving_per_month",
            "DWP: benefits saved a month",
            _ipsmod("dwp"),
            "£ a month",
            10_000,
        ),
        _money(
            "hmrc_gain_per_month",
            "HMRC: tax and National Insurance a month",
            _ipsmod("hmrc"),
            "£ a month",
            10_000,
        ),
        _money(
            "la_saving_per_month",
            "Local authority: savings a month",
            Default.illustrative(0.0, "no published default: your own figure"),
            "£ a month",
            10_000,
            help="No published default: use a local value, e.g. from the GMCA Unit Cost Database.",
        ),
        _money(
            "person_gain_per_month",
            "The person: net income gain a month",
            _ipsmod("person"),
            "£ a month",
            10_000,
        ),
        Input(
            "swemwbs_gain",
            "Wellbeing gain while in work",
            "number",
            Default.illustrative(0.0, "no default: your service's own SWEMWBS scores"),
            unit="SWEMWBS points",
            minimum=0,
            maximum=_widest_swemwbs_change(),
            help="Measure it at the start and end of support (chapter 6).",
        ),
        Input(
            "ls_per_swemwbs_point",
            "Life satisfaction points per SWEMWBS point",
            "number",
            Default.evidence("wellby.ls_per_swemwbs_point"),
            unit="points",
            minimum=0,
            maximum=10,
        ),
        _money(
            "wellby_value",
            "Value of one WELLBY, 2019 prices",
            Default.evidence("wellby.value_2019"),
            "£",
            100_000,
        ),
    ),
)
"""The benefit-ledger calculator."""
