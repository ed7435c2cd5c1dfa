"""Benchmark your service as a workbook: cost per person supported, job outcome rate and
cost per job outcome against NDTi's ranges and 'aim for' band, and the split of job
outcomes (:func:`guidance.core.benchmarking.benchmark_service` and ``outcome_split``).

Example
-------
>>> SPEC.sections[0].rows[0].cells[0].formula
'AnnualCost/PeopleSupported'
"""

from __future__ import annotations

from ...calculators.service_benchmark import SERVICE_BENCHMARK
from ...core.benchmarking import MEASURES, OUTCOME_TYPES, SERVICE_TYPES, SITE_GROUPS, aim_for
from ._builder import NOT_COMPUTED, Cell, Row, Section, WorkbookSpec, name_for, option
from ._read import cell

__all__ = ["SPEC"]

D = SERVICE_BENCHMARK
NC = f'"{NOT_COMPUTED}"'
_VALUE = {
    "cost_per_person": "CostPerPerson",
    "job_outcome_rate": "JobOutcomeRate",
    "cost_per_job": "CostPerJob",
}
_UNIT = {"GBP": "GBP", "share": "share"}
_COUNTS = {"new_job": "NewJobs", "retained_job": "RetainedJobs", "self_employed": "SelfEmployed"}


def _status(value: str, low: str, high: str) -> str:
    return (
        f'IF(ISNUMBER({value}),IF({value}<{low}-1E-9,"below",'
        f'IF({value}>{high}+1E-9,"above","within")),{NC})'
    )


def _constants() -> tuple[str, ...]:
    keys = []
    for measure in MEASURES:
        for group in SITE_GROUPS:
            for end in ("lower", "average", "upper"):
                keys.append(f"ndti.range.{measure}.{group}.{end}")
    for measure in aim_for():
        keys += [f"ndti.aim.{measure}.min", f"ndti.aim.{measure}.max"]
    for s in SERVICE_TYPES:
        keys += [f"ndti.{s}.share_{k}" for k in OUTCOME_TYPES]
    return tuple(keys)


def _range_rows() -> tuple[Row, ...]:
    rows, i = [], 0
    bands = aim_for()
    for measure, (label, unit) in MEASURES.items():
        value = _VALUE[measure]
        u = _UNIT[unit]
        for group, words in SITE_GROUPS.items():
            n = name_for(f"{measure}.{group}")
            stem = name_for(f"ndti.range.{measure}.{group}")
            rows.append(
                Row(
                    f"{label}: {words}",
                    (
                        Cell(f"{n}Yours", value, u, cell(0, i, 2), named=False),
                        Cell(f"{n}Lower", stem + "Lower", u, cell(0, i, 3), named=False),
                        Cell(f"{n}Upper", stem + "Upper", u, cell(0, i, 4), named=False),
                        Cell(f"{n}Average", stem + "Average", u, cell(0, i, 5), named=False),
                        Cell(
                            f"{n}Status",
                            _status(value, stem + "Lower", stem + "Upper"),
                            "text",
                            cell(0, i, 6),
                            exact=True,
                            named=False,
                        ),
                    ),
                )
            )
            i += 1
        if measure in bands:
            n = name_for(f"{measure}.aim")
            stem = name_for(f"ndti.aim.{measure}")
            rows.append(
                Row(
                    f"{label}: NDTi 'aim for' band",
                    (
                        Cell(f"{n}Yours", value, u, cell(0, i, 2), named=False),
                        Cell(f"{n}Lower", stem + "Min", u, cell(0, i, 3), named=False),
                        Cell(f"{n}Upper", stem + "Max", u, cell(0, i, 4), named=False),
                        None,
                        Cell(
                            f"{n}Status",
                            _status(value, stem + "Min", stem + "Max"),
                            "text",
                            cell(0, i, 6),
                            exact=True,
                            named=False,
                        ),
                    ),
                )
            )
            i += 1
    return tuple(rows)


def _ndti_share(outcome: str) -> str:
    item = D.input("service_type")
    expr = name_for(f"ndti.{list(SERVICE_TYPES)[-1]}.share_{outcome}")
    for s in reversed(list(SERVICE_TYPES)[:-1]):
        expr = f"IF(ServiceType={option(item, s)},{name_for(f'ndti.{s}.share_{outcome}')},{expr})"
    return expr


def _split_rows() -> tuple[Row, ...]:
    rows = []
    for i, (key, label) in enumerate(OUTCOME_TYPES.items()):
        n = name_for(key)
        count = _COUNTS[key]
        rows.append(
            Row(
                label,
                (
                    Cell(f"{n}People", count, "count", cell(1, i, 1), exact=True),
                    Cell(
                        f"{n}Share",
                        f"IF(JobOutcomes=0,{NC},{count}/JobOutcomes)",
                        "share",
                        cell(1, i, 2),
                    ),
                    Cell(f"{n}NdtiShare", _ndti_share(key), "share", cell(1, i, 3)),
                    Cell(
                        f"{n}Difference",
                        f"IF(JobOutcomes=0,{NC},({n}Share-{n}NdtiShare)*100)",
                        "number",
                        cell(1, i, 4),
                    ),
                ),
            )
        )
    return tuple(rows)


def _outcomes(_out, values):
    return float(values["new_jobs"] + values["retained_jobs"] + values["self_employed"])


SPEC = WorkbookSpec(
    definition=D,
    constants=_constants(),
    message=(
        'IF(JobOutcomes>PeopleSupported,"People with a job outcome (new jobs, jobs kept and '
        'self-employment) cannot be more than the people supported.","")'
    ),
    notes=(
        "Typical range = the NDTi slides' lower to upper range beside the average; the "
        "slides do not say how it was calculated.",
    ),
    sections=(
        Section(
            "Your service's measures",
            ("value",),
            (
                Row(
                    "Cost per person supported (£)",
                    (Cell("CostPerPerson", "AnnualCost/PeopleSupported", "GBP", cell(0, 0, 2)),),
                ),
                Row(
                    "People with a job outcome",
                    (
                        Cell(
                            "JobOutcomes",
                            "NewJobs+RetainedJobs+SelfEmployed",
                            "count",
                            _outcomes,
                            exact=True,
                        ),
                    ),
                ),
                Row(
                    "Job outcome rate",
                    (
                        Cell(
                            "JobOutcomeRate", "JobOutcomes/PeopleSupported", "share", cell(0, 2, 2)
                        ),
                    ),
                ),
                Row(
                    "Cost per job outcome (£)",
                    (
                        Cell(
                            "CostPerJob",
                            f"IF(JobOutcomes=0,{NC},AnnualCost/JobOutcomes)",
                            "GBP",
                            cell(0, 5, 2),
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "Your service against the NDTi ranges",
            ("your service", "typical range from", "to", "average", "yours is"),
            _range_rows(),
        ),
        Section(
            "Split of job outcomes against NDTi averages",
            ("people", "your share", "NDTi share", "difference (percentage points)"),
            _split_rows(),
        ),
    ),
)
"""The service-benchmark workbook."""
