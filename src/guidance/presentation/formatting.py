"""Numbers written the GOV.UK way: £2,000, 38%, 16,314.

Example
-------
>>> gbp(6451.6), pct(0.306), whole(16314.48)
('£6,452', '31%', '16,314')
"""

from __future__ import annotations

import math

from ..core import validation as v
from ..core.evidence import UNITS

__all__ = ["gbp", "pct", "whole", "decimal", "fte", "format_value", "format_published"]

MAX_DECIMALS = 10

HUGE = 1e12
"""From this magnitude a number is written in trillions (``£9.6 trillion``): no service
costs or counts that much, and a person can read the words where 13 or more digits blur."""

ABSURD = 1e15
"""From this magnitude a number is not written at all: ``more than 1,000 trillion``."""


def _huge(value: float, prefix: str = "", suffix: str = "") -> str | None:
    """Words for a magnitude no person could mean (None for an ordinary one).

    >>> _huge(9.6e12, "£"), _huge(1e300), _huge(-1e300, "£"), _huge(12.0)
    ('£9.6 trillion', 'more than 1,000 trillion', 'less than -£1,000 trillion', None)
    """
    if abs(value) >= ABSURD:
        return ("more than " if value > 0 else "less than -") + f"{prefix}1,000 trillion{suffix}"
    if abs(value) >= HUGE:
        words = f"{abs(value) / 1e12:,.1f}".rstrip("0").rstrip(".") + " trillion"
        return ("-" if value < 0 else "") + f"{prefix}{words}{suffix}"
    return None


def _signed(value: float, text: str) -> str:
    """``text`` (a magnitude) with a minus sign only if what is shown is not zero: a tiny
    negative rounded to ``0`` is never written ``-0``."""
    return "-" + text if value < 0 and any(c in "123456789" for c in text) else text


def _decimals(decimals: object) -> int:
    decimals = v.count("decimals", decimals)
    if decimals > MAX_DECIMALS:
        raise ValueError(f"decimals must be at most {MAX_DECIMALS}; got {decimals}")
    return decimals


def gbp(value: float, decimals: int = 0) -> str:
    """Money in pounds with a thousands comma: ``£2,000``; large round sums as ``£6m``.

    Examples
    --------
    >>> gbp(2000), gbp(6_000_000), gbp(1.5, 2), gbp(-0.2), gbp(9.6e12)
    ('£2,000', '£6m', '£1.50', '£0', '£9.6 trillion')
    """
    value = v.number("value", value)
    decimals = _decimals(decimals)
    huge = _huge(value, "£")
    if huge:
        return huge
    if abs(value) >= 1_000_000 and value % 100_000 == 0:
        text = f"£{abs(value) / 1_000_000:,.1f}".rstrip("0").rstrip(".") + "m"
    else:
        text = f"£{abs(value):,.{decimals}f}"
    return _signed(value, text)


def pct(value: float, decimals: int = 0) -> str:
    """A share (0-1) as a percentage: ``0.3`` -> ``30%``.

    Examples
    --------
    >>> pct(0.215, 1), pct(-0.001)
    ('21.5%', '0%')
    """
    value = v.number("value", value)
    huge = _huge(value * 100, suffix="%")
    return huge or _signed(value, f"{abs(value) * 100:,.{_decimals(decimals)}f}") + "%"


def whole(value: float) -> str:
    """A count rounded half up with a thousands comma.

    Examples
    --------
    >>> whole(1640.4)
    '1,640'
    """
    value = v.number("value", value)
    return _huge(value) or f"{math.floor(value + 0.5):,}"


def decimal(value: float, decimals: int = 1) -> str:
    """A number with a fixed count of decimals and a thousands comma.

    Examples
    --------
    >>> decimal(101.96), decimal(-0.04), decimal(-2.5e20)
    ('102.0', '0.0', 'less than -1,000 trillion')
    """
    value = v.number("value", value)
    return _huge(value) or _signed(value, f"{abs(value):,.{_decimals(decimals)}f}")


def fte(value: float) -> str:
    """Full-time equivalent posts to one decimal place, without a trailing ``.0``.

    Examples
    --------
    >>> fte(101.97), fte(16.99), fte(1.6875)
    ('102', '17', '1.7')
    """
    text = decimal(value, 1)
    return text[:-2] if text.endswith(".0") else text


def format_published(value: float, unit: str, decimals: int) -> str:
    """Format a register value for its ``unit`` at the precision it was published to.

    ``decimals`` is the number of decimal places of ``value`` as published (as a share
    for a ``share``: 0.306 has 3 and shows as 30.6%). Nothing is rounded away.

    Examples
    --------
    >>> format_published(0.306, "share", 3), format_published(0.7, "share", 2)
    ('30.6%', '70%')
    >>> format_published(1.32, "ratio", 2), format_published(2500, "GBP", 0)
    ('1.32', '£2,500')
    >>> format_published(1, "yes or no", 0)
    'yes'
    """
    unit = v.choice("unit", unit, UNITS)
    places = _decimals(decimals)
    if unit == "yes or no":
        return _yes_no(value)
    if unit == "share":
        return pct(value, max(0, places - 2))
    if unit.startswith("GBP"):
        return gbp(value, places)
    return decimal(value, places)


def _yes_no(value: float) -> str:
    """A ``yes or no`` register value (1 or 0) in words."""
    value = v.number("value", value)
    if value not in (0, 1):
        raise ValueError(f"a 'yes or no' value is 1 (yes) or 0 (no); got {value}")
    return "yes" if value == 1 else "no"


def format_value(value: float, unit: str) -> str:
    """Format ``value`` for its evidence-register ``unit``.

    Examples
    --------
    >>> format_value(0.7, "share"), format_value(2500, "GBP"), format_value(25, "clients")
    ('70%', '£2,500', '25')
    """
    unit = v.choice("unit", unit, UNITS)
    if isinstance(value, float) and math.isnan(value):
        return "not computed"
    if unit == "yes or no":
        return _yes_no(value)
    if unit == "share":
        return pct(value)
    if unit.startswith("GBP"):
        return gbp(value)
    if float(v.number("value", value)).is_integer():
        return whole(value)
    return decimal(value)
