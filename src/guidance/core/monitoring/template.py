"""The monthly return's template: its columns, what to enter in each, and the shipped files.

A monthly return has **one row per month and employment specialist** (the template is
``guidance/data/monthly_return_template.csv``). Counts, not people's records, so no personal
data leaves the provider, and the rows add up to the per-specialist productivity figures of
the MHEP evaluation's Table 4.2 :cite:`gadenne2020`.

Examples
--------
>>> [c.name for c in TEMPLATE_COLUMNS][:3]
['month', 'specialist', 'fte']
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable

import pandas as pd

from ..evidence import Register, as_register
from .reader import Column, TableSpec

__all__ = [
    "TEMPLATE_COLUMNS",
    "BREAKDOWN_PREFIXES",
    "describe_template",
    "template_path",
    "example_path",
]

SYNTHETIC_MARK = "SYNTHETIC"

TEMPLATE_COLUMNS: tuple[Column, ...] = (
    Column(
        "month",
        "month",
        True,
        "The calendar month the row reports, written 2024-04 (Excel dates such as "
        "01/04/2024 or Apr-24 are read too).",
    ),
    Column(
        "specialist",
        "text",
        True,
        "The employment specialist: a name, initials or staff code, the same every month.",
    ),
    Column(
        "fte",
        "fte",
        True,
        "Their full-time equivalent that month, more than 0 and at most 1 (0.6 for three "
        "days a week).",
    ),
    Column("referrals", "count", True, "New referrals received in the month."),
    Column(
        "starts",
        "count",
        True,
        "People who started on the service in the month (first meeting after agreeing "
        "to take part).",
    ),
    Column(
        "active_caseload",
        "count",
        True,
        "People on the specialist's caseload at the end of the month (looking for work "
        "or in work and still supported).",
    ),
    Column("job_entries", "count", True, "People who started a paid job in the month."),
    Column(
        "sustained",
        "count",
        True,
        "People who reached the contract's sustainment point in the month ({ips_weeks} "
        "weeks in work for IPS, {seqf_weeks} for SEQF in the suggested KPIs).",
    ),
    Column(
        "employer_contacts",
        "count",
        False,
        "Face-to-face contacts with employers in the month (a process measure from the "
        "fidelity scale).",
    ),
    Column("note", "text", False, "Free text; not used in calculations."),
)
"""The template's columns, in order."""

BREAKDOWN_PREFIXES: dict[str, tuple[str, str, str]] = {
    "referrals_from_": (
        "referrals",
        "sum",
        "Referrals from one source, e.g. referrals_from_primary_care. Together "
        "they may not exceed referrals; the rest count as 'source not recorded'.",
    ),
    "referrals_group_": (
        "referrals",
        "each",
        "Referrals of people in a group you monitor for equal access, e.g. "
        "referrals_group_minority_ethnic. Each at most referrals.",
    ),
    "starts_group_": (
        "starts",
        "each",
        "Starts for the same group, e.g. starts_group_minority_ethnic. Each at most starts.",
    ),
    "job_entries_sector_": (
        "job_entries",
        "sum",
        "Job entries by employer sector, e.g. job_entries_sector_retail. "
        "Together they may not exceed job_entries.",
    ),
}
"""Optional breakdown columns: prefix -> (total column, rule, meaning)."""

KIND_TYPES = {
    "month": "month (YYYY-MM)",
    "text": "text",
    "fte": "number, more than 0 and at most 1",
    "count": "whole number, 0 or more",
}


def describe_template(register: Register | None = None) -> pd.DataFrame:
    """The monthly return's columns: name, type, whether required, and what to enter.

    Sustainment points are filled in from the register (``kpi.<model>.sustain.weeks``).

    Examples
    --------
    >>> describe_template()["column"].tolist()[:3]
    ['month', 'specialist', 'fte']
    """
    r = as_register(register)
    weeks = {
        "ips_weeks": f"{r.value('kpi.ips.sustain.weeks'):.0f}",
        "seqf_weeks": f"{r.value('kpi.seqf.sustain.weeks'):.0f}",
    }
    rows = [
        {
            "column": c.name,
            "type": KIND_TYPES[c.kind],
            "required": "yes" if c.required else "no",
            "what to enter": c.meaning.format(**weeks),
        }
        for c in TEMPLATE_COLUMNS
    ]
    rows += [
        {
            "column": prefix + "<name>",
            "type": KIND_TYPES["count"],
            "required": "no",
            "what to enter": meaning,
        }
        for prefix, (_, _, meaning) in BREAKDOWN_PREFIXES.items()
    ]
    return pd.DataFrame(rows)


def template_path() -> Traversable:
    """The shipped, empty template (header row only).

    Examples
    --------
    >>> template_path().read_text("utf-8").split(",")[0]
    'month'
    """
    return resources.files("guidance").joinpath("data/monthly_return_template.csv")


def example_path() -> Traversable:
    """The shipped SYNTHETIC example return, made by ``scripts/make-synthetic-returns``.

    Examples
    --------
    >>> "SYNTHETIC" in example_path().name
    True
    """
    return resources.files("guidance").joinpath("data/example_monthly_return_SYNTHETIC.csv")


RETURN_SPEC = TableSpec("monthly return", TEMPLATE_COLUMNS, tuple(BREAKDOWN_PREFIXES))
COUNTS = ("referrals", "starts", "active_caseload", "job_entries", "sustained")
