"""Chapter 6: score an IPS fidelity review - total, band, sections and the weakest items.

The defaults are ILLUSTRATIVE scores (:func:`guidance.core.fidelity.example_review`), not a
real review: replace them with your review's.

Example
-------
>>> from guidance.presentation.render import text
>>> text(FIDELITY_REVIEW.run().summary)
'Total 95 out of 125: Fair fidelity. 5 more points would reach Good fidelity.'
"""

from __future__ import annotations

from ..core.evidence import load_register
from ..core.fidelity import Band, example_review, fidelity_bands, fidelity_items, score_review
from .ranges import range_text
from .spec import Column, Default, Definition, Figure, Input, Note, Output, Q, Table, Text

__all__ = ["FIDELITY_REVIEW", "fidelity_output"]


def _band_text(band: Band, this_review: bool) -> Text:
    """A band as "Fair fidelity: 74 to 99", with its caveat when a cut-point is not
    directly confirmed (the good band's is its upper one) and "(this review)"."""
    caveat = ""
    if not band.confirmed:
        end = "upper cut-point" if band.name.startswith("Good") else "cut-point"
        caveat = f" ({end} not directly confirmed)"
    return Text(
        f"{band.name}: ",
        *range_text(band.low, band.high, "score").parts,
        caveat + (" (this review)" if this_review else ""),
    )


def fidelity_output(**scores: int) -> Output:
    """Score an IPS fidelity review from item scores (keyword = item key).

    The total is the sum of the 25 item scores; the band is the fidelity band the total
    falls in (see :func:`guidance.core.fidelity.score_review`).

    Examples
    --------
    >>> out = fidelity_output(**example_review())
    >>> out.tables[0].rows[0][1:3]
    ('Services', 2)
    """
    review = score_review(scores)
    if review.next_band:
        after = (
            " ",
            Q(review.points_to_next_band, "count"),
            f" more points would reach {review.next_band}.",
        )
    else:
        after = ()
    summary = Text(
        "Total ",
        Q(review.total, "count"),
        " out of ",
        Q(review.max_total, "count"),
        f": {review.band}.",
        *after,
    )
    weakest = review.weakest
    parts: list[str | Q] = [
        "Bar chart of the 25 item scores; total ",
        Q(review.total, "count"),
        " of ",
        Q(review.max_total, "count"),
        f", {review.band}. Weakest items: ",
    ]
    for n, item in enumerate(weakest.itertuples()):
        parts += [("; " if n else "") + f"{item.name} ", Q(item.score, "count")]
    alt = Text(*parts, ".")
    r = load_register()
    unconfirmed = [
        k
        for k in ("fidelity.ips.band.exemplary.min", "fidelity.ips.band.not_ips.max")
        if "NOT DIRECTLY CONFIRMED" in r[k].note
    ]
    heading = "Bands (from IPS Grow and the UK score sheet"
    if unconfirmed:
        heading += "; the " + " and ".join(f"{r.value(k):.0f}" for k in unconfirmed)
        heading += " cut-points are not directly confirmed"
    bands = Note(
        heading + ")",
        tuple(_band_text(b, b.name == review.band) for b in fidelity_bands()),
    )
    sections = Note(
        "By section",
        tuple(
            Text(
                f"{s.section}: ",
                Q(s.score, "count"),
                " of ",
                Q(s.max, "count"),
                " (",
                Q(s.share, "share"),
                ")",
            )
            for s in review.sections.itertuples()
        ),
    )
    table = Table(
        "Weakest items and what to do about them (put these in the action plan)",
        (Column("item"), Column("section"), Column("score", "count"), Column("what to do")),
        [
            (f"{w.number}. {w.name}", w.section, int(w.score), w.what_to_do)
            for w in weakest.itertuples()
        ],
    )
    return Output(
        summary=summary,
        tables=(table,),
        notes=(bands, sections),
        figures=(Figure("fidelity_items", review, alt=alt),),
    )


def _inputs() -> tuple[Input, ...]:
    r = load_register()
    low, high = int(r.value("fidelity.ips.item_min")), int(r.value("fidelity.ips.item_max"))
    example = example_review()
    return tuple(
        Input(
            row.key,
            f"{row.number}. {row.name}",
            "integer",
            Default.illustrative(example[row.key], "an example score; replace with your review's"),
            minimum=low,
            maximum=high,
            help=row.section + " item" if row.number in (1, 4, 12) else "",
        )
        for row in fidelity_items("IPS").itertuples()
    )


FIDELITY_REVIEW = Definition(
    name="fidelity_review",
    chapter=6,
    title="IPS fidelity review",
    description="Total, band, section scores and the weakest items of an IPS fidelity review.",
    compute=fidelity_output,
    inputs=_inputs(),
)
"""The IPS fidelity review calculator (illustrative default scores)."""
