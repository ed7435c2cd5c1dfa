"""Chapter 3: size a service from the population, with KPI checks for its model.

Example
-------
>>> from guidance.presentation.render import text
>>> text(SERVICE_SIZING.run().summary)[:36]
'About 102 employment specialists and'
"""

from __future__ import annotations

import math

from ..core.evidence import load_register
from ..core.kpis import kpi_ranges, sizing_kpis
from ..core.sizing import SizingInputs, size_service
from .ranges import range_text
from .spec import (
    Check,
    Column,
    Default,
    Definition,
    Figure,
    Input,
    Output,
    Q,
    Table,
    Text,
    check_fields,
)

__all__ = ["SERVICE_SIZING", "FIXED", "kpi_summary", "sizing_inputs", "sizing_output"]

_MODELS = (("IPS", "IPS"), ("SEQF", "SEQF"))


def _by_model(ips: Default, seqf: Default) -> Default:
    return Default.following("model", {"IPS": ips, "SEQF": seqf})


def _kpi(name: str) -> Default:
    return _by_model(Default.evidence(f"kpi.ips.{name}"), Default.evidence(f"kpi.seqf.{name}"))


def _months(model: str) -> Default:
    m = model.lower()

    def months(_values: object) -> float:
        r = load_register()
        return r.value(f"kpi.{m}.duration_out_of_work.max") + r.value(f"kpi.{m}.duration_in_work")

    return Default.calculated(
        months,
        f"longest out-of-work support plus in-work support (kpi.{m}.duration_out_of_work.max "
        f"+ kpi.{m}.duration_in_work, whitworth2024guide)",
    )


FIXED = {
    "ni_rate": "ipsgrow.employer_ni.rate",
    "ni_threshold_monthly": "ipsgrow.employer_ni.threshold_monthly",
}
"""Sizing parameters that are not inputs a person changes (employer National Insurance, set
by law), with the evidence-register key each is read from."""


def sizing_inputs(**values: object) -> SizingInputs:
    """The calculation's inputs for these values: every other input at its default in
    :data:`SERVICE_SIZING` (a default following the model follows the given one) and the
    :data:`FIXED` parameters from the register. The one place sizing defaults are declared.

    Examples
    --------
    >>> sizing_inputs().in_contact, sizing_inputs(model="SEQF").unit_cost
    (60424, 4500.0)
    >>> sizing_inputs(reach=0.5)
    Traceback (most recent call last):
    ...
    TypeError: unknown sizing input(s): reach
    """
    check_fields(SizingInputs, values, "sizing input")
    r = load_register()
    fixed = {name: r.value(key) for name, key in FIXED.items()}
    return SizingInputs(**{**fixed, **SERVICE_SIZING.defaults(values), **values})


_KPI_UNITS = {"access": "share", "job_entry": "share", "sustain": "share", "unit_cost": "GBP"}
_MONEY = ("Annual budget", "Cost per starter", "Cost per job entry", "Cost per sustained job")
_POSTS = ("Employment specialists", "Team leaders")


def _measure(label: str) -> tuple[str, str]:
    """A sizing table row's label without its unit, and the unit of its value."""
    name = label.split(" (")[0]
    if name in _MONEY:
        return name + " (£)", "GBP"
    if name in _POSTS:
        return name + " (FTE)", "FTE"
    return label, "count"


_WHY_NOT = {
    "Active caseload per specialist": {
        "clients_per_year": "caseload is not computed when specialists are sized from clients "
        "a year",
    },
}
"""Why a KPI is not computed, by its label and the staffing method."""


def kpi_summary(checks: tuple[Check, ...], staffing_method: str) -> str:
    """What the KPI checks found: how many were checked, how many are out of range, what was not
    checked and why. It never says "all within range" beside a KPI it did not check.

    Examples
    --------
    >>> ok = Check("Access", Q(0.7, "share"), "within", "at least 70%")
    >>> gap = Check("Active caseload per specialist", Q(None, "count"), "not computed", "")
    >>> kpi_summary((ok, ok, gap), "clients_per_year")  # doctest: +NORMALIZE_WHITESPACE
    '2 of 3 suggested KPIs checked, all within the suggested range;
    caseload is not computed when specialists are sized from clients a year.'
    """
    checked = [c for c in checks if c.status in ("within", "below", "above")]
    outside = [c for c in checked if c.status != "within"]
    found = (
        f"{len(outside)} outside the suggested range"
        if outside
        else "all within the suggested range"
    )
    said = f"{len(checked)} of {len(checks)} suggested KPIs checked, {found}"
    if not checked:
        said = f"None of the {len(checks)} suggested KPIs could be checked"
    why = [
        _WHY_NOT.get(c.label, {}).get(staffing_method, f"{c.label} is not computed")
        for c in checks
        if c not in checked
    ]
    return said + ("; " + "; ".join(why) if why else "") + "."


def sizing_output(**values: object) -> Output:
    """Size the service for these inputs (the rest from the register) and say what it shows.

    The chain is population -> eligible -> reached -> referrals -> starters ->
    specialists -> team leaders -> budget -> job entries -> sustained jobs (see
    :func:`guidance.core.sizing.size_service`).

    Examples
    --------
    >>> out = sizing_output(in_contact=1000)
    >>> out.tables[0].rows[0]
    ('In contact with services', 1000.0)
    """
    inputs = sizing_inputs(**values)
    result = size_service(inputs)
    suggested = {
        kpi: range_text(rng.low, rng.high, rng.unit)
        for kpi, rng in kpi_ranges(inputs.model).items()
    }
    checks = tuple(
        Check(
            label=row["label"],
            value=Q(
                None
                if isinstance(row["value"], float) and math.isnan(row["value"])
                else float(row["value"]),
                _KPI_UNITS.get(row["kpi"], "count"),
            ),
            status=row["status"],
            suggested=suggested[row["kpi"]],
        )
        for row in sizing_kpis(result).to_dict("records")
    )
    stages = result.funnel()
    rows = []
    for label, value in result.table().itertuples(index=False):
        shown, unit = _measure(label)
        rows.append((shown, Q(float(value), unit)) if unit != "count" else (shown, float(value)))
    table = Table(
        "Service sizing for one steady-state year",
        (Column("measure"), Column("value", "count")),
        rows,
    )
    flag = " " + kpi_summary(checks, str(inputs.staffing_method))
    summary = Text(
        "About ",
        Q(result.specialists, "FTE"),
        " employment specialists and ",
        Q(result.team_leaders, "FTE"),
        " team leaders for ",
        Q(result.starters, "count"),
        " starters a year, costing ",
        Q(result.budget, "GBP"),
        " (",
        Q(result.cost_per_job, "GBP"),
        " per job entry)." + flag,
    )
    figure = Figure(
        "bars",
        {
            "labels": [label for label, _ in stages],
            "values": [value for _, value in stages],
            "title": "People at each stage in a year",
            "unit": "people a year",
            "colours": [0, 0, 4, 4, 2, 2],
        },
        alt=Text(
            "Bar chart of people at each stage in a year: ",
            *(
                part
                for n, (label, value) in enumerate(stages)
                for part in ("; " if n else "", f"{label} ", Q(value, "count"))
            ),
            ".",
        ),
    )
    return Output(summary=summary, tables=(table,), checks=checks, figures=(figure,))


SERVICE_SIZING = Definition(
    name="service_sizing",
    chapter=3,
    title="Service sizing",
    description="Staff, budget and outcomes for one steady-state year, from the population.",
    compute=sizing_output,
    inputs=(
        Input(
            "model",
            "Fidelity model (sets the KPI checks and model defaults)",
            "choice",
            Default.illustrative("IPS", "the review sized an IPS service"),
            options=_MODELS,
        ),
        Input(
            "in_contact",
            "People in contact with services",
            "integer",
            Default.evidence("fss.total.in_contact_published"),
            unit="people",
            minimum=0,
            maximum=10_000_000,
            help="From local service data: people in contact with the services that refer.",
        ),
        Input("share_in_work", "Already in work", "percent", Default.evidence("fss.share_in_work")),
        Input(
            "share_interested",
            "Not in work but interested",
            "percent",
            Default.evidence("fss.share_interested"),
        ),
        Input(
            "reach_per_year",
            "Eligible people to reach a year",
            "percent",
            Default.evidence("fss.reach_per_year"),
        ),
        Input("access_rate", "Referrals who start", "percent", _kpi("access.min"), minimum=0.001),
        Input(
            "staffing_method",
            "Size specialists from",
            "choice",
            Default.illustrative("clients_per_year", "the method the review uses"),
            options=(
                ("clients per specialist a year", "clients_per_year"),
                ("caseload and months on caseload", "caseload"),
            ),
        ),
        Input(
            "clients_per_es_per_year",
            "Clients per specialist a year",
            "number",
            Default.evidence("fss.clients_per_es_per_year"),
            unit="clients",
            minimum=1,
            maximum=500,
        ),
        Input(
            "caseload",
            "Active caseload per specialist",
            "number",
            _kpi("caseload.max"),
            unit="clients",
            minimum=1,
            maximum=100,
        ),
        Input(
            "months_on_caseload",
            "Average months on caseload",
            "number",
            _by_model(_months("IPS"), _months("SEQF")),
            unit="months",
            minimum=0.5,
            maximum=60,
            help="The default is the full programme length, so it over-states staff need.",
        ),
        Input(
            "es_per_team_leader",
            "Specialists per team leader",
            "number",
            Default.evidence("ipsgrow.es_per_team_leader"),
            unit="specialists",
            minimum=1,
            maximum=50,
        ),
        Input(
            "budget_method",
            "Budget from",
            "choice",
            Default.illustrative("unit_cost", "what tenders quote"),
            options=(("cost per starter", "unit_cost"), ("staff cost build-up", "staff_costs")),
        ),
        Input(
            "unit_cost",
            "Cost per starter",
            "number",
            _by_model(
                Default.evidence("fss.cost_per_engagement"),
                Default.evidence("kpi.seqf.unit_cost.min"),
            ),
            unit="£",
            minimum=0,
            maximum=100_000,
        ),
        Input(
            "salary_es",
            "Specialist salary",
            "number",
            Default.evidence("ipsgrow.salary.es"),
            unit="£ a year",
            minimum=0,
            maximum=250_000,
        ),
        Input(
            "salary_team_leader",
            "Team leader salary",
            "number",
            Default.evidence("ipsgrow.salary.team_leader"),
            unit="£ a year",
            minimum=0,
            maximum=250_000,
        ),
        Input(
            "overheads_rate",
            "Overheads on staff costs",
            "percent",
            Default.evidence("ipsgrow.overheads.rate"),
        ),
        Input(
            "pension_rate",
            "Employer pension contribution",
            "percent",
            Default.evidence("ipsgrow.pension.rate"),
            help="The default is the NHS pension scheme's; a provider outside it may pay less.",
            added_in=2,
        ),
        Input(
            "job_entry_rate",
            "Starters entering paid work",
            "percent",
            _kpi("job_entry.min"),
            minimum=0.001,
        ),
        Input(
            "sustain_rate", "Job entries sustained", "percent", _kpi("sustain.min"), minimum=0.001
        ),
    ),
)
"""The service-sizing calculator."""
