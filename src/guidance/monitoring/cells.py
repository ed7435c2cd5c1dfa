r"""Cells to values: numbers and months, each bad cell reported by row and column.

Examples
--------
>>> from guidance.monitoring.reader import Column, TableSpec, read_table
>>> spec = TableSpec("t", (Column("month", "month", True, ""), Column("n", "count", True, "")))
>>> raw = read_table(b"month,n\nApr-24,3\n", spec)
>>> problems = Problems("t")
>>> parse_numbers(raw, "n", problems).tolist(), parse_months(raw, "month", problems).tolist()
([3.0], [Period('2024-04', 'M')])
"""

from __future__ import annotations

import calendar
import re

import numpy as np
import pandas as pd

from .problems import Problems
from .reader import RawTable

__all__ = ["parse_numbers", "parse_months"]


def parse_numbers(
    raw: RawTable,
    column: str,
    problems: Problems,
    *,
    kind: str = "count",
    low: float | None = None,
    high: float | None = None,
    allow_empty: bool = False,
    what: str = "",
) -> pd.Series:
    """Parse one column as numbers, adding a problem (row and column) for each bad cell."""
    text = raw.frame[column]
    if raw.decimal_comma:
        text = text.str.replace(r"^(-?\d+),(\d+)$", r"\1.\2", regex=True)
    empty = text.eq("")
    values = pd.to_numeric(text.where(~empty), errors="coerce").astype(float)
    bad_text = ~empty & (values.isna() | ~np.isfinite(values.fillna(0)))
    rows = raw.rows
    for i in np.flatnonzero(bad_text.to_numpy()):
        cell = raw.frame[column].iloc[i]
        if "," in cell and re.fullmatch(r"-?[\d,]+(\.\d+)?", cell):
            problems.add(
                int(rows[i]), column, f"'{cell}' has a comma: write numbers without separators"
            )
        else:
            problems.add(int(rows[i]), column, f"'{cell}' is not a number")
    if not allow_empty:
        fix = "; enter 0 if there were none" if kind == "count" else ""
        for i in np.flatnonzero(empty.to_numpy()):
            problems.add(int(rows[i]), column, f"the cell is empty{fix}")
    ok = ~empty & ~bad_text
    if kind == "count":
        negative = ok & (values < 0)
        for i in np.flatnonzero(negative.to_numpy()):
            problems.add(
                int(rows[i]),
                column,
                f"{_num(values.iloc[i])} is negative; counts must be zero or more",
            )
        fraction = ok & (values >= 0) & (values != np.floor(values))
        for i in np.flatnonzero(fraction.to_numpy()):
            problems.add(
                int(rows[i]), column, f"{_num(values.iloc[i])} is not a whole number{what}"
            )
        ok = ok & ~negative & ~fraction
    if low is not None or high is not None:
        outside = ok & (
            (values < low if low is not None else False)
            | (values > high if high is not None else False)
        )
        for i in np.flatnonzero(np.asarray(outside)):
            problems.add(
                int(rows[i]), column, f"{_num(values.iloc[i])} is outside the allowed range{what}"
            )
    return values


def _num(x: float) -> str:
    return f"{x:g}"


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})(?:[-/](\d{1,2}))?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MY = re.compile(r"^(\d{1,2})[/.-](\d{4})$")
_NAMED = re.compile(r"^([A-Za-z]{3,9})\.?[\s\-/]+(\d{2}|\d{4})$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def parse_months(raw: RawTable, column: str, problems: Problems) -> pd.Series:
    """Parse a month column (YYYY-MM, YYYY-MM-DD, MM/YYYY, Apr-24, 01/04/2024 ...)."""
    text = raw.frame[column]
    uniques = pd.unique(text)
    parsed: dict[str, tuple[int, int] | None] = {}
    slashed: dict[str, tuple[int, int, int]] = {}
    for value in uniques:
        result = None
        if m := _ISO.match(value):
            year, month = int(m[1]), int(m[2])
            day = int(m[3]) if m[3] else 1
            result = (year, month) if _valid_day(year, month, day) else None
        elif m := _MY.match(value):
            result = (int(m[2]), int(m[1])) if 1 <= int(m[1]) <= 12 else None
        elif m := _NAMED.match(value):
            month = _MONTHS.get(m[1].lower())
            year = int(m[2]) + (2000 if len(m[2]) == 2 else 0)
            result = (year, month) if month else None
        elif m := _DMY.match(value):
            slashed[value] = (int(m[1]), int(m[2]), int(m[3]))
            continue
        parsed[value] = result
    if slashed:
        firsts = {a for a, _, _ in slashed.values()}
        seconds = {b for _, b, _ in slashed.values()}
        day_first = any(a > 12 for a in firsts)
        month_first = any(b > 12 for b in seconds)
        order = None
        if day_first and not month_first:
            order = "dmy"
        elif month_first and not day_first:
            order = "mdy"
        elif not day_first and not month_first:
            if firsts == {1}:
                order = "dmy"
            elif seconds == {1}:
                order = "mdy"
        if order is None:
            sample = next(iter(slashed))
            i = int(np.argmax(text.eq(sample).to_numpy()))
            a, b, y = slashed[sample]
            problems.add(
                int(raw.rows[i]),
                column,
                f"'{sample}' could be {a} {calendar.month_name[b] if b <= 12 else '?'} {y} or "
                f"{calendar.month_name[a] if a <= 12 else '?'} {b} {y}; write months as "
                "year-month (e.g. 2024-05 for May 2024) so the date is not ambiguous",
            )
            return pd.Series([None] * len(text), index=text.index, dtype=object)
        raw.notes.append(
            "read dates such as "
            + next(iter(slashed))
            + " as "
            + ("day/month/year" if order == "dmy" else "month/day/year")
        )
        for value, (a, b, y) in slashed.items():
            day, month = (a, b) if order == "dmy" else (b, a)
            parsed[value] = (y, month) if _valid_day(y, month, day) else None
    bad = text.map(lambda s: parsed.get(s) is None)
    for i in np.flatnonzero(bad.to_numpy()):
        cell = text.iloc[i]
        message = (
            "the cell is empty; enter the month as 2024-04"
            if cell == ""
            else f"'{cell}' is not a month; write it as 2024-04 (year-month)"
        )
        problems.add(int(raw.rows[i]), column, message)
    return text.map(
        lambda s: (
            None
            if parsed.get(s) is None
            else pd.Period(year=parsed[s][0], month=parsed[s][1], freq="M")
        )
    )
