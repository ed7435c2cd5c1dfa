"""Chapter 4: the economic case - net additional outcomes, over years, discounted, by funder.

Starts from the service-sizing default (the same starters, job rate and cost) and calls
:mod:`guidance.core.economics`: deadweight from the effect size for the population the
service is for (or another effect size, or a business-as-usual rate), displacement and
substitution, persistence in work, the three perspectives, Green Book discounting, a Monte
Carlo and a tornado.

Version 2 added who the service is for (``population``), displacement and substitution,
and made the effect size follow the population by default. A scenario saved with version 1
keeps the effect size it chose; the new inputs take their defaults.

Example
-------
>>> from guidance.presentation.render import text
>>> text(ECONOMIC_CASE.run().summary)[:58]
'Net of deadweight, displacement and substitution, 952 of 1'
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..core.economics import (
    CAVEATS,
    ILLUSTRATIVE_SPREAD,
    POPULATIONS,
    EconomicInputs,
    economic_case,
    simulate_case,
    tornado,
)
from ..core.evidence import Register, as_register, load_register
from ..core.ledger import ipsmod_monthly_gains
from ..core.sizing import size_service
from .service_sizing import sizing_inputs
from .spec import (
    Column,
    Default,
    Definition,
    Figure,
    Input,
    InputError,
    Note,
    Output,
    Q,
    Table,
    Text,
    check_fields,
)

__all__ = ["ECONOMIC_CASE", "FIXED", "assumptions", "economic_inputs", "economic_output"]

DRAWS = 10_000
SEED = 1

_EFFECTS = {
    "large_medium": POPULATIONS["beyond_smi"],
    "pooled": ("evidence.whitworth_meta.pooled", "or", "odds ratio"),
    "modini": POPULATIONS["smi"],
}
_POPULATION_OPTIONS = (
    ("people in contact with services for severe mental illness (SMI)", "smi"),
    ("people beyond SMI (other health conditions and disabilities)", "beyond_smi"),
)
_EFFECT_OPTIONS = (
    ("the trials for the people the service is for (above)", "population"),
    ("large and medium studies beyond SMI (odds ratio)", "large_medium"),
    ("all studies beyond SMI (odds ratio)", "pooled"),
    ("trials for severe mental illness (risk ratio)", "modini"),
    ("a business-as-usual job rate I enter", "rates"),
)


def _effect(source: str, population: str, r: Register) -> dict[str, object]:
    if source == "rates":
        return {"method": "rates"}
    prefix, stat, measure = POPULATIONS[population] if source == "population" else _EFFECTS[source]
    return {
        "method": "effect",
        "effect_measure": measure,
        "effect_size": r.value(f"{prefix}.{stat}"),
        "effect_low": r.value(f"{prefix}.{stat}_low"),
        "effect_high": r.value(f"{prefix}.{stat}_high"),
    }


def _number(x: float) -> float | None:
    """None for a figure that cannot be computed (NaN), else the float."""
    return None if x != x else float(x)


def _joined(items) -> list:
    """Text parts of several items, separated by semicolons (for alt text)."""
    parts: list = []
    for n, item in enumerate(items):
        parts += (["; "] if n else []) + list(item)
    return parts


FIXED = {
    "sustain_weeks": "kpi.ips.sustain.weeks",
    "ls_per_swemwbs_point": "wellby.ls_per_swemwbs_point",
    "wellby_low": "wellby.value_2019.low",
    "wellby_high": "wellby.value_2019.high",
}
"""Parameters of the economic case that are not inputs a person changes here, with the
evidence-register key each is read from (the effect size and its interval follow the
population or the effect chosen)."""


def economic_inputs(
    effect_source: str = "population", population: str = "smi", **values: object
) -> EconomicInputs:
    """The package inputs for this calculator's values (the rest at their defaults).

    ``effect_source="population"`` takes the effect size for ``population`` (see
    ``guidance.core.economics.POPULATIONS``). For exports:
    ``economic_report.economic_case_docx(economic_inputs(**values))``.

    Examples
    --------
    >>> economic_inputs("pooled").effect_size
    1.78
    >>> economic_inputs().effect_size, economic_inputs(population="beyond_smi").effect_size
    (2.4, 1.32)
    >>> d = economic_inputs()
    >>> d.effect_measure, d.years, d.effect_years, d.discount_rate, d.sustain_weeks
    ('risk ratio', 5, 4, 0.035, 13.0)
    """
    if population not in POPULATIONS:
        raise InputError(
            "Who the service is for must be one of "
            + ", ".join(label for label, _ in _POPULATION_OPTIONS)
            + f"; got {population!r}.",
            "population",
        )
    if effect_source == "rates" and values.get("bau_rate", 0) > values.get("service_rate", 1):
        raise InputError(
            f"The job rate without the service ({values['bau_rate'] * 100:g}%) must not be "
            f"above the rate with it ({values['service_rate'] * 100:g}%): the service would "
            "then help fewer people into work than business as usual.",
            "bau_rate",
        )
    if effect_source not in {value for _, value in _EFFECT_OPTIONS}:
        raise InputError(
            "How to estimate deadweight must be one of "
            + ", ".join(label for label, _ in _EFFECT_OPTIONS)
            + f"; got {effect_source!r}.",
            "effect_source",
        )
    check_fields(EconomicInputs, values, "economic-case input")
    register = load_register()
    fixed = {name: register.value(key) for name, key in FIXED.items()}
    chosen = ECONOMIC_CASE.defaults(
        {"effect_source": effect_source, "population": population, **values}
    )
    del chosen["effect_source"], chosen["population"]
    wellby = chosen["wellby_value"]
    return EconomicInputs(
        **{
            **fixed,
            **chosen,
            **_effect("population", population, register),
            **_effect(effect_source, population, register),
            **values,
            "wellby_low": min(values.get("wellby_low", fixed["wellby_low"]), wellby),
            "wellby_high": max(values.get("wellby_high", fixed["wellby_high"]), wellby),
        }
    )


_IPSMOD = "ledger.ipsmod.mh"
_SOURCES: dict[str, tuple[str, str | None]] = {
    "starters": ("People starting on the service in a year", None),
    "service_rate": ("Share of starters entering work with the service", "kpi.ips.job_entry.min"),
    "cost": ("Cost of the service for that intake (GBP)", "fss.cost_per_engagement"),
    "effect_size": ("Effect size for job entry (odds ratio or risk ratio)", ""),
    "effect_low": ("Effect size, lower 95% limit", "_low"),
    "effect_high": ("Effect size, upper 95% limit", "_high"),
    "bau_rate": ("Business-as-usual job rate (rates method)", "ipsmod.mh.bau_entry_annual"),
    "displacement": ("Displacement: extra jobs taken from other jobseekers", None),
    "substitution": ("Substitution: clients hired in place of others", None),
    "optimism_bias": ("Optimism-bias cut to net outcomes", None),
    "sustain_rate": ("Share still in work at the sustainment point", "kpi.ips.sustain.min"),
    "sustain_weeks": ("Sustainment point (weeks)", "kpi.ips.sustain.weeks"),
    "exit_rate": ("Yearly exit rate from work", "ipsmod.mh.bau_exit_annual"),
    "years": ("Years appraised", "ipsmod.horizon_years"),
    "effect_years": ("Years the effect lasts", "ipsmod.effect_years"),
    "nhs_saving_per_job": (
        "NHS saving per extra person in work (GBP)",
        "fss.nhs_saving_per_service_user",
    ),
    "dwp_saving_per_month": ("Benefits saved a month (GBP)", f"{_IPSMOD}.benefits_oow_monthly"),
    "hmrc_gain_per_month": (
        "Taxes and National Insurance a month (GBP)",
        f"{_IPSMOD}.tax_iw_monthly",
    ),
    "la_saving_per_month": ("Local authority saving a month (GBP)", None),
    "output_per_month": ("Output of the work a month (GBP)", f"{_IPSMOD}.earnings_iw_monthly"),
    "swemwbs_gain": ("Wellbeing gain in work (SWEMWBS points)", None),
    "ls_per_swemwbs_point": ("Life satisfaction per SWEMWBS point", "wellby.ls_per_swemwbs_point"),
    "wellby_value": ("Value of a WELLBY (GBP, 2019 prices)", "wellby.value_2019"),
    "discount_rate": ("Discount rate (real, a year)", "greenbook.stpr"),
}


def assumptions(inputs: EconomicInputs, register: Register | None = None) -> pd.DataFrame:
    """The assumptions table: each input, its value, and where the default comes from.

    A value equal to its default says the register source (with "derived" or "calculated"
    where it is our arithmetic); a changed value, or one with no published default, says
    "your own figure".

    Returns
    -------
    pandas.DataFrame
        Columns ``input``, ``description``, ``value``, ``source``.

    Examples
    --------
    >>> a = assumptions(economic_inputs())
    >>> a.set_index("input").loc["discount_rate", "source"]
    'hmt2022greenbook, Annex A6, discounting (STPR 3.5% real; 3.0% for years 31-75)'
    """
    if not isinstance(inputs, EconomicInputs):
        raise TypeError(f"inputs must be an EconomicInputs; got {type(inputs).__name__}")
    r = as_register(register)
    defaults = economic_inputs()
    derived = {"dwp_saving_per_month", "hmrc_gain_per_month", "output_per_month"}
    calculated = {"starters", "service_rate", "cost"}
    rows = []
    for name, (description, key) in _SOURCES.items():
        value = getattr(inputs, name)
        if name.startswith("effect_") and name != "effect_years":
            key = _effect_key(inputs, r, key)
            matches = bool(key) and value == r.value(key)
            source = r[key].citation() if matches else "your own figure (changed from the default)"
            rows.append(
                {"input": name, "description": description, "value": value, "source": source}
            )
            continue
        if name == "service_rate" and value == defaults.service_rate:
            source = f"{r[key].citation()} (the sizing default)"
        elif name in calculated and value == getattr(defaults, name):
            source = "calculated: the service-sizing default (see chapter 3)"
        elif key and value == getattr(defaults, name):
            source = r[key].citation()
            if name in derived:
                source = f"{r[key].source}, derived from the UKMOD profiles (our arithmetic)"
        elif key:
            source = "your own figure (changed from the default)"
        else:
            source = "your own figure (no published default found)"
        rows.append({"input": name, "description": description, "value": value, "source": source})
    return pd.DataFrame(rows)


def _effect_key(inputs: EconomicInputs, r: Register, suffix: str) -> str:
    """The register key of the population's effect size this input's measure matches."""
    for prefix, stat, measure in POPULATIONS.values():
        if measure == inputs.effect_measure and inputs.effect_size == r.value(f"{prefix}.{stat}"):
            return f"{prefix}.{stat}{suffix}"
    return ""


def economic_output(
    effect_source: str = "population", population: str = "smi", **values: object
) -> Output:
    """The economic case for these inputs (the rest at their defaults) and what it shows.

    Examples
    --------
    >>> out = economic_output(years=3)
    >>> [row[0] for row in out.tables[1].rows]
    ['1', '2', '3']
    """
    inputs = economic_inputs(effect_source, population, **values)
    net, gross = economic_case(inputs), economic_case(inputs.as_gross())
    sim = simulate_case(inputs, draws=DRAWS, seed=SEED)
    chance = sim.p_bcr_above_1
    spread = tornado(inputs)
    bcr = Q(None if net.bcr != net.bcr else net.bcr, "number", 2)
    gross_bcr = Q(None if gross.bcr != gross.bcr else gross.bcr, "number", 2)
    per_pound = Q(
        None
        if net.fiscal_return_per_pound != net.fiscal_return_per_pound
        else net.fiscal_return_per_pound,
        "GBP",
        2,
    )
    top = spread[spread["swing"] > 0]
    summary = Text(
        "Net of deadweight, displacement and substitution, ",
        Q(net.net_entries, "count"),
        " of ",
        Q(net.gross_entries, "count"),
        " job entries are additional. Benefit-cost ratio ",
        bcr,
        " (",
        gross_bcr,
        " if every job were counted); net present value ",
        Q(net.npv, "GBP"),
        ". Public funders get back ",
        per_pound,
        " for each £1. The ratio is above 1 in ",
        Q(chance, "share"),
        " of ",
        Q(float(sim.draws), "count"),
        " simulated draws"
        + (f"; the input that matters most: {top['label'].iloc[0].lower()}." if len(top) else "."),
    )

    def column(case) -> list:
        payback = case.payback_year("fiscal")
        return [
            Q(case.gross_entries, "count"),
            Q(case.deadweight, "count"),
            Q(case.other_cuts, "count"),
            Q(case.net_entries, "count"),
            Q(case.fiscal_pv, "GBP"),
            Q(
                None
                if case.fiscal_return_per_pound != case.fiscal_return_per_pound
                else case.fiscal_return_per_pound,
                "GBP",
                2,
            ),
            f"year {payback}" if payback else "not within the years appraised",
            Q(case.social_pv, "GBP"),
            Q(case.npv, "GBP"),
            Q(None if case.bcr != case.bcr else case.bcr, "number", 2),
        ]

    measures = (
        "Job entries",
        "Deadweight (would have found work with business-as-usual support)",
        "Displaced, substituted or cut for optimism bias",
        "Net additional job entries",
        "Fiscal gains, present value",
        "Fiscal return per £1",
        "Fiscal payback",
        "Economic and social value, present value",
        "Net present value (economic and social)",
        "Benefit-cost ratio (economic and social)",
    )
    comparison = Table(
        "Gross against net",
        (Column("measure"), Column("gross (every job counted)"), Column("net")),
        list(zip(measures, column(gross), column(net), strict=True)),
    )
    yearly = Table(
        "Net additional people in work, year by year",
        (
            Column("year"),
            Column("extra people in work", "count"),
            Column("months in work", "count"),
            Column("fiscal gains (discounted)", "GBP"),
            Column("economic and social value (discounted)", "GBP"),
        ),
        list(
            zip(
                [str(y) for y in range(1, inputs.years + 1)],
                net.additional_in_work,
                [12 * x for x in net.additional_in_work],
                net.yearly_gains("fiscal"),
                net.yearly_gains("social"),
                strict=True,
            )
        ),
    )
    funders = Table(
        "Each funder's discounted gain and a contribution split in proportion",
        (
            Column("funder"),
            Column("gain (discounted)", "GBP"),
            Column("contribution in proportion", "GBP"),
            Column("return per £1, shared"),
            Column("return per £1 if it paid alone"),
        ),
        [
            (
                funder,
                net.present_values[funder],
                _number(paid),
                Q(_number(net.present_values[funder] / paid if paid else math.nan), "GBP", 2),
                Q(
                    _number(net.present_values[funder] / inputs.cost if inputs.cost else math.nan),
                    "GBP",
                    2,
                ),
            )
            for funder, paid in net.contributions().items()
        ],
    )
    finite = sim.npv[np.isfinite(sim.npv)]
    low, high = (float(x) for x in np.percentile(finite, (5, 95))) if finite.size else (0.0, 0.0)
    finite = finite.tolist()
    figures = [
        Figure(
            "histogram",
            {
                "values": finite or [0.0],
                "title": Text("Net present value over ", Q(sim.draws, "count"), " simulated draws"),
                "xlabel": "net present value, economic and social (£)",
            },
            alt=Text(
                "Histogram of the net present value in ",
                Q(sim.draws, "count"),
                " simulated draws: ",
                Q(chance, "share"),
                " have a benefit-cost ratio above 1; nine in ten lie between ",
                Q(low, "GBP"),
                " and ",
                Q(high, "GBP"),
                ".",
            ),
        )
    ]
    if len(top):
        labels = top["label"].tolist()
        lows, highs = top["npv_low"].tolist(), top["npv_high"].tolist()
        figures.append(
            Figure(
                "tornado",
                {
                    "labels": labels,
                    "low": lows,
                    "high": highs,
                    "base": float(top["base"].iloc[0]),
                    "title": "Which inputs move the net present value most",
                    "xlabel": "net present value, economic and social (£)",
                },
                alt=Text(
                    "Tornado chart of the net present value as each input moves from low to high: ",
                    *_joined(
                        (f"{label}: ", Q(a, "GBP"), " to ", Q(b, "GBP"))
                        for label, a, b in zip(labels, lows, highs, strict=True)
                    ),
                    ".",
                ),
            )
        )
    notes = (Note("Caveats", tuple(Text(c) for c in CAVEATS)),)
    return Output(
        summary=summary,
        tables=(comparison, yearly, funders),
        notes=notes,
        figures=tuple(figures),
    )


def _sized(attribute: str):
    def value(_values: object) -> float:
        return float(getattr(size_service(sizing_inputs()), attribute))

    return value


def _monthly(name: str):
    def value(_values: object) -> float:
        return round(ipsmod_monthly_gains()[name], 2)

    return value


def _output(_values: object) -> float:
    r = load_register()
    employer_ni = r.value("ledger.ipsmod.mh.employer_ni_iw_monthly") - r.value(
        "ledger.ipsmod.mh.employer_ni_oow_monthly"
    )
    return round(r.value("ledger.ipsmod.mh.earnings_iw_monthly") + employer_ni, 2)


_DERIVED = "our arithmetic on the IPSMOD UKMOD tax-benefit profiles, 2023 policy (morris2024ipsmod)"

ECONOMIC_CASE = Definition(
    name="economic_case",
    chapter=4,
    title="Economic case",
    description=(
        "Net additional job outcomes over several years, discounted, by funder, with the "
        "uncertainty: the case for a business case."
    ),
    compute=economic_output,
    inputs=(
        Input(
            "population",
            "Who the service is for",
            "choice",
            Default.illustrative(
                "smi",
                "the service-sizing default is for people in contact with services for "
                "severe mental illness (socialfinance2020)",
            ),
            options=_POPULATION_OPTIONS,
            help="Sets the effect size: the SMI trials (modini2016) or the studies beyond SMI "
            "(whitworth2024meta).",
            added_in=2,
        ),
        Input(
            "effect_source",
            "How to estimate deadweight",
            "choice",
            Default.illustrative(
                "population",
                "the effect size for the people the service is for: a risk ratio from the "
                "trials for SMI (modini2016), or beyond SMI the odds ratio the "
                "meta-analysis authors call more plausible at scale (whitworth2024meta)",
            ),
            options=_EFFECT_OPTIONS,
        ),
        Input(
            "starters",
            "People starting on the service in a year",
            "number",
            Default.calculated(_sized("starters"), "the service-sizing default result"),
            unit="people",
            minimum=0,
            maximum=1_000_000,
        ),
        Input(
            "service_rate",
            "Starters entering paid work",
            "percent",
            Default.evidence("kpi.ips.job_entry.min"),
        ),
        Input(
            "cost",
            "Cost of the service for that intake",
            "number",
            Default.calculated(_sized("budget"), "the service-sizing default budget"),
            unit="£",
            minimum=1,
            maximum=1_000_000_000,
        ),
        Input(
            "bau_rate",
            "Job rate without the service (business as usual)",
            "percent",
            Default.evidence("ipsmod.mh.bau_entry_annual"),
            help="Used only when deadweight comes from a business-as-usual rate you enter.",
        ),
        Input(
            "displacement",
            "Extra jobs that only displace other jobseekers",
            "percent",
            Default.illustrative(0.0, "no figure for these services in the guide's sources"),
            maximum=0.95,
            help="The share of the extra job entries that other local people would otherwise "
            "have got. Zero means none.",
            added_in=2,
        ),
        Input(
            "substitution",
            "Extra jobs where an employer swaps one worker for another",
            "percent",
            Default.illustrative(0.0, "no figure for these services in the guide's sources"),
            maximum=0.95,
            help="The share of the extra job entries where an employer takes on a client in "
            "place of someone it would have employed anyway. Zero means none.",
            added_in=2,
        ),
        Input(
            "optimism_bias",
            "Optimism-bias cut to the net outcomes",
            "percent",
            Default.illustrative(0.0, "no published figure for employment services; your own"),
            maximum=0.95,
        ),
        Input(
            "sustain_rate",
            "Job starters still in work at the IPS sustainment point",
            "percent",
            Default.evidence("kpi.ips.sustain.min"),
        ),
        Input(
            "exit_rate",
            "Share leaving work each year after that",
            "percent",
            Default.evidence("ipsmod.mh.bau_exit_annual"),
        ),
        Input(
            "years",
            "Years appraised",
            "integer",
            Default.evidence("ipsmod.horizon_years"),
            unit="years",
            minimum=1,
            maximum=30,
        ),
        Input(
            "effect_years",
            "Years the service's effect lasts",
            "integer",
            Default.evidence("ipsmod.effect_years"),
            unit="years",
            minimum=1,
            maximum=30,
        ),
        Input(
            "discount_rate",
            "Discount rate (real, a year)",
            "percent",
            Default.evidence("greenbook.stpr"),
            maximum=0.2,
        ),
        Input(
            "nhs_saving_per_job",
            "NHS saving per extra person in work",
            "number",
            Default.evidence("fss.nhs_saving_per_service_user"),
            unit="£",
            minimum=0,
            maximum=100_000,
        ),
        Input(
            "dwp_saving_per_month",
            "Benefits saved a month (DWP)",
            "number",
            Default.calculated(_monthly("dwp"), _DERIVED),
            unit="£ a month",
            minimum=0,
            maximum=10_000,
        ),
        Input(
            "hmrc_gain_per_month",
            "Taxes and National Insurance a month (HMRC)",
            "number",
            Default.calculated(_monthly("hmrc"), _DERIVED),
            unit="£ a month",
            minimum=0,
            maximum=10_000,
        ),
        Input(
            "la_saving_per_month",
            "Local authority saving a month",
            "number",
            Default.illustrative(0.0, "no published default; your own figure"),
            unit="£ a month",
            minimum=0,
            maximum=10_000,
        ),
        Input(
            "output_per_month",
            "Output of the work a month (earnings and employer NI)",
            "number",
            Default.calculated(_output, _DERIVED),
            unit="£ a month",
            minimum=0,
            maximum=20_000,
        ),
        Input(
            "swemwbs_gain",
            "Wellbeing gain in work",
            "number",
            Default.illustrative(0.0, "no published default; your service's SWEMWBS change"),
            unit="SWEMWBS points",
            minimum=-28,
            maximum=28,
        ),
        Input(
            "wellby_value",
            "Value of a WELLBY (2019 prices)",
            "number",
            Default.evidence("wellby.value_2019"),
            unit="£",
            minimum=0,
            maximum=100_000,
        ),
        Input(
            "spread",
            "Range for inputs without a published range",
            "percent",
            Default.illustrative(ILLUSTRATIVE_SPREAD, "an illustration; replace with your own"),
            maximum=0.9,
        ),
    ),
)
"""The economic-case calculator."""
