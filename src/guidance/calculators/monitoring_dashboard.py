"""Chapter 6: the monitoring dashboard for a provider's monthly return.

Reads a monthly return (see :func:`guidance.core.monitoring.load_return`); until a file is
loaded it shows the shipped SYNTHETIC example. A loaded file sets the defaults that
follow it (the contracted starters and the contract start month).

Example
-------
>>> from guidance.presentation.render import text
>>> text(MONITORING_DASHBOARD.run().summary)[:50]
'SYNTHETIC example data: 24 months (2023-04 to 2025'
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import pandas as pd

from ..core import monitoring as mon
from ..core.evidence import load_register
from ..core.kpis import kpi_ranges
from .ranges import range_text
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
    Upload,
)

__all__ = ["MONITORING_DASHBOARD", "dashboard_output", "file_defaults"]

_UNITS = {"share": "share", "GBP": "GBP"}


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _q(value: float, unit: str, decimals: int | None = None) -> Q:
    return Q(None if _missing(value) else float(value), _UNITS.get(unit, "number"), decimals)


def _end(value: float | None) -> float | None:
    """A target's end from the dashboard's table: None (not NaN) where it is open."""
    return None if _missing(value) else float(value)


_TARGET_AFTER = {
    "suggested": "",
    "fidelity_top_score": " (top score on the fidelity item)",
    "plan": " of plan",
}
"""Words after a target's range, by where the target comes from
(:data:`guidance.core.monitoring.TARGET_BASES`)."""


def _target(basis: str, low: float | None, high: float | None, unit: str) -> Text:
    """A KPI's target as the dashboard shows it: "at least 70%", "at least 100% of plan",
    "no published target".

    Examples
    --------
    >>> from guidance.presentation.render import text
    >>> text(_target("fidelity_top_score", 6.0, None, "contacts per week"))
    'at least 6 (top score on the fidelity item)'
    >>> text(_target("none", None, None, "contacts per week"))
    'no published target'
    """
    if basis == "none":
        return Text("no published target")
    return Text(*range_text(low, high, unit).parts, _TARGET_AFTER[basis])


def file_defaults(ret: mon.MonthlyReturn) -> dict[str, Any]:
    """The inputs that follow a loaded return: contracted starters and the start month.

    Starters a year are the latest team's FTE x the clients a specialist works with in a
    year (``fss.clients_per_es_per_year``; :func:`guidance.core.monitoring.annual_capacity`),
    rounded.
    """
    per_es = load_register().value("fss.clients_per_es_per_year")
    return {
        "annual_starters": float(round(mon.annual_capacity(ret, per_es))),
        "contract_start": str(ret.months[0]),
    }


def _trend_alt(trends: pd.DataFrame) -> Text:
    first, last = trends.iloc[0], trends.iloc[-1]
    peak = trends.loc[trends["referrals"].idxmax()]

    def n(x: object) -> Q:
        return Q(int(x), "count")

    return Text(
        "Line chart of referrals, starts, job entries and sustained jobs for each of ",
        n(len(trends)),
        f" months from {first['month']} to {last['month']}. Referrals rise from ",
        n(first["referrals"]),
        " in the first month to a peak of ",
        n(peak["referrals"]),
        f" in {peak['month']} and are ",
        n(last["referrals"]),
        " in the last month, when there were ",
        n(last["starts"]),
        " starts, ",
        n(last["job_entries"]),
        " job entries and ",
        n(last["sustained"]),
        " sustained jobs.",
    )


def _funnel_alt(funnel: pd.DataFrame, period: str) -> Text:
    parts: list[str | Q] = [f"Funnel bar chart, {period}: "]
    for i, row in enumerate(funnel.itertuples()):
        parts += [("; " if i else "") + f"{row.stage} ", Q(int(row.people), "count")]
        if not math.isnan(row.share_of_previous):
            parts += [" (", Q(float(row.share_of_previous), "share"), ")"]
    return Text(*parts, ".")


def _specialists(
    productivity: pd.DataFrame, caseload_max: float | None, margin: float, period: str
) -> Table:
    rows = []
    for p in productivity.itertuples():
        status = mon.traffic_light(p.caseload_per_fte, None, caseload_max, margin)
        rows.append(
            (
                p.specialist,
                _q(p.fte_years, "number", 2),
                int(p.starts),
                int(p.job_entries),
                _q(p.starts_per_fte_year, "number"),
                _q(p.job_entries_per_fte_year, "number"),
                _q(p.job_entry_rate, "share"),
                _q(p.caseload_per_fte, "number"),
                mon.STATUS_WORDS[status],
            )
        )
    return Table(
        f"Each specialist, {period} (per full-time-equivalent year)",
        (
            Column("specialist"),
            Column("FTE-years", "number"),
            Column("starts", "count"),
            Column("job entries", "count"),
            Column("starts per FTE-year", "number"),
            Column("job entries per FTE-year", "number"),
            Column("job entry rate", "share"),
            Column("caseload per FTE", "number"),
            Column("caseload"),
        ),
        rows,
    )


def dashboard_output(
    ret: mon.MonthlyReturn,
    model: str = "IPS",
    last_months: int = 12,
    spend: float = 0.0,
    annual_starters: float = 0.0,
    contract_start: str = "",
    ramp_months: int = 18,
    amber_margin: float = 0.1,
) -> Output:
    """The monitoring dashboard for a loaded return: funnel, KPIs, specialists and trends.

    Each KPI is its value over the months assessed against the model's target (see
    :func:`guidance.core.monitoring.kpi_dashboard`).

    Examples
    --------
    >>> out = dashboard_output(mon.load_return(mon.example_path()))
    >>> "On target" in [row[4] for row in out.tables[0].rows]
    True
    """
    kpis = mon.kpi_dashboard(
        ret,
        model,
        last_months=last_months,
        spend=spend,
        amber_margin=amber_margin,
        annual_starters=annual_starters,
        contract_start=contract_start or None,
        ramp_months=ramp_months,
    )
    window = ret.last(last_months)
    period = f"{window.months[0]} to {window.months[-1]}"
    funnel = mon.funnel(window)
    status = list(kpis["status"])
    summary = Text(
        f"{ret.describe()}. Over {period}: ",
        Q(float(funnel["people"].iloc[1]), "count"),
        " starts, ",
        Q(float(funnel["people"].iloc[2]), "count"),
        " job entries; ",
        Q(status.count("on"), "count"),
        " of ",
        Q(sum(s != "none" for s in status), "count"),
        " KPIs on target, ",
        Q(status.count("near"), "count"),
        " near, ",
        Q(status.count("off"), "count"),
        " off.",
    )
    table = Table(
        f"KPIs over {period} (near target: within {amber_margin * 100:.10g}% of the target)",
        (
            Column("KPI"),
            Column("kind"),
            Column("value", "number"),
            Column("target"),
            Column("status"),
            Column("how it is worked out"),
        ),
        [
            (
                k.label,
                k.kind,
                _q(k.value, k.unit),
                _target(k.target_basis, _end(k.target_low), _end(k.target_high), k.unit),
                k.status_word,
                k.how,
            )
            for k in kpis.itertuples()
        ],
    )
    trends = mon.monthly_trends(ret)
    productivity = mon.specialist_productivity(window, 0)
    caseload_max = kpi_ranges(model)["caseload"].high
    notes = (Note("Notes on the file", tuple(Text(n) for n in ret.notes)),) if ret.notes else ()
    return Output(
        summary=summary,
        tables=(table, _specialists(productivity, caseload_max, amber_margin, period)),
        notes=notes,
        figures=(
            Figure(
                "funnel",
                (funnel, f"People at each stage, {period}"),
                alt=_funnel_alt(funnel, period),
            ),
            Figure("monthly_trends", trends, alt=_trend_alt(trends), key=ret),
        ),
    )


@lru_cache(maxsize=1)
def _example() -> tuple[mon.MonthlyReturn, str]:
    """The shipped SYNTHETIC example, read once (it never changes while running)."""
    path = mon.example_path()
    return mon.load_return(path), path.name


def _from_example(name: str) -> Default:
    notes = {
        "annual_starters": "the example file's latest FTE x fss.clients_per_es_per_year "
        "(socialfinance2020); follows a loaded file",
        "contract_start": "the first month in the example file; follows a loaded file",
    }
    return Default.calculated(lambda _v: file_defaults(_example()[0])[name], notes[name])


MONITORING_DASHBOARD = Definition(
    name="monitoring_dashboard",
    chapter=6,
    title="Monitoring dashboard",
    description="KPIs, the funnel and each specialist's figures from a monthly return.",
    compute=dashboard_output,
    upload=Upload(
        loader=lambda source, name=None: mon.load_return(source, name=name),
        example=_example,
        label="provider's monthly return (CSV)",
        downloads=(
            (
                "monthly_return_template.csv",
                lambda: mon.template_path().read_text("utf-8"),
                "Download the template",
            ),
            (
                "example_monthly_return_SYNTHETIC.csv",
                lambda: mon.example_path().read_text("utf-8"),
                "Download the SYNTHETIC example",
            ),
        ),
        on_load=file_defaults,
    ),
    inputs=(
        Input(
            "model",
            "Fidelity model (for the targets)",
            "choice",
            Default.illustrative("IPS", "the example is an IPS service"),
            options=(("IPS", "IPS"), ("SEQF", "SEQF")),
        ),
        Input(
            "last_months",
            "Months to assess (0 = all)",
            "integer",
            Default.illustrative(12, "the latest year"),
            unit="months",
            minimum=0,
            maximum=600,
            help="The latest months in the file; the trend chart always shows all.",
        ),
        Input(
            "spend",
            "Spend over those months (0 if not known)",
            "number",
            Default.illustrative(0.0, "not known until you enter it"),
            unit="£",
            minimum=0,
            maximum=1_000_000_000,
            help="Needed for the cost per starter.",
        ),
        Input(
            "annual_starters",
            "Contracted starters a year at full performance",
            "number",
            _from_example("annual_starters"),
            unit="people",
            minimum=0,
            maximum=1_000_000,
            help="0 = no volume check. The default is the latest team's FTE times the "
            "clients a specialist works with in a year.",
        ),
        Input(
            "contract_start",
            "Contract start month (YYYY-MM)",
            "text",
            _from_example("contract_start"),
        ),
        Input(
            "ramp_months",
            "Months to full performance",
            "integer",
            Default.evidence("whitworth.ramp_months.max"),
            unit="months",
            minimum=1,
            maximum=120,
        ),
        Input(
            "amber_margin",
            "'Near target' band (share of the target)",
            "percent",
            Default.illustrative(0.1, "a presentation choice, not a published figure"),
            help="A presentation choice, not a published figure.",
        ),
    ),
)
"""The monitoring dashboard (reads a provider's monthly return)."""
