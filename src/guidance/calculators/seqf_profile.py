"""Chapter 6: an SEQF assessment's element scores as a profile, weakest first.

No SEQF levels or thresholds are applied: BASE's SEQF assessment sets those. The
defaults are ILLUSTRATIVE scores on an illustrative 0-5 scale
(:func:`guidance.core.fidelity.example_seqf_scores`).

Example
-------
>>> from guidance.presentation.render import text
>>> text(SEQF_PROFILE.run().summary)[:45]
'Weakest element: Employer engagement (2 of 5)'
"""

from __future__ import annotations

from ..core.fidelity import example_seqf_scores, fidelity_items, seqf_profile
from .spec import Column, Default, Definition, Figure, Input, Output, Q, Table, Text

__all__ = ["SEQF_PROFILE", "seqf_output"]

_LARGEST_SCALE = 1000
"""The highest score an assessment scale may have here (far above any real scale)."""


def seqf_output(max_score: float, **scores: float) -> Output:
    """SEQF element scores as a profile (no levels or thresholds applied).

    Each element's share is its score / ``max_score``; rank 1 is the weakest (see
    :func:`guidance.core.fidelity.seqf_profile`).

    Examples
    --------
    >>> seqf_output(5, **example_seqf_scores()).tables[0].rows[0][:2]
    (1, 'Employer engagement')
    """
    profile = seqf_profile(scores, max_score)
    weakest = profile.iloc[0]
    summary = Text(
        f"Weakest element: {weakest['element']} (",
        Q(float(weakest["score"]), "number", _decimals(weakest["score"])),
        " of ",
        Q(float(max_score), "number", _decimals(max_score)),
        "). Official SEQF levels and thresholds come from BASE's SEQF assessment "
        "(base-uk.org); none are applied here.",
    )
    parts: list[str | Q] = ["Bar chart of SEQF element scores: "]
    for n, row in enumerate(profile.itertuples()):
        parts += [
            ("; " if n else "") + f"{row.element} ",
            Q(float(row.score), "number", _decimals(row.score)),
            " of ",
            Q(float(max_score), "number", _decimals(max_score)),
        ]
    alt = Text(*parts, ".")
    table = Table(
        "SEQF elements, weakest first",
        (
            Column("rank (1 = weakest)", "count"),
            Column("element"),
            Column("score", "number"),
            Column("% of highest", "share"),
            Column("what to look at"),
        ),
        [
            (
                int(row.rank),
                row.element,
                Q(float(row.score), "number", _decimals(row.score)),
                float(row.share_of_max),
                row.what_to_look_at,
            )
            for row in profile.itertuples()
        ],
    )
    return Output(
        summary=summary,
        tables=(table,),
        figures=(Figure("seqf_profile", (profile, float(max_score)), alt=alt),),
    )


def _decimals(x: float) -> int:
    """Decimal places a score was given with (up to 2): 3 -> 0, 2.5 -> 1."""
    for places in (0, 1):
        if round(float(x), places) == float(x):
            return places
    return 2


def _inputs() -> tuple[Input, ...]:
    example = example_seqf_scores()
    scale = Input(
        "max_score",
        "Highest possible score per element",
        "number",
        Default.illustrative(5.0, "an example scale; use your assessment's"),
        minimum=0.1,
        maximum=_LARGEST_SCALE,
        help="Use the scale in your BASE assessment report.",
    )
    return (scale,) + tuple(
        Input(
            row.key,
            row.name,
            "number",
            Default.illustrative(
                example[row.key], "an example score; replace with your assessment's"
            ),
            minimum=0,
            maximum=_LARGEST_SCALE,
        )
        for row in fidelity_items("SEQF").itertuples()
    )


SEQF_PROFILE = Definition(
    name="seqf_profile",
    chapter=6,
    title="SEQF element profile",
    description="An SEQF assessment's element scores, weakest first (no thresholds applied).",
    compute=seqf_output,
    inputs=_inputs(),
)
"""The SEQF profile calculator (illustrative default scores)."""
