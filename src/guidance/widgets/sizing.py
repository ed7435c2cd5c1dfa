"""Chapter 3 calculators: service sizing and ramp-up.

Example
-------
>>> calc = service_sizing()
>>> calc.result.summary.startswith("About 102 employment specialists")
True
"""

from __future__ import annotations

import pandas as pd

from ..evidence import load_register
from ..formatting import decimal, format_value, fte, gbp, pct, whole
from ..kpis import sizing_kpis
from ..plots import PALETTE, bar_plot, line_plot
from ..sizing import SizingInputs, contract_year_targets, ramp_up, size_service
from .base import Calculator, Field, Result

__all__ = [
    "sizing_result",
    "service_sizing",
    "ramp_result",
    "ramp_up_calculator",
    "kpi_check_html",
]


def _source(key: str) -> str:
    return load_register()[key].citation()


def kpi_check_html(checks: pd.DataFrame) -> str:
    """KPI checks as a list with a word for each status, coloured by the book's CSS classes.

    The colour is never the only signal: each status is also written out in words.
    """
    words = {"within": "within range", "below": "BELOW range", "above": "ABOVE range"}
    items = []
    for _, row in checks.iterrows():
        unit = (
            "share"
            if row["kpi"] in ("access", "job_entry", "sustain")
            else ("GBP" if row["kpi"] == "unit_cost" else "clients")
        )
        value = format_value(row["value"], unit)
        status = row["status"]
        word = words.get(status, status)
        css = f" guidance-status-{status}" if status in words else ""
        items.append(
            f'<li><span class="guidance-status{css}">{word}</span>: '
            f"{row['label']}: {value} (suggested {row['suggested']})</li>"
        )
    return f'<ul class="guidance-kpis" aria-label="KPI checks">{"".join(items)}</ul>'


def sizing_result(**values: object) -> Result:
    """Size a service from calculator values and present it.

    Parameters
    ----------
    **values
        Any :class:`guidance.sizing.SizingInputs` fields; the rest default from the register.

    Examples
    --------
    >>> sizing_result(in_contact=1000).table.iloc[0, 1]
    '1,000'
    """
    model = values.get("model", "IPS")
    inputs = SizingInputs.defaults(model=model).with_changes(**values)
    result = size_service(inputs)
    checks = sizing_kpis(result)
    stages = result.funnel()
    figure = bar_plot(
        [label for label, _ in stages],
        [value for _, value in stages],
        title="People at each stage in a year",
        unit="people a year",
        colours=[PALETTE[0]] * 2 + [PALETTE[4]] * 2 + [PALETTE[2]] * 2,
    )
    alt = (
        "Bar chart of people at each stage in a year: "
        + "; ".join(f"{label} {whole(value)}" for label, value in stages)
        + "."
    )
    table = result.table()
    money = {
        "Annual budget (GBP)",
        "Cost per starter (GBP)",
        "Cost per job entry (GBP)",
        "Cost per sustained job (GBP)",
    }
    posts = {"Employment specialists (FTE)", "Team leaders (FTE)"}

    def fmt(row: pd.Series) -> str:
        if row["measure"] in money:
            return gbp(row["value"])
        if row["measure"] in posts:
            return decimal(row["value"])
        return whole(row["value"])

    table["value"] = table.apply(fmt, axis=1)
    outside = checks[checks["status"].isin(["below", "above"])]
    flag = (
        f" {len(outside)} KPI(s) outside the suggested range."
        if len(outside)
        else " All checked KPIs within the suggested range."
    )
    summary = (
        f"About {fte(result.specialists)} employment specialists and "
        f"{fte(result.team_leaders)} team leaders for {whole(result.starters)} starters a "
        f"year, costing {gbp(result.budget)} ({gbp(result.cost_per_job)} per job entry).{flag}"
    )
    return Result(
        summary=summary,
        table=table,
        caption="Service sizing for one steady-state year",
        figure=figure,
        alt=alt,
        extra_html=kpi_check_html(checks),
    )


def service_sizing() -> Calculator:
    """The service-sizing calculator with defaults from the evidence register."""
    d = SizingInputs.defaults()
    fields = [
        Field(
            "model",
            "Fidelity model (for KPI checks)",
            "choice",
            d.model,
            options=(("IPS", "IPS"), ("SEQF", "SEQF")),
        ),
        Field(
            "in_contact",
            "People in contact with services",
            "integer",
            d.in_contact,
            help="From local service data: people in contact with the services that refer.",
            source=_source("fss.total.in_contact_published"),
        ),
        Field(
            "share_in_work",
            "Already in work (%)",
            "percent",
            d.share_in_work,
            source=_source("fss.share_in_work"),
        ),
        Field(
            "share_interested",
            "Not in work but interested (%)",
            "percent",
            d.share_interested,
            source=_source("fss.share_interested"),
        ),
        Field(
            "reach_per_year",
            "Eligible people to reach a year (%)",
            "percent",
            d.reach_per_year,
            source=_source("fss.reach_per_year"),
        ),
        Field(
            "access_rate",
            "Referrals who start (%)",
            "percent",
            d.access_rate,
            source=_source("kpi.ips.access.min"),
        ),
        Field(
            "staffing_method",
            "Size specialists from",
            "choice",
            d.staffing_method,
            options=(
                ("clients per specialist a year", "clients_per_year"),
                ("caseload and months on caseload", "caseload"),
            ),
        ),
        Field(
            "clients_per_es_per_year",
            "Clients per specialist a year",
            "number",
            d.clients_per_es_per_year,
            source=_source("fss.clients_per_es_per_year"),
        ),
        Field(
            "caseload",
            "Active caseload per specialist",
            "number",
            d.caseload,
            source=_source("kpi.ips.caseload.max"),
        ),
        Field(
            "months_on_caseload",
            "Average months on caseload",
            "number",
            d.months_on_caseload,
            help="The default is the full programme length, so it over-states staff need.",
            source="kpi.ips duration out-of-work + in-work, whitworth2024guide (derived)",
        ),
        Field(
            "es_per_team_leader",
            "Specialists per team leader",
            "number",
            d.es_per_team_leader,
            source=_source("ipsgrow.es_per_team_leader"),
        ),
        Field(
            "budget_method",
            "Budget from",
            "choice",
            d.budget_method,
            options=(("cost per starter", "unit_cost"), ("staff cost build-up", "staff_costs")),
        ),
        Field(
            "unit_cost",
            "Cost per starter (£)",
            "number",
            d.unit_cost,
            source=_source("fss.cost_per_engagement"),
        ),
        Field(
            "salary_es",
            "Specialist salary (£ a year)",
            "number",
            d.salary_es,
            source=_source("ipsgrow.salary.es"),
        ),
        Field(
            "salary_team_leader",
            "Team leader salary (£ a year)",
            "number",
            d.salary_team_leader,
            source=_source("ipsgrow.salary.team_leader"),
        ),
        Field(
            "overheads_rate",
            "Overheads on staff costs (%)",
            "percent",
            d.overheads_rate,
            source=_source("ipsgrow.overheads.rate"),
        ),
        Field(
            "job_entry_rate",
            "Starters entering paid work (%)",
            "percent",
            d.job_entry_rate,
            source=_source("kpi.ips.job_entry.min"),
        ),
        Field(
            "sustain_rate",
            "Job entries sustained (%)",
            "percent",
            d.sustain_rate,
            source=_source("kpi.ips.sustain.min"),
        ),
    ]
    return Calculator("Service sizing", fields, sizing_result, name="service_sizing")


def ramp_result(
    annual_starters: float, contract_months: int, ramp_months: int, job_entry_rate: float
) -> Result:
    """Ramp-up view: monthly performance and per-year targets.

    Examples
    --------
    >>> ramp_result(400, 36, 18, 0.4).table["starters"].tolist()
    ['144', '372', '400']
    """
    monthly = ramp_up(annual_starters, contract_months, ramp_months, job_entry_rate)
    years = contract_year_targets(monthly)
    figure = line_plot(
        monthly["month"],
        {
            "Starters a month": monthly["starters"],
            "Job entries a month": monthly["job_entries"],
        },
        title="Expected monthly starters and job entries as the service embeds",
        xlabel="contract month",
        ylabel="people a month",
    )
    full = annual_starters / 12
    alt = (
        f"Line chart over {int(contract_months)} months: starters rise from "
        f"{decimal(monthly['starters'].iloc[0])} in month 1 to {decimal(full)} a month from "
        f"month {min(int(ramp_months), int(contract_months))}; job entries follow at "
        f"{pct(job_entry_rate)} of starters."
    )
    table = pd.DataFrame(
        {
            "contract year": years["contract_year"].astype(str)
            + years["months"].map(lambda m: "" if m == 12 else f" ({m} months)"),
            "average capacity": years["capacity"].map(pct),
            "starters": years["starters"].map(whole),
            "job entries": years["job_entries"].map(whole),
        }
    )
    first = years.iloc[0]
    summary = (
        f"Year 1 target: {whole(first['starters'])} starters and {whole(first['job_entries'])} "
        f"job entries ({pct(first['capacity'])} of full performance on average)."
    )
    return Result(
        summary=summary, table=table, caption="Targets by contract year", figure=figure, alt=alt
    )


def ramp_up_calculator(annual_starters: float | None = None) -> Calculator:
    """The ramp-up calculator; full-performance starters default to the sizing default."""
    r = load_register()
    if annual_starters is None:
        annual_starters = round(size_service(SizingInputs.defaults()).starters)
    fields = [
        Field(
            "annual_starters",
            "Starters a year at full performance",
            "number",
            float(annual_starters),
            source="service sizing default (calculated)",
        ),
        Field(
            "contract_months",
            "Contract length (months)",
            "integer",
            int(r.value("whitworth.contract_years.min") * 12),
            source=_source("whitworth.contract_years.min"),
        ),
        Field(
            "ramp_months",
            "Months to reach full performance",
            "integer",
            int(r.value("whitworth.ramp_months.max")),
            help="A new service takes 6 to 18 months to develop; 18 is the prudent end.",
            source=_source("whitworth.ramp_months.max"),
        ),
        Field(
            "job_entry_rate",
            "Starters entering paid work (%)",
            "percent",
            r.value("kpi.ips.job_entry.min"),
            source=_source("kpi.ips.job_entry.min"),
        ),
    ]
    return Calculator("Ramp-up", fields, ramp_result, name="ramp_up")


CALCULATORS = {"service_sizing": service_sizing, "ramp_up": ramp_up_calculator}
"""This chapter's calculators, found by :func:`guidance.widgets.all_calculators`."""
