"""Service sizing as a workbook: both staffing methods, both budget methods, the staff
cost build-up and the KPI checks, as formulas mirroring :func:`guidance.core.sizing.size_service`.

Example
-------
>>> SPEC.cells()[1].formula
'InContact*(1-ShareInWork)*ShareInterested'
"""

from __future__ import annotations

from ...calculators.service_sizing import FIXED, SERVICE_SIZING, sizing_inputs
from ...core.kpis import KPIS, kpi_ranges
from ...core.sizing import loaded_salary
from ...presentation.words import kpi_words
from ._builder import NOT_COMPUTED, Cell, Row, Section, WorkbookSpec, name_for, option
from ._read import cell, check

__all__ = ["SPEC"]

D = SERVICE_SIZING
NC = f'"{NOT_COMPUTED}"'
CASELOAD = f"StaffingMethod={option(D.input('staffing_method'), 'caseload')}"
UNIT_COST = f"BudgetMethod={option(D.input('budget_method'), 'unit_cost')}"
IPS = f"Model={option(D.input('model'), 'IPS')}"


def _loaded(which: str):
    def read(_out, values):
        salary = values["salary_es" if which == "es" else "salary_team_leader"]
        i = sizing_inputs(**values)
        return loaded_salary(salary, i.ni_rate, i.ni_threshold_monthly, i.pension_rate)

    return read


def _loaded_formula(salary: str) -> str:
    return (
        f"{salary}+{name_for(FIXED['ni_rate'])}*MAX(0,{salary}-12*"
        f"{name_for(FIXED['ni_threshold_monthly'])})"
        f"+PensionRate*{salary}"
    )


def _status(value: str, kpi: str) -> str:
    """The KPI status formula for both models (1e-9 tolerance, as the package)."""

    def one(model: str) -> str:
        rng = kpi_ranges(model)[kpi]
        m = model.lower()
        expr = '"within"'
        if rng.high is not None:
            expr = f'IF({value}>{name_for(f"kpi.{m}.{kpi}.max")}+1E-9,"above",{expr})'
        if rng.low is not None:
            expr = f'IF({value}<{name_for(f"kpi.{m}.{kpi}.min")}-1E-9,"below",{expr})'
        return expr

    return f"IF(ISNUMBER({value}),IF({IPS},{one('IPS')},{one('SEQF')}),{NC})"


def _suggested(kpi: str) -> str:
    ips, seqf = kpi_words("IPS")[kpi], kpi_words("SEQF")[kpi]
    return f'IF({IPS},"{ips}","{seqf}")'


_KPI_VALUES = {
    "unit_cost": ("CostPerStarter", "GBP"),
    "access": ("AccessRate", "share"),
    "caseload": (f"IF({CASELOAD},Caseload,{NC})", "number"),
    "job_entry": ("JobEntryRate", "share"),
    "sustain": ("SustainRate", "share"),
}


def _constants() -> tuple[str, ...]:
    keys = list(FIXED.values())
    for model in ("IPS", "SEQF"):
        for kpi, rng in kpi_ranges(model).items():
            m = model.lower()
            if rng.low is not None:
                keys.append(f"kpi.{m}.{kpi}.min")
            if rng.high is not None:
                keys.append(f"kpi.{m}.{kpi}.max")
    return tuple(keys)


def _kpi_rows() -> tuple[Row, ...]:
    rows = []
    for i, kpi in enumerate(KPIS):
        value, unit = _KPI_VALUES[kpi]
        label = kpi_ranges("IPS")[kpi].label
        name = name_for(f"kpi_{kpi}")
        rows.append(
            Row(
                label,
                (
                    Cell(name + "Value", value, unit, check(i, "value")),
                    Cell(
                        name + "Suggested",
                        _suggested(kpi),
                        "text",
                        check(i, "suggested"),
                        exact=True,
                    ),
                    Cell(
                        name + "Status",
                        _status(name + "Value", kpi),
                        "text",
                        check(i, "status"),
                        exact=True,
                    ),
                ),
            )
        )
    return tuple(rows)


def _per(total: str, per: str) -> str:
    return f"IF({per}=0,{NC},{total}/{per})"


SPEC = WorkbookSpec(
    definition=D,
    constants=_constants(),
    message=(
        'IF(AccessRate=0,"Referrals who start must be more than 0%: referrals needed = '
        'starters / the share of referrals who start.","")'
    ),
    notes=(
        "One steady-state year. Counts and posts are shown rounded but held unrounded, as "
        "in the guide.",
    ),
    sections=(
        Section(
            "People in one steady-state year",
            ("value",),
            (
                Row(
                    "In contact with services",
                    (
                        Cell(
                            "InContactShown",
                            "InContact",
                            "count",
                            cell(0, "In contact with services", 1),
                            exact=True,
                        ),
                    ),
                ),
                Row(
                    "Eligible (not in work, interested)",
                    (
                        Cell(
                            "Eligible",
                            "InContact*(1-ShareInWork)*ShareInterested",
                            "count",
                            cell(0, 1, 1),
                        ),
                    ),
                ),
                Row(
                    "Referrals needed a year",
                    (
                        Cell(
                            "Referrals",
                            f"IF(AccessRate=0,{NC},Starters/AccessRate)",
                            "count",
                            cell(0, 2, 1),
                        ),
                    ),
                ),
                Row(
                    "Starters a year",
                    (Cell("Starters", "Eligible*ReachPerYear", "count", cell(0, 3, 1)),),
                ),
                Row(
                    "Job entries a year",
                    (Cell("JobEntries", "Starters*JobEntryRate", "count", cell(0, 4, 1)),),
                ),
                Row(
                    "Sustained jobs a year",
                    (Cell("SustainedJobs", "JobEntries*SustainRate", "count", cell(0, 5, 1)),),
                ),
            ),
        ),
        Section(
            "Staff",
            ("value",),
            (
                Row(
                    "Clients per specialist a year",
                    (
                        Cell(
                            "ClientsPerSpecialist",
                            f"IF({CASELOAD},Caseload*12/MonthsOnCaseload,ClientsPerEsPerYear)",
                            "number",
                            cell(0, 6, 1),
                        ),
                    ),
                    "From the Inputs sheet, or caseload x 12 / months on caseload.",
                ),
                Row(
                    "Employment specialists (FTE)",
                    (Cell("Specialists", "Starters/ClientsPerSpecialist", "FTE", cell(0, 7, 1)),),
                ),
                Row(
                    "Team leaders (FTE)",
                    (Cell("TeamLeaders", "Specialists/EsPerTeamLeader", "FTE", cell(0, 8, 1)),),
                ),
            ),
        ),
        Section(
            "Staff cost build-up (used when the budget is from the staff cost build-up)",
            ("value",),
            (
                Row(
                    "Specialist: salary + employer National Insurance + pension (£ a year)",
                    (Cell("LoadedSalaryEs", _loaded_formula("SalaryEs"), "GBP", _loaded("es")),),
                    "National Insurance on earnings above 12 x the monthly threshold "
                    "(Sources sheet).",
                ),
                Row(
                    "Team leader: salary + employer National Insurance + pension (£ a year)",
                    (
                        Cell(
                            "LoadedSalaryTeamLeader",
                            _loaded_formula("SalaryTeamLeader"),
                            "GBP",
                            _loaded("tl"),
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "Budget and unit costs",
            ("value",),
            (
                Row(
                    "Annual budget (£)",
                    (
                        Cell(
                            "Budget",
                            f"IF({UNIT_COST},Starters*UnitCost,(Specialists*LoadedSalaryEs+TeamLeaders*LoadedSalaryTeamLeader)*(1+OverheadsRate))",
                            "GBP",
                            cell(0, 9, 1),
                        ),
                    ),
                    "Cost per starter x starters, or (posts x loaded salaries) x (1 + overheads).",
                ),
                Row(
                    "Cost per starter (£)",
                    (Cell("CostPerStarter", _per("Budget", "Starters"), "GBP", cell(0, 10, 1)),),
                ),
                Row(
                    "Cost per job entry (£)",
                    (Cell("CostPerJobEntry", _per("Budget", "JobEntries"), "GBP", cell(0, 11, 1)),),
                ),
                Row(
                    "Cost per sustained job (£)",
                    (
                        Cell(
                            "CostPerSustainedJob",
                            _per("Budget", "SustainedJobs"),
                            "GBP",
                            cell(0, 12, 1),
                        ),
                    ),
                ),
            ),
        ),
        Section(
            "KPI checks against the fidelity model's suggested ranges",
            ("value", "suggested", "status"),
            _kpi_rows(),
        ),
    ),
)
"""The service-sizing workbook."""
