"""A published range as a sentence of quantities: "at least 70%", "£2,000 to £2,500".

The calculation layer keeps a range as numbers: its ``low`` and ``high`` ends (``None`` for
an open end) and an evidence-register unit. A calculator that shows a range puts
:func:`range_text` in its output, a :class:`~guidance.calculators.spec.Text` whose numbers
stay numbers until the presentation layer formats them; the presentation layer's
:func:`guidance.presentation.words.range_in_words` gives the same range as plain words.

Example
-------
>>> from guidance.presentation.render import text
>>> text(range_text(0.7, None, "share")), text(range_text(2000, 2500, "GBP"))
('at least 70%', '£2,000 to £2,500')
"""

from __future__ import annotations

from ..core import validation as v
from ..core.evidence import UNITS
from .spec import Q, Text

__all__ = ["register_q", "range_text"]


def register_q(value: float, unit: str) -> Q:
    """A value with an evidence-register unit as a :class:`~guidance.calculators.spec.Q`.

    A share stays a share (shown as a whole percentage), money in any ``GBP`` unit is
    money (whole pounds), and anything else is a count: whole when the value is whole,
    otherwise a number shown to one decimal place.

    Raises
    ------
    TypeError, ValueError
        If ``value`` is not a finite number or ``unit`` is not a register unit.

    Examples
    --------
    >>> register_q(0.7, "share"), register_q(2500, "GBP per year")
    (Q(value=0.7, unit='share', decimals=None), Q(value=2500.0, unit='GBP', decimals=None))
    >>> register_q(25, "clients"), register_q(2.5, "contacts per week")
    (Q(value=25.0, unit='count', decimals=None), Q(value=2.5, unit='number', decimals=1))
    """
    unit = v.choice("unit", unit, UNITS)
    value = v.number("value", value)
    if unit == "share":
        return Q(value, "share")
    if unit.startswith("GBP"):
        return Q(value, "GBP")
    return Q(value, "count") if value.is_integer() else Q(value, "number", 1)


def range_text(low: float | None, high: float | None, unit: str) -> Text:
    """A range as the guide states it: "at least" a low end, "at most" a high end, or
    "low to high" when it has both.

    Parameters
    ----------
    low, high : float or None
        The ends of the range; ``None`` for an open end (not both).
    unit : str
        The evidence-register unit of both ends (see :func:`register_q`).

    Raises
    ------
    TypeError, ValueError
        If both ends are open, an end is not a finite number or ``unit`` is not a
        register unit.

    Examples
    --------
    >>> range_text(None, 25, "clients").parts
    ('at most ', Q(value=25.0, unit='count', decimals=None))
    >>> range_text(0.3, 0.56, "share").parts[1]
    ' to '
    """
    if low is None and high is None:
        raise ValueError("a range needs a low or a high end (or both)")
    if not isinstance(unit, str):
        raise TypeError(f"unit must be an evidence-register unit (text); got {unit!r}")
    low_q = None if low is None else register_q(v.number("low", low), unit)
    high_q = None if high is None else register_q(v.number("high", high), unit)
    if low_q is not None and high_q is not None:
        return Text(low_q, " to ", high_q)
    return Text("at least ", low_q) if low_q is not None else Text("at most ", high_q)
