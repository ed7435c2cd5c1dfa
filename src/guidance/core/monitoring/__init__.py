"""Provider monthly returns: load, check, and turn into a funnel, productivity and KPIs.

A monthly return has **one row per month and employment specialist** (see
:func:`describe_template`). Loading never changes the file and never shows a traceback:
every problem is reported with the spreadsheet **row** (the header is row 1) and the
**column** it is in, e.g. ``row 7, column 'starts': 'twelve' is not a number``. What is
unambiguous is accepted; what is not is refused with a message saying how to fix it.

The package is split by topic; every public name is importable from here:

- :mod:`~guidance.core.monitoring.problems`: a problem's row and column, and :class:`ReturnError`;
- :mod:`~guidance.core.monitoring.encoding`: bytes to text (UTF-8, UTF-16, Windows-1252);
- :mod:`~guidance.core.monitoring.reader`: the careful CSV reader shared with the SWEMWBS score
  loader (delimiters, size, width and cell limits);
- :mod:`~guidance.core.monitoring.cells`: numbers (decimal marks, bounds) and months from cells;
- :mod:`~guidance.core.monitoring.template`: the monthly return's columns and shipped files;
- :mod:`~guidance.core.monitoring.returns`: loading and checking a monthly return;
- :mod:`~guidance.core.monitoring.trends`: funnel, trends, productivity and breakdowns;
- :mod:`~guidance.core.monitoring.dashboard`: KPIs against their targets as traffic lights;
- :mod:`~guidance.core.monitoring.mhep`: the MHEP evaluation's Table 4.2 worked example.

Example
-------
>>> ret = load_return(example_path())
>>> ret.synthetic
True
>>> funnel(ret)["stage"].tolist()
['Referrals', 'Starts', 'Job entries', 'Sustained jobs']
"""

from __future__ import annotations

from .cells import MAX_COUNT, MIN_YEAR
from .cells import parse_months as parse_months
from .cells import parse_numbers as parse_numbers
from .dashboard import (
    STATUS_COLOURS,
    STATUS_WORDS,
    TARGET_BASES,
    annual_capacity,
    kpi_dashboard,
    traffic_light,
)
from .mhep import average_per_specialist, mhep_per_es
from .problems import MAX_PROBLEMS as MAX_PROBLEMS
from .problems import Problem, ReturnError
from .problems import Problems as Problems
from .reader import MAX_BYTES, MAX_CELL, MAX_COLUMNS, MAX_ROWS, Column, read_table
from .reader import RawTable as RawTable
from .reader import TableSpec as TableSpec
from .reader import _too_big as _too_big  # the upload control words an oversized file with it
from .returns import MonthlyReturn, load_return
from .template import (
    BREAKDOWN_PREFIXES,
    TEMPLATE_COLUMNS,
    describe_template,
    example_path,
    template_path,
)
from .trends import breakdowns, funnel, monthly_trends, specialist_productivity

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "MAX_COLUMNS",
    "MAX_CELL",
    "MAX_COUNT",
    "MIN_YEAR",
    "Column",
    "TEMPLATE_COLUMNS",
    "BREAKDOWN_PREFIXES",
    "Problem",
    "ReturnError",
    "MonthlyReturn",
    "describe_template",
    "template_path",
    "example_path",
    "read_table",
    "load_return",
    "funnel",
    "monthly_trends",
    "specialist_productivity",
    "kpi_dashboard",
    "traffic_light",
    "STATUS_WORDS",
    "STATUS_COLOURS",
    "TARGET_BASES",
    "breakdowns",
    "annual_capacity",
    "mhep_per_es",
    "average_per_specialist",
]
