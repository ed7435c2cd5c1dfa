r"""Cells to values: numbers and months, each bad cell reported by row and column.

Examples
--------
>>> from guidance.core.monitoring.reader import Column, TableSpec, read_table
>>> spec = TableSpec("t", (Column("month", "month", True, ""), Column("n", "count", True, "")))
>>> raw = read_table(b"month,n\nApr-24,3\n", spec)
>>> problems = Problems("t")
>>> parse_numbers(raw, "n", problems).tolist(), parse_months(raw, "month", problems).tolist()
([3.0], [Period('2024-04', 'M')])
"""

from __future__ import annotations

import calendar
import math
import re
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pandas as pd

from .problems import Problems
from .reader import RawTable

__all__ = [
    "MAX_COUNT",
    "MIN_YEAR",
    "decimal_mark",
    "mark_note",
    "parse_numbers",
    "parse_months",
]


MAX_COUNT = 100_000
"""Largest count a cell may hold: far above one specialist's month, far below an overflow."""

_PLAIN = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_AMBIGUOUS = re.compile(r"^[+-]?[1-9]\d{0,2}[.,]\d{3}$")  # 1.000 or 1,000: one group
_DOT_GROUPS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$")  # 1.234.567,5
_COMMA_GROUPS = re.compile(r"^[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")  # 1,234,567.5
_COMMA_DECIMAL = re.compile(r"^[+-]?\d*,\d+$")


def _style(cell: str) -> str | None:
    """Which decimal mark a number must be using: 'point', 'comma', or None (cannot tell)."""
    if _AMBIGUOUS.match(cell):
        return None
    if _COMMA_GROUPS.match(cell) or ("." in cell and _PLAIN.match(cell)):
        return "point"
    if _DOT_GROUPS.match(cell) or _COMMA_DECIMAL.match(cell):
        return "comma"
    return None


def decimal_mark(raw: RawTable, columns: Sequence[str], problems: Problems) -> str | None:
    """The decimal mark the file's numbers use: 'point', 'comma', or None if none shows it.

    A number such as ``0.6`` or ``1,234.5`` can only have a decimal point, ``0,6`` or
    ``1.234,5`` only a decimal comma; ``1.000`` could be either (one, or one thousand). A
    table read from a DataFrame holds Python numbers: always a point. A file that uses both
    marks is refused, naming a cell of each.

    Examples
    --------
    >>> from guidance.core.monitoring.reader import Column, TableSpec, read_table
    >>> spec = TableSpec("t", (Column("fte", "fte", True, ""), Column("n", "count", True, "")))
    >>> decimal_mark(read_table(b"fte;n\\n0,6;1.000\\n", spec), ["fte", "n"], Problems("t"))
    'comma'
    """
    if raw.delimiter is None:
        return "point"
    found: dict[str, tuple[str, str]] = {}
    for column in columns:
        for cell in raw.distinct(column)[1]:
            style = _style(cell) if cell and not cell.isdigit() else None
            if style and style not in found:
                found[style] = (column, cell)
        if len(found) == 2:
            (c1, v1), (c2, v2) = found["point"], found["comma"]
            r1, r2 = _row_of(raw, c1, v1), _row_of(raw, c2, v2)
            problems.fail(
                r2,
                c2,
                f"'{v2}' has a decimal comma but row {r1}, column '{c1}' has '{v1}' with a "
                "decimal point: write every number the same way, without separators "
                "between thousands (1000, 0.5)",
            )
    return next(iter(found), None)


def mark_note(raw: RawTable, columns: Sequence[str], mark: str | None) -> str | None:
    """A line for the load summary when numbers were read with separators, else None.

    Examples
    --------
    >>> from guidance.core.monitoring.reader import Column, TableSpec, read_table
    >>> spec = TableSpec("t", (Column("n", "count", True, ""), Column("m", "count", True, "")))
    >>> mark_note(read_table(b'n,m\\n"1,200",3\\n', spec), ["n", "m"], "point")
    "read numbers such as '1,200' with commas between thousands (1,200 is 1200)"
    """
    if raw.delimiter is None:
        return None
    separator = "." if mark == "comma" else ","
    for column in columns:
        cell = next((c for c in raw.distinct(column)[1] if separator in c), None)
        if cell is None:
            continue
        if mark == "comma":
            return f"read numbers such as '{cell}' with decimal commas (0,6 is 0.6; 1.200 is 1200)"
        return f"read numbers such as '{cell}' with commas between thousands (1,200 is 1200)"
    if mark == "comma":
        return "read numbers with decimal commas (0,6 is 0.6)"
    return None


def _row_of(raw: RawTable, column: str, cell: str) -> int:
    """The spreadsheet row of the first cell in ``column`` that holds ``cell``."""
    return int(raw.rows[raw.frame[column].tolist().index(cell)])


def _read(cell: str, mark: str | None, delimiter: str | None) -> tuple[str | None, str]:
    """The cell as a plain number (``1234.5``), or None and the reason it is not one."""
    text = cell
    if _AMBIGUOUS.match(cell) and mark is None:
        sep = cell[-4]
        if sep == "," and delimiter == ",":
            text = cell.replace(",", "")  # a quoted 1,000 in a comma-separated file
        else:
            whole, part = cell[:-4], cell[-3:]
            one = f"{whole}.{part}".rstrip("0").rstrip(".")
            how = "a decimal point" if sep == "." else "a decimal comma"
            return None, (
                f"'{cell}' could be {one} (with {how}) or {whole}{part} (with a "
                f"{'dot' if sep == '.' else 'comma'} between thousands), and no other number "
                "in the file shows which: write it without separators (e.g. "
                f"{whole}{part})"
            )
    elif mark == "comma" and (_DOT_GROUPS.match(cell) or _COMMA_DECIMAL.match(cell)):
        text = cell.replace(".", "").replace(",", ".")
    elif mark == "point" and _COMMA_GROUPS.match(cell):
        text = cell.replace(",", "")
    if not _PLAIN.match(text):
        if "," in cell and re.fullmatch(r"[+-]?[\d,.]+", cell):
            return None, f"'{cell}' has a comma that is not between thousands or before decimals"
        return None, f"'{cell}' is not a number"
    return text, ""


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
    mark: str | None = "point",
) -> pd.Series:
    """Parse one column as numbers, adding a problem (row and column) for each bad cell.

    ``kind`` is ``"count"`` (a whole number from 0 to :data:`MAX_COUNT`, read exactly) or
    ``"fte"`` (any finite number); ``low`` and ``high`` bound the values; ``mark`` is the
    file's decimal mark from :func:`decimal_mark`.
    """
    codes, uniques = raw.distinct(column)
    if low is not None and low > 0 and what:
        enter = "enter a value"  # ``what`` says which values are allowed
    elif low is not None and low > 0 and high is not None:
        enter = f"enter a value from {_num(low)} to {_num(high)}"
    else:
        enter = "enter 0 if there were none" if kind == "count" else "enter a number"
    found = [
        ("" if allow_empty else f"the cell is empty; {enter}{what}")
        if cell == ""
        else _value(cell, kind, low, high, what, mark, raw.delimiter)
        for cell in uniques
    ]
    table = np.array([x if isinstance(x, float) else np.nan for x in found])
    values = table[codes] if len(table) else np.full(len(codes), np.nan)
    bad = np.array([isinstance(x, str) and x != "" for x in found], dtype=bool)
    if bad.any():
        for i in np.flatnonzero(bad[codes]):
            problems.add(int(raw.rows[i]), column, found[codes[i]])
    return pd.Series(values, index=raw.frame.index, name=column)


def _value(
    cell: str,
    kind: str,
    low: float | None,
    high: float | None,
    what: str,
    mark: str | None,
    delimiter: str | None,
) -> float | str:
    """The cell's value, or the problem with it (a message without row and column)."""
    text, reason = _read(cell, mark, delimiter)
    if text is None:
        return reason
    if kind == "count":
        exact = Decimal(text)
        if high is not None and exact > high:
            return f"{cell} is outside the allowed range{what}"
        if exact < 0:
            return f"{_num(float(exact))} is negative; counts must be zero or more"
        if exact > MAX_COUNT:
            return (
                f"'{cell}' is more than {MAX_COUNT:,}, the most a count in one row can be: "
                "check the cell (a pasted code, or a number Excel wrote as 1.23E+19?)"
            )
        if exact != exact.to_integral_value():
            return f"{cell} is not a whole number{what}"
        value = float(exact)
    else:
        value = float(text)
        if not math.isfinite(value):
            return f"'{cell}' is not a number"
    if (low is not None and value < low) or (high is not None and value > high):
        return f"{_num(value)} is outside the allowed range{what}"
    return value


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


MIN_YEAR = 1990
"""Earliest year a month may be in: older dates are typing slips (0000-01) or empty Excel dates."""

_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")


def _ordinal(year: int, month: int) -> int:
    """A month as pandas numbers it (months since January 1970)."""
    return (year - 1970) * 12 + month - 1


def _month_problem(cell: str) -> str:
    if cell == "":
        return "the cell is empty; enter the month as 2024-04"
    if _SERIAL.match(cell):
        day = date(1899, 12, 30) + timedelta(days=int(float(cell)))
        return (
            f"'{cell}' looks like a spreadsheet date number ({day.isoformat()} in Excel's "
            "usual date system), not a month: format the month column as text such as "
            "2024-04 and save again"
        )
    if (m := _ISO.match(cell)) and int(m[1]) < MIN_YEAR:
        return f"'{cell}' is not a month from {MIN_YEAR} on; write it as 2024-04 (year-month)"
    return f"'{cell}' is not a month; write it as 2024-04 (year-month)"


def _slash_order(
    slashed: dict[str, tuple[int, int, int]],
    cells: list[str],
    raw: RawTable,
    column: str,
    problems: Problems,
) -> str | None:
    """'dmy' or 'mdy' for dates such as 01/04/2024, or None (a problem is added)."""
    day_first = [v for v, (a, _, _) in slashed.items() if a > 12]
    month_first = [v for v, (_, b, _) in slashed.items() if b > 12]
    firsts = {a for a, _, _ in slashed.values()}
    seconds = {b for _, b, _ in slashed.values()}
    if day_first and not month_first:
        return "dmy"
    if month_first and not day_first:
        return "mdy"
    if not day_first and firsts == {1}:
        return "dmy"
    if not day_first and seconds == {1}:
        return "mdy"

    def row(value: str) -> int:
        return int(raw.rows[cells.index(value)])

    if day_first and month_first:
        d, m = day_first[0], month_first[0]
        problems.add(
            row(m),
            column,
            f"'{m}' can only be month/day/year but '{d}' (row {row(d)}) can only be "
            "day/month/year: write months as year-month (e.g. 2024-05 for May 2024)",
        )
        return None
    sample = next(iter(slashed))
    a, b, y = slashed[sample]
    problems.add(
        row(sample),
        column,
        f"'{sample}' could be {a} {calendar.month_name[b]} {y} or "
        f"{calendar.month_name[a]} {b} {y}; write months as "
        "year-month (e.g. 2024-05 for May 2024) so the date is not ambiguous",
    )
    return None


def parse_months(raw: RawTable, column: str, problems: Problems) -> pd.Series:
    """Parse a month column (YYYY-MM, YYYY-MM-DD, MM/YYYY, Apr-24, 01/04/2024 ...).

    Returns a Series of monthly periods (missing where a cell is not a month, each such
    cell added to ``problems`` with its row).
    """
    cells = raw.frame[column].tolist()
    codes, distinct = raw.distinct(column)
    parsed: dict[str, tuple[int, int] | None] = {}
    slashed: dict[str, tuple[int, int, int]] = {}
    for value in distinct:
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
        parsed[value] = result if result is None or result[0] >= MIN_YEAR else None
    nat = np.iinfo(np.int64).min
    if slashed:
        order = _slash_order(slashed, cells, raw, column, problems)
        if order is None:
            return pd.Series(
                pd.arrays.PeriodArray(np.full(len(cells), nat), dtype=pd.PeriodDtype("M")),
                index=raw.frame.index,
            )
        raw.notes.append(
            "read dates such as "
            + next(iter(slashed))
            + " as "
            + ("day/month/year" if order == "dmy" else "month/day/year")
        )
        for value, (a, b, y) in slashed.items():
            day, month = (a, b) if order == "dmy" else (b, a)
            ok = _valid_day(y, month, day) and y >= MIN_YEAR
            parsed[value] = (y, month) if ok else None
    table = np.array([nat if parsed[v] is None else _ordinal(*parsed[v]) for v in distinct])
    ordinals = table[codes] if len(table) else np.full(len(codes), nat)
    for i in np.flatnonzero(ordinals == nat):
        problems.add(int(raw.rows[i]), column, _month_problem(cells[i]))
    return pd.Series(
        pd.arrays.PeriodArray(ordinals, dtype=pd.PeriodDtype("M")), index=raw.frame.index
    )
