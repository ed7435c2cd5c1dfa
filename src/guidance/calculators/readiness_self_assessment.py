"""Chapter 1: rate NDTi's five conditions, with a prompt for the evidence behind each.

Example
-------
>>> from guidance.presentation.render import text
>>> text(READINESS_SELF_ASSESSMENT.run().summary)[:44]
'Readiness 8 of 20 (40%). Start with conditio'
"""

from __future__ import annotations

from ..core.conditions import CONDITIONS, MAX_RATING, SCALE, assess_readiness
from .spec import Column, Default, Definition, Figure, Input, Note, Output, Q, Table, Text

__all__ = ["READINESS_SELF_ASSESSMENT", "DEFAULT_RATINGS", "readiness_output"]

DEFAULT_RATINGS = {"priority": 3, "define_work": 1, "plan": 2, "partnership": 2, "check": 0}
"""An illustrative area's ratings (not data): shown until you enter your own."""

_TOP = MAX_RATING * len(CONDITIONS)


def readiness_output(**values: object) -> Output:
    """Score the self-assessment and draw up the prioritised actions.

    The score is the ratings added up, out of 4 x 5 = 20, and as a share of 20 (see
    :func:`guidance.core.conditions.assess_readiness`). Actions come weakest condition first.

    Parameters
    ----------
    **values
        ``rating_<key>`` (0-4) and ``evidence_<key>`` (text) for each condition.

    Examples
    --------
    >>> out = readiness_output(**{f"rating_{k}": 4 for k in DEFAULT_RATINGS})
    >>> out.summary.plain()
    'Readiness 20 of 20 (1.0): every condition is in place. Keep checking it stays so.'
    """
    unknown = [k for k in values if not k.startswith(("rating_", "evidence_"))]
    if unknown:
        raise TypeError(f"unknown input(s): {', '.join(sorted(unknown))}")
    ratings = {k[len("rating_") :]: x for k, x in values.items() if k.startswith("rating_")}
    evidence = {k[len("evidence_") :]: x for k, x in values.items() if k.startswith("evidence_")}
    result = assess_readiness(ratings, evidence)
    top = ("Readiness ", Q(result.total, "count"), " of ", Q(_TOP, "count"))
    if result.priorities:
        first = result.priorities[0]
        rating = result.ratings[first.key]
        summary = Text(
            *top,
            " (",
            Q(result.score, "share"),
            f"). Start with condition {first.number}, '{first.name}' (rated ",
            Q(rating, "count"),
            f", {SCALE[rating]}).",
        )
    else:
        summary = Text(
            *top,
            " (",
            Q(result.score, "share"),
            "): every condition is in place. Keep checking it stays so.",
        )
    actions = result.actions.to_dict("records")
    rows = [
        (
            a["priority"],
            a["condition"],
            a["rating"],
            f"{a['stage'].capitalize()}: {a['action']}",
            a["source"],
        )
        for a in actions
    ] or [
        (
            None,
            "all five",
            MAX_RATING,
            "Keep: every condition is rated in place; keep the evidence up to date and "
            "re-assess each year.",
            "ndti2014",
        )
    ]
    plan = Table(
        "Prioritised actions, weakest condition first (drawn from the guidance)",
        (
            Column("priority", "count"),
            Column("condition"),
            Column("your rating", "count"),
            Column("action"),
            Column("source"),
        ),
        rows,
    )
    noted = Table(
        "Your ratings and the evidence behind them",
        (
            Column("number", "count"),
            Column("condition"),
            Column("rating", "count"),
            Column("band"),
            Column("evidence noted"),
        ),
        [
            (
                c.number,
                c.name,
                result.ratings[c.key],
                SCALE[result.ratings[c.key]],
                result.evidence[c.key] or "none noted",
            )
            for c in CONDITIONS
        ],
    )
    notes = ()
    unsupported = result.unsupported()
    if unsupported:
        notes = (
            Note(
                "Ratings to back with evidence",
                tuple(
                    Text(
                        f"{c.name}: rated ",
                        Q(result.ratings[c.key], "count"),
                        " with no evidence noted. Note what shows it, or lower the rating.",
                    )
                    for c in unsupported
                ),
            ),
        )
    parts: list[str | Q] = ["Bar chart of readiness ratings out of ", Q(MAX_RATING, "count"), ": "]
    for n, c in enumerate(CONDITIONS):
        rating = result.ratings[c.key]
        parts += [
            ("; " if n else "") + f"{c.number}. {c.name} ",
            Q(rating, "count"),
            f" ({SCALE[rating]})",
        ]
    alt = Text(*parts, ". Total ", Q(result.total, "count"), " of ", Q(_TOP, "count"), ".")
    figure = Figure("readiness", {"ratings": dict(result.ratings)}, alt=alt)
    return Output(summary=summary, tables=(plan, noted), notes=notes, figures=(figure,))


def _inputs() -> tuple[Input, ...]:
    options = tuple((f"{n} - {SCALE[n]}", n) for n in range(MAX_RATING + 1))
    inputs = []
    for c in CONDITIONS:
        inputs.append(
            Input(
                f"rating_{c.key}",
                f"{c.number}. {c.name}",
                "choice",
                Default.illustrative(
                    DEFAULT_RATINGS[c.key], "an illustrative area's rating: enter your own"
                ),
                options=options,
                help=c.prompt,
            )
        )
        inputs.append(
            Input(
                f"evidence_{c.key}",
                f"Evidence for {c.number}",
                "text",
                Default.illustrative("", "none noted until you add your own"),
                help="Name the document, decision or data that supports the rating.",
            )
        )
    return tuple(inputs)


READINESS_SELF_ASSESSMENT = Definition(
    name="readiness_self_assessment",
    chapter=1,
    title="Readiness self-assessment",
    description="Rate the five conditions; get the weakest first and the actions for it.",
    compute=readiness_output,
    inputs=_inputs(),
)
"""The readiness self-assessment."""
