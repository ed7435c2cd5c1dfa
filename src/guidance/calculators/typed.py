"""What a person types for an input, read one way by every front end.

The web pages, the command line (``--set``), links from the book and the notebook widgets
all read typed text with :func:`read`, and write a value back as text with :func:`shown`,
so ``0.5`` means the same everywhere and every refusal is the same plain-English message
naming the input and what is allowed.

The rules (the README and the book's "How to use this book" say the same):

* **Numbers** are written with a full stop for decimals; commas (or spaces) may separate
  thousands in groups of three (``12,500``, ``12 500``). A ``£`` may come before an amount
  of money. Nothing else: no ``1e6``, no words.
* **A decimal comma is never guessed.** ``12,5`` could mean 12.5 or 125, so it gets a
  message naming both readings. In a whole-number box ``1.500`` could mean 1.5 or 1,500 and
  gets the same kind of message.
* **Percentages** are typed as percentages: ``25`` and ``25%`` both mean 25%. A bare number
  above 0 and at most 1 (``0.25``, ``1``) could be a share (25%, 100%) or a percentage
  (0.25%, 1%), so it gets a message asking for the ``%`` sign; ``0.25%`` means 0.25%.
* ``-0`` is 0. A value outside the input's range gets a message naming the range.
* **Choices** are typed as their value or their label. **Text** may not hold characters
  that cannot be saved (a lone surrogate from a broken paste) or control characters, and
  is at most :data:`~guidance.calculators.spec.MAX_TEXT` characters; it is never cut.

Files the guide writes (scenario files, exports) hold numbers in package units instead: a
percentage is a share between 0 and 1 (0.3 is 30%), stated as such in the file.

Examples
--------
>>> from guidance.calculators import get
>>> sizing = get("service_sizing")
>>> read(sizing.input("reach_per_year"), "25"), read(sizing.input("reach_per_year"), "0.5%")
(0.25, 0.005)
>>> read(sizing.input("in_contact"), "12,500")
12500
>>> read(sizing.input("in_contact"), "12,5")
Traceback (most recent call last):
...
guidance.calculators.spec.InputError: People in contact with services: '12,5' could mean 12.5 \
(a decimal comma) or 125 (a thousands comma). Type a whole number between 0 people and \
10,000,000 people, with a full stop for decimals and commas only between thousands.
>>> shown(sizing.input("reach_per_year"), 0.25), shown(sizing.input("reach_per_year"), 0.005)
('25', '0.5%')
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from .spec import Input, InputError

__all__ = ["MAX_TYPED", "read", "shown"]

MAX_TYPED = 100
"""The most characters a typed number or choice may have (text inputs have their own limit)."""

_SPACES = "\u00a0\u202f\u2009\u2007\t"  # no-break, narrow no-break, thin, figure, tab
_MINUSES = "\u2212\u2012\u2013"  # minus sign, figure dash, en dash
_NUMBER = re.compile(
    r"(?P<sign>[-+]?)(?P<pound>£?) ?(?P<sign2>[-+]?)"
    r"(?P<whole>\d{1,3}(?P<sep>[, ])\d{3}(?:(?P=sep)\d{3})*|\d*)"
    r"(?:\.(?P<fraction>\d*))? ?(?P<percent>%?)",
    re.ASCII,  # digits 0-9 only: no other script's digits read as numbers
)
_DECIMAL_COMMA = re.compile(r"[-+]?£? ?(\d+),(\d+) ?%?", re.ASCII)
_DOT_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+", re.ASCII)
_NOT_A_NUMBER = re.compile(r"[-+]?(?:nan|inf|infinity)", re.IGNORECASE)
_HOW = "with a full stop for decimals and commas only between thousands"


def _typed(text: str) -> str:
    """The typed text as it is said back in a message (quoted, at most 40 characters)."""
    return repr(text if len(text) <= 40 else text[:40] + "...")


def _refused(item: Input, text: str) -> InputError:
    if _NOT_A_NUMBER.fullmatch(text):  # a programmer's word, not said back to a reader
        return InputError(f"{item.label} must be {item.allowed}.", item.name)
    return InputError(f"{item.label} must be {item.allowed}; you typed {_typed(text)}.", item.name)


def _two_readings(item: Input, text: str, one: str, other: str) -> InputError:
    return InputError(
        f"{item.label}: {_typed(text)} could mean {one} or {other}. Type {item.allowed}, {_HOW}.",
        item.name,
    )


def _plain(number: Decimal) -> str:
    """A decimal without exponent or trailing zeros: ``Decimal('2.50E+3')`` -> ``2500``."""
    text = f"{number.normalize():f}"
    return "0" if text in ("-0", "0") else text


def _number(item: Input, typed: str) -> Any:
    said = typed.strip()  # what a message says back: as typed
    text = said
    for space in _SPACES:
        text = text.replace(space, " ")
    for minus in _MINUSES:
        text = text.replace(minus, "-")
    text = text.strip()
    if not text:
        raise InputError(f"{item.label}: please enter {item.allowed}.", item.name)
    if len(text) > MAX_TYPED:
        raise _refused(item, said)
    unit = "%" if item.kind == "percent" else ""
    comma = _DECIMAL_COMMA.fullmatch(text)
    if comma and (
        len(comma.group(2)) != 3 or len(comma.group(1)) > 3 or comma.group(1).startswith("0")
    ):
        a, b = comma.group(1), comma.group(2)
        raise _two_readings(
            item,
            said,
            f"{a}.{b}{unit} (a decimal comma)",
            f"{int(a + b):,}{unit} (a thousands comma)",
        )
    if item.kind == "integer" and _DOT_THOUSANDS.fullmatch(text):
        raise _two_readings(
            item,
            said,
            _plain(Decimal(text)),
            f"{int(text.replace('.', '')):,} (a full stop between thousands)",
        )
    match = _NUMBER.fullmatch(text)
    if (
        match is None
        or not (match.group("whole") or match.group("fraction"))
        or (match.group("sign") and match.group("sign2"))
        or (match.group("pound") and not item.unit.startswith("£"))
        or (match.group("percent") and item.kind != "percent")
    ):
        raise _refused(item, said)
    sign = "-" if "-" in match.group("sign") + match.group("sign2") else ""
    digits = (match.group("whole") or "0").replace(",", "").replace(" ", "")
    exact = Decimal(f"{sign}{digits}.{match.group('fraction') or '0'}")
    if item.kind == "percent":
        if not match.group("percent") and 0 < abs(exact) <= 1:
            raise InputError(
                f"{item.label}: {_typed(said)} could mean {_plain(exact)}% or "
                f"{_plain(exact * 100)}% (as a share of 1). Type it with the % sign: "
                f"{_plain(exact)}% or {_plain(exact * 100)}%.",
                item.name,
            )
        exact = exact / 100
    if item.kind == "integer" and exact != exact.to_integral_value():
        raise InputError(
            f"{item.label} must be a whole number; you typed {_typed(said)}.", item.name
        )
    value: Any = int(exact) if item.kind == "integer" else float(exact) + 0.0
    if not item.minimum <= value <= item.maximum:
        raise _refused(item, said)
    return item.check(value)


def _choice(item: Input, typed: str) -> Any:
    text = typed.strip()
    for label, value in item.options:
        if text in (str(value), label):
            return value
    folded = [
        value
        for label, value in item.options
        if text.casefold() in (str(value).casefold(), label.casefold())
    ]
    if len(folded) == 1:
        return folded[0]
    raise InputError(f"{item.label} must be {item.allowed}; you typed {_typed(text)}.", item.name)


def read(item: Input, typed: str) -> Any:
    """What a person typed for ``item``, in package units, checked against the input.

    Parameters
    ----------
    item : Input
        The input the text was typed for (its kind, unit, range and options decide how
        the text is read).
    typed : str
        The text as typed, in a box, after ``--set NAME=``, or in a link's query.

    Returns
    -------
    int, float, a choice's value, or str
        A percentage as a share: ``read(percent_input, "25")`` is ``0.25``.

    Raises
    ------
    InputError
        A plain-English message naming the input (its label) and what is allowed.

    Examples
    --------
    >>> from guidance.calculators import get
    >>> ramp = get("ramp_up")
    >>> read(ramp.input("job_entry_rate"), "40%"), read(ramp.input("contract_months"), " 36 ")
    (0.4, 36)
    >>> read(ramp.input("job_entry_rate"), "0.4")
    Traceback (most recent call last):
    ...
    guidance.calculators.spec.InputError: Starters entering paid work: '0.4' could mean 0.4% or \
40% (as a share of 1). Type it with the % sign: 0.4% or 40%.
    """
    if not isinstance(item, Input):
        raise TypeError(f"item must be an Input; got {type(item).__name__}")
    if not isinstance(typed, str):
        raise TypeError(f"typed must be text; got {type(typed).__name__}")
    if item.kind == "text":
        return item.check(typed)
    if item.kind == "choice":
        return _choice(item, typed)
    return _number(item, typed)


def shown(item: Input, value: Any) -> str:
    """A value (package units) as text that :func:`read` reads back to the same value.

    A percentage is written as a percentage (``25`` for 0.25), with the ``%`` sign when the
    number alone would be read as a share (``0.5%``); a choice as its value; numbers
    without thousands commas, so they survive a link unchanged.

    Examples
    --------
    >>> from guidance.calculators import get
    >>> sizing = get("service_sizing")
    >>> shown(sizing.input("in_contact"), 60424), shown(sizing.input("caseload"), 25.0)
    ('60424', '25')
    >>> shown(sizing.input("access_rate"), 0.01), shown(sizing.input("reach_per_year"), 0.0)
    ('1%', '0')
    """
    if not isinstance(item, Input):
        raise TypeError(f"item must be an Input; got {type(item).__name__}")
    value = item.check(value)
    if item.kind in ("text", "choice"):
        return str(value)
    if item.kind == "percent":
        number = Decimal(repr(value)) * 100
        text = _plain(number)
        return text + "%" if 0 < abs(number) <= 1 else text
    if item.kind == "integer":
        return str(int(value))
    return _plain(Decimal(repr(value)))
