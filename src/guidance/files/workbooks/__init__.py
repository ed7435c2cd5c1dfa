"""The calculators as Excel workbooks with live formulas, made from their definitions.

Each workbook has an Inputs sheet (the definition's inputs with data validation in the
app's words, the default and its source), a Results sheet of formulas with defined names,
and a Sources sheet; its values are cached by recalculating it with LibreOffice.

Example
-------
>>> "service_sizing" in names()
True
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from . import (
    benefit_ledger,
    cashable_savings,
    creaming_parking,
    economic_case,
    expected_outcomes,
    fidelity_review,
    ramp_up,
    service_benchmark,
    service_sizing,
    swemwbs_change,
)
from ._builder import WorkbookSpec, build
from .recalc import recalculate

__all__ = [
    "FOLDER",
    "SPECS",
    "names",
    "spec",
    "workbook",
    "write_workbooks",
    "workbook_bytes",
    "link",
    "LEFT_OUT",
]

FOLDER = "workbooks"
"""The folder beside the book's chapter pages that holds the workbooks."""

SPECS: dict[str, WorkbookSpec] = {
    m.SPEC.definition.name: m.SPEC
    for m in (
        service_benchmark,
        expected_outcomes,
        service_sizing,
        ramp_up,
        benefit_ledger,
        cashable_savings,
        economic_case,
        creaming_parking,
        fidelity_review,
        swemwbs_change,
    )
}
"""Calculator name -> its workbook."""

LEFT_OUT: dict[str, str] = {
    "payment_simulator": "a Monte Carlo simulation (thousands of random draws), not a formula",
    "monitoring_dashboard": "reads a provider's monthly return file and draws trends",
    "readiness_self_assessment": "a checklist scored against rules, not arithmetic",
    "model_chooser": "rules choosing a model, not arithmetic",
    "seqf_profile": "a profile of ratings, not arithmetic",
}
"""Calculators without a workbook, and why."""


def names() -> list[str]:
    """The calculators that have a workbook."""
    return list(SPECS)


def link(name: str) -> str | None:
    """The address of ``name``'s workbook relative to a chapter page (None if it has none).

    >>> link("service_sizing")
    'workbooks/service_sizing.xlsx'
    """
    return f"{FOLDER}/{name}.xlsx" if name in SPECS else None


def spec(name: str) -> WorkbookSpec:
    """The workbook of calculator ``name``; a ValueError naming those there are."""
    if name not in SPECS:
        why = f" ({LEFT_OUT[name]})" if name in LEFT_OUT else ""
        raise ValueError(f"There is no workbook for {name!r}{why}. Workbooks: {', '.join(SPECS)}.")
    return SPECS[name]


def workbook(name: str, values: Mapping[str, Any] | None = None, data: Any = None) -> Workbook:
    """The workbook of ``name`` for ``values`` (checked; the rest at their defaults)."""
    s = spec(name)
    return build(s, s.definition.check(dict(values or {})), data)


def workbook_bytes(name: str, values: Mapping[str, Any] | None = None, data: Any = None) -> bytes:
    """The recalculated workbook of ``name`` as the bytes of an ``.xlsx`` file (for a
    download); nothing is kept once it is made."""
    with tempfile.TemporaryDirectory(prefix="guidance-workbook-") as tmp:
        path = Path(tmp) / f"{name}.xlsx"
        workbook(name, values, data).save(path)
        recalculate([path])
        return path.read_bytes()


def write_workbooks(
    items: Sequence[tuple[str, Mapping[str, Any] | None, Path]], recalc: bool = True
) -> list[Path]:
    """Write each ``(name, values, path)`` and recalculate them all in one LibreOffice run."""
    paths = []
    for name, values, path in items:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook(name, values).save(path)
        paths.append(path)
    if recalc:
        recalculate(paths)
    return paths
