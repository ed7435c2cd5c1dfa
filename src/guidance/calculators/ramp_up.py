"""Chapter 3: how performance builds up while a new service embeds, and yearly targets.

Example
-------
>>> from guidance.presentation.render import text
>>> text(RAMP_UP.run({"annual_starters": 400}).summary)
'Year 1 target: 144 starters and 58 job entries (36% of full performance on average).'
"""

from __future__ import annotations

from ..core.sizing import contract_year_targets, ramp_up, size_service
from .service_sizing import sizing_inputs
from .spec import Column, Default, Definition, Figure, Input, Output, Q, Table, Text

__all__ = ["RAMP_UP", "ramp_output"]


def ramp_output(
    annual_starters: float, contract_months: int, ramp_months: int, job_entry_rate: float
) -> Output:
    """Monthly starters and job entries rising linearly to full performance, and the
    targets for each contract year (see :func:`guidance.core.sizing.ramp_up`).

    Examples
    --------
    >>> round(ramp_output(400, 36, 18, 0.4).tables[0].rows[0][2], 1)
    144.4
    """
    monthly = ramp_up(annual_starters, contract_months, ramp_months, job_entry_rate)
    years = contract_year_targets(monthly)
    rows = [
        (
            str(int(y["contract_year"]))
            + ("" if y["months"] == 12 else f" ({y['months']} months)"),
            float(y["capacity"]),
            float(y["starters"]),
            float(y["job_entries"]),
        )
        for y in years.to_dict("records")
    ]
    table = Table(
        "Targets by contract year",
        (
            Column("contract year"),
            Column("average capacity", "share"),
            Column("starters", "count"),
            Column("job entries", "count"),
        ),
        rows,
    )
    first = rows[0]
    summary = Text(
        "Year 1 target: ",
        Q(first[2], "count"),
        " starters and ",
        Q(first[3], "count"),
        " job entries (",
        Q(first[1], "share"),
        " of full performance on average).",
    )
    full = annual_starters / 12
    alt = Text(
        "Line chart over ",
        Q(int(contract_months), "count"),
        " months: starters rise from ",
        Q(float(monthly["starters"].iloc[0]), "number", 1),
        " in month 1 to ",
        Q(full, "number", 1),
        " a month from month ",
        Q(min(int(ramp_months), int(contract_months)), "count"),
        "; job entries follow at ",
        Q(job_entry_rate, "share"),
        " of starters.",
    )
    figure = Figure(
        "lines",
        {
            "x": monthly["month"].tolist(),
            "series": {
                "Starters a month": monthly["starters"].tolist(),
                "Job entries a month": monthly["job_entries"].tolist(),
            },
            "title": "Expected monthly starters and job entries as the service embeds",
            "xlabel": "contract month",
            "ylabel": "people a month",
        },
        alt=alt,
    )
    return Output(summary=summary, tables=(table,), figures=(figure,))


def _sized_starters(_values: object) -> float:
    return float(round(size_service(sizing_inputs()).starters))


RAMP_UP = Definition(
    name="ramp_up",
    chapter=3,
    title="Ramp-up",
    description="Monthly performance while a new service embeds, and targets by contract year.",
    compute=ramp_output,
    inputs=(
        Input(
            "annual_starters",
            "Starters a year at full performance",
            "number",
            Default.calculated(_sized_starters, "the service-sizing default result"),
            unit="people",
            minimum=1,
            maximum=1_000_000,
        ),
        Input(
            "contract_months",
            "Contract length",
            "integer",
            Default.evidence("whitworth.contract_years.min", scale=12),
            unit="months",
            minimum=1,
            maximum=240,
        ),
        Input(
            "ramp_months",
            "Months to reach full performance",
            "integer",
            Default.evidence("whitworth.ramp_months.max"),
            unit="months",
            minimum=1,
            maximum=120,
            help="A new service takes 6 to 18 months to develop; 18 is the prudent end.",
        ),
        Input(
            "job_entry_rate",
            "Starters entering paid work",
            "percent",
            Default.evidence("kpi.ips.job_entry.min"),
        ),
    ),
)
"""The ramp-up calculator."""
