"""Chapter 4: the Sheffield range of cashable tax and benefit savings applied to a budget.

Example
-------
>>> from guidance.presentation.render import text
>>> text(CASHABLE_SAVINGS.run().summary)
'Cashable savings of £540,000 to £3,960,000 on a £6m budget.'
"""

from __future__ import annotations

from ..core.ledger import cashable_savings
from .spec import Column, Default, Definition, Figure, Input, Output, Q, Table, Text

__all__ = ["CASHABLE_SAVINGS", "cashable_output"]


def cashable_output(budget: float, pence_low: float, pence_high: float) -> Output:
    """Cashable savings = budget x pence saved per £1 / 100, at the low and high pence.

    Examples
    --------
    >>> [row[2] for row in cashable_output(6_000_000, 9, 66).tables[0].rows]
    [540000.0, 3960000.0]
    """
    if pence_low > pence_high:
        raise ValueError(
            f"The low savings per £1 ({pence_low:g}p) must not be more than the high "
            f"({pence_high:g}p)."
        )
    low, high = cashable_savings(budget, pence_low, pence_high)
    table = Table(
        "Cashable savings range (tax and benefits only; health savings excluded)",
        (
            Column("estimate"),
            Column("pence saved per £1", "number"),
            Column("cashable savings (£)", "GBP"),
            Column("net cost after savings (£)", "GBP"),
        ),
        [
            ("low", Q(float(pence_low), "number", 0), low, budget - low),
            ("high", Q(float(pence_high), "number", 0), high, budget - high),
        ],
    )
    summary = Text(
        "Cashable savings of ",
        Q(low, "GBP"),
        " to ",
        Q(high, "GBP"),
        " on a ",
        Q(budget, "GBP"),
        " budget.",
    )
    alt = Text(
        "Bar chart: a budget of ",
        Q(budget, "GBP"),
        " gives cashable savings of ",
        Q(low, "GBP"),
        " at ",
        Q(pence_low, "number", 0),
        "p per £1 and ",
        Q(high, "GBP"),
        " at ",
        Q(pence_high, "number", 0),
        "p per £1.",
    )
    figure = Figure(
        "cashable_savings",
        {
            "budget": budget,
            "pence_low": pence_low,
            "pence_high": pence_high,
            "low": low,
            "high": high,
        },
        alt=alt,
    )
    return Output(summary=summary, tables=(table,), figures=(figure,))


CASHABLE_SAVINGS = Definition(
    name="cashable_savings",
    chapter=4,
    title="Cashable savings",
    description="The Sheffield range of cashable tax and benefit savings on your budget.",
    compute=cashable_output,
    inputs=(
        Input(
            "budget",
            "Programme budget",
            "number",
            Default.evidence("fss.annual_cost_published"),
            unit="£",
            minimum=0,
            maximum=1_000_000_000,
        ),
        Input(
            "pence_low",
            "Savings per £1, low",
            "number",
            Default.evidence("fss.sheffield_saving_pence.min"),
            unit="pence",
            minimum=0,
            maximum=1_000,
        ),
        Input(
            "pence_high",
            "Savings per £1, high",
            "number",
            Default.evidence("fss.sheffield_saving_pence.max"),
            unit="pence",
            minimum=0,
            maximum=1_000,
        ),
    ),
)
"""The cashable-savings calculator (default: the Fair Start Scotland IPS budget)."""
