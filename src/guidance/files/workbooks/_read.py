"""Read the package's own values out of a calculator's output, for the agreement test.

Example
-------
>>> from guidance.calculators import get
>>> out = get("cashable_savings").run()
>>> cell(0, "low", 2)(out, {})
540000.0
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from ...calculators.spec import Output, Q, Text
from ...presentation.render import text

__all__ = ["number", "cell", "check", "Expected"]

Expected = Callable[[Output, Mapping[str, Any]], Any]


def number(value: Any) -> Any:
    """A table cell as a plain value: a Q's number (NaN for none), text as text."""
    if isinstance(value, Q):
        return math.nan if value.value is None else float(value.value)
    if isinstance(value, Text):
        return value.plain()
    if value is None:
        return math.nan
    if isinstance(value, str):
        return value
    return float(value)


def cell(table: int, row: str | int, column: int) -> Expected:
    """The package's value in table ``table``, the row whose first cell is ``row`` (or
    row number ``row``), column ``column``."""

    def read(out: Output, _values: Mapping[str, Any]) -> Any:
        rows = out.tables[table].rows
        if isinstance(row, int):
            return number(rows[row][column])
        for r in rows:
            if r[0] == row:
                return number(r[column])
        raise KeyError(f"no row {row!r} in table {table}")

    return read


def check(index: int, what: str) -> Expected:
    """A KPI check's ``value`` (a number, NaN when not computed), ``status`` (words) or
    ``suggested`` range (in words, as the calculator shows it)."""

    def read(out: Output, _values: Mapping[str, Any]) -> Any:
        c = out.checks[index]
        if what == "value":
            return number(c.value)
        return text(c.suggested) if what == "suggested" else c.status

    return read
