"""Words for figures and tables: labels wrapped onto lines, ranges and estimates in words,
and the book's table of suggested KPIs.

Example
-------
>>> wrap_words("Be clear what is meant by work", 14)
'Be clear what\\nis meant by\\nwork'
>>> range_in_words(2000, 2500, "GBP"), range_in_words(None, 25, "clients")
('£2,000 to £2,500', 'at most 25')
"""

from __future__ import annotations

import pandas as pd

from ..calculators.ranges import range_text
from ..core import validation as v
from ..core.evidence import Register, as_register
from ..core.kpis import KPIS, kpi_ranges
from .formatting import decimal, pct
from .render import text

__all__ = ["wrap_words", "effect_words", "range_in_words", "kpi_words", "kpi_table"]


def wrap_words(text: str, width: int) -> str:
    """``text`` broken onto lines of at most ``width`` characters, at spaces.

    A word longer than ``width`` stays whole on a line of its own.

    Examples
    --------
    >>> wrap_words("one two three", 7)
    'one two\\nthree'
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be text; got {text!r}")
    width = v.positive_count("width", width)
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "\n".join(lines)


def effect_words(measure: str, central: float, low: float, high: float) -> str:
    """An effect estimate in words, e.g. 'odds ratio 1.32 (95% CI 1.20 to 1.46)'.

    A benchmark rate reads as a job outcome rate with its good-practice range.

    Examples
    --------
    >>> effect_words("odds ratio", 1.32, 1.2, 1.46)
    'odds ratio 1.32 (95% CI 1.20 to 1.46)'
    """
    if not isinstance(measure, str):
        raise TypeError(f"measure must be text; got {measure!r}")
    central = v.number("central", central)
    low, high = v.number("low", low), v.number("high", high)
    if measure == "benchmark rate":
        return (
            f"job outcome rate {pct(central)} "
            f"(typical good-practice range {pct(low)} to {pct(high)})"
        )
    return f"{measure} {decimal(central, 2)} (95% CI {decimal(low, 2)} to {decimal(high, 2)})"


def range_in_words(low: float | None, high: float | None, unit: str) -> str:
    """A range in words as the guide states it: "at least 70%", "at most 25",
    "£2,000 to £2,500".

    The words are those of :func:`guidance.calculators.ranges.range_text`, the range a
    calculator shows, with each end written by this layer's formatters: a share as a whole
    percentage (:func:`~guidance.presentation.formatting.pct`), money in whole pounds
    (:func:`~guidance.presentation.formatting.gbp`), a count whole, or to one decimal
    place when it is not whole. A round sum of a million pounds or more would read as
    "£6m", as all money does on screen; no published range comes near that.

    Parameters
    ----------
    low, high : float or None
        The ends of the range; ``None`` for an open end (not both).
    unit : str
        The evidence-register unit of both ends ("share", "GBP", "clients", ...).

    Examples
    --------
    >>> range_in_words(0.7, None, "share"), range_in_words(15, 25, "clients")
    ('at least 70%', '15 to 25')
    """
    return text(range_text(low, high, unit))


def kpi_words(model: str, register: Register | None = None) -> dict[str, str]:
    """Each suggested KPI range of ``model`` in words (see :func:`range_in_words`).

    Examples
    --------
    >>> kpi_words("IPS")["unit_cost"], kpi_words("SEQF")["caseload"]
    ('£2,000 to £2,500', 'at most 15')
    """
    return {
        kpi: range_in_words(rng.low, rng.high, rng.unit)
        for kpi, rng in kpi_ranges(model, register).items()
    }


def kpi_table(register: Register | None = None) -> pd.DataFrame:
    """The suggested KPI table, SEQF beside IPS beyond SMI, as readable text (for the book).

    Includes programme duration and fidelity review frequency as well as the numeric KPIs.

    Examples
    --------
    >>> list(kpi_table().columns)
    ['KPI or target', 'SEQF', 'IPS beyond SMI']
    """
    r = as_register(register)
    seqf, ips = kpi_words("SEQF", r), kpi_words("IPS", r)

    def duration(m: str) -> str:
        lo, hi = (
            r.value(f"kpi.{m}.duration_out_of_work.min"),
            r.value(f"kpi.{m}.duration_out_of_work.max"),
        )
        span = f"{lo:.0f}" if lo == hi else f"{lo:.0f} to {hi:.0f}"
        return (
            f"{span} months out-of-work support + "
            f"{r.value(f'kpi.{m}.duration_in_work'):.0f} months in-work support"
        )

    def fidelity(m: str) -> str:
        return (
            f"external review within {r.value(f'kpi.{m}.fidelity_first_review.months'):.0f} "
            f"months of starting, then at least every "
            f"{r.value(f'kpi.{m}.fidelity_review_interval.years'):.0f} years at Good or better; "
            f"self-assessment every {r.value(f'kpi.{m}.self_assessment_interval.months'):.0f} "
            "months in between"
        )

    rows = [("Programme duration", duration("seqf"), duration("ips"))]
    for kpi, (label, _unit) in KPIS.items():
        s, i = seqf[kpi], ips[kpi]
        if kpi == "sustain":
            rows.append(
                (
                    "Sustained employment",
                    f"{s} beyond {r.value('kpi.seqf.sustain.weeks'):.0f} weeks",
                    f"{i} beyond {r.value('kpi.ips.sustain.weeks'):.0f} weeks",
                )
            )
            continue
        ips_text = i
        if kpi == "caseload":
            ips_text += (
                f" (senior specialist: at most {r.value('kpi.ips.caseload_senior.max'):.0f})"
            )
        rows.append((label, s, ips_text))
    rows.append(("Wellbeing", "SWEMWBS at start and end", "SWEMWBS at start and end"))
    rows.append(("Fidelity reviews", fidelity("seqf"), fidelity("ips")))
    return pd.DataFrame(rows, columns=["KPI or target", "SEQF", "IPS beyond SMI"])
