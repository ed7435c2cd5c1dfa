"""The ipywidgets front end: every calculator definition rendered as live controls.

:class:`~guidance.frontends.widgets.base.Calculator` is the one renderer; :func:`calculator` builds
it for a calculator's name; :func:`all_calculators` lists them for the tests and the
benchmarks.

Example
-------
>>> "service_sizing" in all_calculators()
True
>>> calculator("ramp_up").title
'Ramp-up'
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from ...calculators import DEFINITIONS
from .base import Calculator

__all__ = ["all_calculators", "calculator", "Calculator"]


def calculator(name: str) -> Calculator:
    """The live calculator called ``name``, at its evidence defaults."""
    return Calculator(name)


def all_calculators() -> dict[str, Callable[[], Calculator]]:
    """Every calculator, by name, in chapter order: name -> a function building it."""
    return {name: partial(Calculator, name) for name in DEFINITIONS}
