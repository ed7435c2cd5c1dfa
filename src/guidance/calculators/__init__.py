"""Calculator definitions: one declarative definition per calculator, for every front end.

Each module defines one calculator (a :class:`~guidance.calculators.spec.Definition`) and
is listed in :data:`MODULES`. Front ends find every calculator here: the widget renderer
(:mod:`guidance.frontends.widgets`), the trainer app, scenario files, exports and the command line.

Example
-------
>>> get("service_sizing").title
'Service sizing'
>>> get("no_such")
Traceback (most recent call last):
...
guidance.calculators.spec.InputError: There is no calculator called 'no_such'. ...
"""

from __future__ import annotations

from . import (
    benefit_ledger,
    cashable_savings,
    creaming_parking,
    economic_case,
    expected_outcomes,
    fidelity_review,
    model_chooser,
    monitoring_dashboard,
    payment_simulator,
    ramp_up,
    readiness_self_assessment,
    seqf_profile,
    service_benchmark,
    service_sizing,
    swemwbs_change,
)
from .spec import Definition, InputError

__all__ = ["DEFINITIONS", "MODULES", "get", "names"]

MODULES = (
    readiness_self_assessment,
    service_benchmark,
    model_chooser,
    expected_outcomes,
    service_sizing,
    ramp_up,
    benefit_ledger,
    cashable_savings,
    economic_case,
    payment_simulator,
    creaming_parking,
    fidelity_review,
    seqf_profile,
    swemwbs_change,
    monitoring_dashboard,
)
"""The definition modules, each exposing one upper-case Definition."""


def _collect() -> dict[str, Definition]:
    found: dict[str, Definition] = {}
    for module in MODULES:
        for value in vars(module).values():
            if isinstance(value, Definition):
                if value.name in found:
                    raise ValueError(f"two calculators are named {value.name!r}")
                found[value.name] = value
    return dict(sorted(found.items(), key=lambda kv: (kv[1].chapter, list(found).index(kv[0]))))


DEFINITIONS: dict[str, Definition] = _collect()
"""Every calculator, by name, in chapter order."""


def names() -> list[str]:
    """The calculators' names in chapter order."""
    return list(DEFINITIONS)


def get(name: str) -> Definition:
    """The calculator called ``name``.

    Raises
    ------
    InputError
        Naming the calculators there are.
    """
    if not isinstance(name, str) or name not in DEFINITIONS:
        raise InputError(
            f"There is no calculator called {name!r}. The calculators are: "
            + ", ".join(DEFINITIONS)
            + "."
        )
    return DEFINITIONS[name]
