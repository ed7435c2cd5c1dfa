"""Cashable savings as a workbook: budget x pence saved per £1 / 100, low and high
(:func:`guidance.core.ledger.cashable_savings`).

Example
-------
>>> SPEC.cells()[1].formula
'Budget*PenceLow/100'
"""

from __future__ import annotations

from ...calculators.cashable_savings import CASHABLE_SAVINGS
from ._builder import Cell, Row, Section, WorkbookSpec
from ._read import cell

__all__ = ["SPEC"]


def _row(which: str, pence: str, i: int) -> Row:
    saving = f"Saving{which.title()}"
    return Row(
        which,
        (
            Cell(f"Pence{which.title()}Shown", pence, "count", cell(0, i, 1)),
            Cell(saving, f"Budget*{pence}/100", "GBP", cell(0, i, 2)),
            Cell(f"NetCost{which.title()}", f"Budget-{saving}", "GBP", cell(0, i, 3)),
        ),
    )


SPEC = WorkbookSpec(
    definition=CASHABLE_SAVINGS,
    message=('IF(PenceLow>PenceHigh,"The low savings per £1 must not be more than the high.","")'),
    notes=("Tax and benefit savings only; health savings are excluded, as in the source.",),
    sections=(
        Section(
            "Cashable savings range",
            ("pence saved per £1", "cashable savings (£)", "net cost after savings (£)"),
            (_row("low", "PenceLow", 0), _row("high", "PenceHigh", 1)),
        ),
    ),
)
"""The cashable-savings workbook."""
