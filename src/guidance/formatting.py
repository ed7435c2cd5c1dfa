"""Numbers written the GOV.UK way: £2,000, 38%, 16,314.

Example
-------
>>> gbp(6451.6), pct(0.306), whole(16314.48)
('£6,452', '31%', '16,314')
"""

from __future__ import annotations

import math

from . import validation as v

__all__ = ["gbp", "pct", "whole", "decimal", "format_value"]


def gbp(value: float, decimals: int = 0) -> str:
    """Money in pounds with a thousands comma: ``£2,000``; large round sums as ``£6m``.

    Examples
    --------
    >>> gbp(2000), gbp(6_000_000), gbp(1.5, 2)
    ('£2,000', '£6m', '£1.50')
    """
    value = v.number("value", value)
    if abs(value) >= 1_000_000 and value % 100_000 == 0:
        text = f"£{abs(value) / 1_000_000:,.1f}".rstrip("0").rstrip(".") + "m"
    else:
        text = f"£{abs(value):,.{decimals}f}"
    return "-" + text if value < 0 else text


def pct(value: float, decimals: int = 0) -> str:
    """A share (0-1) as a percentage: ``0.3`` -> ``30%``.

    Examples
    --------
    >>> pct(0.215, 1)
    '21.5%'
    """
    return f"{v.number('value', value) * 100:.{decimals}f}%"


def whole(value: float) -> str:
    """A count rounded half up with a thousands comma.

    Examples
    --------
    >>> whole(1640.4)
    '1,640'
    """
    value = v.number("value", value)
    return f"{math.floor(value + 0.5):,}"


def decimal(value: float, decimals: int = 1) -> str:
    """A number with a fixed count of decimals and a thousands comma.

    Examples
    --------
    >>> decimal(101.96)
    '102.0'
    """
    return f"{v.number('value', value):,.{decimals}f}"


def format_value(value: float, unit: str) -> str:
    """Format ``value`` for its evidence-register ``unit``.

    Examples
    --------
    >>> format_value(0.7, "share"), format_value(2500, "GBP"), format_value(25, "clients")
    ('70%', '£2,500', '25')
    """
    if isinstance(value, float) and math.isnan(value):
        return "not computed"
    if unit == "share":
        return pct(value)
    if unit.startswith("GBP"):
        return gbp(value)
    if float(value).is_integer():
        return whole(value)
    return decimal(value)
