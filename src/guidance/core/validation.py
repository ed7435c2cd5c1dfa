"""Checks shared by every calculation: each raises a clear error naming the parameter.

Every public function in :mod:`guidance` validates its inputs with these helpers, so a
commissioner who types a negative count or a rate of 140% is told which field is wrong
and what is allowed, instead of getting a silent nonsense result.

Example
-------
>>> share("share_interested", 0.3)
0.3
>>> share("share_interested", 1.4)
Traceback (most recent call last):
...
ValueError: share_interested must be a share between 0 and 1 (e.g. 0.3 for 30%); got 1.4
"""

from __future__ import annotations

import math
import numbers

__all__ = [
    "number",
    "whole_between",
    "share",
    "non_negative",
    "positive",
    "count",
    "positive_count",
    "choice",
    "located",
]


def number(name: str, value: object) -> float:
    """Return ``value`` as a finite float, or raise naming ``name``.

    Parameters
    ----------
    name : str
        The parameter's name, used in the error message.
    value : object
        What the user supplied.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``value`` is not a real number (``bool`` and ``None`` are refused too).
    ValueError
        If ``value`` is NaN or infinite.

    Examples
    --------
    >>> number("budget", 12)
    12.0
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number; got {value!r} ({type(value).__name__})")
    try:
        result = float(value)
    except OverflowError:
        raise ValueError(f"{name} must be a finite number; got one too large to use") from None
    if math.isnan(result) or math.isinf(result):
        raise ValueError(f"{name} must be a finite number; got {value!r}")
    return result


def share(name: str, value: object) -> float:
    """Return a share (a rate or proportion) between 0 and 1 inclusive.

    Examples
    --------
    >>> share("access_rate", 0.7)
    0.7
    """
    result = number(name, value)
    if not 0.0 <= result <= 1.0:
        raise ValueError(
            f"{name} must be a share between 0 and 1 (e.g. 0.3 for 30%); got {value!r}"
        )
    return result


def non_negative(name: str, value: object) -> float:
    """Return a number that is zero or more.

    Examples
    --------
    >>> non_negative("budget", 0)
    0.0
    """
    result = number(name, value)
    if result < 0:
        raise ValueError(f"{name} must be zero or more; got {value!r}")
    return result


def positive(name: str, value: object) -> float:
    """Return a number strictly greater than zero (for anything that divides).

    Examples
    --------
    >>> positive("clients_per_es_per_year", 40)
    40.0
    """
    result = number(name, value)
    if result <= 0:
        raise ValueError(f"{name} must be greater than zero; got {value!r}")
    return result


def count(name: str, value: object) -> int:
    """Return a whole number of people or items, zero or more.

    Examples
    --------
    >>> count("in_contact", 3654)
    3654
    """
    result = non_negative(name, value)
    if result != int(result):
        raise ValueError(f"{name} must be a whole number; got {value!r}")
    return int(result)


def positive_count(name: str, value: object) -> int:
    """Return a whole number that is at least 1.

    Examples
    --------
    >>> positive_count("contract_months", 36)
    36
    """
    result = count(name, value)
    if result < 1:
        raise ValueError(f"{name} must be a whole number of at least 1; got {value!r}")
    return result


def choice(name: str, value: object, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``allowed``.

    Examples
    --------
    >>> choice("model", "IPS", ("IPS", "SEQF"))
    'IPS'
    """
    if (
        not isinstance(allowed, (tuple, list))
        or not allowed
        or not all(isinstance(a, str) for a in allowed)
    ):
        raise TypeError(f"allowed must be a non-empty tuple of strings; got {allowed!r}")
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {options}; got {value!r}")
    return value


class located:  # noqa: N801 - used like a function: ``with located("ratings['plan']"):``
    """Say where a bad value sits inside a container, e.g. ``ratings['plan']``.

    A ``ValueError`` or ``TypeError`` raised by the checks inside the ``with`` block gets
    ``(where)`` added to its message, so the message names the parameter that holds the
    item as well as the item. Other exceptions (and subclasses such as
    :class:`guidance.core.evidence.EvidenceError`) pass through unchanged.

    Examples
    --------
    >>> with located("ratings['plan']"):
    ...     count("rating for plan", -1)
    Traceback (most recent call last):
    ...
    ValueError: rating for plan must be zero or more; got -1 (ratings['plan'])
    """

    def __init__(self, where: str):
        if not isinstance(where, str) or not where.strip():
            raise TypeError(f"where must be a non-empty text naming the item; got {where!r}")
        self.where = where

    def __enter__(self) -> located:
        return self

    def __exit__(self, kind, error, traceback) -> bool:
        if kind in (ValueError, TypeError) and self.where not in str(error):
            raise kind(f"{error} ({self.where})") from None
        return False


def whole_between(name: str, value: object, low: int, high: int, noun: str = "whole number") -> int:
    """Return a whole number from ``low`` to ``high`` inclusive (a score on a scale).

    The message names the parameter and the scale, e.g. "must be a whole score from 1 to 5".

    Examples
    --------
    >>> whole_between("caseload_size", 4, 1, 5, noun="whole score")
    4
    >>> whole_between("raw", 36, 7, 35, noun="whole SWEMWBS raw score")
    Traceback (most recent call last):
    ...
    ValueError: raw must be a whole SWEMWBS raw score from 7 to 35; got 36
    """
    message = f"{name} must be a {noun} from {low} to {high}; got {value!r}"
    if isinstance(value, bool) or value is None:
        raise TypeError(message)
    try:
        result = number(name, value)
    except TypeError:
        raise TypeError(message) from None
    except ValueError:
        raise ValueError(message) from None
    if result != math.floor(result) or not low <= result <= high:
        raise ValueError(message)
    return int(result)
