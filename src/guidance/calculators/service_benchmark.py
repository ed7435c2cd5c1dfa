"""Chapter 1: benchmark a service's cost and outcomes against NDTi's ranges.

Example
-------
>>> from guidance.presentation.render import text
>>> text(SERVICE_BENCHMARK.run().summary)[:52]
'£1,329 per person supported; 38% job outcome rate; £'
"""

from __future__ import annotations

from ..core.benchmarking import (
    MEASURES,
    SERVICE_TYPES,
    SITE_GROUPS,
    Band,
    ServiceFigures,
    aim_for,
    benchmark_service,
    outcome_split,
)
from .ranges import range_text
from .spec import Column, Default, Definition, Figure, Input, Output, Q, Table, Text

__all__ = ["SERVICE_BENCHMARK", "benchmark_output"]


def _q(value: float, unit: str) -> Q:
    """A measure as a Q; NaN (nothing to divide by) as 'not computed'."""
    return Q(None if value != value else float(value), unit)


def _band(band: Band) -> tuple[str | Q, ...]:
    """An 'aim for' band as parts of a Text: "30% to 56%"."""
    return range_text(band.low, band.high, band.unit).parts


def benchmark_output(
    annual_cost: float,
    people_supported: int,
    new_jobs: int,
    retained_jobs: int,
    self_employed: int,
    service_type: str = "all",
) -> Output:
    """A service's three measures placed against NDTi's ranges, and its split of outcomes.

    Cost per person supported = annual cost / people supported; job outcome rate = (new
    jobs + retained jobs + self-employed) / people supported; cost per job outcome =
    annual cost / job outcomes (see :func:`guidance.core.benchmarking.benchmark_service`).

    Examples
    --------
    >>> out = benchmark_output(200_000, 100, 30, 15, 5)
    >>> out.summary.plain().split(";")[0]
    '2000.0 per person supported'
    >>> out.tables[0].rows[0][:4]
    ('Cost per person supported', 'All sites', Q(value=2000.0, unit='GBP', decimals=None), \
Q(value=197.0, unit='GBP', decimals=None))
    """
    outcomes = new_jobs + retained_jobs + self_employed
    if outcomes > people_supported:
        raise ValueError(
            f"People with a job outcome (new jobs, jobs kept and self-employment: {outcomes:,}) "
            f"cannot be more than the people supported ({people_supported:,})."
        )
    figures = ServiceFigures(annual_cost, people_supported, new_jobs, retained_jobs, self_employed)
    bench = {row["measure"]: row for row in benchmark_service(figures).to_dict("records")}
    split = outcome_split(figures, service_type).to_dict("records")
    bands = aim_for()
    cpj = figures.cost_per_job
    aims = {m: bench[m]["aim_for_status"] for m in ("cost_per_job", "job_outcome_rate")}
    if aims["cost_per_job"] == aims["job_outcome_rate"] == "within":
        verdict = "Both cost per job outcome and job outcome rate are within NDTi's 'aim for' band."
    else:
        verdict = (
            f"Against NDTi's 'aim for' band: cost per job outcome {aims['cost_per_job']}, "
            f"job outcome rate {aims['job_outcome_rate']}."
        )
    summary = Text(
        Q(figures.cost_per_person, "GBP"),
        " per person supported; ",
        Q(figures.job_outcome_rate, "share"),
        " job outcome rate; ",
        *((Q(cpj, "GBP"), " per job outcome") if cpj == cpj else ("no job outcomes yet",)),
        ". " + verdict,
    )
    rows = []
    for measure, (label, unit) in MEASURES.items():
        row = bench[measure]
        for group, name in SITE_GROUPS.items():
            rows.append(
                (
                    label,
                    name,
                    _q(row["value"], unit),
                    _q(row[f"{group}_lower"], unit),
                    _q(row[f"{group}_upper"], unit),
                    _q(row[f"{group}_average"], unit),
                    row[f"{group}_status"],
                )
            )
        if measure in bands:
            rows.append(
                (
                    label,
                    "NDTi 'aim for' band",
                    _q(row["value"], unit),
                    _q(row["aim_low"], unit),
                    _q(row["aim_high"], unit),
                    None,
                    row["aim_for_status"],
                )
            )
    ranges = Table(
        "Your service against the NDTi ranges (typical range = the slides' lower to upper range)",
        (
            Column("measure"),
            Column("compared with"),
            Column("your service", "number"),
            Column("typical range from", "number"),
            Column("to", "number"),
            Column("average", "number"),
            Column("yours is"),
        ),
        rows,
    )
    shares = Table(
        "Split of job outcomes against NDTi averages",
        (
            Column("outcome"),
            Column("people", "count"),
            Column("your share", "share"),
            Column(f"NDTi share ({SERVICE_TYPES[service_type].lower()})", "share"),
            Column("difference (percentage points)", "number"),
        ),
        [
            (
                s["outcome"],
                s["people"],
                _q(s["share"], "share"),
                s["ndti_share"],
                _q(s["difference_points"] + 0.0, "number"),
            )
            for s in split
        ],
    )
    b = bench
    parts: list[str | Q] = [
        "Four-panel chart. Cost per person supported: yours ",
        _q(figures.cost_per_person, "GBP"),
        f", {b['cost_per_person']['all_sites_status']} the all-sites typical range and "
        f"{b['cost_per_person']['good_practice_status']} the good-practice typical range. "
        "Job outcome rate: yours ",
        _q(figures.job_outcome_rate, "share"),
        f", {aims['job_outcome_rate']} the aim-for band ",
        *_band(bands["job_outcome_rate"]),
        ". Cost per job outcome: yours ",
        _q(cpj, "GBP"),
        f", {aims['cost_per_job']} the aim-for band ",
        *_band(bands["cost_per_job"]),
        ". Split of job outcomes, yours against NDTi: ",
    ]
    for n, s in enumerate(split):
        parts += [
            ("; " if n else "") + f"{s['outcome']} ",
            _q(s["share"], "share"),
            " against ",
            _q(s["ndti_share"], "share"),
        ]
    alt = Text(*parts, ".")
    figure = Figure(
        "service_benchmark", {"figures": figures, "service_type": service_type}, alt=alt
    )
    return Output(summary=summary, tables=(ranges, shares), figures=(figure,))


def _average(outcome: str) -> Default:
    return Default.calculated(
        lambda _values: getattr(ServiceFigures.ndti_average(), outcome),
        "ndti2014 headline figures: average people supported x job outcome rate x the "
        "outcome's share, rounded to whole people",
    )


SERVICE_BENCHMARK = Definition(
    name="service_benchmark",
    chapter=1,
    title="Benchmark your service",
    description="Cost per person, job outcome rate and cost per job outcome against NDTi.",
    compute=benchmark_output,
    inputs=(
        Input(
            "annual_cost",
            "Annual cost",
            "number",
            Default.evidence("ndti.all.cost"),
            unit="£ a year",
            minimum=0,
            maximum=100_000_000,
            help="What the service cost in the year, including overheads.",
        ),
        Input(
            "people_supported",
            "People supported in the year",
            "integer",
            Default.evidence("ndti.all.people_supported"),
            unit="people",
            minimum=1,
            maximum=1_000_000,
        ),
        Input(
            "new_jobs",
            "People who gained a new job",
            "integer",
            _average("new_jobs"),
            unit="people",
            minimum=0,
            maximum=1_000_000,
        ),
        Input(
            "retained_jobs",
            "People helped to keep a job",
            "integer",
            _average("retained_jobs"),
            unit="people",
            minimum=0,
            maximum=1_000_000,
        ),
        Input(
            "self_employed",
            "People who became self-employed",
            "integer",
            _average("self_employed"),
            unit="people",
            minimum=0,
            maximum=1_000_000,
        ),
        Input(
            "service_type",
            "Compare the split with",
            "choice",
            Default.illustrative("all", "NDTi's figures for all services"),
            options=tuple((label, key) for key, label in SERVICE_TYPES.items()),
        ),
    ),
)
"""The benchmark calculator; its defaults are NDTi's average service (derived)."""
