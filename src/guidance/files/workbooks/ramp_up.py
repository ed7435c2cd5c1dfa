"""Ramp-up as a workbook: capacity rising in a straight line to full performance, monthly
starters and job entries, and targets by contract year (:func:`guidance.core.sizing.ramp_up`
with no starting share, as the calculator).

Example
-------
>>> SPEC.sections[1].rows[0].cells[0].formula
'IF(OR(1>ContractMonths,RampMonths<1),"",MIN(1,1/RampMonths))'
"""

from __future__ import annotations

from ...calculators.ramp_up import RAMP_UP
from ._builder import Cell, Row, Section, WorkbookSpec

__all__ = ["SPEC"]

MONTHS = int(RAMP_UP.input("contract_months").maximum)
YEARS = -(-MONTHS // 12)


def _year(k: int, column: int):
    def read(out, _values):
        rows = out.tables[0].rows
        if k > len(rows):
            return ""
        if column == 0:
            label = rows[k - 1][0]
            return float(label.split("(")[1].split()[0]) if "(" in label else 12.0
        return float(rows[k - 1][column])

    return read


def _month(m: int, series: str | None):
    def read(out, _values):
        data = out.figures[0].data
        if m > len(data["x"]):
            return ""
        if series is None:
            return data["series"]["Starters a month"][m - 1] / (_values["annual_starters"] / 12)
        return data["series"][series][m - 1]

    return read


def _in_year(name: str, k: int) -> str:
    return f"SUM(INDEX({name},{12 * k - 11}):INDEX({name},{12 * k}))"


def _year_row(k: int) -> Row:
    months = f"Year{k}Months"
    return Row(
        f"Year {k}",
        (
            Cell(
                months,
                f"MAX(0,MIN(12,ContractMonths-{12 * (k - 1)}))",
                "count",
                _year(k, 0),
                exact=True,
            ),
            Cell(
                f"Year{k}Capacity",
                f'IF(OR({months}=0,RampMonths<1),"",{_in_year("MonthlyCapacity", k)}/{months})',
                "share",
                _year(k, 1),
            ),
            Cell(
                f"Year{k}Starters",
                f'IF(OR({months}=0,RampMonths<1),"",{_in_year("MonthlyStarters", k)})',
                "count",
                _year(k, 2),
            ),
            Cell(
                f"Year{k}JobEntries",
                f'IF(OR({months}=0,RampMonths<1),"",{_in_year("MonthlyJobEntries", k)})',
                "count",
                _year(k, 3),
            ),
        ),
    )


def _month_row(m: int) -> Row:
    off = f"OR({m}>ContractMonths,RampMonths<1)"
    return Row(
        f"Month {m}",
        (
            Cell(
                f"Month{m}Capacity",
                f'IF({off},"",MIN(1,{m}/RampMonths))',
                "share",
                _month(m, None),
                named=False,
            ),
            Cell(
                f"Month{m}Starters",
                f'IF({off},"",AnnualStarters/12*{f"MIN(1,{m}/RampMonths)"})',
                "number",
                _month(m, "Starters a month"),
                named=False,
            ),
            Cell(
                f"Month{m}JobEntries",
                f'IF({off},"",AnnualStarters/12*MIN(1,{m}/RampMonths)*JobEntryRate)',
                "number",
                _month(m, "Job entries a month"),
                named=False,
            ),
        ),
    )


SPEC = WorkbookSpec(
    definition=RAMP_UP,
    message=(
        'IF(RampMonths<1,"Months to reach full performance must be a whole number of at '
        'least 1.","")'
    ),
    notes=(
        "Capacity rises in a straight line from the first month to full performance at the "
        "month given, then stays there: the guide's simplifying assumption.",
        "Rows after the contract ends are empty.",
    ),
    sections=(
        Section(
            "Targets by contract year",
            ("months", "average capacity", "starters", "job entries"),
            tuple(_year_row(k) for k in range(1, YEARS + 1)),
        ),
        Section(
            "Month by month",
            ("capacity", "starters", "job entries"),
            tuple(_month_row(m) for m in range(1, MONTHS + 1)),
            ranges=(("MonthlyCapacity", 0), ("MonthlyStarters", 1), ("MonthlyJobEntries", 2)),
        ),
    ),
)
"""The ramp-up workbook."""
