"""Expected outcomes as a workbook: business as usual and the evidence range of job entries
(:func:`guidance.core.models.expected_outcomes`): an odds ratio or risk ratio applied to
your business-as-usual rate, or NDTi's benchmark rates for SEQF.

Example
-------
>>> _odds("BauRate", "X")
'IF(BauRate=1,1,X*BauRate/(1-BauRate)/(1+X*BauRate/(1-BauRate)))'
"""

from __future__ import annotations

from ...calculators.expected_outcomes import EXPECTED_OUTCOMES
from ...core.models import effect_estimates
from ._builder import Cell, Row, Section, WorkbookSpec, name_for, option
from ._read import cell

__all__ = ["SPEC"]

D = EXPECTED_OUTCOMES
BASE = D.input("evidence_base")
BEYOND = f"EvidenceBase={option(BASE, 'ips_beyond_smi')}"
SMI = f"EvidenceBase={option(BASE, 'ips_smi')}"
WHICH = ("central", "low", "high")
_KEYS = {
    "beyond": "evidence.whitworth_meta.large_medium.or",
    "pooled": "evidence.whitworth_meta.pooled.or",
    "smi": "evidence.modini.rr",
}


def _odds(p: str, ratio: str) -> str:
    """The rate whose odds are ``ratio`` times the odds of ``p`` (1 when ``p`` is 1)."""
    return f"IF({p}=1,1,{ratio}*{p}/(1-{p})/(1+{ratio}*{p}/(1-{p})))"


def _suffix(which: str) -> str:
    return {"central": "", "low": "_low", "high": "_high"}[which]


def _ndti(which: str) -> str:
    return {
        "central": "ndti.ld.job_outcome_rate",
        "low": "ndti.range.job_outcome_rate.good_practice.lower",
        "high": "ndti.range.job_outcome_rate.good_practice.upper",
    }[which]


def _first_rate(which: str) -> str:
    s = _suffix(which)
    beyond = _odds("BauRate", name_for(_KEYS["beyond"] + s))
    smi = f"MIN(1,BauRate*{name_for(_KEYS['smi'] + s)})"
    return f"IF({BEYOND},{beyond},IF({SMI},{smi},{name_for(_ndti(which))}))"


def _second_rate(which: str) -> str:
    return f'IF({BEYOND},{_odds("BauRate", name_for(_KEYS["pooled"] + _suffix(which)))},"")'


def _value(row: int, column: int):
    read = cell(0, row, column)

    def value(out, values):
        if row >= len(out.tables[0].rows):
            return ""
        return read(out, values)

    return value


def _names(row: int) -> tuple[str, ...]:
    return tuple(
        effect_estimates(base)[row].name if len(effect_estimates(base)) > row else ""
        for base in ("ips_beyond_smi", "ips_smi", "seqf")
    )


def _scenario(row: int) -> str:
    a, b, c = (f'"{n}"' for n in _names(row))
    return f"IF({BEYOND},{a},IF({SMI},{b},{c}))"


def _estimate_row(row: int, rate) -> Row:
    tag = "Headline" if row == 1 else "Second"
    cells: list[Cell] = [
        Cell(f"{tag}Estimate", _scenario(row - 1), "text", _value(row, 0), exact=True)
    ]
    for i, which in enumerate(WHICH):
        cells.append(Cell(f"{tag}Rate{which.title()}", rate(which), "share", _value(row, 1 + i)))
    for i, which in enumerate(WHICH):
        r = f"{tag}Rate{which.title()}"
        cells.append(
            Cell(
                f"{tag}Jobs{which.title()}",
                f'IF({r}="","",{r}*Starters)',
                "count",
                _value(row, 4 + i),
            )
        )
    for i, which in enumerate(WHICH):
        j = f"{tag}Jobs{which.title()}"
        cells.append(
            Cell(
                f"{tag}More{which.title()}",
                f'IF({j}="","",{j}-BauRate*Starters)',
                "count",
                _value(row, 7 + i),
            )
        )
    return Row(f"{tag} estimate", tuple(cells))


def _constants() -> tuple[str, ...]:
    keys = [k + _suffix(w) for k in _KEYS.values() for w in WHICH]
    return tuple(keys) + tuple(_ndti(w) for w in WHICH)


SPEC = WorkbookSpec(
    definition=D,
    constants=_constants(),
    notes=(
        "Job entries = starters x the job entry rate; the rate applies the evidence's odds "
        "ratio or risk ratio (central and 95% range) to your business-as-usual rate.",
        "For SEQF there is no trial effect yet: NDTi's job outcome rates are a benchmark, "
        "not an effect.",
    ),
    sections=(
        Section(
            "Expected job entries, central value and 95% range (or benchmark range)",
            (
                "scenario",
                "job entry rate",
                "rate from",
                "rate to",
                "job entries",
                "job entries from",
                "job entries to",
                "more than business as usual",
                "more from",
                "more to",
            ),
            (
                Row(
                    "Business as usual (your rate)",
                    (
                        None,
                        Cell("BauRateShown", "BauRate", "share", _value(0, 1)),
                        None,
                        None,
                        Cell("BauJobs", "BauRate*Starters", "count", _value(0, 4)),
                    ),
                ),
                _estimate_row(1, _first_rate),
                _estimate_row(2, _second_rate),
            ),
        ),
    ),
)
"""The expected-outcomes workbook."""
