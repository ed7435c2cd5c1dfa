"""Chapter 2: expected job entries for a number of starters, as a range from the evidence.

Example
-------
>>> from guidance.presentation.render import text
>>> text(EXPECTED_OUTCOMES.run().summary)[:72]
'For 100 starters, IPS beyond SMI: large and medium studies: 29 to 33 job'
"""

from __future__ import annotations

from ..core.models import EVIDENCE_BASES, expected_outcomes
from .spec import Column, Default, Definition, Figure, Input, Output, Q, Table, Text

__all__ = ["EXPECTED_OUTCOMES", "outcomes_output"]


def _evidence(row: dict) -> Text | str:
    """The estimate behind a row, in numbers with units, and its source."""
    if row["measure"] == "rate":
        return row["evidence"]
    c, lo, hi = row["effect_central"], row["effect_low"], row["effect_high"]
    if row["measure"] == "benchmark rate":
        return Text(
            "job outcome rate ",
            Q(c, "share"),
            " (typical good-practice range ",
            Q(lo, "share"),
            " to ",
            Q(hi, "share"),
            "), ",
            row["evidence"],
        )
    return Text(
        f"{row['measure']} ",
        Q(c, "number", 2),
        " (95% CI ",
        Q(lo, "number", 2),
        " to ",
        Q(hi, "number", 2),
        "), ",
        row["evidence"],
    )


def outcomes_output(evidence_base: str, starters: int, bau_rate: float) -> Output:
    """Business as usual and the evidence range of job entries for ``starters`` people.

    Job entries = starters x the job entry rate, where the rate with the service applies
    the evidence's odds ratio, risk ratio or benchmark rate (low, central and high) to your
    business-as-usual rate (see :func:`guidance.core.models.expected_outcomes`).

    Examples
    --------
    >>> out = outcomes_output("ips_beyond_smi", 100, 0.25)
    >>> [round(x, 1) for x in out.tables[0].rows[1][4:7]]
    [30.6, 28.6, 32.7]
    """
    table = expected_outcomes(starters, bau_rate, evidence_base)
    rows = table.to_dict("records")
    bau, head = rows[0], rows[1]
    if evidence_base == "seqf":
        summary = Text(
            "For ",
            Q(starters, "count"),
            f" starters, {head['scenario']}: ",
            Q(head["jobs_low"], "count"),
            " to ",
            Q(head["jobs_high"], "count"),
            " job entries at NDTi's good-practice rates (against ",
            Q(bau["jobs_central"], "count"),
            " at your business-as-usual rate). This is a benchmark, not a trial effect.",
        )
    else:
        summary = Text(
            "For ",
            Q(starters, "count"),
            f" starters, {head['scenario']}: ",
            Q(head["jobs_low"], "count"),
            " to ",
            Q(head["jobs_high"], "count"),
            " job entries (central ",
            Q(head["jobs_central"], "count"),
            ") against ",
            Q(bau["jobs_central"], "count"),
            " with business as usual: ",
            Q(head["extra_low"], "count"),
            " to ",
            Q(head["extra_high"], "count"),
            " more.",
        )

    def share(value: float) -> Q:
        return Q(float(value), "share", 1)

    shown = Table(
        "Expected job entries, central value and 95% range (or benchmark range)",
        (
            Column("scenario"),
            Column("job entry rate", "share"),
            Column("rate from", "share"),
            Column("rate to", "share"),
            Column("job entries", "count"),
            Column("job entries from", "count"),
            Column("job entries to", "count"),
            Column("more than business as usual", "count"),
            Column("more from", "count"),
            Column("more to", "count"),
            Column("evidence"),
        ),
        [
            (
                r["scenario"],
                share(r["rate_central"]),
                None if i == 0 else share(r["rate_low"]),
                None if i == 0 else share(r["rate_high"]),
                float(r["jobs_central"]),
                None if i == 0 else float(r["jobs_low"]),
                None if i == 0 else float(r["jobs_high"]),
                None if i == 0 else float(r["extra_central"]),
                None if i == 0 else float(r["extra_low"]),
                None if i == 0 else float(r["extra_high"]),
                _evidence(r),
            )
            for i, r in enumerate(rows)
        ],
    )
    parts: list[str | Q] = [
        "Chart of expected job entries for ",
        Q(starters, "count"),
        " starters. Business as usual at ",
        Q(bau_rate, "share"),
        ": ",
        Q(float(bau["jobs_central"]), "count"),
        ".",
    ]
    for r in rows[1:]:
        parts += [
            f" {r['scenario']}: ",
            Q(float(r["jobs_central"]), "count"),
            ", range ",
            Q(float(r["jobs_low"]), "count"),
            " to ",
            Q(float(r["jobs_high"]), "count"),
            ".",
        ]
    alt = Text(*parts)
    figure = Figure(
        "expected_outcomes",
        {
            "scenarios": [r["scenario"] for r in rows],
            "central": [float(r["jobs_central"]) for r in rows],
            "low": [float(r["jobs_low"]) for r in rows],
            "high": [float(r["jobs_high"]) for r in rows],
            "starters": starters,
        },
        alt=alt,
    )
    return Output(summary=summary, tables=(shown,), figures=(figure,))


EXPECTED_OUTCOMES = Definition(
    name="expected_outcomes",
    chapter=2,
    title="Expected outcomes",
    description="Job entries with business as usual and the evidence range for the model.",
    compute=outcomes_output,
    inputs=(
        Input(
            "evidence_base",
            "Model and evidence",
            "choice",
            Default.illustrative("ips_beyond_smi", "the evidence for most groups in the guide"),
            options=tuple((label, key) for key, label in EVIDENCE_BASES.items()),
        ),
        Input(
            "starters",
            "Starters",
            "integer",
            Default.illustrative(100, "a round number: enter your own"),
            unit="people",
            minimum=0,
            maximum=10_000_000,
            help="People starting on the service (a year, or over the contract).",
        ),
        Input(
            "bau_rate",
            "Job entry rate with business as usual",
            "percent",
            Default.evidence("evidence.ips_smi.job_entry_control"),
            help="Your local rate without the service. The default is the control-group "
            "average in the IPS trials for severe mental illness; replace it.",
        ),
    ),
)
"""The expected-outcomes calculator."""
